//! One module per subcommand, and nothing else; `run` is the single
//! dispatch point. Subcommands never import each other: what two of them
//! share lives in a room of its own under `src/` (see docs/architecture.md).

mod bench;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

mod generate;
mod inspect;
mod passwd;
mod publish;
#[cfg(feature = "serve")]
mod serve;
mod subscribe;

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Pub(args) => {
            let env = crate::connect::Environment::process();
            let plan = publish::plan::PublishPlan::build(&args, &env, std::io::stdin().lock())?;
            publish_runtime()?.block_on(publish::run(plan))
        }
        Command::Sub(args) => {
            let env = crate::connect::Environment::process();
            let plan = subscribe::plan::SubscribePlan::build(&args, &env)?;
            subscribe_runtime()?.block_on(subscribe::run(plan))
        }
        Command::Bench(args) => bench::run(*args),
        Command::Passwd(args) => passwd::run(args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Generate(args) => generate::run(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    }
}

/// `mqtt pub`'s runtime: one thread. Its work is the connection task and a
/// loop feeding it (stdin is read on a thread of its own), so a second
/// worker only adds cross-thread wake-ups (BENCHMARKS.md, "pub and sub",
/// compares the two).
fn publish_runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    crate::runtime::one_thread()
}

/// `mqtt sub`'s runtime: two workers, so the connection task keeps
/// answering pings and acks on one while the output loop is blocked on a
/// full stdout pipe (`| less`) on the other.
fn subscribe_runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    crate::runtime::build(crate::runtime::workers(Some(2), "mqtt-sub"))
}
