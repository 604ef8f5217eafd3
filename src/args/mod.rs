//! Command-line values turned into the codec's types before any I/O:
//! topic names and filters, MQTT 5 properties, payloads from files.
//!
//! Policy: the MQTT rules are the codec's (`mqtt_proto`); this room only
//! words each error for a command line, naming the option that carried the
//! value. The clap definitions that produce the raw values live in `cli/`.

pub mod codec;
pub mod payload;
pub mod properties;
pub mod topics;
