// The platform .vsix (`npm run package:platform`): the binary inside it, and that
// binary answering `initialize` as the extension will start it.
// VOUCH_PLATFORM_VSIX names it (CI sets it, and then it must exist); otherwise
// vouch-<platform>-<arch>.vsix is tested when it is there.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";
import { serverArgs } from "../src/config";
import { readZip } from "./zip";

const root = path.resolve(__dirname, "..", "..");
const target = `${process.platform}-${process.arch}`;
const vsixPath = process.env.VOUCH_PLATFORM_VSIX ?? path.join(root, `vouch-${target}.vsix`);
const skip = !process.env.VOUCH_PLATFORM_VSIX && !fs.existsSync(vsixPath) && `${vsixPath} is absent (npm run package:platform)`;
const binName = process.platform === "win32" ? "extension/server/vouch.exe" : "extension/server/vouch";

function load() {
  assert.ok(fs.existsSync(vsixPath), `${vsixPath} is missing: run \`npm run package:platform\` first`);
  return readZip(fs.readFileSync(vsixPath));
}

test("the platform .vsix is marked for its platform and carries the server, executable", { skip }, () => {
  const entries = load();
  const manifest = entries.get("extension.vsixmanifest")!.read().toString("utf8");
  assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
  const entry = entries.get(binName);
  assert.ok(entry, `${binName} is not in ${vsixPath}: ${[...entries.keys()].join(", ")}`);
  assert.equal(entry.mode & 0o111, 0o111, `the binary's mode is ${entry.mode.toString(8)}, not executable`);
  const bytes = entry.read();
  assert.ok(bytes.length > 1_000_000, `the binary is ${bytes.length} bytes`);
  if (process.env.VOUCH_BIN) {
    const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
    assert.equal(sha(bytes), sha(fs.readFileSync(process.env.VOUCH_BIN)), "the .vsix carries another binary than VOUCH_BIN");
  }
  // Everything else is as in the universal .vsix.
  assert.deepEqual([...entries.keys()].filter((n) => n.startsWith("extension/")).sort(), [
    "extension/dist/extension.js",
    "extension/package.json",
    "extension/readme.md",
    binName,
  ].sort());
});

test("the bundled server answers initialize", { skip }, async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "vouch-bundled-"));
  const bin = path.join(work, path.basename(binName));
  const entry = load().get(binName)!;
  fs.writeFileSync(bin, entry.read(), { mode: entry.mode & 0o777 });
  fs.mkdirSync(path.join(work, "corpus"));
  fs.writeFileSync(path.join(work, "corpus", "a.txt"), "The ministry said 120 people were hurt.\n");
  const proc = spawn(bin, serverArgs(), { cwd: work, env: { ...process.env, XDG_CACHE_HOME: path.join(work, ".cache") } });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest(() => null);
  conn.onNotification(() => {});
  conn.listen();
  try {
    const rootUri = pathToFileURL(work).href;
    const init = (await conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: "story" }],
      capabilities: {},
      initializationOptions: { clientShowsCommandResults: true },
    })) as { capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } };
    assert.equal(init.serverInfo?.name, "vouch");
    assert.ok(init.capabilities.hoverProvider, "no hover provider");
    const commands = (init.capabilities.executeCommandProvider as { commands: string[] } | undefined)?.commands ?? [];
    assert.ok(commands.includes("vouch.showSources") && commands.includes("vouch.reindex"), `commands: ${commands}`);
    await conn.sendNotification("initialized", {});
    await conn.sendRequest("shutdown");
    await conn.sendNotification("exit");
    assert.equal(await exited, 0, "the server did not exit cleanly");
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver stderr:\n${stderr}`);
  } finally {
    conn.dispose();
    proc.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
