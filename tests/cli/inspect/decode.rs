//! `mqtt inspect --decode`: every packet type in every protocol version,
//! built with the codec's encoder and decoded by the binary, in JSON and
//! text; spec byte vectors written by hand; secrets; input forms.

use std::io::Write;
use std::process::{Output, Stdio};

use bytes::{Bytes, BytesMut};
use mqtt_proto::reason::{AuthReasonCode, SubAckReasonCode, UnsubAckReasonCode};
use mqtt_proto::{
    Auth, ConnAck, Connect, ConnectReasonCode, Disconnect, DisconnectReasonCode, MqttString,
    Packet, PacketId, ProtocolVersion, PubAck, PubAckReasonCode, PubComp, PubRec, PubRel, Publish,
    QoS, RetainHandling, SubAck, Subscribe, SubscriptionOptions, Topic, TopicFilter, UnsubAck,
    Unsubscribe, Will,
};
use serde_json::Value;

use crate::support;

fn mqtt(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = support::mqtt()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mqtt");
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x} ")).collect::<String>().trim_end().to_string()
}

fn id(value: u16) -> PacketId {
    PacketId::new(value).unwrap()
}

fn version_arg(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V3_1 => "31",
        ProtocolVersion::V3_1_1 => "311",
        ProtocolVersion::V5 => "5",
    }
}

fn version_number(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V3_1 => "3.1",
        ProtocolVersion::V3_1_1 => "3.1.1",
        ProtocolVersion::V5 => "5.0",
    }
}

/// One packet of every type the version has, with non-default fields.
fn every_packet(version: ProtocolVersion) -> Vec<Packet> {
    let v5 = version.is_v5();
    let mut connect = Connect::new(version, MqttString::from_static("client-1"), 30);
    connect.username = Some(MqttString::from_static("alice"));
    connect.password = Some(Bytes::from_static(b"wonderland"));
    let mut will = Will {
        topic: Topic::from_static("status/client-1"),
        payload: Bytes::from_static(b"gone"),
        qos: QoS::AtLeastOnce,
        retain: true,
        properties: Default::default(),
    };
    if v5 {
        connect.properties.set_session_expiry_interval(3600);
        connect.properties.set_receive_maximum(20);
        will.properties.set_will_delay_interval(5);
    }
    connect.will = Some(will);
    let mut connack = ConnAck::new(ConnectReasonCode::Success);
    connack.session_present = version != ProtocolVersion::V3_1;
    if v5 {
        connack.properties.set_topic_alias_maximum(10);
        connack.properties.set_maximum_qos(QoS::AtLeastOnce);
        connack.properties.set_retain_available(false);
    }
    let mut publish = Publish::new(Topic::from_static("sensors/temp"), &b"21.5"[..]);
    publish.qos = QoS::ExactlyOnce;
    publish.retain = true;
    publish.packet_id = Some(id(7));
    if v5 {
        publish.properties.set_message_expiry_interval(60);
        publish
            .properties
            .push_user_property(MqttString::from_static("k"), MqttString::from_static("v"));
    }
    let binary = Publish::new(Topic::from_static("raw"), &[0xde, 0xad, 0x00, 0xff][..]);
    let mut puback = PubAck::new(id(7));
    if v5 {
        puback.reason_code = PubAckReasonCode::NoMatchingSubscribers;
    }
    let mut subscribe = Subscribe::new(
        id(3),
        vec![
            (TopicFilter::from_static("a/+/c"), SubscriptionOptions::new(QoS::AtLeastOnce)),
            (
                TopicFilter::from_static("$share/group/d/#"),
                SubscriptionOptions::new(QoS::ExactlyOnce),
            ),
        ],
    );
    if v5 {
        subscribe.filters[0].1.no_local = true;
        subscribe.filters[0].1.retain_as_published = true;
        subscribe.filters[0].1.retain_handling = RetainHandling::DoNotSend;
        subscribe.properties.set_subscription_identifier(9);
    }
    let suback = SubAck {
        packet_id: id(3),
        reason_codes: vec![SubAckReasonCode::GrantedQoS1, SubAckReasonCode::UnspecifiedError],
        properties: Default::default(),
    };
    let unsubscribe = Unsubscribe::new(id(4), vec![TopicFilter::from_static("a/+/c")]);
    let unsuback = UnsubAck {
        packet_id: id(4),
        reason_codes: if v5 { vec![UnsubAckReasonCode::NoSubscriptionExisted] } else { Vec::new() },
        properties: Default::default(),
    };
    let mut disconnect = Disconnect::default();
    if v5 {
        disconnect.reason_code = DisconnectReasonCode::ServerShuttingDown;
        disconnect.properties.set_reason_string(MqttString::from_static("bye"));
    }
    let mut packets = vec![
        Packet::Connect(connect),
        Packet::ConnAck(connack),
        Packet::Publish(publish),
        Packet::Publish(binary),
        Packet::PubAck(puback),
        Packet::PubRec(PubRec::new(id(7))),
        Packet::PubRel(PubRel::new(id(7))),
        Packet::PubComp(PubComp::new(id(7))),
        Packet::Subscribe(subscribe),
        Packet::SubAck(suback),
        Packet::Unsubscribe(unsubscribe),
        Packet::UnsubAck(unsuback),
        Packet::PingReq,
        Packet::PingResp,
        Packet::Disconnect(disconnect),
    ];
    if v5 {
        let mut auth = Auth {
            reason_code: AuthReasonCode::ContinueAuthentication,
            properties: Default::default(),
        };
        auth.properties.set_authentication_method(MqttString::from_static("SCRAM-SHA-1"));
        auth.properties.set_authentication_data(Bytes::from_static(b"proof"));
        packets.push(Packet::Auth(auth));
    }
    packets
}

fn encode_all(packets: &[Packet], version: ProtocolVersion) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut buf = BytesMut::new();
    let mut spans = Vec::new();
    for packet in packets {
        let start = buf.len();
        packet.encode(version, &mut buf).unwrap();
        spans.push((start, buf.len() - start));
    }
    (buf.to_vec(), spans)
}

fn decode_json(input: &[u8], version: ProtocolVersion, extra: &[&str]) -> Value {
    let hex = hex(input);
    let mut args = vec!["inspect", "--json", "-V", version_arg(version), "--decode", &hex];
    args.extend_from_slice(extra);
    let out = mqtt(&args, None);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn every_packet_type_in_every_version_decodes_to_json() {
    for version in ProtocolVersion::ALL {
        let packets = every_packet(version);
        let (input, spans) = encode_all(&packets, version);
        // -V is deliberately the other extreme: the CONNECT must set it.
        let asked = if version.is_v5() { ProtocolVersion::V3_1 } else { ProtocolVersion::V5 };
        let doc = decode_json(&input, asked, &[]);
        assert_eq!(doc["input_bytes"], input.len());
        assert_eq!(doc["error"], Value::Null);
        let decoded = doc["packets"].as_array().unwrap();
        assert_eq!(decoded.len(), packets.len(), "{version}");
        for ((packet, json), (offset, length)) in packets.iter().zip(decoded).zip(&spans) {
            let what = format!("{version} {}", packet.packet_type());
            assert_eq!(json["type"], packet.packet_type().name(), "{what}");
            assert_eq!(json["offset"], *offset, "{what}");
            assert_eq!(json["length"], *length, "{what}");
            assert_eq!(json["protocol_version"], version_number(version), "{what}");
            assert_eq!(json["fixed_header"]["packet_type"], packet.packet_type() as u8, "{what}");
            assert_eq!(json["fixed_header"]["remaining_length"], length - 2, "{what}");
            check_fields(packet, json, version);
        }
    }
}

/// The decoded JSON says what the packet holds.
fn check_fields(packet: &Packet, json: &Value, version: ProtocolVersion) {
    let v5 = version.is_v5();
    let variable = &json["variable_header"];
    let payload = &json["payload"];
    match packet {
        Packet::Connect(connect) => {
            assert_eq!(variable["protocol_name"], version.protocol_name());
            assert_eq!(variable["protocol_level"], version.level());
            assert_eq!(variable["keep_alive"], connect.keep_alive);
            let flags = &variable["connect_flags"];
            assert_eq!(
                flags["value"], 0b1110_1110,
                "user, password, will retain, QoS 1, will, clean"
            );
            assert_eq!(flags["will_qos"], 1);
            assert_eq!(payload["client_id"], connect.client_id.as_str());
            assert_eq!(payload["username"], "alice");
            assert_eq!(payload["password"]["size"], 10);
            assert_eq!(payload["password"]["hidden"], true);
            assert_eq!(payload["will"]["topic"], "status/client-1");
            assert_eq!(payload["will"]["payload"]["text"], "gone");
            if v5 {
                assert_eq!(variable["properties"][0]["name"], "Session Expiry Interval");
                assert_eq!(variable["properties"][0]["value"], 3600);
                assert_eq!(payload["will"]["properties"][0]["name"], "Will Delay Interval");
            } else {
                assert!(variable.get("properties").is_none());
            }
        }
        Packet::ConnAck(connack) => {
            let flags = &variable["acknowledge_flags"];
            assert_eq!(flags["session_present"], connack.session_present);
            if v5 {
                assert_eq!(variable["reason_code"]["code"], 0);
                let names: Vec<&str> = variable["properties"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["name"].as_str().unwrap())
                    .collect();
                assert!(
                    names.contains(&"Topic Alias Maximum") && names.contains(&"Retain Available"),
                    "{names:?}"
                );
            } else {
                assert_eq!(variable["return_code"]["code"], 0);
            }
        }
        Packet::Publish(publish) => {
            let flags = &json["fixed_header"]["flags"];
            assert_eq!(flags["qos"], publish.qos.level());
            assert_eq!(flags["retain"], publish.retain);
            assert_eq!(flags["dup"], false);
            assert_eq!(variable["topic"], publish.topic.as_str());
            assert_eq!(
                variable["packet_id"],
                publish.packet_id.map_or(Value::Null, |id| id.get().into())
            );
            assert_eq!(payload["size"], publish.payload.len());
            match std::str::from_utf8(&publish.payload) {
                Ok(text) => assert_eq!(payload["text"], text),
                Err(_) => assert_eq!(payload["hex"], "dead00ff"),
            }
            let payload_offset = json["offset"].as_u64().unwrap() as usize
                + json["length"].as_u64().unwrap() as usize
                - publish.payload.len();
            assert_eq!(payload["offset"], payload_offset);
            if v5 && publish.properties.message_expiry_interval().is_some() {
                let properties = variable["properties"].as_array().unwrap();
                assert_eq!(properties[0]["name"], "Message Expiry Interval");
                assert_eq!(properties[1]["value"]["key"], "k");
            }
        }
        Packet::PubAck(ack) => {
            assert_eq!(variable["packet_id"], ack.packet_id.get());
            if v5 {
                assert_eq!(variable["reason_code"]["code"], 0x10);
                assert_eq!(variable["reason_code"]["name"], "No matching subscribers");
            } else {
                assert!(variable.get("reason_code").is_none());
            }
        }
        Packet::PubRec(_) | Packet::PubRel(_) | Packet::PubComp(_) => {
            assert_eq!(variable["packet_id"], 7);
            if v5 {
                assert_eq!(
                    variable["reason_code"]["omitted"], true,
                    "success is left out on the wire"
                );
            }
        }
        Packet::Subscribe(subscribe) => {
            assert_eq!(variable["packet_id"], subscribe.packet_id.get());
            let entries = payload.as_array().unwrap();
            assert_eq!(entries[0]["filter"], "a/+/c");
            assert_eq!(entries[1]["share_group"], "group");
            assert_eq!(entries[1]["qos"], 2);
            if v5 {
                assert_eq!(entries[0]["options"], 0b0010_1101);
                assert_eq!(entries[0]["no_local"], true);
                assert_eq!(entries[0]["retain_handling"], 2);
                assert_eq!(variable["properties"][0]["value"], 9);
            } else {
                assert_eq!(entries[0]["options"], 1);
            }
        }
        Packet::SubAck(_) => {
            let codes = payload.as_array().unwrap();
            assert_eq!(codes[0]["code"], 1);
            assert_eq!(codes[1]["code"], 0x80);
        }
        Packet::Unsubscribe(_) => assert_eq!(payload[0], "a/+/c"),
        Packet::UnsubAck(_) => {
            assert_eq!(variable["packet_id"], 4);
            if v5 {
                assert_eq!(payload[0]["code"], 0x11);
            } else {
                assert!(payload.is_null());
            }
        }
        Packet::PingReq | Packet::PingResp => assert_eq!(json["length"], 2),
        Packet::Disconnect(_) => {
            if v5 {
                assert_eq!(variable["reason_code"]["code"], 0x8B);
                assert_eq!(variable["properties"][0]["value"], "bye");
            }
        }
        Packet::Auth(_) => {
            assert_eq!(variable["reason_code"]["code"], 0x18);
            let properties = variable["properties"].as_array().unwrap();
            assert_eq!(properties[0]["value"], "SCRAM-SHA-1");
            assert_eq!(properties[1]["value"]["hidden"], true);
        }
    }
}

#[test]
fn every_packet_type_in_every_version_decodes_to_text() {
    for version in ProtocolVersion::ALL {
        let packets = every_packet(version);
        let (input, spans) = encode_all(&packets, version);
        let hex = hex(&input);
        let out = mqtt(&["inspect", "--decode", &hex], None);
        assert!(out.status.success(), "{version}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        for (index, (packet, (offset, length))) in packets.iter().zip(&spans).enumerate() {
            let heading = format!(
                "packet {}: {} at bytes {}..{} ({} bytes, MQTT {})",
                index + 1,
                packet.packet_type(),
                offset,
                offset + length,
                length,
                version_number(version)
            );
            assert!(text.contains(&heading), "{version}: missing {heading:?} in\n{text}");
        }
        assert!(text.contains("\"sensors/temp\""), "{text}");
        assert!(text.contains("\"21.5\""), "{text}");
        assert!(text.contains("de ad 00 ff"), "binary payload as a hex dump:\n{text}");
        assert!(text.contains("DUP 0, QoS 2 (exactly once), RETAIN 1"), "{text}");
        assert!(text.contains("(10 bytes, hidden; --show-secrets shows it)"), "{text}");
        assert!(!text.contains("wonderland"), "password leaked:\n{text}");
        if version.is_v5() {
            assert!(text.contains("Message Expiry Interval") && text.contains("60 s"), "{text}");
            assert!(text.contains("0x8b Server shutting down"), "{text}");
        }
    }
}

#[test]
fn spec_vectors_written_by_hand() {
    // 3.1.1 PUBLISH QoS 0 "a" "hi": with -V 311 it is plain.
    let doc =
        decode_json(&[0x30, 0x05, 0x00, 0x01, b'a', b'h', b'i'], ProtocolVersion::V3_1_1, &[]);
    let packet = &doc["packets"][0];
    assert_eq!(packet["variable_header"]["topic"], "a");
    assert_eq!(packet["payload"]["text"], "hi");
    assert_eq!(packet["fixed_header"]["remaining_length_bytes"], "05");
    // MQTT 3.1 CONNECT: "MQIsdp" level 3, clean session, keep alive 10, id "x".
    let connect = [
        0x10, 0x0F, 0x00, 0x06, b'M', b'Q', b'I', b's', b'd', b'p', 0x03, 0x02, 0x00, 0x0A, 0x00,
        0x01, b'x',
    ];
    let doc = decode_json(&connect, ProtocolVersion::V5, &[]);
    let packet = &doc["packets"][0];
    assert_eq!(packet["protocol_version"], "3.1");
    assert_eq!(packet["variable_header"]["protocol_name"], "MQIsdp");
    assert_eq!(packet["variable_header"]["connect_flags"]["clean_start"], true);
    assert_eq!(packet["payload"]["client_id"], "x");
    // A two-byte remaining length: 200 = c8 01.
    let mut long = vec![0x30, 0xC8, 0x01, 0x00, 0x01, b't'];
    long.extend(std::iter::repeat_n(b'z', 197));
    let doc = decode_json(&long, ProtocolVersion::V3_1_1, &[]);
    assert_eq!(doc["packets"][0]["fixed_header"]["remaining_length"], 200);
    assert_eq!(doc["packets"][0]["fixed_header"]["remaining_length_bytes"], "c801");
    assert_eq!(doc["packets"][0]["payload"]["size"], 197);
}

#[test]
fn the_default_version_falls_back_to_311_and_says_so() {
    let out = mqtt(&["inspect", "--decode", "30 05 00 01 61 68 69"], None);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("MQTT 3.1.1"), "{text}");
    assert!(text.contains("not valid as MQTT 5.0"), "{text}");
}

#[test]
fn secrets_are_hidden_unless_asked_for() {
    let packets = every_packet(ProtocolVersion::V5);
    let (input, _) = encode_all(&packets, ProtocolVersion::V5);
    let shown = decode_json(&input, ProtocolVersion::V5, &["--show-secrets"]);
    assert_eq!(shown["packets"][0]["payload"]["password"]["text"], "wonderland");
    let auth = shown["packets"].as_array().unwrap().last().unwrap();
    assert_eq!(auth["variable_header"]["properties"][1]["value"]["text"], "proof");
    let hidden = decode_json(&input, ProtocolVersion::V5, &[]);
    assert!(!hidden.to_string().contains("wonderland"));
    assert!(!hidden.to_string().contains("proof"));
}

#[test]
fn files_dumps_and_stdin() {
    let packets = every_packet(ProtocolVersion::V3_1_1);
    let (input, _) = encode_all(&packets, ProtocolVersion::V3_1_1);
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("capture.bin");
    std::fs::write(&raw, &input).unwrap();
    let from_raw = mqtt(&["inspect", "--json", "--decode", &format!("@{}", raw.display())], None);
    assert!(from_raw.status.success(), "{}", String::from_utf8_lossy(&from_raw.stderr));
    // The same bytes as an xxd-style dump through stdin.
    let mut dump = String::new();
    for (line, chunk) in input.chunks(16).enumerate() {
        let ascii: String =
            chunk.iter().map(|&b| if b.is_ascii_graphic() { b as char } else { '.' }).collect();
        dump.push_str(&format!("{:08x}: {:<47}  {ascii}\n", line * 16, hex(chunk)));
    }
    let from_dump = mqtt(&["inspect", "--json", "--decode", "-"], Some(dump.as_bytes()));
    assert!(from_dump.status.success(), "{}", String::from_utf8_lossy(&from_dump.stderr));
    assert_eq!(from_raw.stdout, from_dump.stdout);
    let doc: Value = serde_json::from_slice(&from_raw.stdout).unwrap();
    assert_eq!(doc["packets"].as_array().unwrap().len(), packets.len());
}

#[test]
fn unreadable_or_non_hex_input_is_a_usage_error() {
    let out = mqtt(&["inspect", "--decode", "30 05 zz"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 1, column 7") && stderr.contains("'z'"), "{stderr}");
    let out = mqtt(&["inspect", "--decode", "@/nonexistent/capture.bin"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/capture.bin"));
    let out = mqtt(&["inspect", "--decode", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no bytes"));
}
