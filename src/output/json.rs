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
//! | `decoded_codec` | string | optional, with `sub --decode`: the codec used (for `auto`, the one chosen) |
//! | `decoded` | any JSON | optional, with `sub --decode`: the payload decoded (see `mqtt_codec`) |
//! | `decode_error` | `{"offset": n, "message": "…"}` | instead of `decoded` when the payload did not decode: the byte where it went wrong |
//!
//! A message with no payload has `"payload_encoding":"utf8","payload":""`.
//! Properties are grouped by kind, so properties of different kinds lose
//! their relative wire order (nothing a receiver may depend on); a property
//! that MQTT allows only once is written once.
//!
//! A property member is the codec's name of the property in snake case,
//! plural for a kind that may repeat; a PUBLISH property the codec knows
//! beyond this table is written after `user_properties` by the same rule
//! (numbers, strings, binary data with an `_encoding` member) and read back
//! alike.
//!
//! # Reading
//!
//! [`parse_line`] accepts exactly these members (an unknown or repeated member
//! is an error, to catch typos in hand-written input). Only `topic` is
//! required: `qos` defaults to 0, `retain` and `dup` to false, `payload` to
//! empty and both encodings to `utf8`; `timestamp` may be any RFC 3339 time.
//! `decoded` is kept for `pub --json-lines --encode`, which publishes it
//! encoded instead of `payload`; `decoded_codec` and `decode_error` are
//! ignored.

mod parse;

use std::io::{self, Write};
use std::sync::OnceLock;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use mqtt_codec::Decoded;
use mqtt_proto::{Property, PropertyContext, PropertyId, Value as PropertyValue};

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
        for member in members() {
            self.property(message, member, out)?;
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
        if let Some(decoded) = message.decoded {
            decoded_members(decoded, out)?;
        }
        out.push(b'}');
        Ok(())
    }

    /// Writes the member of one property kind, if the message has any:
    /// numbers as numbers, strings as strings, binary data as a string with
    /// its `_encoding` member, repeatable kinds as an array in arrival order
    /// (string pairs as `[name, value]`).
    fn property(
        &self,
        message: &Message<'_>,
        member: &Member,
        out: &mut Vec<u8>,
    ) -> io::Result<()> {
        let mut values = message
            .properties
            .iter()
            .filter(|property| property.id() == member.id)
            .map(Property::value)
            .peekable();
        let Some(first) = values.peek().copied() else {
            return Ok(());
        };
        if !member.repeated {
            return match first {
                PropertyValue::BinaryData(data) => {
                    let encoding = bytes(out, &member.name, data)?;
                    write!(out, ",\"{}\":\"{encoding}\"", member.encoding)
                }
                value => {
                    write!(out, ",\"{}\":", member.name)?;
                    scalar(out, value)
                }
            };
        }
        write!(out, ",\"{}\":[", member.name)?;
        for (index, value) in values.enumerate() {
            if index > 0 {
                out.push(b',');
            }
            scalar(out, value)?;
        }
        out.push(b']');
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

/// `decoded_codec`, then `decoded` or `decode_error`.
fn decoded_members(decoded: &Decoded, out: &mut Vec<u8>) -> io::Result<()> {
    write!(out, ",\"decoded_codec\":\"{}\"", decoded.codec)?;
    match &decoded.result {
        Ok(value) => {
            out.extend_from_slice(b",\"decoded\":");
            serde_json::to_writer(&mut *out, value).map_err(io::Error::other)
        }
        Err(err) => {
            write!(out, ",\"decode_error\":{{\"offset\":{},\"message\":", err.offset)?;
            string(out, &err.message)?;
            out.push(b'}');
            Ok(())
        }
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

/// One value inside a member: a number, a string, `[name, value]`, or binary
/// data as base64 (no PUBLISH property repeats binary data).
fn scalar(out: &mut Vec<u8>, value: PropertyValue<'_>) -> io::Result<()> {
    match value {
        PropertyValue::Byte(number) => write!(out, "{number}"),
        PropertyValue::TwoByteInteger(number) => write!(out, "{number}"),
        PropertyValue::FourByteInteger(number) | PropertyValue::VariableByteInteger(number) => {
            write!(out, "{number}")
        }
        PropertyValue::String(text) => string(out, text),
        PropertyValue::BinaryData(data) => write!(out, "\"{}\"", BASE64_STANDARD.encode(data)),
        PropertyValue::StringPair(name, value) => {
            out.push(b'[');
            string(out, name)?;
            out.push(b',');
            string(out, value)?;
            out.push(b']');
            Ok(())
        }
    }
}

/// The member of one PUBLISH property kind.
#[derive(Debug)]
pub(crate) struct Member {
    pub(crate) id: PropertyId,
    /// The codec's name in snake case, plural for a kind that may repeat
    /// (`subscription_identifiers`, `user_properties`).
    pub(crate) name: String,
    /// `<name>_encoding`, the companion of binary data.
    pub(crate) encoding: String,
    pub(crate) repeated: bool,
}

/// Property members in schema order: version 1's, then any PUBLISH property
/// the codec knows beyond them, in its order, named by the same rule.
pub(crate) fn members() -> &'static [Member] {
    static MEMBERS: OnceLock<Vec<Member>> = OnceLock::new();
    MEMBERS.get_or_init(|| {
        let version_1 = [
            PropertyId::PayloadFormatIndicator,
            PropertyId::MessageExpiryInterval,
            PropertyId::ContentType,
            PropertyId::ResponseTopic,
            PropertyId::CorrelationData,
            PropertyId::SubscriptionIdentifier,
            PropertyId::TopicAlias,
            PropertyId::UserProperty,
        ];
        let later = PropertyId::ALL
            .iter()
            .copied()
            .filter(|id| id.allowed_in(PropertyContext::Publish) && !version_1.contains(id));
        version_1
            .into_iter()
            .chain(later)
            .map(|id| {
                let snake = id.name().to_ascii_lowercase().replace(' ', "_");
                let repeated = id.may_repeat_in(PropertyContext::Publish);
                let name = match (repeated, snake.strip_suffix('y')) {
                    (true, Some(stem)) => format!("{stem}ies"),
                    (true, None) => format!("{snake}s"),
                    (false, _) => snake,
                };
                Member { id, encoding: format!("{name}_encoding"), name, repeated }
            })
            .collect()
    })
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
