// The VS Code side: starts `vouch lsp`, forwards the settings, adds the commands and
// the status bar item. The logic lives in config.ts, status.ts and sources.ts.
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
import { readSettings, resolveServerPath, serverArgs, serverSettings } from "./config";
import { REINDEX, SHOW_SOURCES, reindexMessage, showSourcesArgs, sourceItems } from "./sources";
import { StatusBook, isVouchStatus } from "./status";

// These ids differ from the server's commands (vouch.reindex, vouch.showSources) on
// purpose: the client registers the server's commands in VS Code under their own ids,
// and registering the same id twice fails.
const CMD_RESTART = "vouch.restartServer";
const CMD_REINDEX = "vouch.reindexCorpus";
const CMD_SOURCES = "vouch.showSourcesAtCursor";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
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

function showStatus(text?: string, tooltip?: string, isError = false): void {
  const view = book.view();
  statusItem.text = text ?? view.text;
  statusItem.tooltip = (tooltip ?? view.tooltip) + "\n\nClick to reindex the corpus.";
  isError = text !== undefined ? isError : view.isError;
  statusItem.backgroundColor = isError ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  statusItem.show();
}

async function start(): Promise<void> {
  const settings = currentSettings();
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const resolved = resolveServerPath(settings.serverPath, {
    home: os.homedir(),
    workspaceFolder,
    pathDirs: (process.env.PATH ?? "").split(path.delimiter),
    platform: process.platform,
    isFile,
  });
  book.clear();
  if (!resolved.ok) {
    showStatus("$(error) vouch: no server", resolved.error, true);
    const choice = await vscode.window.showErrorMessage(resolved.error, "Open Settings");
    if (choice) await vscode.commands.executeCommand("workbench.action.openSettings", "vouch.server.path");
    return;
  }
  output.appendLine(`starting ${resolved.command} ${serverArgs().join(" ")} (found via ${resolved.how})`);

  const serverOptions: ServerOptions = {
    command: resolved.command,
    args: serverArgs(),
    options: { cwd: workspaceFolder },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: serverSettings(settings),
    outputChannel: output,
  };
  // The id "vouch" makes the client read `vouch.trace.server` itself.
  const c = new LanguageClient("vouch", "vouch", serverOptions, clientOptions);
  c.onNotification("vouch/status", (params: unknown) => {
    if (isVouchStatus(params)) {
      book.update(params);
      showStatus();
    }
  });
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped) showStatus("$(debug-stop) vouch: stopped", "The server stopped.", true);
  });
  client = c;
  showStatus();
  try {
    await c.start();
  } catch (err) {
    showStatus("$(error) vouch: failed to start", String(err), true);
    void vscode.window.showErrorMessage(`vouch: the server failed to start: ${String(err)}`);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.dispose().catch((err) => output.appendLine(`stopping: ${String(err)}`));
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function runningClient(): LanguageClient | undefined {
  if (client?.isRunning()) return client;
  void vscode.window.showWarningMessage("vouch: the server is not running (Vouch: Restart Server).");
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
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pick) return;
  const doc = await vscode.workspace.openTextDocument(c.protocol2CodeConverter.asUri(pick.hit.uri));
  await vscode.window.showTextDocument(doc, { selection: c.protocol2CodeConverter.asRange(pick.hit.range) });
}

async function onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!e.affectsConfiguration("vouch")) return;
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

function guarded(f: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await f();
    } catch (err) {
      void vscode.window.showErrorMessage(`vouch: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("vouch");
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusItem.name = "vouch";
  statusItem.command = CMD_REINDEX;
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand(CMD_RESTART, guarded(restart)),
    vscode.commands.registerCommand(CMD_REINDEX, guarded(reindex)),
    vscode.commands.registerCommand(CMD_SOURCES, guarded(showSources)),
    vscode.workspace.onDidChangeConfiguration((e) => guarded(() => onConfigurationChanged(e))()),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
