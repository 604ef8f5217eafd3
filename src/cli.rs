//! The command line, as clap derive types. Help text lives in doc comments.

use clap::{Parser, Subcommand};

/// A fast, scriptable MQTT toolkit: publish, subscribe, benchmark,
/// manage password files and inspect brokers and packets.
#[derive(Debug, Parser)]
#[command(name = "mqtt", version, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Publish messages: from -m, a file, stdin, or one per stdin line.
    Pub,
    /// Subscribe to topic filters and print messages as they arrive.
    Sub,
    /// Measure broker throughput and latency.
    Bench,
    /// Create and edit mosquitto password files.
    #[command(long_about = crate::cmd::passwd::LONG_ABOUT)]
    Passwd(crate::cmd::passwd::PasswdArgs),
    /// Report what a broker supports, or decode raw MQTT packets.
    Inspect,
}
