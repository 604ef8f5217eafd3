//! Tests of the client against real brokers and scripted peers: the public
//! API only, one test binary, one module per concern.

// Messages queued together leave in one write and one flush.
mod batching;
// Faults a real broker will not produce, scripted with a fake broker.
mod faults;
// Broker limits from CONNACK are exposed and honoured; refusals are typed.
mod limits;
// A persistent session survives a broker restart without loss or duplicates.
mod persistence;
// Publish and subscribe for every protocol version and QoS.
mod pubsub;
// Many connections through one prepared Connector, with their timings.
mod shared_connector;
// Helpers shared by the modules here: options, connect, guarded waits.
mod support;
// Plain TCP and WebSocket transports, connect errors, TLS settings errors.
mod transport;
// TLS: verification, insecure mode, mutual TLS, server names, versions, ALPN.
mod transport_tls;
// The will: published when a client vanishes without DISCONNECT, only then.
mod will;
