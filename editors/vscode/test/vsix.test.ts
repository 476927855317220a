// Checks the packaged extension as VS Code would install it: `npm run package` first.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { CODES, LEVELS } from "../src/config";
import { readZip } from "./zip";

const root = path.resolve(__dirname, "..", "..");
const vsixPath = process.env.VOUCH_VSIX ?? path.join(root, "vouch.vsix");

function load() {
  assert.ok(fs.existsSync(vsixPath), `${vsixPath} is missing: run \`npm run package\` first`);
  return readZip(fs.readFileSync(vsixPath));
}

function text(entries: ReturnType<typeof readZip>, name: string): string {
  const entry = entries.get(name);
  assert.ok(entry, `${name} is not in the .vsix (it has: ${[...entries.keys()].join(", ")})`);
  return entry.read().toString("utf8");
}

test("the manifest names the extension and the VS Code version the client needs", () => {
  const entries = load();
  const manifest = JSON.parse(text(entries, "extension/package.json"));
  assert.equal(manifest.name, "vouch");
  assert.equal(manifest.main, "./dist/extension.js");
  assert.ok(manifest.activationEvents.includes("onLanguage:markdown"));
  // vscode-languageclient declares the VS Code it needs; ours must not promise less.
  const client = require("vscode-languageclient/package.json");
  assert.equal(manifest.engines.vscode, client.engines.vscode);
  assert.equal(manifest.dependencies["vscode-languageclient"], client.version);
  const vsixManifest = text(entries, "extension.vsixmanifest");
  assert.match(vsixManifest, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.82\.0"/);
});

test("the settings are contributed with their types and defaults", () => {
  const props = JSON.parse(text(load(), "extension/package.json")).contributes.configuration.properties;
  assert.deepEqual(Object.keys(props).sort(), [
    "vouch.corpus.exclude",
    "vouch.corpus.paths",
    "vouch.inlayHints.enable",
    "vouch.server.path",
    "vouch.severity",
    "vouch.trace.server",
  ]);
  assert.equal(props["vouch.server.path"].default, "vouch");
  assert.equal(props["vouch.corpus.paths"].type, "array");
  assert.equal(props["vouch.corpus.exclude"].type, "array");
  assert.equal(props["vouch.inlayHints.enable"].default, false);
  assert.deepEqual(props["vouch.trace.server"].enum, ["off", "messages", "verbose"]);
  // One entry per code, each with the levels the server accepts.
  const severity = props["vouch.severity"];
  assert.deepEqual(severity.default, {});
  assert.deepEqual(Object.keys(severity.properties), [...CODES]);
  for (const code of CODES) assert.deepEqual(severity.properties[code].enum, [...LEVELS]);
});

test("limited support in Restricted Mode: the server path waits for trust", () => {
  const manifest = JSON.parse(text(load(), "extension/package.json"));
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, "limited");
  assert.deepEqual(untrusted.restrictedConfigurations, ["vouch.server.path"]);
  assert.match(untrusted.description, /trusted/);
});

test("the commands are contributed under one spelling, with ids apart from the server's own", () => {
  const manifest = JSON.parse(text(load(), "extension/package.json"));
  const commands = manifest.contributes.commands;
  const titles = commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`).sort();
  assert.deepEqual(titles, ["vouch: Explain Code", "vouch: Reindex Corpus", "vouch: Restart Server", "vouch: Show Sources"]);
  for (const c of commands) {
    assert.ok(!["vouch.reindex", "vouch.showSources"].includes(c.command), `${c.command} collides with the server's command`);
  }
  assert.doesNotMatch(JSON.stringify(manifest), /Vouch/, "the name is spelt vouch");
});

test("Show Sources has a keybinding and an editor context-menu entry in markdown", () => {
  const contributes = JSON.parse(text(load(), "extension/package.json")).contributes;
  const [key] = contributes.keybindings;
  assert.equal(key.command, "vouch.showSourcesAtCursor");
  assert.equal(key.key, "ctrl+alt+v");
  assert.match(key.when, /editorLangId == markdown/);
  const [menu] = contributes.menus["editor/context"];
  assert.equal(menu.command, "vouch.showSourcesAtCursor");
  assert.match(menu.when, /editorLangId == markdown/);
});

test("the bundle holds the extension and the language client, and the commands it registers", () => {
  const entries = load();
  const bundle = text(entries, "extension/dist/extension.js");
  const manifest = JSON.parse(text(entries, "extension/package.json"));
  // vscode-languageclient/node and its JSON-RPC transport, bundled in.
  assert.match(bundle, /class extends client_1\.BaseLanguageClient/);
  assert.match(bundle, /Content-Length: /);
  assert.match(bundle, /"textDocument\/publishDiagnostics"/);
  assert.match(bundle, /require\("vscode"\)/, "vscode must stay external");
  assert.match(bundle, /"vouch\/status"/);
  assert.match(bundle, /"vouch\.showSources"/);
  assert.match(bundle, /"vouch\.reindex"/);
  for (const c of manifest.contributes.commands) assert.ok(bundle.includes(JSON.stringify(c.command)), `${c.command} is never registered`);
  // Bundled: no node_modules shipped, nothing but the bundle under dist/.
  const names = [...entries.keys()];
  assert.deepEqual(names.filter((n) => n.includes("node_modules")), []);
  assert.deepEqual(names.filter((n) => n.startsWith("extension/dist/")), ["extension/dist/extension.js"]);
  assert.deepEqual(names.filter((n) => n.startsWith("extension/src/") || n.endsWith(".ts")), []);
  // The universal .vsix carries no binary.
  assert.deepEqual(names.filter((n) => n.startsWith("extension/server/")), []);
  // Diagnostics' code links open vouch-rule documents, which the extension provides.
  assert.match(bundle, /"vouch-rule"/);
});
