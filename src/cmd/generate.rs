//! Hidden `mqtt generate`: writes man pages and shell completions from the
//! clap definition. The outputs are committed in `man/` and `completions/`,
//! and `tests/cli/generated.rs` fails when they are stale.
//!
//! Regenerate with:
//! `cargo run -- generate man man && cargo run -- generate completions completions`

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateArgs, GenerateWhat};

/// Runs `mqtt generate`.
pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("creating {}", args.dir.display()))?;
    match args.what {
        GenerateWhat::Man => man_pages(&args.dir)?,
        GenerateWhat::Completions => completions(&args.dir)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn man_pages(dir: &Path) -> anyhow::Result<()> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    write_man_pages(&command, dir)
        .with_context(|| format!("writing man pages to {}", dir.display()))
}

/// One page per command, recursively, as `clap_mangen::generate_to` does,
/// plus ENVIRONMENT and FILES on every page of a command that connects.
fn write_man_pages(command: &clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        write_man_pages(sub, dir)?;
    }
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if command.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    if command.get_after_long_help().is_some() || command.get_after_help().is_some() {
        man.render_extra_section(&mut page)?;
    }
    if connects(command) {
        page.extend_from_slice(ENVIRONMENT_AND_FILES.as_bytes());
    }
    if command.get_version().is_some() || command.get_long_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    std::fs::write(dir.join(man.get_filename()), once_preamble(&page))
}

/// Each rendered section starts with roff's quote-string preamble; a page
/// needs it once, at the top.
fn once_preamble(page: &[u8]) -> String {
    const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let text = String::from_utf8_lossy(page);
    let body = text.replace(PREAMBLE, "");
    format!("{PREAMBLE}{body}")
}

/// Whether the command takes the connection options (and so reads the
/// environment and the profiles); the top-level page documents them too.
fn connects(command: &clap::Command) -> bool {
    command.get_name() == "mqtt" || command.get_arguments().any(|arg| arg.get_id() == "profile")
}

/// What the connecting commands read besides their options.
const ENVIRONMENT_AND_FILES: &str = r#".SH ENVIRONMENT
Each variable ranks below its option and above the profile, field by field.
.TP
\fBMQTT_HOST\fR, \fBMQTT_PORT\fR
The broker's host and port, as \fB\-h\fR and \fB\-p\fR. \fB\-L\fR on the command line wins over both.
.TP
\fBMQTT_USERNAME\fR
The user name, as \fB\-u\fR.
.TP
\fBMQTT_PASSWORD\fR
The password, when no \fB\-P\fR, \fB\-\-password\-file\fR or URL password is given. Unlike \fB\-P\fR, it is not visible in the process list.
.TP
\fBMQTT_PROFILE\fR
The profile to use, as \fB\-\-profile\fR.
.TP
\fBMQTT_CONFIG\fR
The profile file to read instead of the default below.
.TP
\fBNO_COLOR\fR
When set (to anything), no colour is used, even on a terminal.
.SH FILES
.TP
\fI$MQTT_CONFIG\fR, else \fI$XDG_CONFIG_HOME/mqtt/config.toml\fR, else \fI~/.config/mqtt/config.toml\fR
Named connection profiles (TOML), one table per profile:
.RS
.nf
[profiles.prod]
url = "mqtts://broker.example.com"   # or host = "…" and port = 8883
username = "alice"
password_env = "PROD_MQTT_PASSWORD"  # or password_file = "/run/secrets/mqtt"
cafile = "/etc/ssl/prod\-ca.pem"
protocol_version = "5"
.fi
.RE
Other keys: \fBclient_id\fR, \fBid_prefix\fR, \fBcapath\fR, \fBcert\fR, \fBkey\fR, \fBinsecure\fR, \fBtls\fR, \fBkeepalive\fR. A profile never holds a password itself, only where to find one. An unknown key is an error. \fBmqtt config\fR prints the file's path and what a profile resolves to.
"#;

fn completions(dir: &Path) -> anyhow::Result<()> {
    let mut command = Cli::command();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish] {
        clap_complete::generate_to(shell, &mut command, "mqtt", dir)
            .with_context(|| format!("writing {shell} completions to {}", dir.display()))?;
    }
    Ok(())
}
