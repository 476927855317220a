//! `vouch rule CODE`: what a diagnostic code means, from docs/codes.md (built
//! into the binary), like `ruff rule`. Editors link a diagnostic's code here.

use std::io::Write;

use anyhow::{Result, bail};

use crate::engine::findings::Code;

/// docs/codes.md: one `## code` section per code.
const CODES_MD: &str = include_str!("../../docs/codes.md");

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// The code, e.g. figure-mismatch.
    #[arg(
        value_name = "CODE",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub code: Option<String>,
    /// Every code, one after the other.
    #[arg(long)]
    pub all: bool,
}

/// The documentation of one code: its `# code` heading and the body of its
/// section, as markdown. None when docs/codes.md has no such section.
pub fn explanation(code: &str) -> Option<String> {
    let mut lines = CODES_MD.lines();
    lines.find(|l| l.strip_prefix("## ").map(str::trim) == Some(code))?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
    Some(format!("# {code}\n\n{}\n", body.join("\n").trim()))
}

pub fn run(args: &RuleArgs) -> Result<bool> {
    if args.all {
        let all: Vec<String> = Code::ALL
            .iter()
            .filter_map(|c| explanation(c.as_str()))
            .collect();
        write!(std::io::stdout(), "{}", all.join("\n"))?;
        return Ok(false);
    }
    let code = args.code.as_deref().unwrap_or_default().trim();
    match Code::parse(code).and_then(|c| explanation(c.as_str())) {
        Some(text) => {
            write!(std::io::stdout(), "{text}")?;
            Ok(false)
        }
        None => {
            let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            bail!("unknown code {code:?}; the codes are {}", known.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_section_and_every_section_is_a_code() {
        for code in Code::ALL {
            let text = explanation(code.as_str())
                .unwrap_or_else(|| panic!("docs/codes.md has no section for {code}"));
            assert!(
                text.starts_with(&format!("# {code}\n\n**Default: ")),
                "{text}"
            );
            assert!(
                text.contains(code.default_severity().as_str()),
                "{code}: the docs do not name its default severity"
            );
            assert!(!text.contains("\n## "), "{code} runs into the next section");
        }
        for heading in CODES_MD.lines().filter_map(|l| l.strip_prefix("## ")) {
            assert!(
                Code::parse(heading.trim()).is_some(),
                "{heading} is not a code"
            );
        }
    }

    #[test]
    fn a_section_ends_at_the_next_one() {
        let text = explanation("figure-mismatch").unwrap();
        assert!(text.contains("$61.4 billion"));
        assert!(!text.contains("unsupported-figure"));
        assert!(explanation("no-such-code").is_none());
        assert!(explanation("vouch's diagnostic codes").is_none());
    }
}
