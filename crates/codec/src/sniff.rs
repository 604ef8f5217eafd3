//! `auto`: the codec a payload most likely is, and why.
//!
//! Policy: the topic decides first (`spBv1.0/…` and `STATE/…` are
//! Sparkplug); then text beats binary, so a readable payload is never
//! shown as something else (JSON when it parses, else text); a binary
//! payload is CBOR or MessagePack only when it is one whole map or array of
//! that format, and hex otherwise.

use crate::binary::{decode_cbor, decode_msgpack};
use crate::codec::Codec;

/// The codec for `payload` (published to `topic`, when known), with the
/// reason in a few words.
pub(crate) fn sniff(topic: Option<&str>, payload: &[u8]) -> (Codec, &'static str) {
    if let Some(topic) = topic {
        if topic.starts_with("spBv1.0/") {
            return (Codec::Sparkplug, "the topic is in the Sparkplug B namespace");
        }
    }
    if let Ok(text) = std::str::from_utf8(payload) {
        if serde_json::from_str::<serde_json::Value>(text).is_ok() {
            return (Codec::Json, "the payload is JSON");
        }
        if !text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return (Codec::Text, "the payload is UTF-8 text");
        }
    }
    let first = payload.first().copied().unwrap_or(0);
    // CBOR major types 4 and 5 (array, map) and tag 55799 (self-described).
    let cbor_start = (0x80..=0xbf).contains(&first) || payload.starts_with(&[0xd9, 0xd9, 0xf7]);
    if cbor_start && decode_cbor(payload).is_ok() {
        return (Codec::Cbor, "the payload is one whole CBOR map or array");
    }
    // MessagePack fixmap, fixarray, array 16/32, map 16/32.
    let msgpack_start = (0x80..=0x9f).contains(&first) || (0xdc..=0xdf).contains(&first);
    if msgpack_start && decode_msgpack(payload).is_ok() {
        return (Codec::Msgpack, "the payload is one whole MessagePack map or array");
    }
    (Codec::Hex, "the payload is binary in no format auto knows")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::{encode_cbor, encode_msgpack};
    use serde_json::json;

    fn name(topic: Option<&str>, payload: &[u8]) -> &'static str {
        sniff(topic, payload).0.name()
    }

    #[test]
    fn sniffing() {
        let value = json!({"temperature": 21.5, "ok": true});
        assert_eq!(name(Some("spBv1.0/g/NDATA/e"), b"{}"), "sparkplug");
        assert_eq!(name(None, b"{\"a\": 1}"), "json");
        assert_eq!(name(None, b"21.5"), "json");
        assert_eq!(name(None, b"hello world"), "text");
        assert_eq!(name(None, &encode_msgpack(&value)), "msgpack");
        assert_eq!(name(None, &encode_cbor(&value).unwrap()), "cbor");
        assert_eq!(name(None, &[0x00, 0xff, 0x10]), "hex");
    }
}
