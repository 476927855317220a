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

/** Items for the picker, one per source hit; anything malformed is dropped. */
export function sourceItems(result: unknown): SourceItem[] {
  if (!Array.isArray(result)) return [];
  return result.filter(isSourceHit).map((hit) => ({
    label: hit.title && hit.title.trim() !== "" ? hit.title.trim() : hit.path,
    description: `${hit.path}:${hit.line}`,
    detail: (hit.excerpt ?? "").replace(/\s+/g, " ").trim(),
    hit,
  }));
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
