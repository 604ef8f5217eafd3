//! `mqtt inspect`: decoding packets (`--decode`) and reporting on a broker.

// Every packet type in every protocol version, decoded by the binary.
mod decode;
// Malformed input: the error names the offset and the field.
mod decode_errors;
// The broker capability report against mosquitto configured two ways.
pub(crate) mod report;
