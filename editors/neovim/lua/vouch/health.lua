-- :checkhealth vouch: the binary and its version, the root and the corpus of the
-- current buffer, and the state of each running server.
local M = {}

-- vim.health.start/ok/… from 0.10 (0.8-0.9: report_*); 0.7: require("health").report_*.
local function reporter()
  local h = vim.health or require("health")
  local function pick(new, old)
    return h[new] or h[old]
  end
  return {
    start = pick("start", "report_start"),
    ok = pick("ok", "report_ok"),
    info = pick("info", "report_info"),
    warn = pick("warn", "report_warn"),
    error = pick("error", "report_error"),
  }
end

local function first_line(lines)
  for _, line in ipairs(lines) do
    if line:match("%S") then
      return line
    end
  end
  return ""
end

function M.check()
  local health = reporter()
  local vouch = require("vouch")
  local config = vouch.config

  health.start("vouch: the server binary")
  local bin = config.cmd[1]
  local path = vim.fn.exepath(bin)
  if path == "" then
    health.error(
      ("`%s` is not executable"):format(bin),
      { "install it: `cargo install --locked --path .` in the vouch repository", "or give its full path: require('vouch').setup({ cmd = { '/path/to/vouch', 'lsp' } })" }
    )
  else
    local out = vim.fn.systemlist({ path, "--version" })
    if vim.v.shell_error == 0 then
      health.ok(("%s (%s)"):format(first_line(out), path))
    else
      health.error(("`%s --version` failed: %s"):format(path, first_line(out)))
    end
  end

  health.start("vouch: this buffer")
  -- :checkhealth opens its own buffer; the file the user was in is the alternate one.
  local bufnr = vim.fn.bufnr("#")
  if bufnr < 1 or vim.api.nvim_buf_get_name(bufnr) == "" then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  health.info("file: " .. (name ~= "" and name or "(none; the current folder is used)"))
  local root = vouch.find_root(bufnr, config)
  if root then
    health.ok("root: " .. root)
    local toml = root .. "/vouch.toml"
    if vim.fn.filereadable(toml) == 1 then
      health.info("settings: " .. toml)
    end
    local corpus = config.corpus or { "corpus" }
    for _, c in ipairs(corpus) do
      local dir = root .. "/" .. c
      if vim.fn.isdirectory(dir) == 1 then
        health.ok("corpus: " .. dir)
      elseif config.corpus then
        health.warn("corpus: " .. dir .. " is not a folder")
      elseif vim.fn.filereadable(toml) == 1 then
        health.info("corpus: the paths in " .. toml)
      end
    end
  else
    health.info(
      "no vouch.toml or corpus folder above this file: vouch does not start here",
      { "put the story's sources in a `corpus/` folder beside the drafts, or write a vouch.toml", "or setup({ require_corpus = false }) to start everywhere" }
    )
  end

  health.start("vouch: servers")
  local clients = vouch.clients()
  if #clients == 0 then
    health.info("no vouch server is running")
  end
  for _, client in ipairs(clients) do
    local s = vouch.statuses[client.id]
    local where = client.config and client.config.root_dir or "?"
    if not s then
      health.info(("client %d (%s): started, no status yet"):format(client.id, where))
    elseif s.state == "error" then
      health.error(("client %d (%s): %s"):format(client.id, s.root or where, s.message or "error"))
    else
      local size = ("%d sources"):format(s.sources or 0)
      if s.sentences then
        size = size .. (", %d sentences"):format(s.sentences)
      end
      health.ok(("client %d (%s): %s, %s"):format(client.id, s.root or where, s.state, size))
    end
  end
end

return M
