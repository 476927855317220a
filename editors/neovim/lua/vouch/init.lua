-- vouch for Neovim: starts `vouch lsp` for markdown buffers, one client per root.
-- Works from Neovim 0.7 (vim.lsp.start_client) through 0.8-0.10 (vim.lsp.start)
-- to 0.11+ (vim.lsp.config / vim.lsp.enable), by feature detection.
local M = {}

local NAME = "vouch"

local defaults = {
  -- The server; `vouch` must be on PATH (`cargo install --path .` puts it in ~/.cargo/bin).
  cmd = { "vouch", "lsp" },
  filetypes = { "markdown" },
  -- Looked for upwards from the buffer, in this order; without one, the buffer's folder.
  root_markers = { "vouch.toml", ".git" },
  -- Corpus folders relative to the root, e.g. { "corpus" }; nil: vouch.toml or ./corpus.
  corpus = nil,
  -- The server's settings, sent as initializationOptions, e.g.
  -- { severity = { ["unsupported-figure"] = "info" }, inlayHints = { enable = true } }.
  settings = {},
  on_attach = nil,
  capabilities = nil,
  -- nil: by version (see M.strategy). The tests force "start" or "start_client"
  -- on a newer Neovim to exercise the older paths.
  strategy = nil,
}

M.config = vim.deepcopy(defaults)
-- Latest `vouch/status` per client id: { state, root, sources, sentences, message }.
M.statuses = {}
-- Clients started by the 0.7 path, by root.
local clients_by_root = {}

local uv = vim.uv or vim.loop

local function notify(msg, level)
  vim.notify("vouch: " .. msg, level or vim.log.levels.INFO)
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

--- The root of a buffer: the nearest folder with the first marker found, checking
--- the markers in order (like vim.fs.root); else the buffer's folder.
function M.find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= "" and dirname(vim.fn.fnamemodify(name, ":p")) or vim.fn.getcwd()
  for _, marker in ipairs(markers or M.config.root_markers) do
    local dir = start
    while true do
      if exists(dir .. "/" .. marker) then
        return dir
      end
      local parent = dirname(dir)
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return start
end

--- The initializationOptions: the settings, with `corpus` folded in as corpus.paths.
function M.init_options(config)
  local options = vim.deepcopy(config.settings or {})
  if config.corpus then
    options.corpus = vim.tbl_extend("force", options.corpus or {}, { paths = config.corpus })
  end
  return options
end

local function on_status(_, result, ctx)
  if type(result) ~= "table" then
    return
  end
  M.statuses[ctx.client_id] = result
  if result.state == "error" and result.message then
    notify(result.message, vim.log.levels.ERROR)
  end
end

--- The client configuration shared by every version's path; root_dir is set per path.
local function client_config(config)
  return {
    name = NAME,
    cmd = config.cmd,
    filetypes = config.filetypes,
    init_options = M.init_options(config),
    capabilities = config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = config.on_attach,
    handlers = { ["vouch/status"] = on_status },
    on_exit = function(_, _, client_id)
      M.statuses[client_id] = nil
    end,
  }
end

--- Neovim 0.7: start a client per root by hand and attach buffers to it.
local function attach_legacy(bufnr, config)
  local root = M.find_root(bufnr, config.root_markers)
  local id = clients_by_root[root]
  if not id or vim.lsp.client_is_stopped(id) then
    local conf = client_config(config)
    conf.root_dir = root
    conf.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    id = vim.lsp.start_client(conf)
    if not id then
      notify("could not start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Neovim 0.8-0.10: vim.lsp.start reuses the client with the same name and root.
local function attach_start(bufnr, config)
  local conf = client_config(config)
  conf.root_dir = M.find_root(bufnr, config.root_markers)
  vim.lsp.start(conf, { bufnr = bufnr })
end

local function buffer_is_file(bufnr)
  return vim.bo[bufnr].buftype == "" and vim.api.nvim_buf_get_name(bufnr) ~= ""
end

--- Which way this Neovim starts clients.
function M.strategy()
  if vim.lsp.config ~= nil and type(vim.lsp.enable) == "function" then
    return "enable" -- 0.11+
  elseif type(vim.lsp.start) == "function" then
    return "start" -- 0.8-0.10
  end
  return "start_client" -- 0.7
end

--- Sets vouch up. `opts` overrides the defaults above; call it once from your config.
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  -- Lists are replaced, not merged index by index.
  for _, key in ipairs({ "cmd", "filetypes", "root_markers", "corpus" }) do
    if opts and opts[key] ~= nil then
      M.config[key] = opts[key]
    end
  end
  local config = M.config
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    notify(
      config.cmd[1] .. " is not executable: run `cargo install --path .` in the vouch repository, or set cmd",
      vim.log.levels.WARN
    )
  end

  local strategy = config.strategy or M.strategy()
  if strategy == "enable" then
    local conf = client_config(config)
    conf.root_dir = function(bufnr, on_dir)
      if buffer_is_file(bufnr) then
        on_dir(M.find_root(bufnr, config.root_markers))
      end
    end
    vim.lsp.config(NAME, conf)
    vim.lsp.enable(NAME)
  else
    local attach = strategy == "start" and attach_start or attach_legacy
    local group = vim.api.nvim_create_augroup("vouch", { clear = true })
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = config.filetypes,
      callback = function(args)
        if buffer_is_file(args.buf) then
          attach(args.buf, config)
        end
      end,
    })
    -- Buffers already open when setup runs (e.g. lazy-loaded on FileType).
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) and buffer_is_file(bufnr) then
        attach(bufnr, config)
      end
    end
  end

  vim.api.nvim_create_user_command("VouchReindex", function()
    M.reindex()
  end, { desc = "vouch: re-index the corpus" })
  vim.api.nvim_create_user_command("VouchSources", function()
    M.sources()
  end, { desc = "vouch: the sources of what is under the cursor, in the quickfix list" })
end

--- The vouch client attached to a buffer, if any.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in ipairs(all) do
    if client.name == NAME and vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
end

-- client:request on 0.11+, client.request before (the dot form is deprecated there).
local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function execute(bufnr, command, arguments, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client(bufnr)
  if not client then
    notify("no vouch server for this buffer", vim.log.levels.WARN)
    return false
  end
  request(client, "workspace/executeCommand", { command = command, arguments = arguments }, function(err, result)
    if err then
      notify(command .. " failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    callback(err, result, client)
  end, bufnr)
  return true
end

--- Re-indexes the corpus (`vouch.reindex`). `callback(err, result)` is optional.
function M.reindex(bufnr, callback)
  return execute(bufnr, "vouch.reindex", {}, function(err, result)
    if not err and type(result) == "table" then
      notify(("reindexed %d sources, %d changed"):format(result.sources or 0, result.changed or 0))
    end
    if callback then
      callback(err, result)
    end
  end)
end

--- The quickfix items for `vouch.showSources` results.
function M.source_items(result)
  local items = {}
  for _, hit in ipairs(type(result) == "table" and result or {}) do
    if type(hit) == "table" and hit.uri and hit.range then
      local title = (hit.title and hit.title ~= "") and (hit.title .. ": ") or ""
      table.insert(items, {
        filename = vim.uri_to_fname(hit.uri),
        lnum = hit.range.start.line + 1,
        col = hit.range.start.character + 1,
        text = title .. ((hit.excerpt or ""):gsub("%s+", " ")),
      })
    end
  end
  return items
end

--- The sources of what is under the cursor (`vouch.showSources`), in the quickfix list.
function M.sources(callback)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    notify("no vouch server for this buffer", vim.log.levels.WARN)
    return false
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  return execute(bufnr, "vouch.showSources", { params.textDocument.uri, params.position }, function(err, result)
    local items = err and {} or M.source_items(result)
    if not err then
      if #items == 0 then
        notify("no source for what is under the cursor")
      else
        vim.fn.setqflist({}, " ", { title = "vouch sources", items = items })
        vim.cmd("copen")
      end
    end
    if callback then
      callback(err, items)
    end
  end)
end

--- A short status for a statusline: "vouch: 5 sources", "vouch: indexing…" or "".
function M.status(bufnr)
  local client = M.client(bufnr)
  local s = client and M.statuses[client.id]
  if not s then
    return client and "vouch" or ""
  end
  if s.state == "indexing" then
    return "vouch: indexing…"
  elseif s.state == "error" then
    return "vouch: error"
  end
  return ("vouch: %d sources"):format(s.sources or 0)
end

return M
