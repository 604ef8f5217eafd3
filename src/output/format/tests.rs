//! Renderer tests: every specifier, escape, width and precision, with the
//! expected bytes worked out from mosquitto 2.0.11's `sub_client_output.c`
//! (and checked against the real mosquitto_sub in `tests/cli/crosscheck.rs`).

use super::*;
use crate::output::message::NO_PROPERTIES;
use bytes::Bytes;
use mqtt_proto::{MqttString, Property, PublishProperties, Topic};
use std::time::{Duration, UNIX_EPOCH};

fn message<'a>(
    topic: &'a str,
    payload: &'a [u8],
    properties: &'a PublishProperties,
) -> Message<'a> {
    Message {
        topic,
        payload,
        qos: 1,
        retain: true,
        dup: false,
        packet_id: Some(42),
        // 2024-03-05 07:08:09.012345678 in Berlin (CET, +0100).
        received_at: UNIX_EPOCH + Duration::new(1_709_618_889, 12_345_678),
        properties,
        decoded: None,
    }
}

fn berlin() -> TimeZone {
    TimeZone::get("Europe/Berlin").unwrap()
}

fn render_with(printer: &Printer, message: &Message<'_>) -> (Vec<u8>, Printed) {
    let mut out = Vec::new();
    let printed = printer.write(message, &mut out).unwrap();
    (out, printed)
}

/// Renders `template` without the trailing newline.
fn render(template: &str, message: &Message<'_>) -> Vec<u8> {
    let printer = Printer::new(Style::Template(Template::parse(template).unwrap()))
        .newline(false)
        .time_zone(berlin());
    render_with(&printer, message).0
}

fn render_str(template: &str, message: &Message<'_>) -> String {
    String::from_utf8(render(template, message)).unwrap()
}

fn v5_properties() -> PublishProperties {
    PublishProperties::from_wire_order([
        Property::PayloadFormatIndicator(true),
        Property::MessageExpiryInterval(300),
        Property::ContentType(MqttString::from_static("text/plain")),
        Property::ResponseTopic(Topic::from_static("reply/here")),
        Property::CorrelationData(Bytes::from_static(b"\x00\x01id")),
        Property::SubscriptionIdentifier(12),
        Property::SubscriptionIdentifier(13),
        Property::TopicAlias(7),
        Property::UserProperty(MqttString::from_static("k"), MqttString::from_static("v1")),
        Property::UserProperty(MqttString::from_static("k"), MqttString::from_static("v2")),
        Property::UserProperty(MqttString::from_static("other"), MqttString::from_static("")),
    ])
    .unwrap()
}

#[test]
fn message_fields() {
    let msg = message("sensors/t", b"21.5", &NO_PROPERTIES);
    assert_eq!(render_str("%t|%p|%l|%m|%q|%r|%%", &msg), "sensors/t|21.5|4|42|1|1|%");
    assert_eq!(
        render_str("%x|%X", &message("t", b"\x18\x83\xff", &NO_PROPERTIES)),
        "1883ff|1883FF"
    );
    let mut qos0 = message("t", b"p", &NO_PROPERTIES);
    qos0.qos = 0;
    qos0.retain = false;
    qos0.packet_id = None;
    assert_eq!(render_str("%q %r %m", &qos0), "0 0 0");
}

#[test]
fn v5_property_fields() {
    let properties = v5_properties();
    let msg = message("t", b"p", &properties);
    assert_eq!(
        render("%A|%C|%D|%E|%F|%P|%R|%S", &msg),
        b"7|text/plain|\x00\x01id|300|1|k:v1 k:v2 other:|reply/here|12"
    );
}

#[test]
fn absent_properties_print_padding_or_nothing() {
    let msg = message("t", b"p", &NO_PROPERTIES);
    assert_eq!(render_str("[%A][%C][%D][%E][%F][%P][%R][%S]", &msg), "[][][][][][][][]");
    assert_eq!(
        render_str("[%3A][%3C][%3D][%3E][%3F][%3P][%3R][%3S]", &msg),
        "[   ][   ][][   ][   ][][][   ]"
    );
    // The zero flag pads absent numbers with zeros, but never strings.
    assert_eq!(render_str("[%03A][%03C][%-03E]", &msg), "[000][   ][000]");
}

#[test]
fn time_fields_use_the_receive_time_in_the_chosen_zone() {
    let msg = message("t", b"p", &NO_PROPERTIES);
    assert_eq!(render_str("%I", &msg), "2024-03-05T07:08:09+0100");
    assert_eq!(render_str("%U", &msg), "1709618889.012345678");
    assert_eq!(
        render_str("@Y-@m-@dT@H:@M:@S.@N@z @Z @@ @s", &msg),
        "2024-03-05T07:08:09.012345678+0100 CET @ 1709618889"
    );
    assert_eq!(
        render_str("%30I|%-26.10I|", &msg),
        "      2024-03-05T07:08:09+0100|2024-03-05                |"
    );
    let utc =
        Printer::new(Style::Template(Template::parse("%I @Z").unwrap())).time_zone(TimeZone::UTC);
    assert_eq!(render_with(&utc, &msg).0, b"2024-03-05T06:08:09+0000 UTC\n");
}

#[test]
fn json_fields() {
    let msg = message("a/b", b"{\"x\": 1}", &NO_PROPERTIES);
    assert_eq!(
        render_str("%j", &msg),
        r#"{"tst":"2024-03-05T07:08:09.012345Z+0100","topic":"a/b","qos":1,"retain":1,"payloadlen":8,"mid":42,"payload":"{\"x\": 1}"}"#
    );
    assert_eq!(
        render_str("%J", &msg),
        r#"{"tst":"2024-03-05T07:08:09.012345Z+0100","topic":"a/b","qos":1,"retain":1,"payloadlen":8,"mid":42,"payload":{"x":1}}"#
    );
}

#[test]
fn invalid_json_payload_skips_only_that_field_and_is_reported() {
    let msg = message("a/b", b"not json", &NO_PROPERTIES);
    let printer = Printer::new(Style::Template(Template::parse("<%J>%t").unwrap()));
    let (out, printed) = render_with(&printer, &msg);
    assert_eq!(out, b"<>a/b\n");
    assert_eq!(printed.invalid_json_payloads, 1);
    assert_eq!(
        Printed::invalid_json_message("a/b"),
        "Message payload is not valid JSON on topic a/b."
    );
}

#[test]
fn pretty_json_spans_lines() {
    let msg = message("t", b"[1,2]", &NO_PROPERTIES);
    let printer = Printer::new(Style::Template(Template::parse("%J").unwrap()))
        .pretty_json(true)
        .time_zone(TimeZone::UTC);
    let (out, _) = render_with(&printer, &msg);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("{\n\t\"tst\":\t\"2024-03-05T06:08:09.012345Z+0000\",\n"), "{text}");
    assert!(text.ends_with("\t\"payload\":\t[1, 2]\n}\n"), "{text}");
}

#[test]
fn escapes() {
    let msg = message("t", b"p", &NO_PROPERTIES);
    assert_eq!(render(r"\\\0\a\e\n\r\t\v", &msg), b"\\\0\x07\x1b\n\r\t\x0b");
}

#[test]
fn string_width_and_precision_count_bytes() {
    let msg = message("topic", b"p", &NO_PROPERTIES);
    assert_eq!(render_str("[%8t][%-8t][%.3t][%8.3t][%-8.3t][%.0t][%2t][%08t]", &msg), {
        "[   topic][topic   ][top][     top][top     ][][topic][   topic]"
    });
    // Precision may cut a multi-byte character, as printf does.
    assert_eq!(render("%.1t", &message("é", b"p", &NO_PROPERTIES)), b"\xc3");
}

#[test]
fn integer_width_alignment_and_zero_padding() {
    let properties =
        PublishProperties::from_wire_order([Property::MessageExpiryInterval(u32::MAX)]).unwrap();
    let msg = message("t", b"12345", &properties);
    assert_eq!(
        render_str("[%4l][%-4l|][%04l][%-04l][%1l][%04m]", &msg),
        "[   5][5   |][0005][5   ][5][0042]"
    );
    // %E goes through a C int.
    assert_eq!(render_str("[%E][%04E]", &msg), "[-1][-001]");
}

#[test]
/// Widths as mosquitto 2.1.2 prints them: a width truncates to that many
/// bytes, for hex too (2.0.11 showed `width / 2` bytes of hex).
fn payload_and_hex_widths_truncate_to_bytes() {
    let msg = message("t", b"hello", &NO_PROPERTIES);
    let cases = [
        ("[%p]", "[hello]"),
        ("[%8p]", "[   hello]"),
        ("[%08p]", "[000hello]"),
        ("[%-8p]", "[hello   ]"),
        ("[%3p]", "[hel]"),
        ("[%-p]", "[hello     ]"),
        ("[%.2p]", "[hello]"),
        ("[%x]", "[68656c6c6f]"),
        ("[%10x]", "[68656c6c6f]"),
        ("[%12x]", "[  68656c6c6f]"),
        ("[%012X]", "[0068656C6C6F]"),
        ("[%-x]", "[68656c6c6f     ]"),
        ("[%-3x]", "[68656c   ]"),
        ("[%1x]", "[68]"),
    ];
    for (template, want) in cases {
        assert_eq!(render_str(template, &msg), want, "{template}");
    }
}

#[test]
fn c_strings_stop_at_nul_but_payload_and_correlation_data_do_not() {
    // A property string cannot hold a NUL (MQTT-1.5.4-2: the codec refuses
    // it on the wire and here), so only the topic shows the C string cut.
    assert!(MqttString::try_from("a\0b").is_err());
    let properties = PublishProperties::from_wire_order([
        Property::UserProperty(MqttString::from_static("a"), MqttString::from_static("c")),
        Property::ContentType(MqttString::from_static("x")),
        Property::CorrelationData(Bytes::from_static(b"c\0d")),
    ])
    .unwrap();
    let msg = message("t\0u", b"p\0q", &properties);
    assert_eq!(render("%t|%p|%P|%C|%l|%D", &msg), b"t|p\0q|a:c|x|3|c\0d");
}

#[test]
fn default_styles_match_mosquitto_sub_print_message() {
    let msg = message("a b", b"pay", &NO_PROPERTIES);
    let empty = message("a b", b"", &NO_PROPERTIES);
    let cases: [(Style, bool, &Message<'_>, &[u8]); 8] = [
        (Style::Payload, true, &msg, b"pay\n"),
        (Style::Payload, false, &msg, b"pay"),
        (Style::Payload, true, &empty, b""),
        (Style::TopicAndPayload, true, &msg, b"a b pay\n"),
        (Style::TopicAndPayload, false, &msg, b"a b pay"),
        (Style::TopicAndPayload, true, &empty, b"a b (null)\n"),
        (Style::TopicAndPayload, false, &empty, b""),
        (Style::Template(Template::parse("%t").unwrap()), true, &empty, b"a b\n"),
    ];
    for (style, newline, message, want) in cases {
        let printer = Printer::new(style.clone()).newline(newline);
        assert_eq!(render_with(&printer, message).0, want, "{style:?} newline={newline}");
    }
}

#[test]
fn templates_without_time_do_not_need_a_clock() {
    assert!(!Template::parse("%t %p @@").unwrap().needs_time);
    for template in ["%I", "%U", "%j", "%J", "@H", "@N"] {
        assert!(Template::parse(template).unwrap().needs_time, "{template}");
    }
    assert!("%y".parse::<Template>().is_err());
}

#[test]
fn sanitizing_escapes_message_data_but_not_the_template() {
    let properties = PublishProperties::from_wire_order([
        Property::ContentType(MqttString::from_static("c\u{202e}t")),
        Property::UserProperty(MqttString::from_static("k\x1b"), MqttString::from_static("v\n")),
        Property::ResponseTopic(Topic::from_static("r\x07")),
    ])
    .unwrap();
    let msg = message("a\x1b[2J/b\n", b"line1\nline2\x1b]0;t\x07\xff", &properties);
    let template = Template::parse(r"\e[1m%t\e[0m %p|%C|%P|%R").unwrap();
    let printer = Printer::new(Style::Template(template.clone())).sanitize(true);
    assert_eq!(
        render_with(&printer, &msg).0,
        b"\x1b[1ma\\u{1b}[2J/b\\u{a}\x1b[0m line1\nline2\\u{1b}]0;t\\u{7}\\xff|c\\u{202e}t|k\\u{1b}:v\\u{a}|r\\u{7}\n"
    );
    // Off (a pipe): the bytes are mosquitto's.
    let raw = render_with(&Printer::new(Style::Template(template)), &msg).0;
    assert_eq!(
        raw,
        b"\x1b[1ma\x1b[2J/b\n\x1b[0m line1\nline2\x1b]0;t\x07\xff|c\xe2\x80\xaet|k\x1b:v\n|r\x07\n"
    );
    let verbose = Printer::new(Style::TopicAndPayload).sanitize(true);
    assert_eq!(
        render_with(&verbose, &msg).0,
        b"a\\u{1b}[2J/b\\u{a} line1\nline2\\u{1b}]0;t\\u{7}\\xff\n"
    );
    let json = Printer::new(Style::Template(Template::parse("%j").unwrap())).sanitize(true);
    let text = String::from_utf8(render_with(&json, &msg).0).unwrap();
    assert!(text.contains(r#""topic":"a\u001b[2J/b\n""#), "{text}");
    assert!(text.contains(r#""content-type":"c\u{202e}t""#), "{text}");
}

#[test]
fn decoded_field_is_the_decoded_json_or_nothing() {
    let none = PublishProperties::new();
    let mut msg = message("t", b"\x01", &none);
    assert_eq!(render_str("[%v]", &msg), "[]");
    let decoded = mqtt_codec::Decoded {
        codec: "cbor",
        result: Ok(serde_json::json!({"a": [1, "x"]})),
        notes: Vec::new(),
    };
    msg.decoded = Some(&decoded);
    assert_eq!(render_str("%t %v", &msg), "t {\"a\":[1,\"x\"]}");
    let failed = mqtt_codec::Decoded {
        codec: "cbor",
        result: Err(mqtt_codec::DecodeError { offset: 0, message: "bad".into() }),
        notes: Vec::new(),
    };
    msg.decoded = Some(&failed);
    assert_eq!(render_str("[%v]", &msg), "[]");
}
