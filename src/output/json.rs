//! `mqtt sub --json`: one JSON object per line, losing nothing. This is a
//! public format: `mqtt pub --json-lines` reads it back with [`parse_line`],
//! so a recorded stream can be replayed.
//!
//! # Schema (version 1)
//!
//! Members, in this order; optional ones are left out when absent:
//!
//! | member | type | meaning |
//! |---|---|---|
//! | `timestamp` | string | receive time, RFC 3339 with the local offset and nanoseconds: `2024-03-05T07:08:09.012345678+01:00` |
//! | `topic` | string | topic name |
//! | `qos` | 0, 1 or 2 | |
//! | `retain` | bool | |
//! | `dup` | bool | |
//! | `packet_id` | 1–65535 | optional; only for QoS 1 and 2 |
//! | `payload_format_indicator` | 0–255 | optional, MQTT 5 |
//! | `message_expiry_interval` | u32 | optional, MQTT 5, seconds |
//! | `content_type` | string | optional, MQTT 5 |
//! | `response_topic` | string | optional, MQTT 5 |
//! | `correlation_data` | string | optional, MQTT 5, encoded as `correlation_data_encoding` says |
//! | `correlation_data_encoding` | `"utf8"` or `"base64"` | present with `correlation_data` |
//! | `subscription_identifiers` | array of 1–268435455 | optional, MQTT 5, in arrival order |
//! | `topic_alias` | 1–65535 | optional, MQTT 5 |
//! | `user_properties` | array of `[name, value]` string pairs | optional, MQTT 5; order and duplicates kept |
//! | `payload_encoding` | `"utf8"` or `"base64"` | `utf8` when the payload is valid UTF-8, else `base64` |
//! | `payload` | string | the payload: the text itself, or standard base64 with padding |
//!
//! A message with no payload has `"payload_encoding":"utf8","payload":""`.
//! Properties are grouped by kind, so properties of different kinds lose
//! their relative wire order (nothing a receiver may depend on); a property
//! that MQTT allows only once is written once.
//!
//! # Reading
//!
//! [`parse_line`] accepts exactly these members (an unknown or repeated member
//! is an error, to catch typos in hand-written input). Only `topic` is
//! required: `qos` defaults to 0, `retain` and `dup` to false, `payload` to
//! empty and both encodings to `utf8`; `timestamp` may be any RFC 3339 time.

mod parse;

use std::io::{self, Write};

use base64::prelude::{Engine as _, BASE64_STANDARD};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::output::message::Message;

pub use self::parse::parse_line;

/// Writes messages as JSON lines.
#[derive(Clone, Debug)]
pub struct JsonLines {
    time_zone: TimeZone,
}

impl Default for JsonLines {
    fn default() -> JsonLines {
        JsonLines::new()
    }
}

impl JsonLines {
    /// Timestamps in the system's time zone.
    pub fn new() -> JsonLines {
        JsonLines { time_zone: TimeZone::system() }
    }

    /// Timestamps in `zone` instead.
    #[cfg(test)]
    pub fn time_zone(mut self, zone: TimeZone) -> JsonLines {
        self.time_zone = zone;
        self
    }

    /// Writes `message` as one line, newline included.
    pub fn write<W: Write>(&self, message: &Message<'_>, out: &mut W) -> io::Result<()> {
        let mut line = Vec::with_capacity(160 + message.payload.len() * 4 / 3);
        self.render(message, &mut line)?;
        line.push(b'\n');
        out.write_all(&line)
    }

    fn render(&self, message: &Message<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        write!(out, "{{\"timestamp\":\"{}\"", self.timestamp(message))?;
        out.extend_from_slice(b",\"topic\":");
        string(out, message.topic)?;
        write!(
            out,
            ",\"qos\":{},\"retain\":{},\"dup\":{}",
            message.qos, message.retain, message.dup
        )?;
        if let Some(packet_id) = message.packet_id {
            write!(out, ",\"packet_id\":{packet_id}")?;
        }
        let properties = message.properties;
        if let Some(value) = properties.payload_format_indicator() {
            write!(out, ",\"payload_format_indicator\":{value}")?;
        }
        if let Some(value) = properties.message_expiry_interval() {
            write!(out, ",\"message_expiry_interval\":{value}")?;
        }
        if let Some(value) = properties.content_type() {
            out.extend_from_slice(b",\"content_type\":");
            string(out, value)?;
        }
        if let Some(value) = properties.response_topic() {
            out.extend_from_slice(b",\"response_topic\":");
            string(out, value)?;
        }
        if let Some(data) = properties.correlation_data() {
            let encoding = bytes(out, "correlation_data", data)?;
            write!(out, ",\"correlation_data_encoding\":\"{encoding}\"")?;
        }
        let mut identifiers = properties.subscription_identifiers().peekable();
        if identifiers.peek().is_some() {
            out.extend_from_slice(b",\"subscription_identifiers\":[");
            for (index, identifier) in identifiers.enumerate() {
                let separator = if index > 0 { "," } else { "" };
                write!(out, "{separator}{identifier}")?;
            }
            out.push(b']');
        }
        if let Some(alias) = properties.topic_alias() {
            write!(out, ",\"topic_alias\":{alias}")?;
        }
        let mut users = properties.user_properties().peekable();
        if users.peek().is_some() {
            out.extend_from_slice(b",\"user_properties\":[");
            for (index, (name, value)) in users.enumerate() {
                out.extend_from_slice(if index > 0 { b",[" } else { b"[" });
                string(out, name)?;
                out.push(b',');
                string(out, value)?;
                out.push(b']');
            }
            out.push(b']');
        }
        let encoding = if std::str::from_utf8(message.payload).is_ok() {
            Encoding::Utf8
        } else {
            Encoding::Base64
        };
        write!(out, ",\"payload_encoding\":\"{}\"", encoding.name())?;
        out.extend_from_slice(b",\"payload\":");
        match encoding {
            Encoding::Utf8 => {
                string(out, std::str::from_utf8(message.payload).unwrap_or_default())?
            }
            Encoding::Base64 => write!(out, "\"{}\"", BASE64_STANDARD.encode(message.payload))?,
        }
        out.push(b'}');
        Ok(())
    }

    /// RFC 3339 with the local offset; UTC when the offset has seconds,
    /// which RFC 3339 cannot express.
    fn timestamp(&self, message: &Message<'_>) -> String {
        let timestamp = Timestamp::try_from(message.received_at).unwrap_or(Timestamp::UNIX_EPOCH);
        let mut offset = self.time_zone.to_offset(timestamp);
        if offset.seconds() % 60 != 0 {
            offset = jiff::tz::Offset::UTC;
        }
        let civil = offset.to_datetime(timestamp);
        let minutes = offset.seconds() / 60;
        let sign = if minutes < 0 { '-' } else { '+' };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}{sign}{:02}:{:02}",
            civil.year(),
            civil.month(),
            civil.day(),
            civil.hour(),
            civil.minute(),
            civil.second(),
            civil.subsec_nanosecond(),
            minutes.unsigned_abs() / 60,
            minutes.unsigned_abs() % 60,
        )
    }
}

/// How a byte string is carried in a JSON string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Base64,
}

impl Encoding {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Base64 => "base64",
        }
    }
}

fn string(out: &mut Vec<u8>, text: &str) -> io::Result<()> {
    serde_json::to_writer(out, text).map_err(io::Error::other)
}

/// Writes `,"name":"…"` for `data` and returns the encoding used.
fn bytes(out: &mut Vec<u8>, name: &str, data: &[u8]) -> io::Result<&'static str> {
    write!(out, ",\"{name}\":")?;
    match std::str::from_utf8(data) {
        Ok(text) => {
            string(out, text)?;
            Ok(Encoding::Utf8.name())
        }
        Err(_) => {
            write!(out, "\"{}\"", BASE64_STANDARD.encode(data))?;
            Ok(Encoding::Base64.name())
        }
    }
}

#[cfg(test)]
mod tests;
