//! Packets as text: one decoded packet as a labelled tree (`mqtt inspect
//! --decode`) or on one line (the `-d` trace of every subcommand).
//!
//! | module | owns |
//! |---|---|
//! | `decode` | splitting bytes into packets with the codec, version tracking |
//! | `malformed` | locating codec errors: absolute byte offset and field |
//! | `packet` | one packet as a labelled tree (fixed header, variable header, payload) |
//! | `tree` | that tree's text and JSON renderings |
//! | `line` | [`line::render_packet`]: one packet on one line, for `-d` traces |
//! | `show` | text-or-hex display of bytes |
//!
//! Policy: nothing here reads or writes a stream; callers decide where the
//! text goes. Passwords and authentication data are hidden unless the
//! caller asks for them.

pub mod decode;
pub mod line;
pub mod malformed;
pub mod packet;
pub mod show;
pub mod tree;
