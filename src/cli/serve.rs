//! Arguments of `mqtt serve`.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;

const AFTER_HELP: &str = "\
Once it accepts connections, prints one line per listener on stderr:
  mqtt serve: listening on mqtt://127.0.0.1:1883
(with -p 0, read the port from that line). MQTT 3.1.1 and 5.0; QoS 0, 1 and 2,
retained messages, wills and persistent sessions, all kept in memory only.
Ctrl-C or SIGTERM stops it.";

/// `mqtt serve`: a local MQTT 3.1.1 and 5.0 broker for development.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct ServeArgs {
    /// Address to listen on (all listeners).
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Port for plain MQTT; 0 picks a free port.
    #[arg(short = 'p', long, value_name = "PORT", default_value_t = 1883)]
    pub port: u16,

    /// Also listen for MQTT over TLS on this port (0: a free port); needs
    /// --cert and --key.
    #[arg(long, value_name = "PORT", requires_all = ["cert", "key"])]
    pub tls_port: Option<u16>,

    /// PEM certificate chain for the TLS listener, server certificate first.
    #[arg(long, value_name = "FILE", requires = "tls_port")]
    pub cert: Option<PathBuf>,

    /// PEM private key for the TLS listener.
    #[arg(long, value_name = "FILE", requires = "tls_port")]
    pub key: Option<PathBuf>,

    /// Also listen for MQTT over WebSocket on this port (0: a free port),
    /// path /mqtt.
    #[arg(long, value_name = "PORT")]
    pub ws_port: Option<u16>,

    /// Accept only the users in this mosquitto password file (made by
    /// `mqtt passwd` or mosquitto_passwd; $7$, $6$ and argon2id hashes).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,

    /// With --password-file, also accept clients that send no user name.
    #[arg(long, requires = "password_file")]
    pub allow_anonymous: bool,

    /// The largest packet the broker accepts, announced to MQTT 5 clients
    /// as Maximum Packet Size (1024 to 268435455, the MQTT maximum).
    #[arg(long, value_name = "BYTES", default_value_t = MAX_PACKET_SIZE,
          value_parser = clap::value_parser!(u32).range(1024..=i64::from(MAX_PACKET_SIZE)))]
    pub max_packet_size: u32,
}

/// The largest Maximum Packet Size MQTT 5 allows (a Four Byte Integer the
/// spec bounds at 268435455; paho refuses to connect above it).
pub const MAX_PACKET_SIZE: u32 = 268_435_455;
