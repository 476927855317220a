// The status bar text, from the server's `vouch/status` notifications.
// No `vscode` import here, so node's test runner can load this module.

/** The `vouch/status` notification's parameters. */
export interface VouchStatus {
  state: "indexing" | "ready" | "error";
  root: string;
  sources: number;
  sentences?: number;
  message?: string;
}

export interface StatusView {
  text: string;
  tooltip: string;
  isError: boolean;
}

export function isVouchStatus(value: unknown): value is VouchStatus {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.state === "indexing" || v.state === "ready" || v.state === "error") &&
    typeof v.root === "string" &&
    typeof v.sources === "number"
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** Keeps the latest status of each workspace root: the server reports per root. */
export class StatusBook {
  private readonly byRoot = new Map<string, VouchStatus>();

  update(status: VouchStatus): void {
    this.byRoot.set(status.root, status);
  }

  clear(): void {
    this.byRoot.clear();
  }

  view(): StatusView {
    return statusView([...this.byRoot.values()]);
  }
}

/**
 * One line for all roots: an error wins, then indexing, then the corpus size.
 * `$(…)` are VS Code's codicons.
 */
export function statusView(statuses: VouchStatus[]): StatusView {
  if (statuses.length === 0) {
    return { text: "$(loading~spin) vouch", tooltip: "vouch: starting", isError: false };
  }
  const lines = statuses.map((s) => {
    const size = plural(s.sources, "source", "sources") + (s.sentences !== undefined ? `, ${plural(s.sentences, "sentence", "sentences")}` : "");
    const note = s.message ? ` — ${s.message}` : "";
    return `${s.root}: ${s.state}, ${size}${note}`;
  });
  const tooltip = lines.join("\n");
  const sources = statuses.reduce((n, s) => n + s.sources, 0);
  const errors = statuses.filter((s) => s.state === "error");
  if (errors.length > 0) {
    return { text: "$(error) vouch", tooltip, isError: true };
  }
  // The server's messages ("indexing the corpus", "3 files changed") go to the
  // tooltip; the file counts while indexing come as $/progress, which VS Code shows.
  if (statuses.some((s) => s.state === "indexing")) {
    const known = sources > 0 ? ` (${plural(sources, "source", "sources")})` : "";
    return { text: `$(sync~spin) vouch: indexing${known}`, tooltip, isError: false };
  }
  return { text: `$(check) vouch: ${plural(sources, "source", "sources")}`, tooltip, isError: false };
}
