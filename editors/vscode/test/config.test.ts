import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { PathEnv, readSettings, resolveServerPath, serverArgs, serverSettings } from "../src/config";

function env(files: string[], extra: Partial<PathEnv> = {}): PathEnv {
  const set = new Set(files);
  return {
    home: "/home/ana",
    workspaceFolder: "/work/story",
    pathDirs: ["/usr/local/bin", "/usr/bin"],
    platform: "linux",
    isFile: (p) => set.has(p),
    ...extra,
  };
}

test("defaults: vouch on PATH, no corpus sent, inlay hints off", () => {
  const s = readSettings(() => undefined);
  assert.deepEqual(s, { serverPath: "vouch", corpusPaths: [], inlayHints: false });
  assert.deepEqual(serverSettings(s), { inlayHints: { enable: false } });
});

test("settings become the server's initializationOptions", () => {
  const values: Record<string, unknown> = {
    "server.path": "  ~/bin/vouch ",
    "corpus.paths": ["corpus", " ../interviews ", "", 7],
    "inlayHints.enable": true,
  };
  const s = readSettings((k) => values[k]);
  assert.deepEqual(s, { serverPath: "~/bin/vouch", corpusPaths: ["corpus", "../interviews"], inlayHints: true });
  assert.deepEqual(serverSettings(s), { corpus: { paths: ["corpus", "../interviews"] }, inlayHints: { enable: true } });
});

test("bad setting values fall back to the defaults", () => {
  const values: Record<string, unknown> = { "server.path": 3, "corpus.paths": "corpus", "inlayHints.enable": "yes" };
  assert.deepEqual(readSettings((k) => values[k]), { serverPath: "vouch", corpusPaths: [], inlayHints: false });
});

test("the server is started as `vouch lsp`", () => {
  assert.deepEqual(serverArgs(), ["lsp"]);
});

test("a bare name is found on PATH, in PATH order", () => {
  const r = resolveServerPath("vouch", env(["/usr/bin/vouch", "/usr/local/bin/vouch"]));
  assert.deepEqual(r, { ok: true, command: "/usr/local/bin/vouch", how: "PATH" });
});

test("a bare name falls back to ~/.cargo/bin", () => {
  const r = resolveServerPath("vouch", env(["/home/ana/.cargo/bin/vouch"]));
  assert.deepEqual(r, { ok: true, command: "/home/ana/.cargo/bin/vouch", how: "cargo" });
});

test("a missing binary says how to install it", () => {
  const r = resolveServerPath("vouch", env([]));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : "", /cargo install --path \./);
});

test("~ expands to the home folder", () => {
  assert.deepEqual(resolveServerPath("~/bin/vouch", env(["/home/ana/bin/vouch"])), {
    ok: true,
    command: "/home/ana/bin/vouch",
    how: "setting",
  });
});

test("a relative path is relative to the workspace folder", () => {
  const r = resolveServerPath("./target/release/vouch", env(["/work/story/target/release/vouch"]));
  assert.deepEqual(r, { ok: true, command: "/work/story/target/release/vouch", how: "setting" });
});

test("a relative path without a workspace folder is an error", () => {
  const r = resolveServerPath("bin/vouch", env(["/bin/vouch"], { workspaceFolder: undefined }));
  assert.equal(r.ok, false);
});

test("an absolute path that is not a file is an error naming it", () => {
  const r = resolveServerPath("/opt/vouch", env([]));
  assert.deepEqual(r, { ok: false, error: "vouch.server.path points to /opt/vouch, which is not a file" });
});

test("on Windows a bare name also matches vouch.exe", () => {
  const dir = "C:\\tools";
  const exe = path.join(dir, "vouch.exe");
  const r = resolveServerPath("vouch", env([exe], { platform: "win32", pathDirs: [dir] }));
  assert.deepEqual(r, { ok: true, command: exe, how: "PATH" });
});
