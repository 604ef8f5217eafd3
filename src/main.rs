//! `mqtt`: a fast, scriptable MQTT command-line toolkit.
//!
//! `main` only parses, dispatches and turns the outcome into an exit code;
//! errors are printed exactly once, here.

#[macro_use]
mod stderr;

mod args;
#[cfg(feature = "serve")]
mod broker;
mod cli;
mod cmd;
mod config;
mod connect;
mod describe;
mod exit;
mod output;
mod passwd;
mod runtime;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        // `mqtt sub … | head -n1` closes our stdout: that is success.
        Err(err) if exit::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            diag!("mqtt: {err:#}");
            exit::code_for(&err)
        }
    }
}
