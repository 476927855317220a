//! The `vouch` command.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use vouch::cli;

mod allocator;

#[derive(Debug, Parser)]
#[command(
    name = "vouch",
    version,
    about = "Fact-checks a markdown draft against the story's sources."
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check drafts against the corpus: exit 1 when a finding is an error.
    Check(cli::check::CheckArgs),
    /// Build the corpus index, or bring it up to date, without checking a
    /// draft; `--optimize` merges it into one segment for faster checks.
    Index(cli::index::IndexArgs),
    /// Put a source (a file, or a web page by its URL) into the corpus.
    Add(cli::add::AddArgs),
    /// Write a sign-off report: every figure and quote checked, with its status and source.
    Report(cli::signoff::ReportArgs),
    /// Show where a figure, quote, claim or name at LINE:COL comes from (what a hover shows).
    Explain(cli::explain::ExplainArgs),
    /// Print what a diagnostic code means, e.g. `vouch rule figure-mismatch`.
    Rule(cli::rule::RuleArgs),
    /// Measure indexing and checking speed and memory (the README's figures).
    Bench(vouch::bench::index::BenchArgs),
    /// Measure the language server: edit latency, warm start and memory (the README's figures).
    #[command(hide = true, name = "bench-lsp")]
    BenchLsp(vouch::bench::lsp::BenchLspArgs),
    /// Run the language server on stdin and stdout.
    Lsp(vouch::lsp::LspArgs),
    /// Print what vouch reads in a file: its sentences and figures, or with
    /// `--said` who says what, as JSON lines (for debugging and evaluation).
    #[command(hide = true)]
    Inspect(cli::InspectArgs),
}

fn main() -> ExitCode {
    allocator::configure();
    let args = Args::parse();
    // Commands whose output is for reading: a reader that stops early
    // (`| head`, `| grep -q`) is not an error, as for rg or cat.
    let prints = matches!(
        args.command,
        Command::Check(_)
            | Command::Report(_)
            | Command::Explain(_)
            | Command::Rule(_)
            | Command::Inspect(_)
    );
    // The exit status: 0 fine, 1 findings at error severity, 2 a problem.
    let result: anyhow::Result<u8> = match &args.command {
        Command::Check(a) => cli::check::run(a).map(|o| o.code()),
        Command::Index(a) => cli::index::run(a).map(|_| 0),
        Command::Add(a) => cli::add::run(a).map(|_| 0),
        Command::Report(a) => cli::signoff::run(a).map(|o| o.code()),
        Command::Explain(a) => cli::explain::run(a).map(u8::from),
        Command::Rule(a) => cli::rule::run(a).map(u8::from),
        Command::Inspect(a) => cli::inspect(a).map(|_| 0),
        Command::Bench(a) => vouch::bench::index::run(a).map(|_| 0),
        Command::BenchLsp(a) => vouch::bench::lsp::run(a).map(|_| 0),
        // 1 when the client left without `shutdown` (the protocol's rule).
        Command::Lsp(a) => vouch::lsp::run(a).map(|clean| u8::from(!clean)),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if prints && stdout_closed(&e) => ExitCode::SUCCESS,
        Err(e) => {
            anstream::eprintln!(
                "{}vouch: error:{} {e:#}",
                anstyle::AnsiColor::Red.render_fg(),
                anstyle::Reset.render()
            );
            ExitCode::from(2)
        }
    }
}

/// Whether an error is a write to a pipe whose reader has gone.
fn stdout_closed(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
