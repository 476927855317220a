// The status bar text, from the server's `vouch/status` notifications.
// No `vscode` import here, so node's test runner can load this module.

/**
 * The `vouch/status` notification's parameters. `state` is "indexing", "ready" or
 * "error"; another state (a newer server's) is shown as its name and message.
 */
export interface VouchStatus {
  state: string;
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
    typeof v.state === "string" &&
    v.state !== "" &&
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

function sizeOf(s: VouchStatus): string {
  return plural(s.sources, "source", "sources") + (s.sentences !== undefined ? `, ${plural(s.sentences, "sentence", "sentences")}` : "");
}

/**
 * The tooltip line of one root. Each thing is said once: the state, the corpus
 * size, and the server's message only where it adds something (an error, or what
 * is being indexed), never the counts again.
 */
function tooltipLine(s: VouchStatus, many: boolean): string {
  const where = many ? `${s.root}: ` : "";
  const message = (s.message ?? "").trim();
  if (s.state === "error") return `${where}error: ${message !== "" ? message : "the server reported an error"}`;
  if (s.state === "ready") return `${where}ready: ${sizeOf(s)}`;
  if (s.state === "indexing") {
    const known = s.sources > 0 ? ` (${sizeOf(s)} so far)` : "";
    return `${where}${message !== "" ? message : "indexing"}${known}`;
  }
  return `${where}${s.state}${message !== "" ? `: ${message}` : ""}`;
}

/**
 * One line for all roots: an error wins, then indexing, then the corpus size.
 * `$(…)` are VS Code's codicons. The tooltip names the root when there are several.
 */
export function statusView(statuses: VouchStatus[]): StatusView {
  if (statuses.length === 0) {
    return { text: "$(loading~spin) vouch", tooltip: "vouch: starting", isError: false };
  }
  const many = statuses.length > 1;
  const lines = statuses.map((s) => tooltipLine(s, many));
  const tooltip = (many ? "vouch\n" : "vouch: ") + lines.join("\n");
  const sources = statuses.reduce((n, s) => n + s.sources, 0);
  if (statuses.some((s) => s.state === "error")) {
    return { text: "$(error) vouch", tooltip, isError: true };
  }
  // The file counts while indexing come as $/progress, which VS Code shows.
  if (statuses.some((s) => s.state === "indexing")) {
    const known = sources > 0 ? ` (${plural(sources, "source", "sources")})` : "";
    return { text: `$(sync~spin) vouch: indexing${known}`, tooltip, isError: false };
  }
  const other = statuses.find((s) => s.state !== "ready");
  if (other) return { text: `$(circle-slash) vouch: ${other.state}`, tooltip, isError: false };
  return { text: `$(check) vouch: ${plural(sources, "source", "sources")}`, tooltip, isError: false };
}
