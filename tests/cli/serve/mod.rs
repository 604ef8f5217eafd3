//! `mqtt serve` as a user runs it: the built binary on port 0, its port read
//! from its stderr, and mosquitto_pub / mosquitto_sub talking through it.

// Running `mqtt serve` and mosquitto's clients against it.
mod harness;

// --password-file with mosquitto_passwd's files, --allow-anonymous.
mod access;
// Starting and stopping: port 0, the listening lines, signals, stdout.
mod lifecycle;
// paho-mqtt at MQTT 5: a CONNACK it accepts, user properties forwarded unaltered.
mod interop;
// TLS and WebSocket listeners, and listeners that cannot be bound.
mod listeners;
// QoS 0, 1 and 2, retained messages, wills, persistent sessions.
mod messages;
// Our own `mqtt pub` and `mqtt sub` through `mqtt serve`.
mod ours;
