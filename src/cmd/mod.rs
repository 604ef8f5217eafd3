//! One module per subcommand; `run` is the single dispatch point.

pub mod bench;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let name = match cli.command {
        Command::Pub => "pub",
        Command::Sub => "sub",
        Command::Bench => "bench",
        Command::Passwd => "passwd",
        Command::Inspect => "inspect",
    };
    anyhow::bail!("`mqtt {name}` is not implemented yet")
}
