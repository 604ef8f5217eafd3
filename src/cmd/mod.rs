//! One module per subcommand; `run` is the single dispatch point.

use std::process::ExitCode;

use crate::cli::{Cli, Command};

mod connect;
mod generate;
mod lines;
mod properties;
mod publish_plan;
mod topics;

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let name = match cli.command {
        Command::Pub(args) => {
            let env = connect::Environment::process();
            let plan = publish_plan::PublishPlan::build(&args, &env, std::io::stdin().lock())?;
            anyhow::bail!("`mqtt pub` cannot connect yet (planned: {:?})", plan.topic)
        }
        Command::Sub(_) => "sub",
        Command::Bench => "bench",
        Command::Passwd => "passwd",
        Command::Inspect => "inspect",
        Command::Generate(args) => return generate::run(&args),
    };
    anyhow::bail!("`mqtt {name}` is not implemented yet")
}
