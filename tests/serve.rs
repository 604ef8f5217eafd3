#![cfg(feature = "serve")]

//! `mqtt serve` as a user runs it: the built binary on port 0, its port read
//! from its stderr, and mosquitto_pub / mosquitto_sub talking through it.

#[allow(dead_code)] // the serve tests use only `mqtt()`
#[path = "common/mqtt_cmd.rs"]
mod mqtt_cmd;

#[path = "serve/harness.rs"]
mod harness;

#[path = "serve/access.rs"]
mod access;
#[path = "serve/lifecycle.rs"]
mod lifecycle;
#[path = "serve/listeners.rs"]
mod listeners;
#[path = "serve/messages.rs"]
mod messages;
#[path = "serve/ours.rs"]
mod ours;
