//! One module per subcommand; `run` is the single dispatch point.

use std::process::ExitCode;

use crate::cli::{Cli, Command};

mod generate;
mod inspect;

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let name = match cli.command {
        Command::Pub => "pub",
        Command::Sub => "sub",
        Command::Bench => "bench",
        Command::Passwd => "passwd",
        Command::Inspect(args) => return inspect::run(&args),
        Command::Generate(args) => return generate::run(&args),
    };
    anyhow::bail!("`mqtt {name}` is not implemented yet")
}
