//! Protocol tests: the real server over in-memory streams, on a copy of the
//! seed corpus and the example drafts.

#[path = "lsp/client.rs"]
mod client;

use serde_json::{Value, json};

use client::{Client, Workspace, apply_edits, capabilities, utf16_position};

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    c.sort();
    c
}

/// The position of the `nth` occurrence of `needle` (plus `plus` bytes).
fn pos_of(text: &str, needle: &str, plus: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the draft"));
    utf16_position(text, at + plus)
}

fn doc_pos(uri: &str, pos: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialize_negotiates_the_encoding_and_advertises_the_contract() {
    let ws = Workspace::seeds();
    for (utf8, expected) in [(true, "utf-8"), (false, "utf-16")] {
        let mut c = Client::start(ws.options(0));
        let r = c
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": capabilities(utf8),
                       "workspaceFolders": [{"uri": ws.uri(""), "name": "ws"}]}),
            )
            .await;
        let caps = &r["capabilities"];
        assert_eq!(caps["positionEncoding"], expected);
        assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
        assert_eq!(
            caps["executeCommandProvider"]["commands"],
            json!(["vouch.reindex", "vouch.showSources"])
        );
        for p in [
            "hoverProvider",
            "definitionProvider",
            "referencesProvider",
            "codeActionProvider",
            "inlayHintProvider",
        ] {
            assert!(!caps[p].is_null(), "{p} missing: {caps}");
        }
        c.notify("initialized", json!({})).await;
        c.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_on_open_carry_codes_links_and_sources() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let uri = ws.uri("aid-and-territory.md");
    c.open(&uri, &ws.text("aid-and-territory.md")).await;
    let diags = c.diagnostics(&uri, 1).await;
    let codes = codes(&diags);
    for code in ["figure-mismatch", "source-conflict", "unsupported-figure"] {
        assert!(
            codes.contains(&code.to_string()),
            "{code} missing from {codes:?}"
        );
    }
    for d in &diags {
        assert_eq!(d["source"], "vouch");
        let code = d["code"].as_str().unwrap();
        assert!(
            vouch::engine::findings::Code::parse(code).is_some(),
            "{code} is not a vouch code"
        );
        // No link to documentation that is hosted nowhere.
        assert!(d.get("codeDescription").is_none(), "{d}");
    }
    let mismatch = diags
        .iter()
        .find(|d| {
            d["code"] == "figure-mismatch"
                && d["message"].as_str().unwrap().contains("$6.35 billion")
        })
        .expect("the dropped zero is flagged");
    assert_eq!(mismatch["severity"], 1);
    let related = mismatch["relatedInformation"].as_array().unwrap();
    assert!(!related.is_empty());
    let corpus_uri = ws.uri("corpus/");
    assert!(related.iter().all(|r| {
        r["location"]["uri"]
            .as_str()
            .unwrap()
            .starts_with(&corpus_uri)
    }));
    // The sentence range is on the cited line (1-based line 11 in the source).
    assert!(
        related
            .iter()
            .any(|r| r["location"]["range"]["start"]["line"] == 10),
        "{related:?}"
    );
    assert!(
        related
            .iter()
            .any(|r| r["message"].as_str().unwrap().contains("$61.4 billion"))
    );
    // The corpus was announced as indexing, then ready.
    let status = c
        .wait_for("vouch/status ready", |m| {
            m["method"] == "vouch/status" && m["params"]["state"] == "ready"
        })
        .await;
    assert_eq!(status["params"]["sources"], 5);
    assert!(status["params"]["sentences"].as_u64().unwrap() > 50);
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skipped_sources_are_named_in_the_status_and_the_log() {
    let ws = Workspace::seeds();
    std::fs::write(ws.root().join("corpus/budget.xlsx"), b"PK\x03\x04").unwrap();
    std::fs::write(ws.root().join("corpus/scan.pdf"), b"%PDF-1.7 broken").unwrap();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let status = c
        .wait_for("vouch/status ready", |m| {
            m["method"] == "vouch/status" && m["params"]["state"] == "ready"
        })
        .await;
    assert_eq!(status["params"]["sources"], 5);
    let message = status["params"]["message"].as_str().unwrap();
    // The counts are fields; the message says only what they do not.
    assert_eq!(message, "2 skipped");
    let skipped: Vec<&str> = status["params"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("budget.xlsx") && s.contains("not a source format")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("scan.pdf") && s.contains("skipped")),
        "{skipped:?}"
    );
    let logged = c
        .wait_for("a log line naming scan.pdf", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("scan.pdf")
        })
        .await;
    assert!(
        logged["params"]["message"]
            .as_str()
            .unwrap()
            .contains("skipped")
    );
    c.shutdown().await;
}

/// A tiny deterministic generator: the edits are random but repeatable.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A random char boundary of the text, never between the CR and LF of a
/// line end (editors cannot put a cursor there, and LSP clamps it away).
fn boundary(text: &str, rng: &mut XorShift) -> usize {
    let n = text.chars().count();
    let at = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .nth(rng.below(n + 1))
        .unwrap();
    if text[..at].ends_with('\r') && text[at..].starts_with('\n') {
        at - 1
    } else {
        at
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_random_edits_end_in_the_clients_text() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 20, Value::Null).await;
    let (uri, mut text) = c.open_file(&ws, "aid-and-territory.md").await;
    c.diagnostics(&uri, 1).await;
    let snippets = [
        "a",
        "é",
        "😀",
        "中文",
        "\n",
        " 42%",
        "$5 billion",
        "\r\n",
        "word ",
        "👍🏽",
    ];
    let mut rng = XorShift(0x5eed_1234_abcd_9876);
    let mut version = 1;
    for _ in 0..500 {
        version += 1;
        // One or two changes per notification, each against the text left by the one before.
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(2) {
            let a = boundary(&text, &mut rng);
            let b = boundary(&text, &mut rng);
            let (start, mut end) = (a.min(b), a.max(b));
            // Mostly short deletions, as typing makes.
            if end - start > 12 {
                end = text[start..]
                    .char_indices()
                    .nth(3)
                    .map_or(text.len(), |(i, _)| start + i);
                if text[..end].ends_with('\r') && text[end..].starts_with('\n') {
                    end -= 1;
                }
            }
            let insert = match rng.below(3) {
                0 => String::new(),
                _ => snippets[rng.below(snippets.len())].to_string(),
            };
            let (end, insert) = if rng.below(2) == 0 {
                (start, insert)
            } else {
                (end, insert)
            };
            changes.push(json!({
                "range": {"start": utf16_position(&text, start), "end": utf16_position(&text, end)},
                "text": insert,
            }));
            text.replace_range(start..end, &insert);
        }
        c.change(&uri, version, Value::Array(changes)).await;
    }
    let state = c.request("vouch/documentState", json!({"uri": uri})).await;
    assert_eq!(state["version"], version);
    assert_eq!(
        state["text"].as_str().unwrap(),
        text,
        "the server's copy drifted from the client's"
    );
    // The incremental checks (block cache) agree with a fresh check of the same text.
    let incremental = c.diagnostics(&uri, version).await;
    let fresh_uri = ws.uri("fresh-copy.md");
    c.open(&fresh_uri, &text).await;
    let fresh = c.diagnostics(&fresh_uri, 1).await;
    let key = |d: &Value| {
        (
            d["range"].to_string(),
            d["code"].to_string(),
            d["message"].to_string(),
        )
    };
    let mut a: Vec<_> = incremental.iter().map(key).collect();
    let mut b: Vec<_> = fresh.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_delivered_out_of_order_apply_in_version_order() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let uri = ws.uri("draft.md");
    c.open(&uri, "ab\n").await;
    let at = |ch: u32| json!({"start": {"line": 0, "character": ch}, "end": {"line": 0, "character": ch}});
    // Version 3 inserts after the "X" that version 2 inserts; it arrives first.
    c.change(&uri, 3, json!([{"range": at(1), "text": "Y"}]))
        .await;
    c.change(&uri, 2, json!([{"range": at(0), "text": "X"}]))
        .await;
    c.change(&uri, 4, json!([{"range": at(4), "text": "Z"}]))
        .await;
    let state = c.request("vouch/documentState", json!({"uri": uri})).await;
    assert_eq!(state["version"], 4);
    assert_eq!(state["text"], "XYabZ\n");
    c.diagnostics(&uri, 4).await;
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_shows_the_sources_with_the_figure_marked() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    let hover = c
        .request(
            "textDocument/hover",
            doc_pos(&uri, pos_of(&text, "$6.35 billion", 2)),
        )
        .await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(md.contains("the sources state a different figure"), "{md}");
    assert!(md.contains("**$61.4 billion**"), "{md}");
    assert!(md.contains("corpus/004_4e68ea6f26a5cbdb.txt:11]("), "{md}");
    assert!(md.contains(".txt#L11)"), "{md}");
    // The hover's range is the figure's.
    assert_eq!(hover["range"]["start"], pos_of(&text, "$6.35 billion", 0));
    // Nothing to say between claims.
    let nothing = c
        .request(
            "textDocument/hover",
            doc_pos(&uri, pos_of(&text, "Aid, territory", 0)),
        )
        .await;
    assert!(nothing.is_null(), "{nothing}");
    c.shutdown().await;
}

async fn hover_text(c: &mut Client, uri: &str, text: &str, needle: &str) -> String {
    let h = c
        .request("textDocument/hover", doc_pos(uri, pos_of(text, needle, 2)))
        .await;
    h["contents"]["value"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hover_does_not_repeat_what_the_diagnostic_shows() {
    // A client that shows related information (VS Code) shows the flagged
    // figure's source sentences with its diagnostic.
    let ws = Workspace::seeds();
    let mut caps = capabilities(false);
    caps["textDocument"] = json!({"publishDiagnostics": {"relatedInformation": true}});
    let mut c = Client::initialized_with(&ws, ws.options(0), Value::Null, caps).await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    let diags = c.diagnostics(&uri, 1).await;
    let mismatch = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("$6.35 billion"))
        .unwrap();
    let sentence = mismatch["relatedInformation"][0]["message"]
        .as_str()
        .unwrap();
    let flagged = hover_text(&mut c, &uri, &text, "$6.35 billion").await;
    // What the diagnostic does not say: the status, each source's figure and a link to it.
    assert!(
        flagged.contains("the sources state a different figure"),
        "{flagged}"
    );
    assert!(flagged.contains("*Differs* (`$61.4 billion`)"), "{flagged}");
    assert!(
        flagged.contains("corpus/004_4e68ea6f26a5cbdb.txt:11]("),
        "{flagged}"
    );
    // Not the sentence the related information shows.
    let words: String = sentence
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!flagged.contains(&words), "{words:?} repeated: {flagged}");
    // A clean figure has no diagnostic: its hover quotes the source.
    let clean = hover_text(&mut c, &uri, &text, "tens of thousands").await;
    assert!(clean.contains("supported by"), "{clean}");
    assert!(clean.contains("**tens of thousands**"), "{clean}");
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_lands_on_the_figure_in_each_source() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    let locations = c
        .request(
            "textDocument/definition",
            doc_pos(&uri, pos_of(&text, "$61.4 billion", 1)),
        )
        .await;
    let locations = locations.as_array().expect("locations");
    let first = &locations[0];
    let source_uri = first["uri"].as_str().unwrap();
    assert!(
        source_uri.ends_with("corpus/004_4e68ea6f26a5cbdb.txt"),
        "{source_uri}"
    );
    let source = std::fs::read_to_string(source_uri.strip_prefix("file://").unwrap()).unwrap();
    let start = client::utf16_offset(&source, &first["range"]["start"]);
    let end = client::utf16_offset(&source, &first["range"]["end"]);
    assert_eq!(&source[start..end], "$61.4 billion");
    assert_eq!(first["range"]["start"]["line"], 10);
    // The conflicting figure has two sources: a picker.
    let two = c
        .request(
            "textDocument/definition",
            doc_pos(&uri, pos_of(&text, "$63.5 billion", 1)),
        )
        .await;
    assert!(two.as_array().unwrap().len() >= 2, "{two}");
    c.shutdown().await;
}

async fn actions_at(c: &mut Client, uri: &str, text: &str, needle: &str) -> Vec<Value> {
    let start = pos_of(text, needle, 0);
    let end = pos_of(text, needle, needle.len());
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": end}, "context": {"diagnostics": []}}),
        )
        .await;
    r.as_array().cloned().unwrap_or_default()
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().cloned().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_actions_fix_ignore_and_cite() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let (uri, mut text) = c.open_file(&ws, "aid-and-territory.md").await;
    let mismatches = |d: &[Value], line: u64| {
        d.iter()
            .filter(|d| d["code"] == "figure-mismatch" && d["range"]["start"]["line"] == line)
            .count()
    };
    let diags = c.diagnostics(&uri, 1).await;
    let line = pos_of(&text, "up to 25%", 0)["line"].as_u64().unwrap();
    assert_eq!(mismatches(&diags, line), 1);

    // The quick fix replaces the figure with the source's, and the finding goes.
    let actions = actions_at(&mut c, &uri, &text, "up to 25%").await;
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .expect("a preferred quick fix");
    text = apply_edits(&text, &edits_of(fix, &uri));
    assert!(text.contains("up to 20%"), "{text}");
    c.change(&uri, 2, json!([{"text": text}])).await;
    let diags = c.diagnostics(&uri, 2).await;
    assert_eq!(mismatches(&diags, line), 0, "{diags:?}");

    // Ignoring a code above its paragraph silences it there.
    let actions = actions_at(&mut c, &uri, &text, "2016").await;
    let ignore = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Ignore figure-mismatch")
        })
        .expect("an ignore action");
    text = apply_edits(&text, &edits_of(ignore, &uri));
    assert!(
        text.contains("<!-- vouch-ignore: figure-mismatch -->\nRussia annexed Crimea in 2016"),
        "{text}"
    );
    c.change(&uri, 3, json!([{"text": text}])).await;
    let diags = c.diagnostics(&uri, 3).await;
    let line_2016 = pos_of(&text, "2016", 0)["line"].as_u64().unwrap();
    assert_eq!(mismatches(&diags, line_2016), 0, "{diags:?}");

    // A supported figure can be cited as a footnote numbered after the existing ones.
    text.push_str("\nSee the note.[^1]\n\n[^1]: An earlier note.\n");
    c.change(&uri, 4, json!([{"text": text}])).await;
    c.diagnostics(&uri, 4).await;
    let actions = actions_at(&mut c, &uri, &text, "$61.4 billion").await;
    let cite = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Cite"))
        .expect("a citation action");
    assert!(cite["title"].as_str().unwrap().contains("[^2]"), "{cite}");
    let cited = apply_edits(&text, &edits_of(cite, &uri));
    assert!(cited.contains("$61.4 billion[^2]"), "{cited}");
    assert!(cited.contains("[^1]: An earlier note.\n[^2]: "), "{cited}");
    // The seed has no title or URL: the citation falls back to its file.
    assert!(
        cited
            .trim_end()
            .ends_with("[^2]: corpus/004_4e68ea6f26a5cbdb.txt."),
        "{cited}"
    );
    // The citation is not a claim: vouch finds nothing in the footnotes.
    c.change(&uri, 5, json!([{"text": cited}])).await;
    let diags = c.diagnostics(&uri, 5).await;
    let notes_line = pos_of(&cited, "[^1]: An earlier", 0)["line"]
        .as_u64()
        .unwrap();
    let in_notes: Vec<&Value> = diags
        .iter()
        .filter(|d| d["range"]["start"]["line"].as_u64().unwrap() >= notes_line)
        .collect();
    assert!(in_notes.is_empty(), "{in_notes:?}");
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citation_for_print_names_the_source_and_is_no_claim() {
    let ws = Workspace::seeds();
    std::fs::write(
        ws.root().join("corpus/aid-report.md"),
        "---\ntitle: Aid to Ukraine reached $61.4 billion in 2024\noutlet: Seed Wire\n\
         url: https://seed-wire.example/aid-2024\npublished: 2024-11-08T10:00:00Z\n---\n\n\
         Pentagon figures show the aid reached $61.4 billion by November 2024, up 12% on the year.\n",
    )
    .unwrap();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let uri = ws.uri("cited.md");
    let text = "Pentagon figures show the aid reached $61.4 billion by November 2024.\n";
    c.open(&uri, text).await;
    let diags = c.diagnostics(&uri, 1).await;
    assert!(diags.is_empty(), "{diags:?}");
    let actions = actions_at(&mut c, &uri, text, "$61.4 billion").await;
    let cite = actions
        .iter()
        .find(|a| {
            a["title"].as_str().unwrap().starts_with("Cite")
                && a["title"].as_str().unwrap().contains("Seed Wire")
                || a["title"].as_str().unwrap().contains("Aid to Ukraine")
        })
        .unwrap_or_else(|| panic!("a citation of the report: {actions:?}"));
    let cited = apply_edits(text, &edits_of(cite, &uri));
    assert!(
        cited.ends_with(
            "[^1]: “Aid to Ukraine reached $61.4 billion in 2024”, Seed Wire, 2024-11-08, \
             <https://seed-wire.example/aid-2024>.\n"
        ),
        "{cited}"
    );
    // Its title, date and URL hold figures; none of them is a claim.
    c.change(&uri, 2, json!([{"text": cited}])).await;
    let diags = c.diagnostics(&uri, 2).await;
    assert!(diags.is_empty(), "{diags:?}");
    c.shutdown().await;
}

fn since_1999(d: &[Value]) -> bool {
    d.iter().any(|d| {
        d["code"] == "unsupported-figure" && d["message"].as_str().unwrap().contains("1999")
    })
}

/// A source that states the year, so that the draft's "since 1999" is
/// supported once the corpus has it.
fn add_the_year_source(ws: &Workspace) {
    std::fs::write(
        ws.root().join("corpus/extra.txt"),
        "Putin in power\n\nPutin has been in power since 1999.\n",
    )
    .unwrap();
}

/// A server on the index a first session left, whose comparison with the
/// disk waits for the test's word (the gate returned), so that its first
/// answer is the persisted index's however slow the machine is; it has
/// answered the draft from that index (without the year source).
async fn answered_from_the_persisted_index(
    ws: &Workspace,
) -> (Client, tokio::sync::watch::Sender<bool>) {
    let (uri, text) = (
        ws.uri("aid-and-territory.md"),
        ws.text("aid-and-territory.md"),
    );
    let (gate, gate_rx) = tokio::sync::watch::channel(false);
    let mut options = ws.options(0);
    options.verify_gate = Some(gate_rx);
    let mut c = Client::initialized_with(ws, options, Value::Null, capabilities(false)).await;
    c.open(&uri, &text).await;
    assert!(since_1999(&c.diagnostics(&uri, 1).await));
    (c, gate)
}

/// A first session: a server indexes the workspace's seeds (no source says
/// since when Putin has been in power), answers, and shuts down, leaving its
/// index on disk for the next one.
async fn persist_the_seeds_index(ws: &Workspace) {
    let (uri, text) = (
        ws.uri("aid-and-territory.md"),
        ws.text("aid-and-territory.md"),
    );
    let mut c = Client::initialized(ws, 0, Value::Null).await;
    c.open(&uri, &text).await;
    assert!(since_1999(&c.diagnostics(&uri, 1).await));
    c.shutdown().await;
}

fn messages(c: &Client) -> Vec<String> {
    c.seen_method("window/showMessage")
        .iter()
        .map(|m| m["params"]["message"].as_str().unwrap().to_string())
        .collect()
}

async fn show_sources(c: &mut Client, arguments: Value) -> Result<Value, Value> {
    c.try_request(
        "workspace/executeCommand",
        json!({"command": "vouch.showSources", "arguments": arguments}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_say_their_outcome_once_to_a_client_that_shows_no_results() {
    // A generic client (Helix 25.07): no showDocument, no client code.
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    c.diagnostics(&uri, 1).await;
    c.drain(200).await;
    c.seen.clear();

    let sources = show_sources(&mut c, json!([uri, pos_of(&text, "$6.35 billion", 1)]))
        .await
        .unwrap();
    let sources = sources.as_array().unwrap();
    assert!(
        sources
            .iter()
            .any(|s| s["path"] == "corpus/004_4e68ea6f26a5cbdb.txt" && s["line"] == 11),
        "{sources:?}"
    );
    assert!(
        sources
            .iter()
            .all(|s| s["uri"].as_str().unwrap().starts_with("file://") && s["excerpt"].is_string())
    );
    // The same places as go to definition, in the same order.
    let definition = c
        .request(
            "textDocument/definition",
            doc_pos(&uri, pos_of(&text, "$6.35 billion", 1)),
        )
        .await;
    let uris = |v: &[Value]| -> Vec<Value> { v.iter().map(|s| s["uri"].clone()).collect() };
    assert_eq!(uris(sources), uris(definition.as_array().unwrap()));
    c.drain(200).await;
    let said = messages(&c);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("vouch: “$6.35 billion”")
            && said[0].contains("corpus/004_4e68ea6f26a5cbdb.txt:11 ($61.4 billion)")
            && said[0].contains("corpus/003_e59f5d17fc10ea35.txt:11"),
        "{said:?}"
    );
    assert!(!said[0].contains('\n'), "one line: {said:?}");
    c.seen.clear();

    // Nothing checked there: said once, and an empty list.
    let none = show_sources(&mut c, json!([uri, pos_of(&text, "Aid, territory", 0)]))
        .await
        .unwrap();
    assert_eq!(none, json!([]));
    // With no arguments: where the user last asked (here a definition).
    let again = show_sources(&mut c, json!([])).await.unwrap();
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["excerpt"].as_str().unwrap().contains("61.4"))
    );
    // A bad argument is an error, said once and not answered as an error too.
    let bad = show_sources(&mut c, json!(["not a uri", {"line": 0, "character": 0}])).await;
    assert_eq!(bad, Ok(Value::Null));
    c.drain(200).await;
    let said = messages(&c);
    assert_eq!(said.len(), 3, "{said:?}");
    assert!(
        said[0].starts_with("vouch: nothing checked at "),
        "{said:?}"
    );
    assert!(said[2].contains("must be a document URI"), "{said:?}");
    assert_eq!(c.seen_method("window/showMessage")[2]["params"]["type"], 1);
    c.seen.clear();

    // Reindex: one short message.
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "vouch.reindex"}),
        )
        .await;
    assert_eq!(r, json!({"sources": 5, "changed": 0}));
    c.drain(200).await;
    assert_eq!(
        messages(&c),
        ["vouch: the corpus is up to date (5 sources)"]
    );
    client::assert_prefixed_once(&c.seen);
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_sources_opens_the_first_source_where_the_client_can() {
    // Helix's main branch: showDocument, no client code.
    let ws = Workspace::seeds();
    let mut caps = capabilities(false);
    caps["window"]["showDocument"] = json!({"support": true});
    let mut c = Client::initialized_with(&ws, ws.options(0), Value::Null, caps).await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    c.diagnostics(&uri, 1).await;
    let sources = show_sources(&mut c, json!([uri, pos_of(&text, "$6.35 billion", 1)]))
        .await
        .unwrap();
    let shown = c
        .wait_for("window/showDocument", |m| {
            m["method"] == "window/showDocument"
        })
        .await;
    let first = &sources.as_array().unwrap()[0];
    assert_eq!(shown["params"]["uri"], first["uri"]);
    assert_eq!(shown["params"]["selection"], first["range"]);
    assert_eq!(shown["params"]["takeFocus"], true);
    // Two sources: the one not opened is named.
    c.drain(200).await;
    let said = messages(&c);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("opened ") && said[0].contains("; also "),
        "{said:?}"
    );
    c.seen.clear();
    // One source: opening it says it all.
    show_sources(&mut c, json!([uri, pos_of(&text, "tens of thousands", 1)]))
        .await
        .unwrap();
    c.wait_for("window/showDocument", |m| {
        m["method"] == "window/showDocument"
    })
    .await;
    c.drain(200).await;
    assert_eq!(messages(&c), Vec::<String>::new());
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_shows_results_gets_results_only() {
    let ws = Workspace::seeds();
    let mut caps = capabilities(false);
    caps["window"]["showDocument"] = json!({"support": true});
    let init = json!({"clientShowsCommandResults": true});
    let mut c = Client::initialized_with(&ws, ws.options(0), init, caps).await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    c.diagnostics(&uri, 1).await;
    let sources = show_sources(&mut c, json!([uri, pos_of(&text, "$6.35 billion", 1)]))
        .await
        .unwrap();
    assert!(sources.as_array().unwrap().len() >= 2);
    let nothing = show_sources(&mut c, json!([uri, pos_of(&text, "Aid, territory", 0)]))
        .await
        .unwrap();
    assert_eq!(nothing, json!([]));
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "vouch.reindex"}),
        )
        .await;
    assert_eq!(r, json!({"sources": 5, "changed": 0}));
    // An error is an error response, with no prefix: the client names vouch.
    let bad = show_sources(&mut c, json!(["not a uri", {"line": 0, "character": 0}]))
        .await
        .unwrap_err();
    let text_of_error = bad["message"].as_str().unwrap();
    assert!(!text_of_error.starts_with("vouch:"), "{bad}");
    c.drain(300).await;
    assert_eq!(messages(&c), Vec::<String>::new());
    assert!(c.seen_method("window/showDocument").is_empty());
    c.shutdown().await;
}

/// Client capabilities without dynamic file watching: like Helix's, the
/// client reports no file the editor did not save itself.
fn no_file_events(mut caps: Value) -> Value {
    caps["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"] = json!(false);
    caps
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_watches_the_corpus_itself() {
    for caps in [capabilities(false), no_file_events(capabilities(false))] {
        let ws = Workspace::seeds();
        let mut c = Client::initialized_with(&ws, ws.options(0), Value::Null, caps).await;
        let uri = ws.uri("aid-and-territory.md");
        c.open(&uri, &ws.text("aid-and-territory.md")).await;
        assert!(since_1999(&c.diagnostics(&uri, 1).await));
        let extra = ws.root().join("corpus/extra.txt");
        let states = [
            // Added outside the editor, with no didChangeWatchedFiles: the
            // server's own watcher sees it and re-checks the draft.
            (Some("Putin has been in power since 1999."), false),
            // Changed: the year goes, the finding comes back.
            (Some("Putin has been in power for years."), true),
            (Some("Putin has been in power since 1999."), false),
            // Removed.
            (None, true),
        ];
        for (text, flagged) in states {
            // Each step expects the opposite of the one before, so a
            // diagnostic published before this change cannot pass for it.
            c.drain(100).await;
            c.seen.clear();
            match text {
                Some(t) => std::fs::write(&extra, format!("Putin in power\n\n{t}\n")).unwrap(),
                None => std::fs::remove_file(&extra).unwrap(),
            }
            c.wait_for(&format!("diagnostics after {text:?}"), |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && since_1999(m["params"]["diagnostics"].as_array().unwrap()) == flagged
            })
            .await;
        }
        let r = c
            .request(
                "workspace/executeCommand",
                json!({"command": "vouch.reindex"}),
            )
            .await;
        assert_eq!(r, json!({"sources": 5, "changed": 0}));
        c.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clients_file_events_are_an_extra_signal() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let uri = ws.uri("aid-and-territory.md");
    c.open(&uri, &ws.text("aid-and-territory.md")).await;
    assert!(since_1999(&c.diagnostics(&uri, 1).await));
    let registration = c
        .wait_for("the watch registration", |m| {
            m["method"] == "client/registerCapability"
        })
        .await;
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert!(
        watchers
            .to_string()
            .contains("corpus/**/*.{txt,md,markdown,"),
        "{watchers}"
    );
    add_the_year_source(&ws);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("corpus/extra.txt"), "type": 1}]}),
    )
    .await;
    let rechecked = c
        .wait_for("diagnostics without the 1999 finding", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && !since_1999(m["params"]["diagnostics"].as_array().unwrap())
        })
        .await;
    assert_eq!(rechecked["params"]["version"], 1);
    // Both signals made one refresh: nothing is left to re-index.
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "vouch.reindex"}),
        )
        .await;
    assert_eq!(r, json!({"sources": 6, "changed": 0}));
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_override_severities_and_bad_values_are_named_once() {
    let ws = Workspace::seeds();
    let init = json!({"severity": {"unsupported-figure": "off", "source-conflict": "info", "figure-mismatch": "loud"}});
    let mut c = Client::initialized(&ws, 0, init).await;
    let uri = ws.uri("aid-and-territory.md");
    c.open(&uri, &ws.text("aid-and-territory.md")).await;
    let diags = c.diagnostics(&uri, 1).await;
    assert!(!codes(&diags).contains(&"unsupported-figure".to_string()));
    assert!(
        diags
            .iter()
            .filter(|d| d["code"] == "source-conflict")
            .all(|d| d["severity"] == 3)
    );
    assert!(
        diags
            .iter()
            .filter(|d| d["code"] == "figure-mismatch")
            .all(|d| d["severity"] == 1)
    );
    let warning = c
        .wait_for("the settings warning", |m| {
            m["method"] == "window/showMessage" && m["params"]["type"] == 2
        })
        .await;
    assert!(
        warning["params"]["message"]
            .as_str()
            .unwrap()
            .contains("loud"),
        "{warning}"
    );
    // didChangeConfiguration with the nested shape turns it back on.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"vouch": {"severity": {"unsupported-figure": "hint"}}}}),
    )
    .await;
    let back = c
        .wait_for("re-checked diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["code"] == "unsupported-figure")
        })
        .await;
    assert!(
        back["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "unsupported-figure" && d["severity"] == 4)
    );
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_corpus_that_was_asked_for_is_one_message_not_one_per_keystroke() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, json!({"corpus": {"paths": ["no-such-folder"]}})).await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    for v in 2..6 {
        c.change(&uri, v, json!([{"text": format!("{text}{v}")}]))
            .await;
    }
    let state = c.request("vouch/documentState", json!({"uri": uri})).await;
    assert_eq!(state["version"], 5);
    // Requests still answer (about nothing).
    let hover = c
        .request(
            "textDocument/hover",
            doc_pos(&uri, pos_of(&text, "$6.35", 1)),
        )
        .await;
    assert!(hover.is_null());
    c.drain(300).await;
    let errors: Vec<Value> = c
        .seen_method("window/showMessage")
        .into_iter()
        .filter(|m| m["params"]["type"] == 1)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let said = errors[0]["params"]["message"].as_str().unwrap();
    assert!(
        said.starts_with("vouch: no corpus for ") && said.contains("no-such-folder"),
        "{said}"
    );
    let status: Vec<Value> = c.seen_method("vouch/status");
    let error = status
        .iter()
        .find(|m| m["params"]["state"] == "error")
        .expect("an error status");
    assert!(
        !error["params"]["message"]
            .as_str()
            .unwrap()
            .starts_with("vouch")
    );
    // No corpus, nothing to say about the draft.
    assert!(c.seen_method("textDocument/publishDiagnostics").is_empty());
    client::assert_prefixed_once(&c.seen);
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_without_a_corpus_is_quiet_until_one_appears() {
    let ws = Workspace::seeds();
    let corpus = ws.root().join("corpus");
    let stash = ws.index.path().join("stash");
    std::fs::rename(&corpus, &stash).unwrap();
    // Lua sends its empty settings table as [].
    let mut c = Client::initialized(&ws, 0, json!([])).await;
    c.notify("workspace/didChangeConfiguration", json!({"settings": []}))
        .await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    let inactive = c
        .wait_for("the inactive status", |m| {
            m["method"] == "vouch/status" && m["params"]["state"] == "inactive"
        })
        .await;
    assert!(
        inactive["params"]["message"]
            .as_str()
            .unwrap()
            .contains("no corpus")
    );
    c.change(&uri, 2, json!([{"text": format!("{text}\nMore.\n")}]))
        .await;
    c.request("vouch/documentState", json!({"uri": uri})).await;
    c.drain(300).await;
    assert!(messages(&c).is_empty(), "{:?}", messages(&c));
    assert!(c.seen_method("textDocument/publishDiagnostics").is_empty());
    assert!(
        !c.seen_method("vouch/status")
            .iter()
            .any(|m| m["params"]["state"] == "error")
    );
    // The corpus folder appears: the server opens it and checks the draft.
    std::fs::rename(&stash, &corpus).unwrap();
    let diags = c.diagnostics(&uri, 2).await;
    assert!(
        diags.iter().any(|d| d["code"] == "figure-mismatch"),
        "{diags:?}"
    );
    c.wait_for("the ready status", |m| {
        m["method"] == "vouch/status" && m["params"]["state"] == "ready"
    })
    .await;
    client::assert_prefixed_once(&c.seen);
    c.shutdown().await;
}

fn panic_on_marker(text: &str) {
    if text.contains("PANIC-IN-CHECK") {
        panic!("injected by the test");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_check_is_logged_and_the_server_lives_on() {
    let ws = Workspace::seeds();
    let mut options = ws.options(0);
    options.check_hook = Some(panic_on_marker);
    let mut c = Client::initialized_with(&ws, options, Value::Null, capabilities(false)).await;
    let uri = ws.uri("aid-and-territory.md");
    let text = ws.text("aid-and-territory.md");
    c.open(&uri, &format!("{text}\nPANIC-IN-CHECK\n")).await;
    let logged = c
        .wait_for("the logged panic", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("internal error")
        })
        .await;
    assert_eq!(logged["params"]["type"], 1);
    // The session goes on: the next text is checked.
    c.change(&uri, 2, json!([{"text": text}])).await;
    assert!(!c.diagnostics(&uri, 2).await.is_empty());
    // A request about a document that is not open fails, and the server still answers.
    let err = c
        .try_request(
            "textDocument/hover",
            doc_pos(&ws.uri("nope.md"), json!({"line": 0, "character": 0})),
        )
        .await;
    assert!(err.is_err());
    let state = c.request("vouch/documentState", json!({"uri": uri})).await;
    assert_eq!(state["version"], 2);
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inlay_hints_are_off_by_default_and_tag_supported_figures_when_on() {
    let ws = Workspace::seeds();
    let uri = ws.uri("aid-and-territory.md");
    // A figure only the seed source without a title (004) states.
    let text = format!(
        "{}\nTrump is weighing a delay of Ukraine's NATO membership for at least 20 years.\n",
        ws.text("aid-and-territory.md")
    );
    let whole = json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}});
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    c.open(&uri, &text).await;
    let off = c.request("textDocument/inlayHint", whole.clone()).await;
    assert_eq!(off, json!([]));
    c.shutdown().await;
    let mut c = Client::initialized(&ws, 0, json!({"inlayHints": {"enable": true}})).await;
    c.open(&uri, &text).await;
    let on = c.request("textDocument/inlayHint", whole).await;
    let labels: Vec<&str> = on
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    // A source without a title is named by its whole file name, never a cut one.
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("⟵ 004_4e68ea6f26a5cbdb.txt:17")),
        "{labels:?}"
    );
    assert!(labels.iter().all(|l| !l.contains(".…")), "{labels:?}");
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_positions_when_negotiated() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized_with(&ws, ws.options(0), Value::Null, capabilities(true)).await;
    let uri = ws.uri("aid-and-territory.md");
    let text = format!("Émigrés 😀 say: {}", ws.text("aid-and-territory.md"));
    c.open(&uri, &text).await;
    let diags = c.diagnostics(&uri, 1).await;
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("$6.35 billion"))
        .unwrap();
    let at = text.find("$6.35 billion").unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    assert_eq!(d["range"]["start"]["character"], at - line_start);
    // An edit in UTF-8 units right after the emoji on line 0.
    let after_emoji = "Émigrés 😀".len();
    c.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": 0, "character": after_emoji}, "end": {"line": 0, "character": after_emoji}}, "text": "!"}]),
    )
    .await;
    let state = c.request("vouch/documentState", json!({"uri": uri})).await;
    assert!(
        state["text"]
            .as_str()
            .unwrap()
            .starts_with("Émigrés 😀! say")
    );
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persisted_index_answers_at_once_and_is_then_checked_against_the_disk() {
    let ws = Workspace::seeds();
    let uri = ws.uri("aid-and-territory.md");
    persist_the_seeds_index(&ws).await;
    // Changed while no server ran.
    add_the_year_source(&ws);
    // The persisted index (without the new file) answers first...
    let (mut c, gate) = answered_from_the_persisted_index(&ws).await;
    gate.send_replace(true);
    // ...then the comparison with the disk finds the new source and re-checks.
    c.wait_for("diagnostics after verifying the index", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && !since_1999(m["params"]["diagnostics"].as_array().unwrap())
    })
    .await;
    c.shutdown().await;
}

/// Puts the modification time of each file and folder under `dir` (and of
/// `dir`) a minute back, as if written a while ago: a walk is kept for the
/// next start only when its folders had been still for a few seconds.
fn age_tree(dir: &std::path::Path) -> std::time::SystemTime {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            age_tree(&p);
        } else {
            set_modified(&p, then);
        }
    }
    set_modified(dir, then);
    then
}

fn set_modified(path: &std::path::Path, time: std::time::SystemTime) {
    std::fs::File::open(path)
        .unwrap()
        .set_times(std::fs::FileTimes::new().set_modified(time))
        .unwrap();
}

fn modified(path: &std::path::Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// The comparison with the disk after start takes the last walk's folders
/// (`vouch-walk.bin`) when their times are unchanged, and stats each source
/// instead of listing the folders: a source edited in place while no server
/// ran (its folder keeps its time) is seen by its own stat.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_edited_in_place_while_no_server_ran_is_seen_after_start() {
    let ws = Workspace::seeds();
    let uri = ws.uri("aid-and-territory.md");
    let corpus = ws.root().join("corpus");
    age_tree(&corpus);
    persist_the_seeds_index(&ws).await;
    let folders: Vec<_> = std::fs::read_dir(ws.index.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        folders[0].join("vouch-walk.bin").exists(),
        "the walk is kept"
    );

    // Edited in place while no server runs: the folder keeps its time.
    let folder_time = modified(&corpus);
    let mut sources: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sources.sort();
    let original = std::fs::read_to_string(&sources[0]).unwrap();
    let mut text = original.clone();
    text.push_str("\nPutin has been in power since 1999.\n");
    std::fs::write(&sources[0], text).unwrap();
    assert_eq!(modified(&corpus), folder_time, "an edit in place");
    let (mut c, gate) = answered_from_the_persisted_index(&ws).await;
    gate.send_replace(true);
    c.wait_for("diagnostics after the source's stat", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && !since_1999(m["params"]["diagnostics"].as_array().unwrap())
    })
    .await;
    c.shutdown().await;

    // A server's walk is kept in turn (here the one that re-indexes the
    // source put back): the next start lists no folder, so a source added
    // with its folder's time put back is not seen (a walk would find it).
    std::fs::write(&sources[0], &original).unwrap();
    age_tree(&corpus);
    let folder_time = modified(&corpus);
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    c.open(&uri, &ws.text("aid-and-territory.md")).await;
    c.wait_for("the restored source re-indexed", |m| {
        m["method"] == "vouch/status" && m["params"]["message"] == "1 file re-indexed"
    })
    .await;
    c.shutdown().await;
    add_the_year_source(&ws);
    set_modified(&corpus, folder_time);
    let (mut c, gate) = answered_from_the_persisted_index(&ws).await;
    c.seen.clear();
    gate.send_replace(true);
    c.wait_for("the comparison with the disk done", |m| {
        m["method"] == "vouch/status"
            && m["params"]["state"] == "ready"
            && m["params"]["message"] == ""
    })
    .await;
    let text = ws.text("aid-and-territory.md");
    c.change(&uri, 2, json!([{"text": text}])).await;
    assert!(since_1999(&c.diagnostics(&uri, 2).await));
    c.shutdown().await;
}

/// Two vouch sharing an index folder (a second editor window, `vouch check`
/// in a terminal): when the other one has indexed a change, this one takes
/// its commit and re-indexes nothing itself, yet its drafts were checked
/// against the corpus before the change and must be checked again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_another_vouch_indexed_is_checked_again() {
    use vouch::engine::corpus::CorpusSpec;
    use vouch::engine::index::{Corpus, OpenOptions, Silent};
    let ws = Workspace::seeds();
    let uri = ws.uri("aid-and-territory.md");
    persist_the_seeds_index(&ws).await;
    // The index folder the server made (the only one under its root).
    let folders: Vec<_> = std::fs::read_dir(ws.index.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    // Added before this server starts, so its own watcher does not see it.
    add_the_year_source(&ws);
    let (mut c, gate) = answered_from_the_persisted_index(&ws).await;
    // Another vouch indexes the new source into the same folder.
    let spec = CorpusSpec {
        roots: vec![ws.root().join("corpus")],
        ..CorpusSpec::default()
    };
    let index_dir = Some(folders[0].clone());
    let (other, stats, _) = Corpus::open(&spec, &OpenOptions { index_dir }, &Silent).unwrap();
    assert_eq!((stats.added, other.sources().len()), (1, 6));
    drop(other);
    gate.send_replace(true);
    c.wait_for("diagnostics after taking the other vouch's commit", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && !since_1999(m["params"]["diagnostics"].as_array().unwrap())
    })
    .await;
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_workspace_folder_checks_against_its_own_corpus() {
    let a = Workspace::seeds();
    let b = Workspace::seeds();
    // Folder b's corpus is one source that states the year, and nothing else.
    let b_corpus = b.root().join("corpus");
    std::fs::remove_dir_all(&b_corpus).unwrap();
    std::fs::create_dir_all(&b_corpus).unwrap();
    std::fs::write(
        b_corpus.join("putin.txt"),
        "Putin in power\n\nPutin has been in power since 1999.\n",
    )
    .unwrap();
    let mut c = Client::start(a.options(0));
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities(false),
               "workspaceFolders": [{"uri": a.uri(""), "name": "a"}, {"uri": b.uri(""), "name": "b"}]}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    let text = a.text("aid-and-territory.md");
    let (in_a, in_b) = (a.uri("aid-and-territory.md"), b.uri("aid-and-territory.md"));
    c.open(&in_a, &text).await;
    c.open(&in_b, &text).await;
    let da = c.diagnostics(&in_a, 1).await;
    let db = c.diagnostics(&in_b, 1).await;
    assert!(since_1999(&da), "{da:?}");
    assert!(!since_1999(&db), "{db:?}");
    // The dropped zero is flagged against a's sources; b has no source about aid.
    let dropped_zero = |d: &[Value]| {
        d.iter().any(|d| {
            d["code"] == "figure-mismatch"
                && d["message"].as_str().unwrap().contains("$6.35 billion")
        })
    };
    assert!(dropped_zero(&da) && !dropped_zero(&db));
    c.shutdown().await;
}

/// A markdown document's tables (their rows' cell texts) and lists (their
/// items' texts), as pulldown-cmark reads them; HTML is left out.
fn structure(md: &str) -> (Vec<Vec<Vec<String>>>, Vec<Vec<String>>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let (mut tables, mut lists) = (Vec::new(), Vec::new());
    let mut text = String::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                tables.last_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::List(_)) => lists.push(Vec::new()),
            Event::Start(Tag::TableCell | Tag::Item) => text.clear(),
            Event::End(TagEnd::TableCell) => {
                let row: &mut Vec<String> = tables.last_mut().unwrap().last_mut().unwrap();
                row.push(text.trim().to_string());
            }
            Event::End(TagEnd::Item) => lists.last_mut().unwrap().push(text.trim().to_string()),
            Event::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    (tables, lists)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ignoring_inside_a_table_or_a_list_keeps_it_whole() {
    let ws = Workspace::seeds();
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let uri = ws.uri("tables.md");
    let mut text = "# Aid in figures\n\n\
        | Claim | Note |\n\
        |---|---|\n\
        | A briefing note said US military aid to Ukraine since the invasion totals $6.35 billion. | briefing |\n\
        | Russia annexed Crimea in 2016. | history |\n\
        | Putin has been in power since 1999. | profile |\n\
        \n\
        - A briefing note said US military aid to Ukraine since the invasion totals $6.35 billion.\n\
        - Russia annexed Crimea in 2016.  \n\
        - Putin has been in power since 1999.\n"
        .to_string();
    let original = text.clone();
    let before = structure(&text);
    assert_eq!(before.0[0].len(), 4, "{before:?}");
    c.open(&uri, &text).await;
    let mut diags = c.diagnostics(&uri, 1).await;
    let mut version = 1;
    // Silence each flagged figure in turn, table rows and list items alike.
    for needle in ["$6.35 billion", "2016", "1999"] {
        for occurrence in 0..2 {
            let at = text.match_indices(needle).nth(occurrence).unwrap().0;
            let line = utf16_position(&text, at)["line"].clone();
            let flagged = |d: &[Value]| d.iter().any(|d| d["range"]["start"]["line"] == line);
            assert!(
                flagged(&diags),
                "{needle} #{occurrence} not flagged: {diags:?}"
            );
            let start = utf16_position(&text, at);
            let end = utf16_position(&text, at + needle.len());
            let actions = c
                .request(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": end}, "context": {"diagnostics": []}}),
                )
                .await;
            let ignore = actions
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["title"].as_str().unwrap().starts_with("Ignore"))
                .unwrap_or_else(|| panic!("no ignore action for {needle}: {actions}"))
                .clone();
            let place = if occurrence == 0 {
                "table row"
            } else {
                "list item"
            };
            assert!(
                ignore["title"].as_str().unwrap().ends_with(place),
                "{ignore}"
            );
            text = apply_edits(&text, &edits_of(&ignore, &uri));
            // The same table with the same rows, the same list with the same items.
            assert_eq!(structure(&text), before, "{text}");
            version += 1;
            c.change(&uri, version, json!([{"text": text}])).await;
            diags = c.diagnostics(&uri, version).await;
            let line = utf16_position(&text, text.match_indices(needle).nth(occurrence).unwrap().0)
                ["line"]
                .clone();
            assert!(
                !diags.iter().any(|d| d["range"]["start"]["line"] == line),
                "{needle} #{occurrence} still flagged after {text}: {diags:?}"
            );
        }
    }
    assert!(diags.is_empty(), "{diags:?}");
    // The hard break after "2016." survives: the directive goes before it.
    assert!(
        text.contains("2016. <!-- vouch-ignore: figure-mismatch -->  \n"),
        "{text}"
    );
    // vouch check reads the directives the same way.
    let check = |draft: &str| {
        std::fs::write(ws.root().join("tables.md"), draft).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
            .args(["check", "--format", "json", "--index-dir"])
            .arg(ws.index.path().join("cli"))
            .arg("tables.md")
            .current_dir(ws.root())
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        report["files"][0]["diagnostics"].as_array().unwrap().len()
    };
    assert_eq!(check(&original), 6);
    assert_eq!(check(&text), 0);
    c.shutdown().await;
}

/// An index split into segments (a build's threads, updates) is merged into
/// one once the editor is idle after its first diagnostics, and the drafts
/// get the same diagnostics from it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_server_merges_the_index_and_answers_as_before() {
    use vouch::engine::corpus::CorpusSpec;
    use vouch::engine::index::{Corpus, OpenOptions, Silent};
    let ws = Workspace::seeds();
    let corpus = ws.root().join("corpus");
    let held = ws.root().join("held");
    std::fs::create_dir(&held).unwrap();
    let mut seeds: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for s in &seeds[2..] {
        std::fs::rename(s, held.join(s.file_name().unwrap())).unwrap();
    }
    // A first session indexes two seeds and leaves its index on disk.
    let mut c = Client::initialized(&ws, 0, Value::Null).await;
    let (uri, text) = c.open_file(&ws, "aid-and-territory.md").await;
    c.diagnostics(&uri, 1).await;
    c.shutdown().await;
    let folders: Vec<_> = std::fs::read_dir(ws.index.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    // Two more commits bring the other seeds: three segments at least.
    let spec = CorpusSpec {
        roots: vec![corpus.clone()],
        ..CorpusSpec::default()
    };
    let options = OpenOptions {
        index_dir: Some(folders[0].clone()),
    };
    for batch in [&seeds[2..4], &seeds[4..]] {
        for s in batch {
            std::fs::rename(held.join(s.file_name().unwrap()), s).unwrap();
        }
        drop(Corpus::open(&spec, &options, &Silent).unwrap());
    }
    let (split, _, _) = Corpus::open(&spec, &options, &Silent).unwrap();
    let segments = split.segments();
    assert!(segments >= 3 && split.merge_would_help(), "{segments}");
    drop(split);

    let mut options = ws.options(0);
    options.merge_idle = Some(std::time::Duration::from_millis(200));
    let mut c = Client::initialized_with(&ws, options, Value::Null, capabilities(false)).await;
    c.open(&uri, &text).await;
    let before = c.diagnostics(&uri, 1).await;
    assert!(!before.is_empty());
    let merged = c
        .wait_for("the merge's log line", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("merged the index's"))
        })
        .await;
    assert!(
        merged["params"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("{segments} segments into one")),
        "{merged}"
    );
    // Checked again from scratch (closing drops what the checker kept).
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    c.open(&uri, &text).await;
    let after = c.diagnostics(&uri, 1).await;
    assert_eq!(after, before);
    c.shutdown().await;
    let (merged, stats, _) = Corpus::open(&spec, &options_of(&folders[0]), &Silent).unwrap();
    assert_eq!((merged.segments(), stats.touched()), (1, 0));
}

fn options_of(dir: &std::path::Path) -> vouch::engine::index::OpenOptions {
    vouch::engine::index::OpenOptions {
        index_dir: Some(dir.to_path_buf()),
    }
}
