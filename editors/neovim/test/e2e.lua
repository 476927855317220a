-- End-to-end test of the plugin against the real server, run by run.sh in a scratch
-- workspace (corpus/, vouch.toml, draft.md, second.md). Exits 0 on success, 1 on failure.
local bin = assert(os.getenv("VOUCH_BIN"), "VOUCH_BIN is not set")
local TIMEOUT = tonumber(os.getenv("VOUCH_TEST_TIMEOUT_MS") or "30000")

local function say(msg)
  io.stdout:write(msg .. "\n")
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

local function run()
  say("neovim " .. tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch)
  vim.cmd("filetype on") -- -u NONE leaves filetype detection off
  local vouch = require("vouch")
  local strategy = os.getenv("VOUCH_NVIM_STRATEGY")
  strategy = (strategy and strategy ~= "") and strategy or vouch.strategy()
  say("strategy: " .. strategy)
  vouch.setup({ cmd = { bin, "lsp" }, corpus = { "corpus" }, strategy = strategy })

  vim.cmd("edit draft.md")
  local draft = vim.api.nvim_get_current_buf()
  check(vim.bo[draft].filetype == "markdown", "draft.md is not markdown: " .. vim.bo[draft].filetype)

  -- 1. Diagnostics: wait for a publish that holds a figure-mismatch.
  check(vim.wait(5000, function()
    return vouch.client(draft) ~= nil
  end, 20), "no vouch client is attached to draft.md")
  -- Stop early if the server dies.
  local ok = vim.wait(TIMEOUT, function()
    return codes_of(draft)["figure-mismatch"] ~= nil or vouch.client(draft) == nil
  end, 50)
  local codes = codes_of(draft)
  say("diagnostic codes: " .. vim.inspect(codes, { newline = " ", indent = "" }))
  check(vouch.client(draft) ~= nil, "the vouch server exited; run `$VOUCH_BIN lsp` by hand to see why")
  check(ok, ("no figure-mismatch diagnostic after %d ms (got %s)"):format(TIMEOUT, vim.inspect(codes)))
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

  -- 3. Go to definition lands in a corpus file.
  replies = vim.lsp.buf_request_sync(draft, "textDocument/definition", params, TIMEOUT)
  reply = replies and replies[client.id]
  check(reply and not reply.err and reply.result, "definition failed: " .. vim.inspect(reply))
  local locations = reply.result.uri and { reply.result } or reply.result
  check(#locations > 0, "definition returned no location")
  local target = locations[1].uri or locations[1].targetUri
  say(("definition: %d location(s), first %s"):format(#locations, target))
  check(target:find("/corpus/[^/]+%.txt$"), "definition is not a corpus file: " .. target)

  -- 4. :VouchSources fills the quickfix list with the sources.
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
  vim.cmd("cclose")

  -- 5. :VouchReindex reports the five seed sources.
  local reindexed
  vim.api.nvim_set_current_buf(draft)
  vouch.reindex(draft, function(err, result)
    reindexed = { err = err, result = result }
  end)
  check(vim.wait(TIMEOUT, function()
    return reindexed ~= nil
  end, 50), "vouch.reindex did not answer")
  check(not reindexed.err and type(reindexed.result) == "table", "vouch.reindex failed: " .. vim.inspect(reindexed))
  say("VouchReindex: " .. vim.inspect(reindexed.result, { newline = " ", indent = "" }))
  check(reindexed.result.sources == 5, "reindex counted " .. tostring(reindexed.result.sources) .. " sources, not 5")

  -- 6. A second draft under the same root shares the client.
  vim.cmd("edit second.md")
  local second = vim.api.nvim_get_current_buf()
  vim.wait(2000, function()
    return vouch.client(second) ~= nil
  end, 20)
  check(vouch.client(second) and vouch.client(second).id == client.id, "second.md did not reuse the root's client")
  local count = 0
  for _, c in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
    if c.name == "vouch" then
      count = count + 1
    end
  end
  check(count == 1, count .. " vouch clients for one root")
  say("one client for the root, shared by 2 buffers")
  say("status: " .. vouch.status(draft))
end

local ok, err = xpcall(run, function(e)
  if type(e) == "table" and e.vouch_test_failure then
    return e.vouch_test_failure
  end
  return debug.traceback(tostring(e), 2)
end)
for _, c in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
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
