//! Async MQTT client on tokio, built on `mqtt-proto`.
#![deny(missing_docs)]

pub mod secret;
pub mod transport;
pub mod url;

pub use secret::Secret;
pub use transport::{
    connect, ConnectInfo, Connected, Connector, TlsOptions, TlsVersion, Transport, TransportError,
    TransportOptions,
};
pub use url::{BrokerUrl, Scheme, UrlError};
