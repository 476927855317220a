-- End-to-end test of the plugin against the real server, run by run.sh in a scratch
-- workspace (corpus/, vouch.toml, draft.md, second.md). Exits 0 on success, 1 on failure.
local bin = assert(os.getenv("VOUCH_BIN"), "VOUCH_BIN is not set")
local TIMEOUT = tonumber(os.getenv("VOUCH_TEST_TIMEOUT_MS") or "30000")

local function say(msg)
  io.stdout:write(msg .. "\n")
end

-- Every message a user would see: vim.notify (the plugin's) and window/showMessage
-- (the server's). A normal start must show none at warning level or above.
local messages = {}
local levels = vim.log.levels
vim.notify = function(msg, level)
  table.insert(messages, { text = tostring(msg), level = level or levels.INFO, from = "notify" })
end
vim.lsp.handlers["window/showMessage"] = function(_, result)
  local level = ({ levels.ERROR, levels.WARN, levels.INFO, levels.DEBUG })[result.type] or levels.INFO
  table.insert(messages, { text = result.message, level = level, from = "window/showMessage" })
end

local function loud(since)
  local out = {}
  for i = (since or 0) + 1, #messages do
    if messages[i].level >= levels.WARN then
      table.insert(out, messages[i].from .. ": " .. messages[i].text)
    end
  end
  return out
end

local function fail(msg)
  error({ vouch_test_failure = msg }, 0)
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

local function codes_of(bufnr)
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code then
      codes[code] = (codes[code] or 0) + 1
    end
  end
  return codes
end

local function hover_text(result)
  local contents = result and result.contents
  if type(contents) == "string" then
    return contents
  elseif type(contents) == "table" and contents.value then
    return contents.value -- MarkupContent or a MarkedString with a language
  elseif type(contents) == "table" then
    local parts = {}
    for _, c in ipairs(contents) do
      table.insert(parts, type(c) == "string" and c or c.value or "")
    end
    return table.concat(parts, "\n")
  end
  return ""
end


local function vouch_clients()
  local out = {}
  for _, c in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
    if c.name == "vouch" then
      table.insert(out, c)
    end
  end
  return out
end

local function attached(bufnr)
  for _, c in ipairs(vouch_clients()) do
    if vim.lsp.buf_is_attached(bufnr, c.id) then
      return c
    end
  end
end

--- Opens the draft and waits for a publish that holds a figure-mismatch.
local function open_and_wait(path)
  vim.cmd("edit " .. path)
  local draft = vim.api.nvim_get_current_buf()
  check(vim.bo[draft].filetype == "markdown", path .. " is not markdown: " .. vim.bo[draft].filetype)
  check(vim.wait(5000, function()
    return attached(draft) ~= nil
  end, 20), "no vouch client is attached to " .. path)
  -- Stop early if the server dies.
  local ok = vim.wait(TIMEOUT, function()
    return codes_of(draft)["figure-mismatch"] ~= nil or attached(draft) == nil
  end, 50)
  local codes = codes_of(draft)
  say("diagnostic codes: " .. vim.inspect(codes, { newline = " ", indent = "" }))
  check(attached(draft) ~= nil, "the vouch server exited; run `$VOUCH_BIN lsp` by hand to see why")
  check(ok, ("no figure-mismatch diagnostic after %d ms (got %s)"):format(TIMEOUT, vim.inspect(codes)))
  return draft, codes
end

local function check_quiet(what, since)
  local said = loud(since)
  check(#said == 0, what .. " showed messages at warning level or above:\n  " .. table.concat(said, "\n  "))
  check(vim.v.errmsg == "", what .. " left an error message: " .. vim.v.errmsg)
end

--- A markdown file with no vouch.toml and no corpus above it: nothing starts, nothing is said.
local function nothing_in(folder)
  local since = #messages
  vim.cmd("edit " .. folder .. "/draft.md")
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "markdown", "the no-corpus draft is not markdown")
  vim.wait(1500, function()
    return #vouch_clients() > 0
  end, 50)
  check(#vouch_clients() == 0, "a vouch server started in " .. folder .. ", which has no vouch.toml nor corpus")
  check(#messages == since, "messages in a folder without a corpus: " .. vim.inspect(messages))
  say("no corpus: nothing started, nothing said")
end

local function floating_text()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      local buf = vim.api.nvim_win_get_buf(win)
      return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n"), win
    end
  end
end

-- The plugin, as its setup() is written in the README, in a workspace with vouch.toml.
local function plugin_scenario()
  local vouch = require("vouch")
  local strategy = os.getenv("VOUCH_NVIM_STRATEGY")
  strategy = (strategy and strategy ~= "") and strategy or vouch.strategy()
  say("strategy: " .. strategy)
  vouch.setup({ cmd = { bin, "lsp" }, strategy = strategy })

  local draft, codes = open_and_wait("draft.md")
  for _, code in ipairs({ "source-conflict", "unsupported-figure" }) do
    check(codes[code], "no " .. code .. " diagnostic: " .. vim.inspect(codes))
  end
  local mismatch
  for _, d in ipairs(vim.diagnostic.get(draft)) do
    if d.code == "figure-mismatch" then
      mismatch = d
      check(d.source == "vouch", "diagnostic source is " .. tostring(d.source))
      break
    end
  end
  local line = vim.api.nvim_buf_get_lines(draft, mismatch.lnum, mismatch.lnum + 1, false)[1]
  say(("figure-mismatch at %d:%d: %s"):format(mismatch.lnum + 1, mismatch.col + 1, mismatch.message))
  check(line:sub(mismatch.col + 1, mismatch.end_col):find("6.35", 1, true), "the mismatch does not cover $6.35 billion: " .. line)
  -- Wait for the ready status, then nothing loud may have been said on the way.
  check(vim.wait(TIMEOUT, function()
    return vouch.status(draft):find("sources") ~= nil
  end, 50), "no ready status: " .. vouch.status(draft))
  check_quiet("a normal start")
  say("normal start: " .. #messages .. " message(s), none at warning level or above")

  -- 2. Hover on the mismatched figure names a source file and line.
  vim.api.nvim_win_set_cursor(0, { mismatch.lnum + 1, mismatch.col + 1 })
  local client = vouch.client(draft)
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local replies = vim.lsp.buf_request_sync(draft, "textDocument/hover", params, TIMEOUT)
  local reply = replies and replies[client.id]
  check(reply and not reply.err, "hover failed: " .. vim.inspect(reply))
  local text = hover_text(reply.result)
  say("hover: " .. (text:gsub("\n", " | ")):sub(1, 300))
  if os.getenv("VOUCH_TEST_VERBOSE") then say(text) end
  check(text:find("%.txt:%d+"), "the hover names no source file (path.txt:line): " .. text)

  -- The hover window as the user sees it: before 0.10 the links must be plain text.
  vim.lsp.buf.hover()
  local shown
  check(vim.wait(TIMEOUT, function()
    shown = floating_text()
    return shown ~= nil and shown ~= ""
  end, 50), "no hover window opened")
  check(shown:find("%.txt:%d+"), "the hover window names no source: " .. shown)
  if vim.fn.has("nvim-0.10") == 0 then
    check(not shown:find("](file://", 1, true), "raw markdown links in the hover window: " .. shown)
  end
  local _, win = floating_text()
  vim.api.nvim_win_close(win, true)
  vim.api.nvim_set_current_buf(draft)

  -- 3. Go to definition lands in a corpus file.
  replies = vim.lsp.buf_request_sync(draft, "textDocument/definition", params, TIMEOUT)
  reply = replies and replies[client.id]
  check(reply and not reply.err and reply.result, "definition failed: " .. vim.inspect(reply))
  local locations = reply.result.uri and { reply.result } or reply.result
  check(#locations > 0, "definition returned no location")
  local target = locations[1].uri or locations[1].targetUri
  say(("definition: %d location(s), first %s"):format(#locations, target))
  check(target:find("/corpus/[^/]+%.txt$"), "definition is not a corpus file: " .. target)

  -- 4. :VouchSources fills the quickfix list with the sources, and says nothing else.
  local since = #messages
  local items
  vouch.sources(function(err, result)
    items = err and {} or result
  end)
  check(vim.wait(TIMEOUT, function()
    return items ~= nil
  end, 50), "vouch.showSources did not answer")
  check(#items > 0, "VouchSources found no source for the mismatched figure")
  local qf = vim.fn.getqflist()
  check(#qf == #items, "the quickfix list was not filled")
  say(("VouchSources: %d item(s), first %s:%d"):format(#qf, vim.fn.bufname(qf[1].bufnr), qf[1].lnum))
  check(vim.fn.bufname(qf[1].bufnr):find("%.txt$"), "the first quickfix item is not a source file")
  vim.wait(300) -- a message the server would send after its reply
  check(#messages == since, ":VouchSources showed a message besides the quickfix list: " .. vim.inspect(messages[#messages]))
  vim.cmd("cclose")

  -- 5. :VouchReindex reports the five seed sources, in one message.
  local reindexed
  vim.api.nvim_set_current_buf(draft)
  since = #messages
  vouch.reindex(draft, function(err, result)
    reindexed = { err = err, result = result }
  end)
  check(vim.wait(TIMEOUT, function()
    return reindexed ~= nil
  end, 50), "vouch.reindex did not answer")
  check(not reindexed.err and type(reindexed.result) == "table", "vouch.reindex failed: " .. vim.inspect(reindexed))
  say("VouchReindex: " .. vim.inspect(reindexed.result, { newline = " ", indent = "" }))
  check(reindexed.result.sources == 5, "reindex counted " .. tostring(reindexed.result.sources) .. " sources, not 5")
  vim.wait(300)
  check(#messages == since + 1, ":VouchReindex said " .. (#messages - since) .. " messages, not one: " .. vim.inspect(messages))

  -- 6. A second draft under the same root shares the client.
  vim.cmd("edit second.md")
  local second = vim.api.nvim_get_current_buf()
  vim.wait(2000, function()
    return vouch.client(second) ~= nil
  end, 20)
  check(vouch.client(second) and vouch.client(second).id == client.id, "second.md did not reuse the root's client")
  check(#vouch_clients() == 1, #vouch_clients() .. " vouch clients for one root")
  say("one client for the root, shared by 2 buffers")
  say("status: " .. vouch.status(draft))

  -- 7. :VouchRule names the code under the cursor.
  vim.api.nvim_set_current_buf(draft)
  vim.api.nvim_win_set_cursor(0, { mismatch.lnum + 1, mismatch.col + 1 })
  check(vouch.rule(), ":VouchRule failed: " .. vim.inspect(messages[#messages]))
  local rule = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  check(rule:find("^# figure%-mismatch") and rule:find("Default: error", 1, true), ":VouchRule shows " .. rule)
  vim.cmd("close")
  say(":VouchRule: " .. rule:match("^[^\n]*"))

  -- 8. :checkhealth vouch: the binary and its version, the root, the corpus, the server.
  vim.api.nvim_set_current_buf(draft)
  vim.cmd("silent checkhealth vouch")
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  if os.getenv("VOUCH_TEST_VERBOSE") then say(report) end
  local root = vim.fn.getcwd()
  for _, want in ipairs({ "vouch %d+%.%d+%.%d+", "root: " .. vim.pesc(root), "corpus", "ready, 5 sources" }) do
    check(report:find(want), ":checkhealth vouch does not say " .. want .. ":\n" .. report)
  end
  check(not report:find("ERROR"), ":checkhealth vouch reports an error:\n" .. report)
  say(":checkhealth vouch: binary, version, root, corpus and a ready server")
  vim.cmd("bwipeout")

  -- 9. :help vouch opens doc/vouch.txt.
  vim.cmd("help vouch")
  check(vim.api.nvim_buf_get_name(0):find("doc/vouch%.txt$"), ":help vouch opened " .. vim.api.nvim_buf_get_name(0))
  vim.cmd("close")
  say(":help vouch: doc/vouch.txt")

  check_quiet("the whole session")
  local bad = os.getenv("VOUCH_BAD_CORPUS")
  if bad then
    -- vouch.toml names a corpus folder that is not there: one error, with one prefix.
    local since = #messages
    vim.cmd("edit " .. bad .. "/draft.md")
    local badbuf = vim.api.nvim_get_current_buf()
    check(vim.wait(TIMEOUT, function()
      return vouch.status(badbuf) == "vouch: error"
    end, 50), "no error status for a missing corpus folder: " .. vouch.status(badbuf))
    vim.wait(1000)
    local said = loud(since)
    check(#said == 1, "a missing corpus folder was said " .. #said .. " times, not once:\n  " .. table.concat(said, "\n  "))
    check(said[1]:find("vouch: ", 1, true) and not said[1]:find("vouch: vouch:", 1, true), "not one prefix: " .. said[1])
    check(said[1]:find("missing", 1, true), "the error does not name the folder: " .. said[1])
    say("missing corpus folder: said once: " .. said[1]:sub(1, 120))
  end
  local nothing_in_other = os.getenv("VOUCH_NO_CORPUS")
  if nothing_in_other then
    for _, c in ipairs(vouch_clients()) do
      vim.lsp.stop_client(c.id, true)
    end
    vim.wait(2000, function()
      return #vouch_clients() == 0
    end, 20)
    nothing_in(nothing_in_other)
  end
end

-- No plugin: Neovim 0.11's vim.lsp.enable with the shipped lsp/vouch.lua, `vouch` on PATH.
local function bare_scenario()
  check(vim.fn.has("nvim-0.11") == 1, "vim.lsp.enable needs Neovim 0.11")
  check(#vim.api.nvim_get_runtime_file("lsp/vouch.lua", false) == 1, "lsp/vouch.lua is not on the runtime path")
  vim.lsp.enable("vouch")
  local draft, codes = open_and_wait("draft.md")
  check(codes["unsupported-figure"], "no unsupported-figure diagnostic: " .. vim.inspect(codes))
  check(attached(draft).config.root_dir == vim.fn.getcwd(), "the root is " .. tostring(attached(draft).config.root_dir))
  say("vim.lsp.enable('vouch'): diagnostics from lsp/vouch.lua")
  for _, c in ipairs(vouch_clients()) do
    vim.lsp.stop_client(c.id, true)
  end
  vim.wait(2000, function()
    return #vouch_clients() == 0
  end, 20)
  local folder = os.getenv("VOUCH_NO_CORPUS")
  if folder then
    nothing_in(folder)
  end
end

local function run()
  say("neovim " .. tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch)
  vim.cmd("filetype on") -- -u NONE leaves filetype detection off
  local scenario = os.getenv("VOUCH_NVIM_SCENARIO") or "plugin"
  say("scenario: " .. scenario)
  if scenario == "bare" then
    bare_scenario()
  else
    plugin_scenario()
  end
end

local ok, err = xpcall(run, function(e)
  if type(e) == "table" and e.vouch_test_failure then
    return e.vouch_test_failure
  end
  return debug.traceback(tostring(e), 2)
end)
for _, c in ipairs(vouch_clients()) do
  vim.lsp.stop_client(c.id)
end
if ok then
  say("neovim e2e: 1 passed, 0 failed")
  vim.cmd("qall!")
else
  io.stderr:write("FAIL: " .. tostring(err) .. "\n")
  say("neovim e2e: 0 passed, 1 failed")
  vim.cmd("cquit 1")
end
