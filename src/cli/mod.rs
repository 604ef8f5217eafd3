//! The command line, as clap derive types. Help text lives in doc comments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub mod bench;
pub mod codec;
pub mod config;
pub mod connect;
pub mod inspect;
pub mod passwd;
pub mod publish;
pub mod rr;
#[cfg(feature = "serve")]
pub mod serve;
pub mod subscribe;
pub mod watch;

pub use inspect::InspectArgs;
pub use publish::PubArgs;
pub use subscribe::SubArgs;

/// Parses the command line, exiting on an error as clap does; a `-h` with
/// no value gets a word on why (it is the host, as in mosquitto's tools).
pub fn parse() -> Cli {
    Cli::try_parse().unwrap_or_else(|err| {
        let host_without_value = err.kind() == clap::error::ErrorKind::InvalidValue
            && matches!(
                err.get(clap::error::ContextKind::InvalidArg),
                Some(clap::error::ContextValue::String(arg)) if arg.starts_with("--host")
            );
        if host_without_value {
            let _ = err.print();
            diag!(
                "tip: -h is the broker host here, as in mosquitto's tools; --help shows the help"
            );
            std::process::exit(2);
        }
        err.exit()
    })
}

/// A fast, scriptable MQTT toolkit: publish, subscribe, benchmark,
/// manage password files and inspect brokers and packets.
#[derive(Debug, Parser)]
#[command(name = "mqtt", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Publish messages: from -m, a file, stdin, or one per stdin line.
    Pub(PubArgs),
    /// Subscribe to topic filters and print messages as they arrive.
    Sub(SubArgs),
    /// Request/response: send a request and print the matching response,
    /// or answer requests with a command (--respond).
    Rr(rr::RrArgs),
    /// Measure broker throughput and latency.
    Bench(Box<bench::BenchArgs>),
    /// Create and edit mosquitto password files.
    #[command(long_about = passwd::LONG_ABOUT)]
    Passwd(passwd::PasswdArgs),
    /// A live view of a broker's topic space: a topic tree with rates, the
    /// last message, its history and a chart; statistics off a terminal.
    Watch(watch::WatchArgs),
    /// Report what a broker supports, or decode raw MQTT packets.
    Inspect(InspectArgs),
    /// Show where profiles are read from and what one resolves to.
    Config(config::ConfigArgs),
    /// Run a local MQTT broker for development.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// Write man pages or shell completions (for packagers).
    #[command(hide = true)]
    Generate(GenerateArgs),
}

/// `mqtt generate WHAT DIR`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to generate.
    pub what: GenerateWhat,
    /// Directory to write into.
    pub dir: PathBuf,
}

/// Outputs of `mqtt generate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GenerateWhat {
    /// One man page per subcommand.
    Man,
    /// bash, zsh, fish, PowerShell and elvish completions.
    Completions,
}
