//! Hidden `mqtt generate`: writes man pages and shell completions from the
//! clap definition. The outputs are committed in `man/` and `completions/`,
//! and `tests/generated.rs` fails when they are stale.
//!
//! Regenerate with:
//! `cargo run -- generate man man && cargo run -- generate completions completions`

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateArgs, GenerateWhat};

/// Runs `mqtt generate`.
pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("creating {}", args.dir.display()))?;
    match args.what {
        GenerateWhat::Man => man_pages(&args.dir)?,
        GenerateWhat::Completions => completions(&args.dir)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn man_pages(dir: &Path) -> anyhow::Result<()> {
    let command = Cli::command();
    clap_mangen::generate_to(command, dir)
        .with_context(|| format!("writing man pages to {}", dir.display()))
}

fn completions(dir: &Path) -> anyhow::Result<()> {
    let mut command = Cli::command();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish] {
        clap_complete::generate_to(shell, &mut command, "mqtt", dir)
            .with_context(|| format!("writing {shell} completions to {}", dir.display()))?;
    }
    Ok(())
}
