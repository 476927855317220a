//! `vouch add PATH|URL`: puts a source into the corpus. A web page (a URL,
//! or a saved `.html` file) is reduced to its article text and saved as
//! markdown with front matter (`title`, `outlet`, `url`, `published`,
//! `retrieved`); a PDF, a Word document, an email or a text file is copied
//! as it is (a PDF keeps its pages). Nothing in the corpus is overwritten.
//!
//! The URL is fetched with ureq: small, blocking (vouch needs one request,
//! not an async runtime's HTTP stack), with rustls so https needs no system
//! OpenSSL.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::engine::sources::{self, Kind, Metadata};

/// Pages larger than this are not sources.
const MAX_BYTES: u64 = 50 << 20;

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The corpus folder to add to. Default: the first of vouch.toml's
    /// [corpus] paths, else ./corpus (made when missing).
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// The file name to save under (without folder). Default: from the title.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// A source file, or an http(s) URL to fetch.
    #[arg(value_name = "PATH|URL")]
    pub source: String,
}

pub fn run(args: &AddArgs) -> Result<()> {
    let corpus = match &args.corpus {
        Some(c) => c.clone(),
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            let (config, messages) = crate::config::load(&cwd);
            for m in messages {
                super::warn(m);
            }
            let first = config
                .corpus
                .first()
                .cloned()
                .unwrap_or_else(|| cwd.join("corpus"));
            PathBuf::from(super::drafts::shown(&first, &cwd))
        }
    };
    std::fs::create_dir_all(&corpus)
        .with_context(|| format!("corpus folder {}: cannot be made", corpus.display()))?;
    let is_url = args.source.starts_with("http://") || args.source.starts_with("https://");
    let added = if is_url {
        add_url(&args.source, &corpus, args.name.as_deref())?
    } else {
        add_file(Path::new(&args.source), &corpus, args.name.as_deref())?
    };
    use std::io::Write;
    writeln!(std::io::stdout(), "{}", describe(&added))?;
    Ok(())
}

/// What was added, for the one line `vouch add` prints.
struct Added {
    path: PathBuf,
    meta: Metadata,
    paragraphs: usize,
}

fn describe(a: &Added) -> String {
    let mut about = Vec::new();
    if let Some(t) = &a.meta.title {
        about.push(format!("“{t}”"));
    }
    if let Some(o) = &a.meta.outlet {
        about.push(o.clone());
    }
    if let Some(d) = &a.meta.published {
        about.push(sources::short_date(d).to_string());
    }
    about.push(format!(
        "{} paragraph{}",
        a.paragraphs,
        if a.paragraphs == 1 { "" } else { "s" }
    ));
    if let Some(u) = &a.meta.url {
        about.push(u.clone());
    }
    format!(
        "added {}: {}",
        a.path.to_string_lossy().replace('\\', "/"),
        about.join(", ")
    )
}

fn add_url(url: &str, corpus: &Path, name: Option<&str>) -> Result<Added> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("vouch/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .with_context(|| format!("{url}: cannot be fetched"))?;
    let final_url = {
        use ureq::ResponseExt;
        response.get_uri().to_string()
    };
    let mime = response
        .body()
        .mime_type()
        .unwrap_or("text/html")
        .to_ascii_lowercase();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .with_context(|| format!("{url}: cannot be read"))?;
    let retrieved = today();
    let kind = match mime.as_str() {
        "application/pdf" => Kind::Pdf,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Kind::Docx,
        "message/rfc822" => Kind::Email,
        "text/plain" => Kind::Text,
        "text/markdown" => Kind::Markdown,
        _ => Kind::Html,
    };
    if kind != Kind::Html {
        // Kept as the file it is: a PDF keeps its pages.
        let source =
            sources::from_bytes(bytes.clone(), kind).map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
        let stem = name
            .map(str::to_string)
            .unwrap_or_else(|| slug(source.meta.title.as_deref().unwrap_or(url)));
        let path = free_path(corpus, &stem, kind.extensions()[0]);
        write_new(&path, &bytes)?;
        let meta = Metadata {
            url: Some(final_url),
            ..Metadata::default()
        };
        return Ok(Added {
            path,
            paragraphs: count_paragraphs(&source.text),
            meta: source.meta.or(meta),
        });
    }
    let html = String::from_utf8_lossy(&bytes);
    save_page(&html, corpus, name, Some(&final_url), &retrieved)
}

fn add_file(path: &Path, corpus: &Path, name: Option<&str>) -> Result<Added> {
    let kind = Kind::of_path(path).with_context(|| {
        format!(
            "{}: not a source format vouch reads ({})",
            path.display(),
            Kind::all_extensions()
        )
    })?;
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot be read", path.display()))?;
    if kind == Kind::Html {
        let html = String::from_utf8_lossy(&bytes);
        return save_page(&html, corpus, name, None, &today());
    }
    let source = sources::from_bytes(bytes.clone(), kind)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let stem = name.map(str::to_string).unwrap_or_else(|| {
        path.file_stem()
            .map_or_else(|| "source".into(), |s| s.to_string_lossy().into_owned())
    });
    let dest = free_path(corpus, &stem, kind.extensions()[0]);
    write_new(&dest, &bytes)?;
    let analysed = crate::engine::document::Document::analyze(source.text.clone(), source.format);
    let title = analysed.title();
    Ok(Added {
        path: dest,
        paragraphs: count_paragraphs(&source.text),
        meta: source.meta.or(Metadata {
            title,
            ..Metadata::default()
        }),
    })
}

/// A web page as markdown with front matter.
fn save_page(
    html: &str,
    corpus: &Path,
    name: Option<&str>,
    fetched_from: Option<&str>,
    retrieved: &str,
) -> Result<Added> {
    let mut page = sources::html::read(html);
    if page.meta.url.is_none() {
        page.meta.url = fetched_from.map(str::to_string);
    }
    if page.text.trim().is_empty() {
        bail!(
            "{}: no article text in the page",
            fetched_from.unwrap_or("page")
        );
    }
    let stem = name.map(str::to_string).unwrap_or_else(|| {
        slug(
            page.meta
                .title
                .as_deref()
                .or(fetched_from)
                .unwrap_or("page"),
        )
    });
    let path = free_path(corpus, &stem, "md");
    let mut md = String::from("---\n");
    let fields = [
        ("title", page.meta.title.as_deref()),
        ("outlet", page.meta.outlet.as_deref()),
        ("author", page.meta.author.as_deref()),
        ("url", page.meta.url.as_deref()),
        ("published", page.meta.published.as_deref()),
        ("retrieved", Some(retrieved)),
    ];
    for (key, value) in fields {
        if let Some(v) = value {
            md.push_str(&format!("{key}: {}\n", yaml_string(v)));
        }
    }
    md.push_str("---\n\n");
    md.push_str(page.text.trim());
    md.push('\n');
    write_new(&path, md.as_bytes())?;
    Ok(Added {
        path,
        paragraphs: count_paragraphs(&page.text),
        meta: page.meta,
    })
}

/// A value on one front matter line, quoted when YAML would misread it.
fn yaml_string(v: &str) -> String {
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    let plain = !v.is_empty()
        && !v.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !v.contains(": ")
        && !v.contains(" #");
    if plain {
        v
    } else {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn count_paragraphs(text: &str) -> usize {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).count()
}

/// A file name from a title: lowercase words joined by hyphens.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.len() + word.len() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
    }
    if out.is_empty() { "source".into() } else { out }
}

/// `corpus/stem.ext`, or `stem-2.ext`, … when that is taken.
fn free_path(corpus: &Path, stem: &str, ext: &str) -> PathBuf {
    let stem = Path::new(stem)
        .file_name()
        .map_or_else(|| "source".into(), |s| s.to_string_lossy().into_owned());
    let stem = stem
        .strip_suffix(&format!(".{ext}"))
        .unwrap_or(&stem)
        .to_string();
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let p = corpus.join(name);
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}

/// Writes a new file, never replacing one.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("{}: cannot be written", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("{}: cannot be written", path.display()))
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's
/// days-to-civil algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_slugs_and_yaml() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_035), "2024-11-08");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(
            slug("Aid to Ukraine: $61.4 billion!"),
            "aid-to-ukraine-61-4-billion"
        );
        assert_eq!(slug("…"), "source");
        assert_eq!(yaml_string("Plain title"), "Plain title");
        assert_eq!(
            yaml_string("Aid: the \"facts\""),
            "\"Aid: the \\\"facts\\\"\""
        );
        assert_eq!(yaml_string("#1 story"), "\"#1 story\"");
    }

    #[test]
    fn never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_path(dir.path(), "a", "md");
        write_new(&first, b"one").unwrap();
        let second = free_path(dir.path(), "a.md", "md");
        assert!(second.ends_with("a-2.md"), "{second:?}");
        assert!(write_new(&first, b"two").is_err());
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
    }
}
