#![cfg(feature = "serve")]

//! `mqtt serve` as a user runs it: the built binary on port 0, its port read
//! from its stderr, and mosquitto_pub / mosquitto_sub talking through it.

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
