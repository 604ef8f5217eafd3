//! One module per subcommand; `run` is the single dispatch point.

pub mod bench;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

mod connect;
mod generate;
mod inspect;
mod json_replay;
mod lines;
pub mod passwd;
mod properties;
mod publish;
mod publish_plan;
#[cfg(feature = "serve")]
pub mod serve;
mod session;
mod sub_output;
mod subscribe;
mod subscribe_plan;
mod topics;

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Pub(args) => {
            let env = connect::Environment::process();
            let plan = publish_plan::PublishPlan::build(&args, &env, std::io::stdin().lock())?;
            runtime()?.block_on(publish::run(plan))
        }
        Command::Sub(args) => {
            let env = connect::Environment::process();
            let plan = subscribe_plan::SubscribePlan::build(&args, &env)?;
            runtime()?.block_on(subscribe::run(plan))
        }
        Command::Bench(args) => bench::run(*args),
        Command::Passwd(args) => passwd::run(args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Generate(args) => generate::run(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    }
}

/// The async runtime for commands that talk to a broker: two workers, so
/// the connection task and the command's own loop run side by side.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|err| anyhow::anyhow!("starting the async runtime: {err}"))
}
