---@brief
---
--- vouch: fact-checks a journalist's markdown draft against the story's sources.
---
--- Install the server with `cargo install --locked --path .` in the vouch
--- repository (or put a release binary on `$PATH`); the default `cmd` assumes
--- that `vouch` is on `$PATH`.
---
--- It starts only in a folder (or below one) that has a `vouch.toml` or a
--- `corpus/` folder of sources, and stays quiet in every other markdown file.
--- Settings go in `init_options`, e.g.
--- `{ corpus = { paths = { "sources" } }, severity = { ["unsupported-figure"] = "info" } }`.
---@type vim.lsp.Config
return {
  cmd = { 'vouch', 'lsp' },
  filetypes = { 'markdown' },
  root_dir = function(bufnr, on_dir)
    local root = vim.fs.root(bufnr, { 'vouch.toml', 'corpus' })
    if root then
      on_dir(root)
    end
  end,
}
