//! Helpers shared by the codec tests.

// Decoding that must fail (or succeed) on hand-made malformed bytes.
pub mod malformed;
// proptest strategies for every packet type, fitted to a version.
pub mod strategies;
// Decoding and encoding byte-exact vectors, with junk after the frame.
pub mod vectors;
