//! The password: the first source that gives one wins, in the order
//! `-P VALUE`, `-P` (prompt), `--password-file`, a `-L` URL's password,
//! `MQTT_PASSWORD`, a profile URL's password, the profile's `password_file`
//! or `password_env`.

use std::path::Path;

use mqtt_client::Secret;

use crate::cli::connect::ConnectArgs;
use crate::config::Profile;
use crate::connect::address::UrlSource;
use crate::connect::{Environment, PROMPT_SENTINEL};
use crate::exit::usage;

/// Where the password comes from; nothing is read or asked for until
/// [`PasswordSource::read`], so every other check can come first.
pub enum PasswordSource<'a> {
    /// `-P VALUE`.
    Given(&'a str),
    /// `-P` without a value: ask on the terminal.
    Prompt,
    /// `--password-file` or the profile's `password_file`.
    File { path: &'a Path, what: &'static str },
    /// A `-L` URL's or the profile URL's password.
    Url(Secret),
    /// `MQTT_PASSWORD`.
    Environment(&'a str),
    /// The variable the profile's `password_env` names.
    ProfileVariable(&'a str),
}

/// The first source that gives a password, if any.
pub fn source<'a>(
    args: &'a ConnectArgs,
    profile: &'a Profile,
    from_url: Option<Secret>,
    url_source: UrlSource,
    env: &'a Environment,
) -> Option<PasswordSource<'a>> {
    let (command_line_url, profile_url) = match url_source {
        UrlSource::CommandLine => (from_url, None),
        UrlSource::Profile => (None, from_url),
    };
    if let Some(given) = &args.password {
        let prompt = given == PROMPT_SENTINEL;
        return Some(if prompt { PasswordSource::Prompt } else { PasswordSource::Given(given) });
    }
    if let Some(path) = &args.password_file {
        return Some(PasswordSource::File { path, what: "--password-file" });
    }
    if let Some(secret) = command_line_url {
        return Some(PasswordSource::Url(secret));
    }
    if let Some(text) = &env.mqtt_password {
        return Some(PasswordSource::Environment(text));
    }
    if let Some(secret) = profile_url {
        return Some(PasswordSource::Url(secret));
    }
    if let Some(path) = &profile.password_file {
        return Some(PasswordSource::File { path, what: "profile password_file" });
    }
    profile.password_env.as_deref().map(PasswordSource::ProfileVariable)
}

impl PasswordSource<'_> {
    /// The password itself: reads the file or the variable, or prompts.
    pub fn read(self, env: &Environment) -> anyhow::Result<Secret> {
        match self {
            PasswordSource::Given(text) | PasswordSource::Environment(text) => {
                Ok(Secret::new(text))
            }
            PasswordSource::Prompt => (env.prompt)().map(Secret::new),
            PasswordSource::File { path, what } => read_password_file(path, what),
            PasswordSource::Url(secret) => Ok(secret),
            PasswordSource::ProfileVariable(var) => std::env::var(var)
                .map(Secret::new)
                .map_err(|_| usage(format!("profile: password_env names {var}, which is not set"))),
        }
    }

    /// Where the password would come from, for `mqtt config`; never the
    /// password itself.
    pub fn describe(&self) -> String {
        match self {
            PasswordSource::Given(_) => "from -P".to_owned(),
            PasswordSource::Prompt => "asked on the terminal (-P)".to_owned(),
            PasswordSource::File { path, what } => {
                let state = if path.exists() { "exists" } else { "missing" };
                format!("from {what} {} ({state})", path.display())
            }
            PasswordSource::Url(_) => "from the url".to_owned(),
            PasswordSource::Environment(_) => "from MQTT_PASSWORD (set)".to_owned(),
            PasswordSource::ProfileVariable(var) => {
                let state = if std::env::var_os(var).is_some() { "set" } else { "not set" };
                format!("from password_env {var} ({state})")
            }
        }
    }
}

/// The first line of `path`, without its line ending.
fn read_password_file(path: &Path, what: &str) -> anyhow::Result<Secret> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| usage(format!("{what} {}: {err}", path.display())))?;
    let line = text.lines().next().unwrap_or("");
    Ok(Secret::new(line))
}
