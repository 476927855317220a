// `vouch.showSources` results to QuickPick items, and the command's arguments.
// No `vscode` import here, so node's test runner can load this module.

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** One element of the array `vouch.showSources` returns. */
export interface SourceHit {
  uri: string;
  range: LspRange;
  path: string;
  line: number;
  title?: string;
  excerpt?: string;
}

export interface SourceItem {
  label: string;
  description: string;
  detail: string;
  hit: SourceHit;
}

export const SHOW_SOURCES = "vouch.showSources";
export const REINDEX = "vouch.reindex";

/** The arguments the server expects: the draft's uri and the cursor (0-based, in the negotiated encoding). */
export function showSourcesArgs(uri: string, position: LspPosition): [string, LspPosition] {
  return [uri, { line: position.line, character: position.character }];
}

function isPosition(v: unknown): v is LspPosition {
  const p = v as LspPosition;
  return typeof v === "object" && v !== null && Number.isInteger(p.line) && Number.isInteger(p.character);
}

export function isSourceHit(v: unknown): v is SourceHit {
  if (typeof v !== "object" || v === null) return false;
  const h = v as Record<string, unknown>;
  const r = h.range as LspRange | undefined;
  return (
    typeof h.uri === "string" &&
    typeof h.path === "string" &&
    typeof h.line === "number" &&
    typeof r === "object" &&
    r !== null &&
    isPosition(r.start) &&
    isPosition(r.end)
  );
}

function baseName(p: string): string {
  return p.split(/[\\/]/).filter((s) => s !== "").pop() ?? p;
}

function folderOf(p: string): string {
  const cut = Math.max(p.lastIndexOf("/"), p.lastIndexOf("\\"));
  return cut > 0 ? p.slice(0, cut) : "";
}

/**
 * Items for the picker, one per source hit; anything malformed is dropped.
 * The label is the source's title (else its file name) and the line; the
 * description says where the file is, without repeating the label.
 */
export function sourceItems(result: unknown): SourceItem[] {
  if (!Array.isArray(result)) return [];
  return result.filter(isSourceHit).map((hit) => {
    const title = hit.title?.trim() ?? "";
    return {
      label: `${title !== "" ? title : baseName(hit.path)}, line ${hit.line}`,
      description: title !== "" ? hit.path : folderOf(hit.path),
      detail: (hit.excerpt ?? "").replace(/\s+/g, " ").trim(),
      hit,
    };
  });
}

/** The reply to `vouch.reindex`, as one line for a notification. */
export function reindexMessage(result: unknown): string {
  const r = result as { sources?: unknown; changed?: unknown } | null;
  if (typeof r === "object" && r !== null && typeof r.sources === "number") {
    const changed = typeof r.changed === "number" ? `, ${r.changed} changed` : "";
    return `vouch: corpus reindexed, ${r.sources} sources${changed}`;
  }
  return "vouch: corpus reindexed";
}
