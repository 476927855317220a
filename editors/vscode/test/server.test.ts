// The extension's logic against the real server: the initializationOptions it builds,
// and the replies it parses (vouch/status, vouch.showSources, vouch.reindex).
// VS Code cannot run here, so this drives `vouch lsp` the way the extension's client
// does. Needs VOUCH_BIN (CI sets it); skipped without it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { readSettings, serverArgs, serverSettings } from "../src/config";
import { REINDEX, SHOW_SOURCES, reindexMessage, showSourcesArgs, sourceItems } from "../src/sources";
import { StatusBook, isVouchStatus } from "../src/status";

const bin = process.env.VOUCH_BIN;
const repo = path.resolve(__dirname, "..", "..", "..", "..");
const TIMEOUT = 30_000;

function until<T>(what: string, poll: () => T | undefined): Promise<T> {
  const deadline = Date.now() + TIMEOUT;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = poll();
      if (v !== undefined) return resolve(v);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

test("the real server accepts the extension's settings and its replies parse", { skip: !bin && "VOUCH_BIN is not set" }, async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "vouch-vscode-"));
  fs.cpSync(path.join(repo, "corpus"), path.join(work, "sources"), { recursive: true });
  const draftPath = path.join(work, "draft.md");
  const draft = fs.readFileSync(path.join(repo, "examples", "aid-and-territory.md"), "utf8");
  fs.writeFileSync(draftPath, draft);
  // The corpus is in sources/, not the default corpus/: only the setting can find it.
  const values: Record<string, unknown> = { "corpus.paths": ["sources"], "inlayHints.enable": true };
  const initializationOptions = serverSettings(readSettings((k) => values[k]));

  const proc = spawn(bin!, serverArgs(), { cwd: work, env: { ...process.env, XDG_CACHE_HOME: path.join(work, ".cache") } });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr += d));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const book = new StatusBook();
  let statuses = 0;
  const diagnostics: { code?: string | number; range: { start: { line: number; character: number } } }[][] = [];
  conn.onNotification("vouch/status", (p: unknown) => {
    assert.ok(isVouchStatus(p), `vouch/status has an unexpected shape: ${JSON.stringify(p)}`);
    book.update(p);
    statuses++;
  });
  conn.onNotification("textDocument/publishDiagnostics", (p: { diagnostics: (typeof diagnostics)[number] }) => {
    diagnostics.push(p.diagnostics);
  });
  const shown: string[] = [];
  conn.onNotification("window/showMessage", (p: { message: string }) => shown.push(p.message));
  conn.onRequest(() => null); // window/workDoneProgress/create, client/registerCapability, …
  conn.onNotification(() => {}); // $/progress, window/logMessage, …
  conn.listen();
  try {
    const rootUri = pathToFileURL(work).href;
    const uri = pathToFileURL(draftPath).href;
    const init = await conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: "story" }],
      capabilities: { window: { workDoneProgress: true } },
      initializationOptions,
    });
    const commands: string[] = (init as { capabilities: { executeCommandProvider?: { commands: string[] } } }).capabilities
      .executeCommandProvider?.commands ?? [];
    assert.ok(commands.includes(REINDEX) && commands.includes(SHOW_SOURCES), `server commands: ${commands}`);
    await conn.sendNotification("initialized", {});
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "markdown", version: 1, text: draft } });

    const mismatch = await until("a figure-mismatch", () =>
      diagnostics.flat().find((d) => d.code === "figure-mismatch"),
    );
    assert.equal(await until("a ready status", () => (book.view().text.includes("$(check)") ? book.view().text : undefined)),
      "$(check) vouch: 5 sources");
    assert.ok(statuses >= 2, "expected indexing, then ready");

    const items = sourceItems(await conn.sendRequest("workspace/executeCommand", {
      command: SHOW_SOURCES,
      arguments: showSourcesArgs(uri, { line: mismatch.range.start.line, character: mismatch.range.start.character + 1 }),
    }));
    assert.ok(items.length > 0, "no sources for the mismatched figure");
    assert.match(items[0].label, /^.+, line \d+$/);
    assert.notEqual(items[0].description, items[0].label);
    assert.ok(items[0].hit.uri.startsWith(pathToFileURL(path.join(work, "sources")).href), items[0].hit.uri);
    assert.notEqual(items[0].detail, "");

    // The extension shows the sources itself (clientShowsCommandResults): the server says nothing more.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(shown, [], "the server showed a message with vouch.showSources's result");
    const reindexed = reindexMessage(await conn.sendRequest("workspace/executeCommand", { command: REINDEX, arguments: [] }));
    assert.match(reindexed, /^vouch: corpus reindexed, 5 sources, \d+ changed$/);

    await conn.sendRequest("shutdown");
    await conn.sendNotification("exit");
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver stderr:\n${stderr}`);
  } finally {
    conn.dispose();
    proc.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
