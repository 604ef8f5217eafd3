use super::*;
use crate::output::message::{OwnedMessage, NO_PROPERTIES};
use bytes::Bytes;
use mqtt_proto::{MqttString, Property, PublishProperties, QoS, Topic};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn at() -> SystemTime {
    UNIX_EPOCH + Duration::new(1_709_618_889, 12_345_678)
}

fn line(message: &Message<'_>, zone: &str) -> String {
    let mut out = Vec::new();
    JsonLines::new().time_zone(TimeZone::get(zone).unwrap()).write(message, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn owned(topic: &str, payload: &[u8], properties: PublishProperties) -> OwnedMessage {
    OwnedMessage {
        topic: Some(topic.into()),
        payload: payload.to_vec(),
        qos: QoS::AtLeastOnce,
        retain: true,
        dup: false,
        packet_id: Some(9),
        received_at: Some(at()),
        properties,
        decoded: None,
    }
}

/// Every property kind, in the schema's order.
fn all_properties() -> PublishProperties {
    PublishProperties::from_wire_order([
        Property::PayloadFormatIndicator(true),
        Property::MessageExpiryInterval(u32::MAX),
        Property::ContentType(MqttString::from_static("application/json")),
        Property::ResponseTopic(Topic::from_static("reply/\"x\"")),
        Property::CorrelationData(Bytes::from_static(b"\xff\x00id")),
        Property::SubscriptionIdentifier(1),
        Property::SubscriptionIdentifier(268_435_455),
        Property::TopicAlias(65_535),
        Property::UserProperty(MqttString::from_static("k"), MqttString::from_static("2")),
        Property::UserProperty(MqttString::from_static("a"), MqttString::from_static("")),
        Property::UserProperty(MqttString::from_static("k"), MqttString::from_static("1")),
    ])
    .unwrap()
}

#[test]
fn a_plain_message_renders_the_documented_schema() {
    let message = Message {
        topic: "a/b",
        payload: b"21.5",
        qos: 0,
        retain: false,
        dup: false,
        packet_id: None,
        received_at: at(),
        properties: &NO_PROPERTIES,
        decoded: None,
    };
    assert_eq!(
        line(&message, "Europe/Berlin"),
        concat!(
            r#"{"timestamp":"2024-03-05T07:08:09.012345678+01:00","topic":"a/b","qos":0,"retain":false,"dup":false,"#,
            r#""payload_encoding":"utf8","payload":"21.5"}"#,
            "\n"
        )
    );
    assert!(line(&message, "America/St_Johns")
        .starts_with(r#"{"timestamp":"2024-03-05T02:38:09.012345678-03:30""#));
}

#[test]
fn every_property_and_binary_data_render_as_documented() {
    let message = owned("t", b"\x00\x9f\x92\x96", all_properties());
    assert_eq!(
        line(&message.as_message(at()), "UTC"),
        concat!(
            r#"{"timestamp":"2024-03-05T06:08:09.012345678+00:00","topic":"t","qos":1,"retain":true,"dup":false,"#,
            r#""packet_id":9,"payload_format_indicator":1,"message_expiry_interval":4294967295,"#,
            r#""content_type":"application/json","response_topic":"reply/\"x\"","correlation_data":"/wBpZA==","#,
            r#""correlation_data_encoding":"base64","subscription_identifiers":[1,268435455],"topic_alias":65535,"#,
            r#""user_properties":[["k","2"],["a",""],["k","1"]],"payload_encoding":"base64","payload":"AJ+Slg=="}"#,
            "\n"
        )
    );
}

#[test]
fn round_trip_keeps_everything() {
    let payloads: [&[u8]; 6] = [
        b"",
        b"text with \"quotes\", \\ and \n\t\x01 controls",
        "ünïcødé 😀".as_bytes(),
        b"\xff\xfe",
        b"\0",
        b"ok\x80",
    ];
    for payload in payloads {
        for properties in [PublishProperties::new(), all_properties()] {
            let original = owned("some/topic", payload, properties);
            let text = line(&original.as_message(at()), "Asia/Kolkata");
            assert!(!text[..text.len() - 1].contains('\n'), "one line: {text}");
            let parsed = parse_line(&text).unwrap_or_else(|err| panic!("{err}: {text}"));
            assert_eq!(parsed, original, "{text}");
        }
    }
}

#[test]
fn minimal_hand_written_lines_get_defaults() {
    let parsed = parse_line(r#" {"topic":"a"} "#).unwrap();
    assert_eq!(
        parsed,
        OwnedMessage {
            topic: Some("a".into()),
            payload: Vec::new(),
            qos: QoS::AtMostOnce,
            retain: false,
            dup: false,
            packet_id: None,
            received_at: None,
            properties: PublishProperties::new(),
            decoded: None,
        }
    );
    let parsed = parse_line(r#"{"topic":"a","payload":"aGk=","payload_encoding":"base64","timestamp":"2024-03-05T06:08:09Z"}"#)
        .unwrap();
    assert_eq!(parsed.payload, b"hi");
    assert_eq!(parsed.received_at, Some(UNIX_EPOCH + Duration::from_secs(1_709_618_889)));
}

#[test]
fn unknown_members_are_ignored_and_the_topic_may_be_missing() {
    let parsed = parse_line(r#"{"topic":"a","qos":1,"from_a_newer_version":{"x":[1]}}"#).unwrap();
    assert_eq!((parsed.topic.as_deref(), parsed.qos), (Some("a"), QoS::AtLeastOnce));
    let parsed = parse_line(r#"{"qos":1,"payload":"p"}"#).unwrap();
    assert_eq!((parsed.topic, parsed.payload), (None, b"p".to_vec()));
}

#[test]
fn errors_name_the_field_and_the_problem() {
    let cases = [
        ("", "empty line: expected a JSON object"),
        ("[1]", "not a JSON object: invalid type: sequence, expected a JSON object"),
        (r#"{"topic":"a""#, "not a JSON object: EOF while parsing an object at line 1 column 12"),
        (r#"{"topic":"a","topic":"b"}"#, "field `topic` appears more than once"),
        (r#"{"topic":7}"#, "field `topic`: expected a string, got 7"),
        (r#"{"topic":"a","qos":3}"#, "field `qos`: expected an integer from 0 to 2, got 3"),
        (r#"{"topic":"a","retain":"yes"}"#, "field `retain`: expected true or false, got \"yes\""),
        (
            r#"{"topic":"a","packet_id":0}"#,
            "field `packet_id`: expected an integer from 1 to 65535, got 0",
        ),
        (
            r#"{"topic":"a","payload_encoding":"hex"}"#,
            "field `payload_encoding`: expected \"utf8\" or \"base64\", got \"hex\"",
        ),
        (
            r#"{"topic":"a","payload":"@@","payload_encoding":"base64"}"#,
            "field `payload`: invalid base64: Invalid symbol 64, offset 0.",
        ),
        (
            r#"{"topic":"a","timestamp":"yesterday"}"#,
            "field `timestamp`: expected an RFC 3339 time",
        ),
        (
            r#"{"topic":"a","user_properties":[["k"]]}"#,
            "field `user_properties`: expected [name, value] with two strings, got [\"k\"]",
        ),
        (
            r#"{"topic":"a","user_properties":{"k":"v"}}"#,
            "field `user_properties`: expected an array, got {\"k\":\"v\"}",
        ),
        (
            r#"{"topic":"a","subscription_identifiers":[0]}"#,
            "field `subscription_identifiers`: expected an integer from 1 to 268435455, got 0",
        ),
        (
            r#"{"topic":"a","correlation_data_encoding":"utf8"}"#,
            "field `correlation_data_encoding`: given without `correlation_data`",
        ),
        (
            r#"{"topic":"a","message_expiry_interval":-1}"#,
            "field `message_expiry_interval`: expected an integer from 0 to 4294967295, got -1",
        ),
    ];
    for (input, want) in cases {
        let err = parse_line(input).unwrap_err().to_string();
        assert!(err.starts_with(want), "{input}\n got: {err}\nwant: {want}");
    }
}

#[test]
fn decoded_payloads_add_members_and_read_back() {
    let decoded = mqtt_codec::Decoded {
        codec: "msgpack",
        result: Ok(serde_json::json!({"t": 21.5})),
        notes: Vec::new(),
    };
    let failed = mqtt_codec::Decoded {
        codec: "cbor",
        result: Err(mqtt_codec::DecodeError { offset: 3, message: "cut \"short\"".into() }),
        notes: Vec::new(),
    };
    let mut message = owned("t", b"\x81\xa1t\xcb", PublishProperties::new());
    let render = |decoded| {
        let mut view = message.as_message(at());
        view.decoded = Some(decoded);
        line(&view, "UTC")
    };
    let (good, bad) = (render(&decoded), render(&failed));
    let tail = r#""payload":"gaF0yw==","decoded_codec":"msgpack","decoded":{"t":21.5}}"#;
    assert!(good.trim_end().ends_with(tail), "{good}");
    let tail = r#""decoded_codec":"cbor","decode_error":{"offset":3,"message":"cut \"short\""}}"#;
    assert!(bad.trim_end().ends_with(tail), "{bad}");
    // A decode error is not read back as anything; a decoded value is.
    assert_eq!(parse_line(&bad).unwrap(), message);
    message.decoded = Some(serde_json::json!({"t": 21.5}));
    assert_eq!(parse_line(&good).unwrap(), message);
}
