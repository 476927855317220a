// Settings to server: what to launch and which options to send.
// No `vscode` import here, so node's test runner can load this module.
import * as path from "node:path";

/** The extension's settings, as read from the `vouch` configuration section. */
export interface ExtensionSettings {
  serverPath: string;
  corpusPaths: string[];
  corpusExclude: string[];
  /** code -> level, only the codes the user set. */
  severity: Record<string, Level>;
  inlayHints: boolean;
}

/** The server's own settings (its `initializationOptions` and `didChangeConfiguration` object). */
export interface ServerSettings {
  corpus?: { paths?: string[]; exclude?: string[] };
  severity?: Record<string, Level>;
  inlayHints: { enable: boolean };
  /** The extension shows command results itself: the server sends no message for them. */
  clientShowsCommandResults: true;
}

export const DEFAULT_SERVER_PATH = "vouch";

export const CODES = [
  "figure-mismatch",
  "unsupported-figure",
  "source-conflict",
  "misquote",
  "misattribution",
  "quote-not-found",
  "name-variant",
] as const;
export const LEVELS = ["error", "warning", "info", "hint", "off"] as const;
export type Level = (typeof LEVELS)[number];

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((p): p is string => typeof p === "string" && p.trim() !== "").map((p) => p.trim())
    : [];
}

function levels(value: unknown): Record<string, Level> {
  const out: Record<string, Level> = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) return out;
  for (const [code, level] of Object.entries(value)) {
    if ((CODES as readonly string[]).includes(code) && (LEVELS as readonly unknown[]).includes(level)) {
      out[code] = level as Level;
    }
  }
  return out;
}

/** Reads the settings through a getter shaped like `WorkspaceConfiguration.get`, tolerating bad values. */
export function readSettings(get: (key: string) => unknown): ExtensionSettings {
  const serverPath = get("server.path");
  const corpusPaths = get("corpus.paths");
  return {
    serverPath: typeof serverPath === "string" && serverPath.trim() !== "" ? serverPath.trim() : DEFAULT_SERVER_PATH,
    corpusPaths: strings(corpusPaths),
    corpusExclude: strings(get("corpus.exclude")),
    severity: levels(get("severity")),
    inlayHints: get("inlayHints.enable") === true,
  };
}

/**
 * The object the server reads. What the user left unset is left out, so that the
 * server falls back to the workspace's vouch.toml (then ./corpus and the defaults).
 */
export function serverSettings(settings: ExtensionSettings): ServerSettings {
  const out: ServerSettings = { inlayHints: { enable: settings.inlayHints }, clientShowsCommandResults: true };
  const corpus: ServerSettings["corpus"] = {};
  if (settings.corpusPaths.length > 0) corpus.paths = [...settings.corpusPaths];
  if (settings.corpusExclude.length > 0) corpus.exclude = [...settings.corpusExclude];
  if (Object.keys(corpus).length > 0) out.corpus = corpus;
  if (Object.keys(settings.severity).length > 0) out.severity = { ...settings.severity };
  return out;
}

export interface PathEnv {
  home: string;
  /** The binary shipped inside a platform .vsix (extension/server/vouch), if any. */
  bundled?: string;
  /** The first workspace folder, if any. */
  workspaceFolder?: string;
  /** The PATH variable, split already. */
  pathDirs: string[];
  platform: NodeJS.Platform;
  isFile: (p: string) => boolean;
}

export type Resolved =
  | { ok: true; command: string; how: "setting" | "PATH" | "cargo" | "bundled" }
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
 * not have on its PATH); the default name then falls back to the binary inside the
 * extension. A path is taken as given after expanding `~`, relative to the
 * workspace folder when it is relative.
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
  if (raw === DEFAULT_SERVER_PATH && env.bundled && env.isFile(env.bundled)) {
    return { ok: true, command: env.bundled, how: "bundled" };
  }
  return {
    ok: false,
    error: `${raw} is not on PATH nor in ~/.cargo/bin: install the platform .vsix, which carries it, or \`cargo install --locked --path .\` in the vouch repository, or set vouch.server.path`,
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
