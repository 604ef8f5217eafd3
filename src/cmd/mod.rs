//! One module per subcommand, and nothing else; `run` is the single
//! dispatch point. Subcommands never import each other: what two of them
//! share lives in a room of its own under `src/` (see docs/architecture.md).

mod bench;
mod config;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

mod generate;
mod inspect;
mod passwd;
mod publish;
mod rr;
#[cfg(feature = "serve")]
mod serve;
mod subscribe;
mod watch;

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Pub(args) => {
            let env = crate::connect::Environment::process();
            let plan = publish::plan::PublishPlan::build(&args, &env, std::io::stdin().lock())?;
            publish_runtime()?.block_on(publish::run(plan))
        }
        Command::Rr(args) => {
            let env = crate::connect::Environment::process();
            let plan = rr::plan::RrPlan::build(&args, &env, std::io::stdin().lock())?;
            crate::runtime::one_thread()?.block_on(rr::run(plan))
        }
        Command::Sub(args) => {
            let env = crate::connect::Environment::process();
            let plan = subscribe::plan::SubscribePlan::build(&args, &env)?;
            subscribe_runtime()?.block_on(subscribe::run(plan))
        }
        Command::Watch(args) => {
            let env = crate::connect::Environment::process();
            let terminal = watch::plan::stdout_is_terminal();
            let no_color = std::env::var_os("NO_COLOR");
            let plan = watch::plan::WatchPlan::build(&args, &env, terminal, no_color.as_deref())?;
            subscribe_runtime()?.block_on(watch::run(plan))
        }
        Command::Bench(args) => bench::run(*args),
        Command::Passwd(args) => passwd::run(args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Config(args) => config::run(&args),
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

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Every `.rs` file under `dir`, recursively.
    fn sources(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("read the source tree") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                found.extend(sources(&path));
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
        found
    }

    /// The subcommand a file under `src/cmd/` belongs to (`publish` for
    /// `src/cmd/publish/plan.rs`, `serve` for `src/cmd/serve.rs`).
    fn subcommand_of(relative: &Path) -> Option<String> {
        let mut parts = relative.strip_prefix("cmd").ok()?.components();
        let first = parts.next()?.as_os_str().to_str()?;
        Some(first.trim_end_matches(".rs").to_owned())
    }

    /// docs/architecture.md's rules: `cli/` and the shared rooms never
    /// import `cmd/`, and no subcommand imports another.
    #[test]
    fn layers_import_downwards_only() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut wrong = Vec::new();
        for path in sources(&src) {
            let relative = path.strip_prefix(&src).unwrap().to_path_buf();
            let text = std::fs::read_to_string(&path).unwrap();
            let own = subcommand_of(&relative);
            for (number, line) in text.lines().enumerate() {
                let Some(at) = line.find("crate::cmd") else { continue };
                let target = line[at + "crate::cmd".len()..]
                    .trim_start_matches("::")
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("");
                let allowed = match &own {
                    Some(name) if name == "mod" => true,
                    Some(name) => target == name,
                    None => relative == Path::new("main.rs"),
                };
                if !allowed {
                    wrong.push(format!(
                        "src/{}:{}: {}",
                        relative.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
        assert!(sources(&src).len() > 50, "the source tree was not found");
    }
}
