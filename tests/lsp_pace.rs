//! When the server checks an edit, over the protocol: at once while checks
//! are cheap, after a pause in the typing while they are slow, and never to
//! the end once a newer edit has come. The longest wait (the `debounce`
//! option) is an hour here, so a server that waits for it fails by timing
//! out; no test depends on how fast this machine is.

#[path = "lsp/client.rs"]
#[allow(dead_code)]
mod client;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use client::{Client, Workspace, capabilities};

const HOUR: u64 = 3_600_000;

/// The versions checked, in order; a version checked twice in a row (the
/// server re-checks open drafts when their corpus opens) counts once.
fn checked(seen: &Mutex<Vec<i64>>) -> Vec<i64> {
    let mut v = seen.lock().unwrap().clone();
    v.dedup();
    v
}

/// The version a hook sees, from the text's `(vN)` marker.
fn marker(text: &str) -> Option<i64> {
    let at = text.rfind("(v")? + 2;
    let end = at + text[at..].find(')')?;
    text[at..end].parse().ok()
}

/// A draft's text at version `v`: the example draft with its marker, and
/// extra paragraphs.
fn text_at(base: &str, v: i64, extra: &[&str]) -> String {
    let mut t = format!("{base}\nThe draft at (v{v}).\n");
    for p in extra {
        t.push('\n');
        t.push_str(p);
        t.push('\n');
    }
    t
}

async fn start(ws: &Workspace, hook: fn(&str)) -> Client {
    let mut options = ws.options(HOUR);
    options.check_hook = Some(hook);
    Client::initialized_with(ws, options, Value::Null, capabilities(false)).await
}

async fn whole(c: &mut Client, uri: &str, version: i64, text: &str) {
    c.change(uri, version, json!([{ "text": text }])).await;
}

static CHEAP_SEEN: Mutex<Vec<i64>> = Mutex::new(Vec::new());

fn cheap_hook(text: &str) {
    CHEAP_SEEN.lock().unwrap().extend(marker(text));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cheap_checks_publish_every_edit_at_once() {
    let ws = Workspace::seeds();
    let uri = ws.uri("aid-and-territory.md");
    let base = ws.text("aid-and-territory.md");
    let mut c = start(&ws, cheap_hook).await;
    c.open(&uri, &text_at(&base, 1, &[])).await;
    let first = c.diagnostics(&uri, 1).await;
    assert!(!first.is_empty(), "the example draft has findings");
    // Each edit alone: with a fixed wait of an hour none would come back.
    for v in 2..=6 {
        whole(&mut c, &uri, v, &text_at(&base, v, &[])).await;
        assert_eq!(c.diagnostics(&uri, v).await, first, "v{v}");
    }
    assert_eq!(checked(&CHEAP_SEEN), vec![1, 2, 3, 4, 5, 6]);
    c.shutdown().await;
}

static SLOW_SEEN: Mutex<Vec<i64>> = Mutex::new(Vec::new());

/// A text with `SLOW` takes a second to check.
fn slow_hook(text: &str) {
    SLOW_SEEN.lock().unwrap().extend(marker(text));
    if text.contains("SLOW") {
        std::thread::sleep(Duration::from_secs(1));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_slow_check_edits_wait_for_a_pause_and_after_a_cheap_one_they_do_not() {
    let ws = Workspace::seeds();
    let uri = ws.uri("aid-and-territory.md");
    let base = ws.text("aid-and-territory.md");
    let mut c = start(&ws, slow_hook).await;
    c.open(&uri, &text_at(&base, 1, &[])).await;
    c.diagnostics(&uri, 1).await;
    // Nothing is known of edits' checks yet: at once, and this one is slow.
    whole(&mut c, &uri, 2, &text_at(&base, 2, &["SLOW"])).await;
    c.diagnostics(&uri, 2).await;
    // Two keystrokes in a row (one read): the first is not checked on its
    // own, the server waits for the typing to pause.
    let change = |v: i64| json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text_at(&base, v, &[])}]});
    c.notify_together(&[
        ("textDocument/didChange", change(3)),
        ("textDocument/didChange", change(4)),
    ])
    .await;
    c.diagnostics(&uri, 4).await;
    // That check was cheap: the next edit is checked at once (an hour's wait
    // would time the test out).
    whole(&mut c, &uri, 5, &text_at(&base, 5, &[])).await;
    c.diagnostics(&uri, 5).await;
    assert_eq!(checked(&SLOW_SEEN), vec![1, 2, 4, 5]);
    assert!(
        c.seen_method("textDocument/publishDiagnostics")
            .iter()
            .all(|m| m["params"]["version"] != 3),
        "version 3 was never published"
    );
    c.shutdown().await;
}

static GATE_SEEN: Mutex<Vec<i64>> = Mutex::new(Vec::new());
static GATE_OPEN: AtomicBool = AtomicBool::new(false);

/// A text with `GATE` is held until the test opens the gate.
fn gate_hook(text: &str) {
    GATE_SEEN.lock().unwrap().extend(marker(text));
    if text.contains("GATE") {
        for _ in 0..60_000 {
            if GATE_OPEN.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

async fn state(c: &mut Client, uri: &str) -> Value {
    c.request("vouch/documentState", json!({ "uri": uri }))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_edit_cancels_the_check_still_running() {
    let ws = Workspace::seeds();
    let uri = ws.uri("aid-and-territory.md");
    let base = ws.text("aid-and-territory.md");
    let mut c = start(&ws, gate_hook).await;
    let gate = "GATE: the paragraph whose check is held.";
    let (p, q) = ("A paragraph typed next.", "And one more after it.");
    c.open(&uri, &text_at(&base, 1, &[])).await;
    c.diagnostics(&uri, 1).await;
    // Version 2's check starts and is held; version 3 comes meanwhile.
    whole(&mut c, &uri, 2, &text_at(&base, 2, &[gate])).await;
    for _ in 0..60_000 {
        if GATE_SEEN.lock().unwrap().contains(&2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert!(
        GATE_SEEN.lock().unwrap().contains(&2),
        "version 2 is being checked"
    );
    whole(&mut c, &uri, 3, &text_at(&base, 3, &[gate, p])).await;
    assert_eq!(state(&mut c, &uri).await["version"], 3);
    GATE_OPEN.store(true, Ordering::SeqCst);
    c.diagnostics(&uri, 3).await;
    let after_3 = state(&mut c, &uri).await["checked"].clone();
    assert_eq!(after_3["version"], 3);
    // Version 2's check stopped before it reached the block cache: version
    // 3 found only version 1's blocks there (not the gate's paragraph), and
    // version 4 finds version 3's, two more (the gate's paragraph and p).
    whole(&mut c, &uri, 4, &text_at(&base, 4, &[gate, p, q])).await;
    c.diagnostics(&uri, 4).await;
    let after_4 = state(&mut c, &uri).await["checked"].clone();
    assert_eq!(after_4["version"], 4);
    // The marker paragraph changes with every version: never reused.
    assert_eq!(
        after_4["reusedBlocks"].as_u64().unwrap(),
        after_3["reusedBlocks"].as_u64().unwrap() + 2,
        "{after_3} then {after_4}"
    );
    assert!(
        c.seen_method("textDocument/publishDiagnostics")
            .iter()
            .all(|m| m["params"]["version"] != 2),
        "version 2 was never published"
    );
    assert_eq!(checked(&GATE_SEEN), vec![1, 2, 3, 4]);
    c.shutdown().await;
}
