import assert from "node:assert/strict";
import { test } from "node:test";
import { codeLink, codeOf, codeOfLink } from "../src/codes";

test("a vouch code is read from a string or from { value, target }", () => {
  assert.equal(codeOf("figure-mismatch"), "figure-mismatch");
  assert.equal(codeOf({ value: "misquote", target: "https://example.invalid" }), "misquote");
  assert.equal(codeOf("E0308"), undefined);
  assert.equal(codeOf(42), undefined);
  assert.equal(codeOf(undefined), undefined);
});

test("a code links to a vouch-rule document named after it, and back", () => {
  const link = codeLink("source-conflict");
  assert.equal(link, "vouch-rule:/source-conflict.md");
  assert.equal(codeOfLink(new URL(link).pathname), "source-conflict");
  assert.equal(codeOfLink("/no-such-code.md"), undefined);
  assert.equal(codeOfLink("/../etc/passwd"), undefined);
});
