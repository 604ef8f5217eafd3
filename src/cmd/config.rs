//! `mqtt config`: the profile file's path and profiles, and what one
//! profile resolves to with the environment applied.
//!
//! Policy: what the user would connect to is shown as the connect plan
//! resolves it (so `MQTT_HOST`, `MQTT_PORT` and `MQTT_USERNAME` count); a
//! password is never shown, only where it would come from and whether that
//! source is set.

use std::io::Write;
use std::process::ExitCode;

use mqtt_client::BrokerUrl;
use serde_json::Value;

use crate::cli::config::ConfigArgs;
use crate::cli::connect::ConnectArgs;
use crate::config::{config_path, load_profile, profile_names, Profile};
use crate::connect::password;
use crate::connect::{plan_with_profile, without_password, ConnectPlan, Environment, UrlSource};
use crate::exit::usage;

/// Runs `mqtt config`.
pub fn run(args: &ConfigArgs) -> anyhow::Result<ExitCode> {
    let env = Environment::process();
    let name = args.profile.clone().or(env.profile.clone());
    let path = config_path();
    let mut fields =
        vec![("file", Value::from(path.as_ref().map(|path| path.display().to_string())))];
    match name {
        None => {
            let names = match &path {
                Some(path) if path.exists() => profile_names(path)?,
                _ => Vec::new(),
            };
            fields.push(("exists", Value::from(path.as_ref().is_some_and(|path| path.exists()))));
            fields.push(("profiles", Value::from(names)));
        }
        Some(name) => {
            let profile =
                load_profile(&name).map_err(|err| usage(format!("profile {name}: {err:#}")))?;
            fields.push(("profile", Value::from(name.clone())));
            match resolve(&profile, &env) {
                Ok(resolved) => fields.extend(describe(&resolved, &profile, &env)),
                Err(err) => {
                    // Show what the file says, then why it would not connect.
                    let shown = Profile {
                        url: profile.url.as_deref().map(without_password),
                        ..profile.clone()
                    };
                    fields.push(("as_written", serde_json::to_value(&shown)?));
                    print(&fields, args.json)?;
                    return Err(usage(format!("profile {name}: {err:#}")));
                }
            }
        }
    }
    print(&fields, args.json)?;
    Ok(ExitCode::SUCCESS)
}

/// The plan `--profile NAME` would give with no other option, without
/// asking for or reading a password.
fn resolve(profile: &Profile, env: &Environment) -> anyhow::Result<ConnectPlan> {
    let quiet = Profile { password_env: None, password_file: None, ..profile.clone() };
    let env = Environment {
        host: env.host.clone(),
        port: env.port.clone(),
        username: env.username.clone(),
        ..Environment::default()
    };
    plan_with_profile(&ConnectArgs::default(), &quiet, &env)
}

fn describe(
    plan: &ConnectPlan,
    profile: &Profile,
    env: &Environment,
) -> Vec<(&'static str, Value)> {
    let path = |path: &Option<std::path::PathBuf>| {
        Value::from(path.as_ref().map(|path| path.display().to_string()))
    };
    vec![
        ("url", Value::from(plan.broker.to_string())),
        ("protocol", Value::from(plan.protocol.to_string())),
        ("client_id", Value::from(plan.client_id.clone())),
        ("keep_alive_s", Value::from(plan.keep_alive.as_secs())),
        ("username", Value::from(plan.username.clone())),
        ("password", Value::from(password_source(profile, env))),
        ("cafile", path(&plan.tls.cafile)),
        ("capath", path(&plan.tls.capath)),
        ("cert", path(&plan.tls.cert)),
        ("key", path(&plan.tls.key)),
        ("insecure", Value::from(plan.tls.insecure)),
    ]
}

/// Where the password would come from, in the connect plan's own order,
/// and whether that source is set; never the password.
fn password_source(profile: &Profile, env: &Environment) -> Option<String> {
    let url_password = profile
        .url
        .as_deref()
        .and_then(|url| BrokerUrl::parse(url).ok())
        .and_then(|url| url.password);
    let no_flags = ConnectArgs::default();
    let source = password::source(&no_flags, profile, url_password, UrlSource::Profile, env);
    source.map(|source| source.describe())
}

fn print(fields: &[(&str, Value)], as_json: bool) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if as_json {
        let object: serde_json::Map<String, Value> =
            fields.iter().map(|(key, value)| (key.to_string(), value.clone())).collect();
        writeln!(stdout, "{}", Value::Object(object))?;
    } else {
        for (key, value) in fields {
            let text = match value {
                Value::Null => continue,
                Value::String(text) => text.clone(),
                Value::Array(items) => {
                    items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
                }
                other => other.to_string(),
            };
            writeln!(stdout, "{key:<13}{text}")?;
        }
    }
    stdout.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_profile_resolves_without_reading_its_password() {
        let profile = Profile {
            url: Some("mqtts://broker.example:8884".into()),
            username: Some("alice".into()),
            password_env: Some("MQTT_TEST_SURELY_UNSET_VARIABLE".into()),
            ..Profile::default()
        };
        let env = Environment::default();
        let plan = resolve(&profile, &env).unwrap();
        let fields = describe(&plan, &profile, &env);
        let get = |key: &str| fields.iter().find(|(name, _)| *name == key).unwrap().1.clone();
        assert_eq!(get("url"), json!("mqtts://broker.example:8884"));
        assert_eq!(get("username"), json!("alice"));
        assert_eq!(
            get("password"),
            json!("from password_env MQTT_TEST_SURELY_UNSET_VARIABLE (not set)")
        );
        assert!(plan.password.is_none());
    }
}
