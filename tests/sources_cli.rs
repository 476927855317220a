//! The source commands as a user runs them: `vouch add` from a file and from
//! a web server on the loopback, and `vouch check` on folders and bad paths.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Output;

mod common;

use common::{repo as root, vouch};

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const PAGE: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<title>Aid to Ukraine | The Daily</title>
<meta property="og:title" content="Aid to Ukraine reaches $61.4 billion">
<meta property="og:site_name" content="The Daily">
<meta property="article:published_time" content="2024-11-08T10:00:00Z">
<link rel="canonical" href="https://daily.example/aid">
</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Aid to Ukraine reaches $61.4 billion</h1>
<p>Ukraine has been receiving significant military aid from the United States, amounting to $61.4 billion since Russia's invasion, officials said on Friday.</p>
<p>There are growing concerns within Ukraine about whether the new administration might reduce or cut off that support after January.</p>
<p>Ukrainian President Volodymyr Zelensky has said any peace negotiation would need strong security guarantees for his country.</p>
</article><footer>Subscribe for 1 dollar a week</footer></body></html>"#;

/// Serves `body` as text/html to `requests` requests on a loopback port.
fn serve(body: &'static str, requests: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/news/aid", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for _ in 0..requests {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .unwrap();
            let mut buf = [0u8; 8192];
            let n = stream.read(&mut buf).unwrap_or(0);
            seen.push(String::from_utf8_lossy(&buf[..n]).into_owned());
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(reply.as_bytes()).unwrap();
        }
        seen
    });
    (url, handle)
}

#[test]
fn add_fetches_a_page_and_saves_it_as_markdown_with_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let (url, server) = serve(PAGE, 1);
    let out = vouch(dir.path(), &["add", &url]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let requests = server.join().unwrap();
    assert!(
        requests[0].starts_with("GET /news/aid HTTP/1.1"),
        "{requests:?}"
    );
    let saved = dir
        .path()
        .join("corpus/aid-to-ukraine-reaches-61-4-billion.md");
    assert!(
        stdout.starts_with("added corpus/aid-to-ukraine-reaches-61-4-billion.md: “Aid to Ukraine reaches $61.4 billion”, The Daily, 2024-11-08"),
        "{stdout}"
    );
    let md = std::fs::read_to_string(&saved).unwrap();
    for line in [
        "---\ntitle: Aid to Ukraine reaches $61.4 billion\n",
        "\noutlet: The Daily\n",
        "\nurl: https://daily.example/aid\n",
        "\npublished: 2024-11-08T10:00:00Z\n",
        "\nretrieved: 20",
        "amounting to $61.4 billion since Russia's invasion",
    ] {
        assert!(md.contains(line), "{line:?} in {md}");
    }
    for furniture in ["Home", "Sport", "Subscribe"] {
        assert!(!md.contains(furniture), "{furniture} in {md}");
    }
    // The added source is a source: the figure is supported, and cited by its title.
    std::fs::write(
        dir.path().join("draft.md"),
        "Military aid from the United States amounts to $61.4 billion since Russia's invasion.\n",
    )
    .unwrap();
    let out = vouch(dir.path(), &["check", "--format", "json", "draft.md"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains("unsupported-figure"), "{stdout}");

    // A second add of the same page never replaces the first.
    let (url, server) = serve(PAGE, 1);
    let out = vouch(dir.path(), &["add", &url]);
    server.join().unwrap();
    assert!(
        text(&out)
            .0
            .contains("aid-to-ukraine-reaches-61-4-billion-2.md"),
        "{:?}",
        text(&out)
    );
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), md);
}

#[test]
fn add_copies_a_file_and_names_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "Turnout was 61% on Sunday.\n").unwrap();
    let out = vouch(dir.path(), &["add", "notes.txt", "--corpus", "sources"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sources/notes.txt")).unwrap(),
        "Turnout was 61% on Sunday.\n"
    );
    assert!(
        text(&out).0.starts_with("added sources/notes.txt"),
        "{:?}",
        text(&out)
    );
    std::fs::write(dir.path().join("sheet.xlsx"), "x").unwrap();
    let out = vouch(dir.path(), &["add", "sheet.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("sheet.xlsx: not a source format"),
        "{:?}",
        text(&out)
    );
}

#[test]
fn check_takes_folders_finds_each_drafts_config_and_goes_on_past_a_bad_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Two stories, each with its own vouch.toml and corpus.
    for story in ["aid", "vote"] {
        std::fs::create_dir_all(d.join(story).join("sources")).unwrap();
        std::fs::create_dir_all(d.join(story).join("drafts/deep")).unwrap();
        std::fs::write(
            d.join(story).join("vouch.toml"),
            "[corpus]\npaths = [\"sources\"]\n",
        )
        .unwrap();
    }
    std::fs::write(
        d.join("aid/sources/notes.txt"),
        "Aid totals $61.4 billion since the invasion.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("vote/sources/notes.md"),
        "Turnout was 61% in the election on Sunday.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("aid/drafts/deep/a.md"),
        "Aid totals $6.35 billion since the invasion.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("vote/drafts/b.md"),
        "Turnout was 61% in the election on Sunday.\n",
    )
    .unwrap();
    std::fs::write(d.join("vote/drafts/notes.txt"), "not a draft").unwrap();

    let out = vouch(d, &["check", "aid", "vote", "missing.md"]);
    let (stdout, stderr) = text(&out);
    // Something could not be checked: exit 2, and it is named.
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("missing.md"), "{stderr}");
    // The aid draft is checked against the aid corpus, found by its own vouch.toml,
    // with paths relative to the current folder.
    assert!(
        stdout.contains("aid/drafts/deep/a.md:1:12: error[figure-mismatch]"),
        "{stdout}"
    );
    assert!(stdout.contains("aid/sources/notes.txt:1"), "{stdout}");
    // The vote draft is clean against its own corpus; its markdown source is no draft.
    assert!(!stdout.contains("b.md"), "{stdout}");
    let out = vouch(
        d,
        &["check", "--format", "json", "aid", "vote", "missing.md"],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let checked: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(checked, vec!["aid/drafts/deep/a.md", "vote/drafts/b.md"]);

    let out = vouch(d, &["check", "aid", "vote"]);
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
}

#[test]
fn the_report_lists_every_claim_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("corpus")).unwrap();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap() {
        let e = entry.unwrap();
        std::fs::copy(e.path(), d.join("corpus").join(e.file_name())).unwrap();
    }
    std::fs::copy(root().join("examples/aid-and-territory.md"), d.join("a.md")).unwrap();
    let out = vouch(d, &["report", "--format", "markdown", "a.md"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains(
            "| 4 | 7 | figure `$6.35 billion` | differs: The sources say more than $63.5 billion"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("figures:"), "{stdout}");
    let out = vouch(d, &["report", "a.md", "-o", "r.html"]);
    assert_eq!(out.status.code(), Some(1));
    let html = std::fs::read_to_string(d.join("r.html")).unwrap();
    assert!(html.contains("data-claim=\"4\""));
    assert!(html.contains("corpus/004_4e68ea6f26a5cbdb.txt:11"));
}
