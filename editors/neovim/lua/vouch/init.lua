-- vouch for Neovim: starts `vouch lsp` for markdown buffers, one client per root.
-- Works from Neovim 0.7 (vim.lsp.start_client) through 0.8-0.10 (vim.lsp.start)
-- to 0.11+ (vim.lsp.config / vim.lsp.enable), by feature detection.
-- It starts only under a folder with a vouch.toml or a corpus folder, and stays
-- quiet everywhere else. `:help vouch` documents it; `:checkhealth vouch` checks it.
local M = {}

local NAME = "vouch"

local defaults = {
  -- The server; `vouch` must be on PATH (`cargo install --locked --path .` puts it in ~/.cargo/bin).
  cmd = { "vouch", "lsp" },
  filetypes = { "markdown" },
  -- A root is the nearest folder, upwards from the buffer, that holds one of these
  -- or one of the corpus folders below.
  root_markers = { "vouch.toml" },
  -- Corpus folders relative to the root, e.g. { "corpus" }; nil: vouch.toml or ./corpus.
  corpus = nil,
  -- true: start only under a root found as above, and stay quiet elsewhere.
  -- false: start for every markdown buffer; without a root, in the nearest .git
  -- folder or the buffer's own.
  require_corpus = true,
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
-- Messages already said, so that each is said once a session.
local said = {}

local uv = vim.uv or vim.loop

-- One "vouch: " prefix, whether or not the server's text has one already.
local function notify(msg, level)
  vim.notify("vouch: " .. tostring(msg):gsub("^vouch: ", ""), level or vim.log.levels.INFO)
end

local function plain(msg)
  return (tostring(msg):gsub("^vouch: ", ""))
end

local function notify_once(msg, level)
  if not said[plain(msg)] then
    said[plain(msg)] = true
    notify(msg, level)
  end
end

-- The server may show an error with window/showMessage that its vouch/status also
-- carries: whichever comes first is said, the other is not.
local function on_show_message(err, result, ctx, config)
  if type(result) == "table" and result.message then
    local key = plain(result.message)
    if said[key] then
      return
    end
    said[key] = true
  end
  return vim.lsp.handlers["window/showMessage"](err, result, ctx, config)
end

local function is_dir(path)
  local stat = uv.fs_stat(path)
  return stat ~= nil and stat.type == "directory"
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

local function buffer_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  return name ~= "" and dirname(vim.fn.fnamemodify(name, ":p")) or vim.fn.getcwd()
end

--- The nearest folder, from `start` upwards, for which `found(dir)` is true.
local function upwards(start, found)
  local dir = start
  while true do
    if found(dir) then
      return dir
    end
    local parent = dirname(dir)
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

--- Whether `dir` is a vouch root: it has a root marker or a corpus folder.
function M.is_root(dir, config)
  config = config or M.config
  for _, marker in ipairs(config.root_markers or {}) do
    if exists(dir .. "/" .. marker) then
      return true
    end
  end
  for _, corpus in ipairs(config.corpus or { "corpus" }) do
    if is_dir(dir .. "/" .. corpus) then
      return true
    end
  end
  return false
end

--- The root of a buffer: the nearest folder with vouch.toml or a corpus folder.
--- Without one: nil when `require_corpus` is set (nothing starts), else the
--- nearest folder with .git, else the buffer's folder.
function M.find_root(bufnr, config)
  config = config or M.config
  local start = buffer_dir(bufnr)
  local root = upwards(start, function(dir)
    return M.is_root(dir, config)
  end)
  if root or config.require_corpus then
    return root
  end
  return upwards(start, function(dir)
    return exists(dir .. "/.git")
  end) or start
end

-- Lua's empty table encodes as a JSON array; the server's settings are objects.
local function object(t)
  if type(t) ~= "table" or next(t) == nil then
    return vim.empty_dict()
  end
  return t
end

--- The initializationOptions: the settings, with `corpus` folded in as corpus.paths,
--- and `clientShowsCommandResults`, since the plugin shows them itself.
function M.init_options(config)
  local options = vim.deepcopy(config.settings or {})
  if config.corpus then
    options.corpus = vim.tbl_extend("force", options.corpus or {}, { paths = config.corpus })
  end
  for _, key in ipairs({ "corpus", "severity", "inlayHints" }) do
    if options[key] ~= nil then
      options[key] = object(options[key])
    end
  end
  options.clientShowsCommandResults = true
  return options
end

local function on_status(_, result, ctx)
  if type(result) ~= "table" then
    return
  end
  M.statuses[ctx.client_id] = result
  if result.state == "error" and result.message then
    notify_once(result.message, vim.log.levels.ERROR)
  end
end

--- Neovim before 0.10 shows markdown links raw in the hover window:
--- `[corpus/a.txt:11](file:///…)` becomes `corpus/a.txt:11`.
function M.plain_links(text)
  return (text:gsub("%[([^%]\n]+)%]%([%w+.-]+://[^)%s]*%)", "%1"))
end

local function strip_hover_links(result)
  if type(result) ~= "table" then
    return result
  end
  local contents = result.contents
  if type(contents) == "table" and type(contents.value) == "string" then
    contents.value = M.plain_links(contents.value)
  elseif type(contents) == "string" then
    result.contents = M.plain_links(contents)
  end
  return result
end

local function handlers()
  local h = { ["vouch/status"] = on_status, ["window/showMessage"] = on_show_message }
  if vim.fn.has("nvim-0.10") == 0 then
    h["textDocument/hover"] = function(err, result, ctx, config)
      return vim.lsp.handlers["textDocument/hover"](err, strip_hover_links(result), ctx, config)
    end
  end
  return h
end

--- Says once, where vouch would start, that the binary is missing.
local function check_binary(config)
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    notify_once(
      config.cmd[1]
        .. " is not executable: install it with `cargo install --locked --path .` in the vouch repository, or set cmd (see :checkhealth vouch)",
      vim.log.levels.WARN
    )
    return false
  end
  return true
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
    handlers = handlers(),
    on_exit = function(_, _, client_id)
      M.statuses[client_id] = nil
    end,
  }
end

--- Neovim 0.7: start a client per root by hand and attach buffers to it.
local function attach_legacy(bufnr, config, root)
  local id = clients_by_root[root]
  if not id or vim.lsp.client_is_stopped(id) then
    local conf = client_config(config)
    conf.root_dir = root
    conf.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    id = vim.lsp.start_client(conf)
    if not id then
      notify_once("could not start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Neovim 0.8-0.10: vim.lsp.start reuses the client with the same name and root.
local function attach_start(bufnr, config, root)
  local conf = client_config(config)
  conf.root_dir = root
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

  -- The root of a buffer vouch should start for, or nil (quietly).
  local function root_of(bufnr)
    if not buffer_is_file(bufnr) then
      return nil
    end
    local root = M.find_root(bufnr, config)
    if root and check_binary(config) then
      return root
    end
  end

  local strategy = config.strategy or M.strategy()
  if strategy == "enable" then
    local conf = client_config(config)
    conf.root_dir = function(bufnr, on_dir)
      local root = root_of(bufnr)
      if root then
        on_dir(root)
      end
    end
    vim.lsp.config(NAME, conf)
    vim.lsp.enable(NAME)
  else
    local attach = strategy == "start" and attach_start or attach_legacy
    local function maybe_attach(bufnr)
      local root = root_of(bufnr)
      if root then
        attach(bufnr, config, root)
      end
    end
    local group = vim.api.nvim_create_augroup("vouch", { clear = true })
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = config.filetypes,
      callback = function(args)
        maybe_attach(args.buf)
      end,
    })
    -- Buffers already open when setup runs (e.g. lazy-loaded on FileType).
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
        maybe_attach(bufnr)
      end
    end
  end

  vim.api.nvim_create_user_command("VouchReindex", function()
    M.reindex()
  end, { desc = "vouch: re-index the corpus" })
  vim.api.nvim_create_user_command("VouchSources", function()
    M.sources()
  end, { desc = "vouch: the sources of what is under the cursor, in the quickfix list" })
  vim.api.nvim_create_user_command("VouchRule", function(args)
    M.rule(args.args)
  end, { nargs = "?", desc = "vouch: what a diagnostic code means (default: the one under the cursor)" })
end

local function all_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end

--- The vouch client attached to a buffer, if any.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  for _, client in ipairs(all_clients()) do
    if client.name == NAME and vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
end

--- Every running vouch client.
function M.clients()
  local out = {}
  for _, client in ipairs(all_clients()) do
    if client.name == NAME then
      table.insert(out, client)
    end
  end
  return out
end

-- client:request on 0.11+, client.request before (the dot form is deprecated there).
local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function no_client()
  local root = M.find_root(vim.api.nvim_get_current_buf(), M.config)
  if root then
    notify("no vouch server for this buffer (see :checkhealth vouch)", vim.log.levels.WARN)
  else
    notify("no vouch.toml or corpus folder above this file, so vouch is not running here", vim.log.levels.WARN)
  end
end

local function error_text(err)
  return type(err) == "table" and err.message or vim.inspect(err)
end

local function execute(bufnr, command, arguments, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client(bufnr)
  if not client then
    no_client()
    return false
  end
  request(client, "workspace/executeCommand", { command = command, arguments = arguments }, function(err, result)
    if err then
      notify(error_text(err), vim.log.levels.ERROR)
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
    no_client()
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

--- The code of the vouch diagnostic under the cursor, if any.
local function code_under_cursor()
  local lnum = vim.api.nvim_win_get_cursor(0)[1] - 1
  for _, d in ipairs(vim.diagnostic.get(0, { lnum = lnum })) do
    if d.source == NAME and d.code then
      return d.code
    end
  end
end

--- Shows what a code means (`vouch rule CODE`) in a scratch buffer.
function M.rule(code)
  code = (code and code ~= "") and code or code_under_cursor()
  if not code then
    notify("no vouch diagnostic on this line: give a code, e.g. :VouchRule figure-mismatch", vim.log.levels.WARN)
    return false
  end
  local out = vim.fn.systemlist({ M.config.cmd[1], "rule", code })
  if vim.v.shell_error ~= 0 then
    notify(((out[#out] or ""):gsub("^vouch: error: ", "")), vim.log.levels.ERROR)
    return false
  end
  vim.cmd("botright new")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, out)
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = "markdown"
  pcall(vim.api.nvim_buf_set_name, buf, "vouch rule " .. code)
  return true
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
