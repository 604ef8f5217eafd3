//! Tests of the codec from the outside: the public API only, one test
//! binary, one module per concern.

// Failure codes of other packets in acks: accepted with their meaning, never sent.
mod ack_reason_codes;
// The publish path (decode and encode) allocates nothing.
mod allocations;
// Packets that cannot be sent as asked are refused; Debug hides secrets.
mod encode_errors;
// Malformed properties, strings, topics, options, flags and reason codes.
mod malformed_fields;
// Malformed fixed headers and framing: types, flags, lengths, truncation.
mod malformed_framing;
// Real mosquitto traffic through a recording proxy decodes and re-encodes.
mod mosquitto_traffic;
// Every frame mosquitto 2.0.11 and its clients exchanged, byte for byte.
mod mosquitto_vectors;
// proptest: round trips, any chunking, random bytes never panic.
mod properties_roundtrip;
// The wire order of a PUBLISH's properties.
mod property_order;
// Hand-built packets of every type, whole and cut at every byte.
mod round_trip_samples;
// CONNECT, SUBSCRIBE and PUBLISH against a real mosquitto over plain TCP.
mod smoke_mosquitto;
// Helpers shared by the modules above.
mod support;
// Topic names, filters, shared subscriptions and matching.
mod topic;
// Byte-exact vectors from the specifications' examples.
mod vectors;
