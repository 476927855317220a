// Where a diagnostic's code links to: a `vouch-rule:/CODE.md` document whose text is
// `vouch rule CODE` (the server's own link points to no page a user can open).
// VS Code opens a link of an unknown scheme as a document from its content provider,
// from the hover and the Problems panel alike; it would not run a `command:` link there.
// No `vscode` import here, so node's test runner can load this module.
import { CODES } from "./config";

export const RULE_SCHEME = "vouch-rule";

/** The vouch code in a diagnostic's `code` (a string, or `{ value, target }`), if it is one. */
export function codeOf(code: unknown): string | undefined {
  const value = typeof code === "object" && code !== null ? (code as { value?: unknown }).value : code;
  return typeof value === "string" && (CODES as readonly string[]).includes(value) ? value : undefined;
}

/** The link of a code: a document named after it. */
export function codeLink(code: string): string {
  return `${RULE_SCHEME}:/${code}.md`;
}

/** The code a `vouch-rule:` document is about, if the path names one. */
export function codeOfLink(linkPath: string): string | undefined {
  const m = /^\/?([a-z-]+)\.md$/.exec(linkPath);
  return m ? codeOf(m[1]) : undefined;
}
