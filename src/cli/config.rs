//! `mqtt config`'s command line.

use clap::Args;

/// `mqtt config [NAME]`: where profiles are read from, and what one
/// resolves to once the environment is applied (secrets never shown).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mqtt config                 # the file's path and its profiles\n  \
    mqtt config prod            # what --profile prod connects to\n  \
    mqtt config prod --json")]
pub struct ConfigArgs {
    /// The profile to show [env: MQTT_PROFILE]; without one, list them.
    #[arg(value_name = "NAME")]
    pub profile: Option<String>,

    /// Print JSON on stdout instead of text.
    #[arg(long)]
    pub json: bool,
}
