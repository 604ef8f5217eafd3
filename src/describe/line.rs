//! One packet on one line, for the `-d/--debug` trace of every subcommand.
//!
//! Policy: compact and safe to paste into a bug report. Passwords and
//! authentication data are never shown (only their length), payloads are
//! cut to 64 characters of text or 32 bytes of hex, and MQTT 5 properties
//! follow in brackets by name.

pub use mqtt_client::Direction;
use mqtt_proto::{Packet, Property, ProtocolVersion};

use crate::describe::packet::{property_text, Secrets};
use crate::describe::show::{byte_count, hex, printable, quoted, quoted_truncated};

const TEXT_MAX: usize = 64;
const HEX_MAX: usize = 32;

/// Renders `packet` on one line, e.g.
/// `sent PUBLISH (QoS 1, id 7, topic "a/b", 5 bytes "hello")`.
/// `version` is the connection's protocol version.
pub fn render_packet(packet: &Packet, direction: Direction, version: ProtocolVersion) -> String {
    let verb = match direction {
        Direction::Sent => "sent",
        Direction::Received => "received",
    };
    let (details, properties) = details(packet, version);
    let mut line = format!("{verb} {}", packet.packet_type());
    if !details.is_empty() {
        line.push_str(&format!(" ({})", details.join(", ")));
    }
    if !properties.is_empty() {
        let shown: Vec<String> = properties
            .iter()
            .map(|property| {
                let value = property_text(property, Secrets(false));
                let value = if value.chars().count() > TEXT_MAX {
                    format!("{}…", value.chars().take(TEXT_MAX).collect::<String>())
                } else {
                    value
                };
                format!("{}={value}", property.id().name())
            })
            .collect();
        line.push_str(&format!(" [{}]", shown.join(", ")));
    }
    line
}

/// A payload in a few words: size and a cut text or hex preview.
fn payload(data: &[u8]) -> String {
    if data.is_empty() {
        return "empty payload".to_string();
    }
    match printable(data) {
        Some(text) => format!("{} {}", byte_count(data.len()), quoted_truncated(text, TEXT_MAX)),
        None if data.len() > HEX_MAX => {
            format!("{} 0x{}…", byte_count(data.len()), hex(&data[..HEX_MAX]))
        }
        None => format!("{} 0x{}", byte_count(data.len()), hex(data)),
    }
}

fn details(packet: &Packet, version: ProtocolVersion) -> (Vec<String>, Vec<Property>) {
    let mut out = Vec::new();
    let v5 = version.is_v5();
    let properties = match packet {
        Packet::Connect(connect) => {
            out.push(format!("MQTT {}", connect.protocol.number()));
            out.push(format!("client id {}", quoted(&connect.client_id)));
            if connect.clean_start {
                out.push("clean start".into());
            }
            out.push(format!("keep alive {} s", connect.keep_alive));
            if let Some(username) = &connect.username {
                out.push(format!("user {}", quoted(username)));
            }
            if let Some(password) = &connect.password {
                out.push(format!("password ({}, hidden)", byte_count(password.len())));
            }
            if let Some(will) = &connect.will {
                let retain = if will.retain { ", retained" } else { "" };
                out.push(format!(
                    "will {} QoS {}{retain}, {}",
                    quoted(will.topic.as_str()),
                    will.qos.level(),
                    payload(&will.payload)
                ));
            }
            connect.properties.to_properties()
        }
        Packet::ConnAck(connack) => {
            out.push(connack.reason_code.name().to_string());
            // MQTT 3.1's CONNACK has no such flag (that byte is reserved).
            if version != ProtocolVersion::V3_1 {
                out.push(format!("session present {}", u8::from(connack.session_present)));
            }
            connack.properties.to_properties()
        }
        Packet::Publish(publish) => {
            out.push(format!("QoS {}", publish.qos.level()));
            if let Some(packet_id) = publish.packet_id {
                out.push(format!("id {packet_id}"));
            }
            if publish.retain {
                out.push("retain".into());
            }
            if publish.dup {
                out.push("dup".into());
            }
            out.push(format!("topic {}", quoted(publish.topic.as_str())));
            out.push(payload(&publish.payload));
            publish.properties.to_properties()
        }
        Packet::PubAck(ack) => ack_details(
            &mut out,
            ack.packet_id.get(),
            v5,
            reason_text(
                ack.reason_code.name(),
                ack.reason_code.code(),
                ack.reason_code.is_listed(),
                "PUBACK",
            ),
            ack.properties.to_properties(),
        ),
        Packet::PubRec(ack) => ack_details(
            &mut out,
            ack.packet_id.get(),
            v5,
            reason_text(
                ack.reason_code.name(),
                ack.reason_code.code(),
                ack.reason_code.is_listed(),
                "PUBREC",
            ),
            ack.properties.to_properties(),
        ),
        Packet::PubRel(ack) => ack_details(
            &mut out,
            ack.packet_id.get(),
            v5,
            reason_text(
                ack.reason_code.name(),
                ack.reason_code.code(),
                ack.reason_code.is_listed(),
                "PUBREL",
            ),
            ack.properties.to_properties(),
        ),
        Packet::PubComp(ack) => ack_details(
            &mut out,
            ack.packet_id.get(),
            v5,
            reason_text(
                ack.reason_code.name(),
                ack.reason_code.code(),
                ack.reason_code.is_listed(),
                "PUBCOMP",
            ),
            ack.properties.to_properties(),
        ),
        Packet::Subscribe(subscribe) => {
            out.push(format!("id {}", subscribe.packet_id));
            for (filter, options) in &subscribe.filters {
                let mut entry = format!("{} QoS {}", quoted(filter.as_str()), options.qos.level());
                if options.no_local {
                    entry.push_str(" no local");
                }
                if options.retain_as_published {
                    entry.push_str(" retain as published");
                }
                if v5 && options.retain_handling as u8 != 0 {
                    entry.push_str(&format!(" retain handling {}", options.retain_handling as u8));
                }
                out.push(entry);
            }
            subscribe.properties.to_properties()
        }
        Packet::SubAck(suback) => {
            out.push(format!("id {}", suback.packet_id));
            out.extend(
                suback
                    .reason_codes
                    .iter()
                    .map(|code| reason_text(code.name(), code.code(), code.is_listed(), "SUBACK")),
            );
            suback.properties.to_properties()
        }
        Packet::Unsubscribe(unsubscribe) => {
            out.push(format!("id {}", unsubscribe.packet_id));
            out.extend(unsubscribe.filters.iter().map(|filter| quoted(filter.as_str())));
            unsubscribe.properties.to_properties()
        }
        Packet::UnsubAck(unsuback) => {
            out.push(format!("id {}", unsuback.packet_id));
            out.extend(
                unsuback.reason_codes.iter().map(|code| {
                    reason_text(code.name(), code.code(), code.is_listed(), "UNSUBACK")
                }),
            );
            unsuback.properties.to_properties()
        }
        Packet::PingReq | Packet::PingResp => Vec::new(),
        Packet::Disconnect(disconnect) => {
            if v5 {
                out.push(disconnect.reason_code.name().to_string());
            }
            disconnect.properties.to_properties()
        }
        Packet::Auth(auth) => {
            out.push(auth.reason_code.name().to_string());
            auth.properties.to_properties()
        }
    };
    (out, properties)
}

fn ack_details(
    out: &mut Vec<String>,
    packet_id: u16,
    v5: bool,
    reason: String,
    properties: Vec<Property>,
) -> Vec<Property> {
    out.push(format!("id {packet_id}"));
    if v5 {
        out.push(reason);
    }
    properties
}

/// A reason code by name; one the specification does not list for the
/// packet (accepted from the peer all the same) says so, with its byte.
fn reason_text(name: &str, code: u8, listed: bool, packet: &str) -> String {
    if listed {
        name.to_string()
    } else {
        format!("{code:#04x} {name}; not a {packet} reason code in MQTT 5")
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use mqtt_proto::{Connect, MqttString, Publish, QoS, Topic};

    use super::*;

    #[test]
    fn publish_line_truncates_the_payload() {
        let mut publish = Publish::new(Topic::from_static("a/b"), Bytes::from("x".repeat(100)));
        publish.qos = QoS::AtLeastOnce;
        publish.packet_id = mqtt_proto::PacketId::new(7);
        publish.properties.set_message_expiry_interval(10);
        let line = render_packet(&Packet::Publish(publish), Direction::Sent, ProtocolVersion::V5);
        let expected_payload = format!("100 bytes \"{}\"…", "x".repeat(64));
        assert_eq!(
            line,
            format!("sent PUBLISH (QoS 1, id 7, topic \"a/b\", {expected_payload}) [Message Expiry Interval=10 s]")
        );
    }

    #[test]
    fn connect_line_hides_the_password() {
        let mut connect = Connect::new(ProtocolVersion::V3_1_1, MqttString::from_static("c1"), 60);
        connect.username = Some(MqttString::from_static("bob"));
        connect.password = Some(Bytes::from_static(b"s3cret"));
        let line =
            render_packet(&Packet::Connect(connect), Direction::Sent, ProtocolVersion::V3_1_1);
        assert!(!line.contains("s3cret"), "{line}");
        assert!(line.contains("password (6 bytes, hidden)"), "{line}");
        assert!(
            line.starts_with("sent CONNECT (MQTT 3.1.1, client id \"c1\", clean start"),
            "{line}"
        );
    }

    #[test]
    fn ack_with_a_code_not_listed_for_it_says_so() {
        let mut ack = mqtt_proto::PubAck::new(mqtt_proto::PacketId::new(1).unwrap());
        ack.reason_code = mqtt_proto::PubAckReasonCode::PacketTooLarge;
        let line = render_packet(&Packet::PubAck(ack), Direction::Received, ProtocolVersion::V5);
        assert_eq!(
            line,
            "received PUBACK (id 1, 0x95 Packet too large; not a PUBACK reason code in MQTT 5)"
        );
    }

    #[test]
    fn binary_payload_is_hex() {
        let publish =
            Publish::new(Topic::from_static("t"), Bytes::from_static(&[0xde, 0xad, 0x00]));
        let line =
            render_packet(&Packet::Publish(publish), Direction::Received, ProtocolVersion::V3_1_1);
        assert_eq!(line, "received PUBLISH (QoS 0, topic \"t\", 3 bytes 0xdead00)");
    }
}
