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

/// The password for the connection, if any source gives one.
pub fn password(
    args: &ConnectArgs,
    profile: &Profile,
    from_url: Option<Secret>,
    url_source: UrlSource,
    env: &Environment,
) -> anyhow::Result<Option<Secret>> {
    let (command_line_url, profile_url) = match url_source {
        UrlSource::CommandLine => (from_url, None),
        UrlSource::Profile => (None, from_url),
    };
    if let Some(given) = &args.password {
        if given == PROMPT_SENTINEL {
            return (env.prompt)().map(|text| Some(Secret::new(text)));
        }
        return Ok(Some(Secret::new(given.clone())));
    }
    if let Some(path) = &args.password_file {
        return read_password_file(path, "--password-file").map(Some);
    }
    if let Some(secret) = command_line_url {
        return Ok(Some(secret));
    }
    if let Some(text) = &env.mqtt_password {
        return Ok(Some(Secret::new(text.clone())));
    }
    if let Some(secret) = profile_url {
        return Ok(Some(secret));
    }
    if let Some(path) = &profile.password_file {
        return read_password_file(path, "profile password_file").map(Some);
    }
    if let Some(var) = &profile.password_env {
        let text = std::env::var(var)
            .map_err(|_| usage(format!("profile: password_env names {var}, which is not set")))?;
        return Ok(Some(Secret::new(text)));
    }
    Ok(None)
}

/// The first line of `path`, without its line ending.
fn read_password_file(path: &Path, what: &str) -> anyhow::Result<Secret> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| usage(format!("{what} {}: {err}", path.display())))?;
    let line = text.lines().next().unwrap_or("");
    Ok(Secret::new(line))
}
