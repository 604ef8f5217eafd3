//! Async MQTT client on tokio, built on `mqtt-proto`.
