import assert from "node:assert/strict";
import { test } from "node:test";
import { StatusBook, isVouchStatus, statusView } from "../src/status";

test("before any status: starting", () => {
  assert.equal(statusView([]).text, "$(loading~spin) vouch");
});

test("ready shows the corpus size, and the tooltip says each thing once", () => {
  const v = statusView([{ state: "ready", root: "/w", sources: 5, sentences: 189, message: "5 sources, 189 sentences" }]);
  assert.equal(v.text, "$(check) vouch: 5 sources");
  assert.equal(v.isError, false);
  assert.equal(v.tooltip, "vouch: ready: 5 sources, 189 sentences");
});

test("indexing: the state in the bar, the server's message in the tooltip", () => {
  const v = statusView([{ state: "indexing", root: "/w", sources: 0, message: "indexing the corpus" }]);
  assert.equal(v.text, "$(sync~spin) vouch: indexing");
  assert.equal(v.tooltip, "vouch: indexing the corpus");
});

test("several roots: one line each, named", () => {
  const v = statusView([
    { state: "ready", root: "/a", sources: 5, sentences: 10 },
    { state: "ready", root: "/b", sources: 1 },
  ]);
  assert.equal(v.tooltip, "vouch\n/a: ready: 5 sources, 10 sentences\n/b: ready: 1 source");
});

test("a state this extension does not know is shown by its name and message", () => {
  const v = statusView([{ state: "idle", root: "/w", sources: 0, message: "no corpus folder in /w" }]);
  assert.equal(v.text, "$(circle-slash) vouch: idle");
  assert.equal(v.tooltip, "vouch: idle: no corpus folder in /w");
  assert.equal(v.isError, false);
});

test("re-indexing a known corpus keeps its size in view", () => {
  const v = statusView([
    { state: "indexing", root: "/a", sources: 5, message: "1 files changed" },
    { state: "ready", root: "/b", sources: 1 },
  ]);
  assert.equal(v.text, "$(sync~spin) vouch: indexing (6 sources)");
});

test("an error in any root wins, and its message is in the tooltip", () => {
  const v = statusView([
    { state: "ready", root: "/a", sources: 5 },
    { state: "error", root: "/b", sources: 0, message: "no corpus at /b/corpus" },
  ]);
  assert.equal(v.text, "$(error) vouch");
  assert.equal(v.isError, true);
  assert.match(v.tooltip, /no corpus at \/b\/corpus/);
});

test("the book keeps the latest status per root and sums the sources", () => {
  const book = new StatusBook();
  book.update({ state: "indexing", root: "/a", sources: 0 });
  book.update({ state: "ready", root: "/a", sources: 19043 });
  book.update({ state: "ready", root: "/b", sources: 5 });
  assert.equal(book.view().text, "$(check) vouch: 19,048 sources");
  book.clear();
  assert.equal(book.view().text, "$(loading~spin) vouch");
});

test("malformed notifications are rejected", () => {
  assert.equal(isVouchStatus({ state: "ready", root: "/w", sources: 5 }), true);
  assert.equal(isVouchStatus({ state: "", root: "/w", sources: 5 }), false);
  assert.equal(isVouchStatus({ state: 3, root: "/w", sources: 5 }), false);
  assert.equal(isVouchStatus({ state: "ready", sources: 5 }), false);
  assert.equal(isVouchStatus(null), false);
});
