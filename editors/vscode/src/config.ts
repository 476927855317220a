// Settings to server: what to launch and which options to send.
// No `vscode` import here, so node's test runner can load this module.
import * as path from "node:path";

/** The extension's settings, as read from the `vouch` configuration section. */
export interface ExtensionSettings {
  serverPath: string;
  corpusPaths: string[];
  inlayHints: boolean;
}

/** The server's own settings (its `initializationOptions` and `didChangeConfiguration` object). */
export interface ServerSettings {
  corpus?: { paths: string[] };
  inlayHints: { enable: boolean };
}

export const DEFAULT_SERVER_PATH = "vouch";

/** Reads the settings through a getter shaped like `WorkspaceConfiguration.get`, tolerating bad values. */
export function readSettings(get: (key: string) => unknown): ExtensionSettings {
  const serverPath = get("server.path");
  const corpusPaths = get("corpus.paths");
  return {
    serverPath: typeof serverPath === "string" && serverPath.trim() !== "" ? serverPath.trim() : DEFAULT_SERVER_PATH,
    corpusPaths: Array.isArray(corpusPaths)
      ? corpusPaths.filter((p): p is string => typeof p === "string" && p.trim() !== "").map((p) => p.trim())
      : [],
    inlayHints: get("inlayHints.enable") === true,
  };
}

/**
 * The object the server reads. `corpus` is left out when no paths are set, so that
 * the server falls back to the workspace's vouch.toml or ./corpus.
 */
export function serverSettings(settings: ExtensionSettings): ServerSettings {
  const out: ServerSettings = { inlayHints: { enable: settings.inlayHints } };
  if (settings.corpusPaths.length > 0) out.corpus = { paths: [...settings.corpusPaths] };
  return out;
}

export interface PathEnv {
  home: string;
  /** The first workspace folder, if any. */
  workspaceFolder?: string;
  /** The PATH variable, split already. */
  pathDirs: string[];
  platform: NodeJS.Platform;
  isFile: (p: string) => boolean;
}

export type Resolved =
  | { ok: true; command: string; how: "setting" | "PATH" | "cargo" }
  | { ok: false; error: string };

function expandHome(p: string, home: string): string {
  if (p === "~") return home;
  if (p.startsWith("~/") || p.startsWith("~\\")) return path.join(home, p.slice(2));
  return p;
}

function executableNames(name: string, platform: NodeJS.Platform): string[] {
  return platform === "win32" && path.extname(name) === "" ? [name + ".exe", name + ".cmd", name] : [name];
}

/**
 * Where the server binary is. A bare name is searched on PATH, then in ~/.cargo/bin
 * (where `cargo install` puts it, and which an editor started from a desktop may
 * not have on its PATH). A path is taken as given after expanding `~`, relative to
 * the workspace folder when it is relative.
 */
export function resolveServerPath(setting: string, env: PathEnv): Resolved {
  const raw = setting.trim() === "" ? DEFAULT_SERVER_PATH : setting.trim();
  const isBareName = !raw.includes("/") && !raw.includes("\\") && !raw.startsWith("~");
  if (!isBareName) {
    let p = expandHome(raw, env.home);
    if (!path.isAbsolute(p)) {
      if (!env.workspaceFolder) {
        return { ok: false, error: `vouch.server.path is relative (${raw}) but no folder is open` };
      }
      p = path.join(env.workspaceFolder, p);
    }
    for (const candidate of executableNames(p, env.platform)) {
      if (env.isFile(candidate)) return { ok: true, command: candidate, how: "setting" };
    }
    return { ok: false, error: `vouch.server.path points to ${p}, which is not a file` };
  }
  for (const dir of env.pathDirs.filter((d) => d !== "")) {
    for (const name of executableNames(raw, env.platform)) {
      const candidate = path.join(dir, name);
      if (env.isFile(candidate)) return { ok: true, command: candidate, how: "PATH" };
    }
  }
  for (const name of executableNames(raw, env.platform)) {
    const candidate = path.join(env.home, ".cargo", "bin", name);
    if (env.isFile(candidate)) return { ok: true, command: candidate, how: "cargo" };
  }
  return {
    ok: false,
    error: `${raw} is not on PATH nor in ~/.cargo/bin: install it with \`cargo install --path .\` in the vouch repository, or set vouch.server.path`,
  };
}

/**
 * The arguments after the binary. No `--stdio`: the client is started without a
 * `transport`, which means plain stdio (with `TransportKind.stdio` the client
 * would append `--stdio` itself; the server accepts both).
 */
export function serverArgs(): string[] {
  return ["lsp"];
}
