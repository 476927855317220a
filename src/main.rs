//! The `vouch` command.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use vouch::cli;

// mimalloc: indexing and checking allocate many small strings; the system
// allocator spent a fifth of cold indexing time on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Show where a figure, quote, claim or name at LINE:COL comes from (what a hover shows).
    Explain(cli::explain::ExplainArgs),
    /// Print what a diagnostic code means, e.g. `vouch rule figure-mismatch`.
    Rule(cli::rule::RuleArgs),
    /// Measure indexing and checking speed and memory (the README's figures).
    Bench(cli::bench::BenchArgs),
    /// Measure the language server: edit latency, warm start and memory (the README's figures).
    #[command(hide = true, name = "bench-lsp")]
    BenchLsp(cli::bench_lsp::BenchLspArgs),
    /// Run the language server on stdin and stdout.
    Lsp(vouch::lsp::LspArgs),
    /// Print the sentences and figures vouch reads in a file (for debugging).
    #[command(hide = true)]
    Inspect { file: std::path::PathBuf },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.command {
        Command::Check(a) => cli::check::run(a),
        Command::Explain(a) => cli::explain::run(a),
        Command::Rule(a) => cli::rule::run(a),
        Command::Inspect { file } => cli::inspect(file).map(|_| false),
        Command::Bench(a) => cli::bench::run(a).map(|_| false),
        Command::BenchLsp(a) => cli::bench_lsp::run(a).map(|_| false),
        Command::Lsp(a) => vouch::lsp::run(a).map(|_| false),
    };
    match result {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::from(1),
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
