//! proptest strategies for every packet type. Packets are generated with
//! every MQTT 5 field and then fitted to a version with [`for_version`], so
//! one strategy serves all three versions.

use bytes::Bytes;
use mqtt_proto::{
    AckProperties, Auth, AuthProperties, AuthReasonCode, ConnAck, ConnAckProperties, Connect,
    ConnectProperties, ConnectReasonCode, Disconnect, DisconnectProperties, DisconnectReasonCode,
    MqttString, Packet, PacketId, ProtocolVersion, PubAck, PubAckReasonCode, PubComp, PubRec,
    PubRel, PubRelReasonCode, Publish, PublishProperties, QoS, RetainHandling, SubAck,
    SubAckProperties, SubAckReasonCode, Subscribe, SubscribeProperties, SubscriptionOptions, Topic,
    TopicFilter, UnsubAck, UnsubAckProperties, UnsubAckReasonCode, Unsubscribe,
    UnsubscribeProperties, Will, WillProperties,
};
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::select;

pub fn version() -> impl Strategy<Value = ProtocolVersion> {
    select(ProtocolVersion::ALL.to_vec())
}

pub fn string() -> impl Strategy<Value = MqttString> {
    "[a-zA-Z0-9 /+#$éü🦀-]{0,10}".prop_map(|text| MqttString::try_from(text).unwrap())
}

pub fn binary() -> impl Strategy<Value = Bytes> {
    vec(any::<u8>(), 0..24).prop_map(Bytes::from)
}

pub fn topic() -> impl Strategy<Value = Topic> {
    "[a-z0-9$ /]{1,12}".prop_map(|text| Topic::try_from(text).unwrap())
}

pub fn topic_filter() -> impl Strategy<Value = TopicFilter> {
    let level = prop_oneof![Just("+".to_string()), "[a-z$]{0,3}"];
    (of("[a-z]{1,3}"), vec(level, 1..4), any::<bool>()).prop_map(|(group, mut levels, multi)| {
        if multi {
            levels.push("#".into());
        }
        let mut filter = levels.join("/");
        if filter.is_empty() {
            filter.push('#');
        }
        let text = match group {
            Some(group) => format!("$share/{group}/{filter}"),
            None => filter,
        };
        TopicFilter::try_from(text).unwrap()
    })
}

pub fn qos() -> impl Strategy<Value = QoS> {
    select(vec![QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce])
}

pub fn packet_id() -> impl Strategy<Value = PacketId> {
    (1..=u16::MAX).prop_map(|id| PacketId::new(id).unwrap())
}

fn user_properties() -> impl Strategy<Value = Vec<(MqttString, MqttString)>> {
    vec((string(), string()), 0..3)
}

fn subscription_id() -> impl Strategy<Value = u32> {
    prop_oneof![1..128u32, 1..=268_435_455u32]
}

fn connect_properties() -> impl Strategy<Value = ConnectProperties> {
    (
        (of(any::<u32>()), of(1..=u16::MAX), of(1..=u32::MAX), of(any::<u16>())),
        (of(any::<bool>()), of(any::<bool>()), of(string()), of(binary())),
        user_properties(),
    )
        .prop_map(
            |((session, receive, packet_size, alias), (response, problem, method, data), user)| {
                ConnectProperties {
                    session_expiry_interval: session,
                    receive_maximum: receive,
                    maximum_packet_size: packet_size,
                    topic_alias_maximum: alias,
                    request_response_information: response,
                    request_problem_information: problem,
                    authentication_method: method,
                    authentication_data: data,
                    user_properties: user,
                }
            },
        )
}

fn will_properties() -> impl Strategy<Value = WillProperties> {
    (
        (of(any::<u32>()), of(any::<bool>()), of(any::<u32>())),
        (of(string()), of(topic()), of(binary())),
        user_properties(),
    )
        .prop_map(|((delay, format, expiry), (content, response, correlation), user)| {
            WillProperties {
                will_delay_interval: delay,
                payload_format_indicator: format,
                message_expiry_interval: expiry,
                content_type: content,
                response_topic: response,
                correlation_data: correlation,
                user_properties: user,
            }
        })
}

fn connect() -> impl Strategy<Value = Connect> {
    let will = (topic(), binary(), qos(), any::<bool>(), will_properties()).prop_map(
        |(topic, payload, qos, retain, properties)| Will {
            topic,
            payload,
            qos,
            retain,
            properties,
        },
    );
    (
        (any::<bool>(), any::<u16>(), string(), of(will)),
        (of(string()), of(binary()), connect_properties()),
    )
        .prop_map(
            |((clean_start, keep_alive, client_id, will), (username, password, properties))| {
                Connect {
                    protocol: ProtocolVersion::V5,
                    clean_start,
                    keep_alive,
                    client_id,
                    will,
                    username,
                    password,
                    properties,
                }
            },
        )
}

fn connack_properties() -> impl Strategy<Value = ConnAckProperties> {
    (
        (
            of(any::<u32>()),
            of(1..=u16::MAX),
            of(select(vec![QoS::AtMostOnce, QoS::AtLeastOnce])),
            of(any::<bool>()),
        ),
        (of(1..=u32::MAX), of(string()), of(any::<u16>()), of(string())),
        (of(any::<bool>()), of(any::<bool>()), of(any::<bool>()), of(any::<u16>())),
        (of(string()), of(string()), of(string()), of(binary())),
        user_properties(),
    )
        .prop_map(|(a, b, c, d, user_properties)| ConnAckProperties {
            session_expiry_interval: a.0,
            receive_maximum: a.1,
            maximum_qos: a.2,
            retain_available: a.3,
            maximum_packet_size: b.0,
            assigned_client_identifier: b.1,
            topic_alias_maximum: b.2,
            reason_string: b.3,
            wildcard_subscription_available: c.0,
            subscription_identifier_available: c.1,
            shared_subscription_available: c.2,
            server_keep_alive: c.3,
            response_information: d.0,
            server_reference: d.1,
            authentication_method: d.2,
            authentication_data: d.3,
            user_properties,
        })
}

fn connack() -> impl Strategy<Value = ConnAck> {
    (any::<bool>(), select(ConnectReasonCode::ALL.to_vec()), connack_properties()).prop_map(
        |(session_present, reason_code, properties)| ConnAck {
            session_present: session_present && reason_code == ConnectReasonCode::Success,
            reason_code,
            properties,
        },
    )
}

fn publish_properties() -> impl Strategy<Value = PublishProperties> {
    (
        (of(any::<bool>()), of(any::<u32>()), of(1..=u16::MAX)),
        (of(topic()), of(binary()), of(string())),
        vec(subscription_id(), 0..3),
        user_properties(),
    )
        .prop_map(|((format, expiry, alias), (response, correlation, content), ids, user)| {
            PublishProperties {
                payload_format_indicator: format,
                message_expiry_interval: expiry,
                topic_alias: alias,
                response_topic: response,
                correlation_data: correlation,
                content_type: content,
                subscription_identifiers: ids,
                user_properties: user,
            }
        })
}

pub fn publish() -> impl Strategy<Value = Publish> {
    (
        any::<bool>(),
        qos(),
        any::<bool>(),
        prop_oneof![4 => topic(), 1 => Just(Topic::empty())],
        packet_id(),
    )
        .prop_flat_map(|(dup, qos, retain, topic, packet_id)| {
            (publish_properties(), binary()).prop_map(move |(mut properties, payload)| {
                if topic.is_empty() && properties.topic_alias.is_none() {
                    properties.topic_alias = Some(1);
                }
                let qos0 = qos == QoS::AtMostOnce;
                Publish {
                    dup: dup && !qos0,
                    qos,
                    retain,
                    topic: topic.clone(),
                    packet_id: if qos0 { None } else { Some(packet_id) },
                    properties,
                    payload,
                }
            })
        })
}

fn ack_properties() -> impl Strategy<Value = AckProperties> {
    (of(string()), user_properties()).prop_map(|(reason_string, user_properties)| AckProperties {
        reason_string,
        user_properties,
    })
}

fn subscription_options() -> impl Strategy<Value = SubscriptionOptions> {
    let handling = select(vec![
        RetainHandling::SendAtSubscribe,
        RetainHandling::SendIfNewSubscription,
        RetainHandling::DoNotSend,
    ]);
    (qos(), any::<bool>(), any::<bool>(), handling).prop_map(
        |(qos, no_local, retain_as_published, retain_handling)| SubscriptionOptions {
            qos,
            no_local,
            retain_as_published,
            retain_handling,
        },
    )
}

fn subscribe() -> impl Strategy<Value = Subscribe> {
    (
        packet_id(),
        vec((topic_filter(), subscription_options()), 1..4),
        of(subscription_id()),
        user_properties(),
    )
        .prop_map(|(packet_id, mut filters, subscription_identifier, user_properties)| {
            for (filter, options) in &mut filters {
                // MQTT-3.8.3-4: no No Local on shared subscriptions.
                options.no_local &= filter.shared().is_none();
            }
            Subscribe {
                packet_id,
                filters,
                properties: SubscribeProperties { subscription_identifier, user_properties },
            }
        })
}

fn suback() -> impl Strategy<Value = SubAck> {
    (
        packet_id(),
        vec(select(SubAckReasonCode::ALL.to_vec()), 1..4),
        of(string()),
        user_properties(),
    )
        .prop_map(|(packet_id, reason_codes, reason_string, user_properties)| SubAck {
            packet_id,
            reason_codes,
            properties: SubAckProperties { reason_string, user_properties },
        })
}

fn unsubscribe() -> impl Strategy<Value = Unsubscribe> {
    (packet_id(), vec(topic_filter(), 1..4), user_properties()).prop_map(
        |(packet_id, filters, user_properties)| Unsubscribe {
            packet_id,
            filters,
            properties: UnsubscribeProperties { user_properties },
        },
    )
}

fn unsuback() -> impl Strategy<Value = UnsubAck> {
    (
        packet_id(),
        vec(select(UnsubAckReasonCode::ALL.to_vec()), 1..4),
        of(string()),
        user_properties(),
    )
        .prop_map(|(packet_id, reason_codes, reason_string, user_properties)| UnsubAck {
            packet_id,
            reason_codes,
            properties: UnsubAckProperties { reason_string, user_properties },
        })
}

fn disconnect() -> impl Strategy<Value = Disconnect> {
    (
        select(DisconnectReasonCode::ALL.to_vec()),
        of(any::<u32>()),
        of(string()),
        of(string()),
        user_properties(),
    )
        .prop_map(
            |(reason_code, session, reason_string, server_reference, user_properties)| Disconnect {
                reason_code,
                properties: DisconnectProperties {
                    session_expiry_interval: session,
                    reason_string,
                    server_reference,
                    user_properties,
                },
            },
        )
}

fn auth() -> impl Strategy<Value = Auth> {
    (
        select(AuthReasonCode::ALL.to_vec()),
        of(string()),
        of(binary()),
        of(string()),
        user_properties(),
    )
        .prop_map(|(reason_code, method, data, reason_string, user_properties)| Auth {
            reason_code,
            properties: AuthProperties {
                authentication_method: method,
                authentication_data: data,
                reason_string,
                user_properties,
            },
        })
}

/// Any packet, with MQTT 5 fields; fit it with [`for_version`].
pub fn packet() -> impl Strategy<Value = Packet> {
    let pub_ack = || (packet_id(), select(PubAckReasonCode::ALL.to_vec()), ack_properties());
    let pub_rel = || (packet_id(), select(PubRelReasonCode::ALL.to_vec()), ack_properties());
    prop_oneof![
        connect().prop_map(Packet::Connect),
        connack().prop_map(Packet::ConnAck),
        publish().prop_map(Packet::Publish),
        pub_ack().prop_map(|(packet_id, reason_code, properties)| Packet::PubAck(PubAck {
            packet_id,
            reason_code,
            properties
        })),
        pub_ack().prop_map(|(packet_id, reason_code, properties)| Packet::PubRec(PubRec {
            packet_id,
            reason_code,
            properties
        })),
        pub_rel().prop_map(|(packet_id, reason_code, properties)| Packet::PubRel(PubRel {
            packet_id,
            reason_code,
            properties
        })),
        pub_rel().prop_map(|(packet_id, reason_code, properties)| Packet::PubComp(PubComp {
            packet_id,
            reason_code,
            properties
        })),
        subscribe().prop_map(Packet::Subscribe),
        suback().prop_map(Packet::SubAck),
        unsubscribe().prop_map(Packet::Unsubscribe),
        unsuback().prop_map(Packet::UnsubAck),
        Just(Packet::PingReq),
        Just(Packet::PingResp),
        disconnect().prop_map(Packet::Disconnect),
        auth().prop_map(Packet::Auth),
    ]
}

/// Fits a generated packet to what `version` can carry: no properties and
/// only 3.x reason codes before MQTT 5, the MQTT 3.1 CONNACK without a
/// session flag, and no AUTH (turned into PINGREQ).
pub fn for_version(packet: Packet, version: ProtocolVersion) -> Packet {
    if version.is_v5() {
        return packet;
    }
    match packet {
        Packet::Connect(mut connect) => {
            connect.protocol = version;
            connect.properties = Default::default();
            if let Some(will) = &mut connect.will {
                will.properties = Default::default();
            }
            if connect.password.is_some() && connect.username.is_none() {
                connect.username = Some(MqttString::from_static("user"));
            }
            Packet::Connect(connect)
        }
        Packet::ConnAck(mut connack) => {
            if connack.reason_code.to_v3_return_code().is_none() {
                connack.reason_code = ConnectReasonCode::NotAuthorized;
            }
            connack.session_present &= version != ProtocolVersion::V3_1
                && connack.reason_code == ConnectReasonCode::Success;
            connack.properties = Default::default();
            Packet::ConnAck(connack)
        }
        Packet::Publish(mut publish) => {
            publish.properties = Default::default();
            if publish.topic.is_empty() {
                publish.topic = Topic::from_static("alias/replaced");
            }
            Packet::Publish(publish)
        }
        Packet::PubAck(ack) => Packet::PubAck(PubAck::new(ack.packet_id)),
        Packet::PubRec(ack) => Packet::PubRec(PubRec::new(ack.packet_id)),
        Packet::PubRel(ack) => Packet::PubRel(PubRel::new(ack.packet_id)),
        Packet::PubComp(ack) => Packet::PubComp(PubComp::new(ack.packet_id)),
        Packet::Subscribe(mut subscribe) => {
            subscribe.properties = Default::default();
            for (_, options) in &mut subscribe.filters {
                *options = SubscriptionOptions::new(options.qos);
            }
            Packet::Subscribe(subscribe)
        }
        Packet::SubAck(mut suback) => {
            suback.properties = Default::default();
            for code in &mut suback.reason_codes {
                if code.is_error() {
                    *code = SubAckReasonCode::UnspecifiedError;
                }
            }
            Packet::SubAck(suback)
        }
        Packet::Unsubscribe(mut unsubscribe) => {
            unsubscribe.properties = Default::default();
            Packet::Unsubscribe(unsubscribe)
        }
        Packet::UnsubAck(unsuback) => Packet::UnsubAck(UnsubAck {
            packet_id: unsuback.packet_id,
            reason_codes: Vec::new(),
            properties: Default::default(),
        }),
        Packet::Disconnect(_) => Packet::Disconnect(Disconnect::default()),
        Packet::Auth(_) => Packet::PingReq,
        other => other,
    }
}
