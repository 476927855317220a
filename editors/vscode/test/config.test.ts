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

const DEFAULTS = { serverPath: "vouch", corpusPaths: [], corpusExclude: [], severity: {}, inlayHints: false };

test("defaults: vouch on PATH, no corpus, exclusions or severities sent, inlay hints off", () => {
  const s = readSettings(() => undefined);
  assert.deepEqual(s, DEFAULTS);
  assert.deepEqual(serverSettings(s), { inlayHints: { enable: false }, clientShowsCommandResults: true });
});

test("settings become the server's initializationOptions", () => {
  const values: Record<string, unknown> = {
    "server.path": "  ~/bin/vouch ",
    "corpus.paths": ["corpus", " ../interviews ", "", 7],
    "corpus.exclude": ["drafts/**", ""],
    severity: { "unsupported-figure": "info", "source-conflict": "off" },
    "inlayHints.enable": true,
  };
  const s = readSettings((k) => values[k]);
  assert.deepEqual(s, {
    serverPath: "~/bin/vouch",
    corpusPaths: ["corpus", "../interviews"],
    corpusExclude: ["drafts/**"],
    severity: { "unsupported-figure": "info", "source-conflict": "off" },
    inlayHints: true,
  });
  assert.deepEqual(serverSettings(s), {
    corpus: { paths: ["corpus", "../interviews"], exclude: ["drafts/**"] },
    severity: { "unsupported-figure": "info", "source-conflict": "off" },
    inlayHints: { enable: true },
    clientShowsCommandResults: true,
  });
});

test("exclusions alone are sent without paths, so vouch.toml still finds the corpus", () => {
  const s = readSettings((k) => (k === "corpus.exclude" ? ["old/**"] : undefined));
  assert.deepEqual(serverSettings(s).corpus, { exclude: ["old/**"] });
});

test("bad setting values fall back to the defaults", () => {
  const values: Record<string, unknown> = {
    "server.path": 3,
    "corpus.paths": "corpus",
    "corpus.exclude": { a: 1 },
    severity: { "figure-mismatch": "loud", "no-such-code": "off", misquote: 3 },
    "inlayHints.enable": "yes",
  };
  assert.deepEqual(readSettings((k) => values[k]), DEFAULTS);
  assert.deepEqual(readSettings((k) => (k === "severity" ? ["error"] : undefined)).severity, {});
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
  assert.match(!r.ok ? r.error : "", /platform \.vsix/);
  assert.match(!r.ok ? r.error : "", /cargo install --locked --path \./);
});

test("the binary inside the extension is the last resort for the default name", () => {
  const bundled = "/ext/vouch-0.1.0-linux-x64/server/vouch";
  assert.deepEqual(resolveServerPath("vouch", env([bundled], { bundled })), { ok: true, command: bundled, how: "bundled" });
  // vouch on PATH or in ~/.cargo/bin comes first: the user installed it on purpose.
  assert.deepEqual(resolveServerPath("vouch", env([bundled, "/usr/bin/vouch"], { bundled })), {
    ok: true,
    command: "/usr/bin/vouch",
    how: "PATH",
  });
  assert.deepEqual(resolveServerPath("vouch", env([bundled, "/home/ana/.cargo/bin/vouch"], { bundled })).ok && "cargo", "cargo");
  // A name or path the user set is never replaced by the bundled one.
  assert.equal(resolveServerPath("vouch-dev", env([bundled], { bundled })).ok, false);
  assert.equal(resolveServerPath("/opt/vouch", env([bundled], { bundled })).ok, false);
  // A universal .vsix has none.
  assert.equal(resolveServerPath("vouch", env([], { bundled })).ok, false);
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
