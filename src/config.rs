//! Named connection profiles, so nobody retypes a production URL.
//!
//! The file is TOML, found at `$MQTT_CONFIG`, else
//! `$XDG_CONFIG_HOME/mqtt/config.toml`, else `~/.config/mqtt/config.toml`:
//!
//! ```toml
//! [profiles.prod]
//! url = "mqtts://broker.example.com"     # or host = "…" and port = 8883
//! username = "alice"
//! password_env = "PROD_MQTT_PASSWORD"    # or password_file = "/run/secrets/mqtt"
//! cafile = "/etc/ssl/prod-ca.pem"
//! protocol_version = "5"
//! decode = ["spBv1.0/#=sparkplug", "auto"]   # sub --decode, unless given
//! encode = "msgpack"                         # pub --encode, unless given
//! ```
//!
//! Policy: a profile never holds a password itself, only where to find one,
//! so the file can be shared and committed. Flags on the command line win
//! over the environment (`MQTT_HOST`, …), which wins over the profile,
//! field by field. An unknown key is an error (a typo must not silently
//! drop a TLS setting). `mqtt config` shows the path and what a profile
//! resolves to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// One `[profiles.NAME]` table.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub url: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub protocol_version: Option<String>,
    pub client_id: Option<String>,
    pub id_prefix: Option<String>,
    pub username: Option<String>,
    pub password_env: Option<String>,
    pub password_file: Option<PathBuf>,
    pub cafile: Option<PathBuf>,
    pub capath: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    #[serde(default)]
    pub insecure: bool,
    #[serde(default)]
    pub tls: bool,
    pub keepalive: Option<String>,
    /// `sub --decode` values, used when the command line gives none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decode: Vec<String>,
    /// `pub --encode` value, used when the command line gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encode: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// Where the config file is looked for.
pub fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MQTT_CONFIG") {
        return Some(PathBuf::from(path));
    }
    if let Some(dir) = std::env::var_os("XDG_CONFIG_HOME").filter(|dir| !dir.is_empty()) {
        return Some(Path::new(&dir).join("mqtt/config.toml"));
    }
    std::env::var_os("HOME").map(|home| Path::new(&home).join(".config/mqtt/config.toml"))
}

/// Loads profile `name`; a missing file or profile is an error naming both.
pub fn load_profile(name: &str) -> anyhow::Result<Profile> {
    let path = config_path().context("no config file location: set MQTT_CONFIG or HOME")?;
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading profile {name:?} from {}", path.display()))?;
    parse_profile(&text, name).with_context(|| format!("in {}", path.display()))
}

/// The names of the profiles in the file at `path`, sorted.
pub fn profile_names(path: &Path) -> anyhow::Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: ConfigFile =
        toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))?;
    Ok(file.profiles.into_keys().collect())
}

fn parse_profile(text: &str, name: &str) -> anyhow::Result<Profile> {
    let file: ConfigFile = toml::from_str(text).context("invalid config file")?;
    match file.profiles.get(name) {
        Some(profile) => Ok(profile.clone()),
        None => {
            let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
            anyhow::bail!("no profile named {name:?} (known: {})", known.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_is_read_and_typos_are_errors() {
        let text = "[profiles.prod]\nurl = \"mqtts://b:8883\"\nusername = \"alice\"\n";
        let profile = parse_profile(text, "prod").unwrap();
        assert_eq!(profile.url.as_deref(), Some("mqtts://b:8883"));
        assert_eq!(profile.username.as_deref(), Some("alice"));

        let missing = parse_profile(text, "dev").unwrap_err();
        assert!(format!("{missing:#}").contains("known: prod"), "{missing:#}");

        let typo = parse_profile("[profiles.prod]\ncafle = \"x\"\n", "prod").unwrap_err();
        assert!(format!("{typo:#}").contains("cafle"), "{typo:#}");
    }
}
