import assert from "node:assert/strict";
import { test } from "node:test";
import { reindexMessage, showSourcesArgs, sourceItems } from "../src/sources";

const hit = {
  uri: "file:///w/corpus/004_4e68ea6f26a5cbdb.txt",
  range: { start: { line: 10, character: 0 }, end: { line: 10, character: 120 } },
  path: "004_4e68ea6f26a5cbdb.txt",
  line: 11,
  title: "US aid to Ukraine",
  excerpt: "…amounting to\n  $61.4 billion since Russia's invasion.",
};

test("showSources gets the draft uri and the cursor", () => {
  assert.deepEqual(showSourcesArgs("file:///w/d.md", { line: 6, character: 62 }), [
    "file:///w/d.md",
    { line: 6, character: 62 },
  ]);
});

test("each source becomes a picker item: title and line, its path, the excerpt on one line", () => {
  const [item] = sourceItems([hit]);
  assert.equal(item.label, "US aid to Ukraine, line 11");
  assert.equal(item.description, "004_4e68ea6f26a5cbdb.txt");
  assert.equal(item.detail, "…amounting to $61.4 billion since Russia's invasion.");
  assert.equal(item.hit, hit);
});

test("a source without a title is labelled by its file name and line, and the path is not said twice", () => {
  const [item] = sourceItems([{ ...hit, title: "", path: "corpus/004_4e68ea6f26a5cbdb.txt" }]);
  assert.equal(item.label, "004_4e68ea6f26a5cbdb.txt, line 11");
  assert.equal(item.description, "corpus");
  const [bare] = sourceItems([{ ...hit, title: undefined }]);
  assert.equal(bare.label, "004_4e68ea6f26a5cbdb.txt, line 11");
  assert.equal(bare.description, "");
});

test("malformed results give no items", () => {
  assert.deepEqual(sourceItems(null), []);
  assert.deepEqual(sourceItems({}), []);
  assert.deepEqual(sourceItems([{ uri: "x" }, { ...hit, range: { start: { line: 1 } } }]), []);
});

test("the reindex reply reads as one line", () => {
  assert.equal(reindexMessage({ sources: 5, changed: 1 }), "vouch: corpus reindexed, 5 sources, 1 changed");
  assert.equal(reindexMessage(null), "vouch: corpus reindexed");
});
