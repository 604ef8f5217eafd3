//! One module per subcommand; `run` is the single dispatch point.

pub mod bench;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

mod generate;
pub mod passwd;
#[cfg(feature = "serve")]
pub mod serve;

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let name = match cli.command {
        Command::Pub => "pub",
        Command::Sub => "sub",
        Command::Bench => "bench",
        Command::Passwd(args) => return passwd::run(args),
        Command::Inspect => "inspect",
        Command::Generate(args) => return generate::run(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => return serve::run(args),
    };
    anyhow::bail!("`mqtt {name}` is not implemented yet")
}
