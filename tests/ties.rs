//! Sources that disagree and tie: the finding names both figures and
//! offers both, in an order that depends on nothing but the sources' places.

use std::path::Path;

use vouch::engine::check::{Options, check_text};
use vouch::engine::corpus::CorpusSpec;
use vouch::engine::findings::{Code, Finding};
use vouch::engine::index::{Corpus, OpenOptions, Silent};
use vouch::engine::text::Format;

fn corpus(dir: &Path, files: &[(&str, &str)]) -> Corpus {
    let root = dir.join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    for (name, text) in files {
        std::fs::write(root.join(name), text).unwrap();
    }
    let spec = CorpusSpec {
        roots: vec![root],
        ..CorpusSpec::default()
    };
    let options = OpenOptions {
        index_dir: Some(dir.join("index")),
    };
    Corpus::open(&spec, &options, &Silent).unwrap().0
}

fn mismatch(corpus: &Corpus, draft: &str) -> Finding {
    let (_, report) = check_text(corpus, draft, Format::Markdown, &Options::default());
    let found: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.code == Code::FigureMismatch)
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    found[0].clone()
}

const DRAFT: &str = "The regional council approved 3,500 new homes near the river on Tuesday.\n";

fn story(figure: &str) -> String {
    format!(
        "Housing vote\n\nThe regional council approved {figure} new homes near the river on Tuesday.\n"
    )
}

#[test]
fn tied_sources_with_different_figures_are_both_named_and_offered() {
    let mut orders = Vec::new();
    // The same two sources, their figures swapped between the files: the
    // order follows the files' names, never the index.
    for (a, b) in [("3,400", "3,600"), ("3,600", "3,400")] {
        let dir = tempfile::tempdir().unwrap();
        let c = corpus(
            dir.path(),
            &[("a-wire.txt", &story(a)), ("b-paper.txt", &story(b))],
        );
        let f = mismatch(&c, DRAFT);
        assert!(
            f.message.starts_with(&format!(
                "The sources disagree, saying {a} or {b}, not 3,500: "
            )),
            "{}",
            f.message
        );
        assert!(
            f.message.contains(&format!("a-wire.txt:3 says {a}"))
                && f.message.contains(&format!("b-paper.txt:3 says {b}")),
            "{}",
            f.message
        );
        let fixes: Vec<&str> = f.fixes.iter().map(|x| x.replacement.as_str()).collect();
        assert_eq!(fixes, vec![a, b], "{:#?}", f.fixes);
        assert!(
            f.fixes[0].title.contains("a-wire.txt:3"),
            "{:?}",
            f.fixes[0]
        );
        orders.push(
            f.evidence
                .iter()
                .map(|e| Path::new(&e.path).file_name().unwrap().to_owned())
                .collect::<Vec<_>>(),
        );
        // Checked again, and on a fresh index: the same words.
        let again = corpus(
            &dir.path().join("again"),
            &[("a-wire.txt", &story(a)), ("b-paper.txt", &story(b))],
        );
        assert_eq!(
            mismatch(&again, DRAFT).message.replace("again/", ""),
            f.message.replace("again/", "")
        );
    }
    assert_eq!(orders[0], orders[1], "the order is the files'");
}

#[test]
fn sources_that_agree_with_each_other_give_one_figure_and_one_fix() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(
        dir.path(),
        &[
            ("a-wire.txt", &story("3,400")),
            ("b-paper.txt", &story("3,400")),
        ],
    );
    let f = mismatch(&c, DRAFT);
    assert!(
        f.message.starts_with("The sources say 3,400, not 3,500"),
        "{}",
        f.message
    );
    assert_eq!(f.fixes.len(), 1, "{:#?}", f.fixes);
    assert_eq!(f.fixes[0].replacement, "3,400");
}
