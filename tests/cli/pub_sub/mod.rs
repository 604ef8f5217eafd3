//! `mqtt pub` and `mqtt sub` against a real mosquitto, cross-checked with
//! mosquitto's own clients.

// What mosquitto_pub sends, mqtt sub prints; what mqtt pub sends, mosquitto_sub receives.
mod basic;
// Transports and connection sources: TLS, mutual TLS, WebSocket, profiles.
mod connect;
// Exit codes and error messages (docs/exit-codes.md).
mod exit;
// Output fidelity: -F byte-identical to mosquitto_sub, properties, JSON replay.
mod format;
// --message-rate on stderr and the --watch table.
mod live;
// Persistent sessions, the will, reconnecting, the packet trace.
mod session;
// Bounded connects and giving up: --connect-timeout, -W, --no-reconnect, --reconnect-limit.
mod reconnect;
// Bad input refused before connecting (exit 2).
mod usage;
