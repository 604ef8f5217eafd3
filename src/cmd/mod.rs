//! One module per subcommand; `run` is the single dispatch point.

use std::process::ExitCode;

use crate::cli::{Cli, Command};

// Parts of the plans are only read once the client is wired in.
#[allow(dead_code)]
mod connect;
mod generate;
#[allow(dead_code)]
mod lines;
mod properties;
#[allow(dead_code)]
mod publish_plan;
#[allow(dead_code)]
mod subscribe_plan;
#[allow(dead_code)]
mod topics;

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let name = match cli.command {
        Command::Pub(args) => {
            let env = connect::Environment::process();
            let plan = publish_plan::PublishPlan::build(&args, &env, std::io::stdin().lock())?;
            anyhow::bail!("`mqtt pub` cannot connect yet (planned: {:?})", plan.topic)
        }
        Command::Sub(args) => {
            let env = connect::Environment::process();
            let plan = subscribe_plan::SubscribePlan::build(&args, &env)?;
            anyhow::bail!("`mqtt sub` cannot connect yet (planned: {:?})", plan.filters)
        }
        Command::Bench => "bench",
        Command::Passwd => "passwd",
        Command::Inspect => "inspect",
        Command::Generate(args) => return generate::run(&args),
    };
    anyhow::bail!("`mqtt {name}` is not implemented yet")
}
