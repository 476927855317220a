// The VS Code side: starts `vouch lsp`, forwards the settings, adds the commands and
// the status bar item. The logic lives in config.ts, status.ts, sources.ts and codes.ts.
import { ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { RULE_SCHEME, codeLink, codeOf, codeOfLink } from "./codes";
import { Resolved, readSettings, resolveServerPath, serverArgs, serverSettings } from "./config";
import { REINDEX, SHOW_SOURCES, reindexMessage, showSourcesArgs, sourceItems } from "./sources";
import { StatusBook, isVouchStatus } from "./status";

// These ids differ from the server's commands (vouch.reindex, vouch.showSources) on
// purpose: the client registers the server's commands in VS Code under their own ids,
// and registering the same id twice fails.
const CMD_RESTART = "vouch.restartServer";
const CMD_REINDEX = "vouch.reindexCorpus";
const CMD_SOURCES = "vouch.showSourcesAtCursor";
const CMD_EXPLAIN = "vouch.explainCode";

export const RESTRICTED_MESSAGE =
  "vouch does not run in Restricted Mode: it starts a program (vouch lsp) that reads this folder's drafts, sources and vouch.toml. Trust the folder to check its drafts.";

let client: LanguageClient | undefined;
let serverProcess: ChildProcess | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let extensionPath = "";
const book = new StatusBook();

function currentSettings() {
  const config = vscode.workspace.getConfiguration("vouch");
  return readSettings((key) => config.get(key));
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The binary inside a platform .vsix; vsce keeps its mode, but a copy made by hand may not. */
function bundledServer(): string {
  const p = path.join(extensionPath, "server", process.platform === "win32" ? "vouch.exe" : "vouch");
  if (process.platform !== "win32" && isFile(p)) {
    try {
      fs.accessSync(p, fs.constants.X_OK);
    } catch {
      fs.chmodSync(p, 0o755);
    }
  }
  return p;
}

function resolveServer(): Resolved {
  return resolveServerPath(currentSettings().serverPath, {
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    pathDirs: (process.env.PATH ?? "").split(path.delimiter),
    platform: process.platform,
    isFile,
    bundled: bundledServer(),
  });
}

function showStatus(text?: string, tooltip?: string, isError = false, command = CMD_REINDEX): void {
  const view = book.view();
  statusItem.text = text ?? view.text;
  const click = command === CMD_REINDEX ? "Click to reindex the corpus." : "Click to manage Workspace Trust.";
  statusItem.tooltip = `${tooltip ?? view.tooltip}\n\n${click}`;
  statusItem.command = command;
  isError = text !== undefined ? isError : view.isError;
  statusItem.backgroundColor = isError ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  statusItem.show();
}

/** Restricted Mode: nothing runs, and the user is told why, once, with the way out. */
function showRestricted(): void {
  showStatus("$(shield) vouch: Restricted Mode", RESTRICTED_MESSAGE, false, "workbench.trust.manage");
  void vscode.window.showInformationMessage(RESTRICTED_MESSAGE, "Manage Workspace Trust").then((choice) => {
    if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
  });
}

/**
 * Starts the server process ourselves: vscode-languageclient 9 logs every exit of a
 * process it spawned at error level, a clean one after a restart included.
 */
function serverOptions(command: string, cwd: string | undefined): ServerOptions {
  return async () => {
    const proc = spawn(command, serverArgs(), { cwd, env: process.env });
    serverProcess = proc;
    proc.on("exit", (code, signal) => {
      if (code === 0) output.appendLine("vouch lsp exited cleanly");
      else output.appendLine(`[error] vouch lsp exited with ${signal ? `signal ${signal}` : `code ${code}`}`);
    });
    proc.on("error", (err) => output.appendLine(`[error] vouch lsp: ${err.message}`));
    return proc;
  };
}

async function start(): Promise<void> {
  book.clear();
  if (!vscode.workspace.isTrusted) {
    showRestricted();
    return;
  }
  const settings = currentSettings();
  const resolved = resolveServer();
  if (!resolved.ok) {
    showStatus("$(error) vouch: no server", resolved.error, true);
    const choice = await vscode.window.showErrorMessage(`vouch: ${resolved.error}`, "Open Settings");
    if (choice) await vscode.commands.executeCommand("workbench.action.openSettings", "vouch.server.path");
    return;
  }
  output.appendLine(`starting ${resolved.command} ${serverArgs().join(" ")} (found via ${resolved.how})`);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: serverSettings(settings),
    outputChannel: output,
    middleware: {
      // A code's link opens `vouch rule CODE` (the server's own link points nowhere the user can open).
      handleDiagnostics(uri, diagnostics, next) {
        for (const d of diagnostics) {
          const code = codeOf(d.code);
          if (d.source === "vouch" && code) d.code = { value: code, target: vscode.Uri.parse(codeLink(code)) };
        }
        next(uri, diagnostics);
      },
    },
  };
  // The id "vouch" makes the client read `vouch.trace.server` itself.
  const c = new LanguageClient("vouch", "vouch", serverOptions(resolved.command, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath), clientOptions);
  c.onNotification("vouch/status", (params: unknown) => {
    if (isVouchStatus(params)) {
      book.update(params);
      if (client === c) showStatus();
    }
  });
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped && client === c) showStatus("$(debug-stop) vouch: stopped", "The server stopped (vouch: Restart Server starts it again).", true);
  });
  client = c;
  showStatus();
  try {
    await c.start();
  } catch (err) {
    // The language client has said so already, in a notification and the output channel.
    showStatus("$(error) vouch: failed to start", String(err), true);
  }
}

async function stop(): Promise<void> {
  const c = client;
  const proc = serverProcess;
  client = undefined;
  serverProcess = undefined;
  if (c) await c.dispose(2000).catch((err) => output.appendLine(`stopping: ${String(err)}`));
  // The client asked it to exit; one that does not is ended.
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    setTimeout(() => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill();
    }, 2000).unref();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function runningClient(): LanguageClient | undefined {
  if (client?.isRunning()) return client;
  if (!vscode.workspace.isTrusted) {
    showRestricted();
  } else {
    void vscode.window.showWarningMessage("vouch: the server is not running (vouch: Restart Server).");
  }
  return undefined;
}

async function reindex(): Promise<void> {
  const c = runningClient();
  if (!c) return;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: "vouch: reindexing" },
    () => c.sendRequest(ExecuteCommandRequest.type, { command: REINDEX, arguments: [] }),
  );
  void vscode.window.showInformationMessage(reindexMessage(result));
}

async function openSource(c: LanguageClient, uri: string, range: Parameters<LanguageClient["protocol2CodeConverter"]["asRange"]>[0]) {
  const doc = await vscode.workspace.openTextDocument(c.protocol2CodeConverter.asUri(uri));
  const selection = c.protocol2CodeConverter.asRange(range);
  await vscode.window.showTextDocument(doc, { selection, preview: true });
}

async function showSources(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "markdown") {
    void vscode.window.showInformationMessage("vouch: put the cursor on a figure, quote or name in a markdown draft.");
    return;
  }
  const c = runningClient();
  if (!c) return;
  const uri = c.code2ProtocolConverter.asUri(editor.document.uri);
  const position = c.code2ProtocolConverter.asPosition(editor.selection.active);
  const result = await c.sendRequest(ExecuteCommandRequest.type, {
    command: SHOW_SOURCES,
    arguments: showSourcesArgs(uri, position),
  });
  const items = sourceItems(result);
  if (items.length === 0) {
    void vscode.window.showInformationMessage("vouch: no source for what is under the cursor.");
    return;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: "vouch: sources",
    placeHolder: "Open a source at its line",
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (pick) await openSource(c, pick.hit.uri, pick.hit.range);
}

/** The text of a `vouch-rule:/CODE.md` document: `vouch rule CODE`. */
async function ruleText(uri: vscode.Uri): Promise<string> {
  const code = codeOfLink(uri.path);
  if (!code) return `No vouch code is named ${uri.path}.`;
  if (!vscode.workspace.isTrusted) return `# ${code}\n\n${RESTRICTED_MESSAGE}\n`;
  const resolved = resolveServer();
  if (!resolved.ok) return `# ${code}\n\n${resolved.error}\n`;
  return new Promise<string>((resolve) =>
    execFile(resolved.command, ["rule", code], { timeout: 10_000 }, (err, stdout, stderr) =>
      resolve(err ? `# ${code}\n\n\`vouch rule ${code}\` failed: ${stderr.trim() || err.message}\n` : stdout),
    ),
  );
}

/** What a code means, as a markdown preview (the code under the cursor, or the one given). */
async function explainCode(arg?: unknown): Promise<void> {
  let code = codeOf(Array.isArray(arg) ? arg[0] : arg);
  if (!code) {
    const editor = vscode.window.activeTextEditor;
    const here = editor && vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === "vouch" && d.range.contains(editor.selection.active));
    code = codeOf(here?.code);
  }
  if (!code) {
    void vscode.window.showInformationMessage("vouch: put the cursor on a vouch finding to see what its code means.");
    return;
  }
  const uri = vscode.Uri.parse(codeLink(code));
  await vscode.commands.executeCommand("markdown.showPreview", uri).then(undefined, async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  });
}

async function onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!e.affectsConfiguration("vouch") || !vscode.workspace.isTrusted) return;
  const settings = currentSettings();
  // A new binary needs a new process; emptied corpus paths mean "back to vouch.toml",
  // which only a fresh start reads. Anything else goes to the running server.
  const corpusCleared = e.affectsConfiguration("vouch.corpus.paths") && settings.corpusPaths.length === 0;
  if (e.affectsConfiguration("vouch.server.path") || corpusCleared || !client) {
    await restart();
  } else if (client.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings(settings) });
  }
}

function guarded<A extends unknown[]>(f: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await f(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      void vscode.window.showErrorMessage(message.startsWith("vouch: ") ? message : `vouch: ${message}`);
    }
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel("vouch");
  statusItem = vscode.window.createStatusBarItem("vouch.status", vscode.StatusBarAlignment.Left, 0);
  statusItem.name = "vouch";
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand(CMD_RESTART, guarded(restart)),
    vscode.commands.registerCommand(CMD_REINDEX, guarded(reindex)),
    vscode.commands.registerCommand(CMD_SOURCES, guarded(showSources)),
    vscode.commands.registerCommand(CMD_EXPLAIN, guarded(explainCode)),
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, { provideTextDocumentContent: ruleText }),
    vscode.workspace.onDidChangeConfiguration((e) => guarded(() => onConfigurationChanged(e))()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => guarded(restart)()),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
