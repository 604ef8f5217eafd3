//! Printing received messages: mosquitto-compatible `-F` templates, lossless
//! JSON lines, terminal sanitising and colour.
//!
//! Policy: the output module never talks to the network and never decides
//! where bytes go; every writer takes an `impl io::Write` and the caller
//! (`mqtt sub`) owns buffering and flushing. Data goes to stdout; anything
//! meant for a human diagnostic is returned to the caller, not printed here.

pub mod color;
pub mod format;
pub mod json;
pub mod message;
pub mod printer;
pub mod sanitize;
pub mod watch;
