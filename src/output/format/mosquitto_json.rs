//! The object behind `%j` and `%J`, built as mosquitto_sub 2.0.11 builds it
//! (`json_print()` in `client/sub_client_output.c`).
//!
//! Keys in order: `tst`, `topic`, `qos`, `retain`, `payloadlen`, `mid` (QoS >
//! 0 only), `properties` (only when there are any; members in wire order,
//! user properties gathered into one `user-properties` object placed where
//! the first one arrived, duplicate names kept), `payload`. An empty payload
//! is `null`. `%j` prints the payload as a C string; `%J` embeds it as parsed
//! JSON and prints nothing when it is not valid JSON.
//!
//! One deliberate difference: 2.0.11 reads `topic-alias` with the wrong
//! property identifier and prints a stale number (0, or the length of an
//! earlier correlation-data). We print the alias. mosquitto brokers never
//! send topic aliases to mosquitto_sub, so the cross-check cannot see it.

use super::cjson::{self, Value};
use super::clock::LocalTime;
use mqtt_proto::Value as PropertyValue;

use crate::output::message::Message;

/// The payload of a `%J` message is not JSON; mosquitto prints nothing.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidJsonPayload;

/// Appends the JSON object for `message` to `out`; `embed_payload` is `%J`.
pub fn write(
    message: &Message<'_>,
    time: &LocalTime,
    embed_payload: bool,
    pretty: bool,
    out: &mut Vec<u8>,
) -> Result<(), InvalidJsonPayload> {
    let payload = if message.payload.is_empty() {
        Value::Null
    } else if embed_payload {
        cjson::parse(message.payload).ok_or(InvalidJsonPayload)?
    } else {
        Value::c_string(message.payload)
    };
    let mut timestamp = Vec::with_capacity(32);
    // Writing into a Vec cannot fail.
    let _ = time.write_json_timestamp(&mut timestamp);
    let mut root = vec![
        (b"tst".to_vec(), Value::String(timestamp)),
        (b"topic".to_vec(), Value::c_string(message.topic.as_bytes())),
        (b"qos".to_vec(), Value::Number(f64::from(message.qos))),
        (b"retain".to_vec(), Value::Number(f64::from(u8::from(message.retain)))),
        (b"payloadlen".to_vec(), Value::Number(message.payload.len() as f64)),
    ];
    if message.qos > 0 {
        root.push((b"mid".to_vec(), Value::Number(f64::from(message.packet_id.unwrap_or(0)))));
    }
    if !message.properties.is_empty() {
        root.push((b"properties".to_vec(), properties(message)));
    }
    root.push((b"payload".to_vec(), payload));
    cjson::print(&Value::Object(root), pretty, out);
    Ok(())
}

fn properties(message: &Message<'_>) -> Value {
    let mut members: Vec<(Vec<u8>, Value)> = Vec::new();
    // Index in `members` of the `user-properties` object, once created.
    let mut user_index = None;
    for property in message.properties.iter() {
        // mosquitto's names are the specification's, in lower case with
        // dashes; numbers are numbers, strings and binary data C strings.
        let value = match property.value() {
            PropertyValue::Byte(v) => Value::Number(f64::from(v)),
            PropertyValue::TwoByteInteger(v) => Value::Number(f64::from(v)),
            PropertyValue::FourByteInteger(v) | PropertyValue::VariableByteInteger(v) => {
                Value::Number(f64::from(v))
            }
            PropertyValue::String(text) => Value::c_string(text.as_bytes()),
            PropertyValue::BinaryData(data) => Value::c_string(data),
            PropertyValue::StringPair(key, value) => {
                let index = *user_index.get_or_insert_with(|| {
                    members.push((b"user-properties".to_vec(), Value::Object(Vec::new())));
                    members.len() - 1
                });
                if let (_, Value::Object(users)) = &mut members[index] {
                    users.push((
                        cjson::until_nul(key.as_bytes()).to_vec(),
                        Value::c_string(value.as_bytes()),
                    ));
                }
                continue;
            }
        };
        let name = property.id().name().to_ascii_lowercase().replace(' ', "-");
        members.push((name.into_bytes(), value));
    }
    Value::Object(members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use jiff::tz::TimeZone;
    use mqtt_proto::{MqttString, Property, PublishProperties};
    use std::time::{Duration, UNIX_EPOCH};

    fn render(
        message: &Message<'_>,
        embed: bool,
        pretty: bool,
    ) -> Result<String, InvalidJsonPayload> {
        let time = LocalTime::new(message.received_at, &TimeZone::UTC);
        let mut out = Vec::new();
        write(message, &time, embed, pretty, &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    fn message<'a>(
        topic: &'a str,
        payload: &'a [u8],
        properties: &'a PublishProperties,
    ) -> Message<'a> {
        Message {
            topic,
            payload,
            qos: 0,
            retain: false,
            dup: false,
            packet_id: None,
            received_at: UNIX_EPOCH + Duration::new(1_709_618_889, 123_456_789),
            properties,
            decoded: None,
        }
    }

    #[test]
    fn v311_message_has_no_properties_and_no_mid_at_qos_0() {
        let none = PublishProperties::new();
        let got = render(&message("a/b", b"hi \"x\"\n", &none), false, false).unwrap();
        assert_eq!(
            got,
            r#"{"tst":"2024-03-05T06:08:09.123456Z+0000","topic":"a/b","qos":0,"retain":0,"payloadlen":7,"payload":"hi \"x\"\n"}"#
        );
    }

    #[test]
    fn properties_keep_wire_order_and_user_properties_gather_at_the_first() {
        let properties = PublishProperties::from_wire_order([
            Property::CorrelationData(Bytes::from_static(b"c\0d")),
            Property::UserProperty(MqttString::from_static("k"), MqttString::from_static("1")),
            Property::ContentType(MqttString::from_static("text/plain")),
            Property::SubscriptionIdentifier(5),
            Property::UserProperty(MqttString::from_static("k"), MqttString::from_static("2")),
            Property::SubscriptionIdentifier(6),
            Property::MessageExpiryInterval(4_294_967_295),
            Property::TopicAlias(3),
        ])
        .unwrap();
        let mut msg = message("t", b"ab\0cd", &properties);
        msg.qos = 2;
        msg.retain = true;
        msg.packet_id = Some(65535);
        let got = render(&msg, false, false).unwrap();
        assert_eq!(
            got,
            concat!(
                r#"{"tst":"2024-03-05T06:08:09.123456Z+0000","topic":"t","qos":2,"retain":1,"payloadlen":5,"mid":65535,"#,
                r#""properties":{"correlation-data":"c","user-properties":{"k":"1","k":"2"},"content-type":"text/plain","#,
                r#""subscription-identifier":5,"subscription-identifier":6,"message-expiry-interval":4294967295,"topic-alias":3},"#,
                r#""payload":"ab"}"#
            )
        );
    }

    #[test]
    fn embedded_payload_is_reprinted_or_refused() {
        let none = PublishProperties::new();
        let got = render(&message("t", b" {\"a\" : [1.50, true]} ", &none), true, false).unwrap();
        assert!(got.ends_with(r#""payloadlen":22,"payload":{"a":[1.5,true]}}"#), "{got}");
        assert_eq!(render(&message("t", b"{nope", &none), true, false), Err(InvalidJsonPayload));
        let empty = render(&message("t", b"", &none), true, false).unwrap();
        assert!(empty.ends_with(r#""payloadlen":0,"payload":null}"#), "{empty}");
        let empty = render(&message("t", b"", &none), false, false).unwrap();
        assert!(empty.ends_with(r#""payload":null}"#), "{empty}");
    }

    #[test]
    fn pretty_output_is_tab_indented() {
        let none = PublishProperties::new();
        let got = render(&message("t", b"1", &none), true, true).unwrap();
        assert_eq!(
            got,
            "{\n\t\"tst\":\t\"2024-03-05T06:08:09.123456Z+0000\",\n\t\"topic\":\t\"t\",\n\t\"qos\":\t0,\n\t\"retain\":\t0,\n\t\"payloadlen\":\t1,\n\t\"payload\":\t1\n}"
        );
    }
}
