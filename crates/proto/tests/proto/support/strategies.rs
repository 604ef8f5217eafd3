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

/// Sets `value` with `set` when there is one.
fn put<T>(value: Option<T>, set: impl FnOnce(T)) {
    if let Some(value) = value {
        set(value);
    }
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
                let mut set = ConnectProperties::new();
                put(session, |v| set.set_session_expiry_interval(v));
                put(receive, |v| set.set_receive_maximum(v));
                put(packet_size, |v| set.set_maximum_packet_size(v));
                put(alias, |v| set.set_topic_alias_maximum(v));
                put(response, |v| set.set_request_response_information(v));
                put(problem, |v| set.set_request_problem_information(v));
                put(method, |v| set.set_authentication_method(v));
                put(data, |v| set.set_authentication_data(v));
                for (key, value) in user {
                    set.push_user_property(key, value);
                }
                set
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
            let mut set = WillProperties::new();
            put(delay, |v| set.set_will_delay_interval(v));
            put(format, |v| set.set_payload_format_indicator(v));
            put(expiry, |v| set.set_message_expiry_interval(v));
            put(content, |v| set.set_content_type(v));
            put(response, |v| set.set_response_topic(v));
            put(correlation, |v| set.set_correlation_data(v));
            for (key, value) in user {
                set.push_user_property(key, value);
            }
            set
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
        .prop_map(|(a, b, c, d, user_properties)| {
            let mut set = ConnAckProperties::new();
            put(a.0, |v| set.set_session_expiry_interval(v));
            put(a.1, |v| set.set_receive_maximum(v));
            put(a.2, |v| set.set_maximum_qos(v));
            put(a.3, |v| set.set_retain_available(v));
            put(b.0, |v| set.set_maximum_packet_size(v));
            put(b.1, |v| set.set_assigned_client_identifier(v));
            put(b.2, |v| set.set_topic_alias_maximum(v));
            put(b.3, |v| set.set_reason_string(v));
            put(c.0, |v| set.set_wildcard_subscription_available(v));
            put(c.1, |v| set.set_subscription_identifier_available(v));
            put(c.2, |v| set.set_shared_subscription_available(v));
            put(c.3, |v| set.set_server_keep_alive(v));
            put(d.0, |v| set.set_response_information(v));
            put(d.1, |v| set.set_server_reference(v));
            put(d.2, |v| set.set_authentication_method(v));
            put(d.3, |v| set.set_authentication_data(v));
            for (key, value) in user_properties {
                set.push_user_property(key, value);
            }
            set
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
            let mut set = PublishProperties::new();
            put(format, |v| set.set_payload_format_indicator(v));
            put(expiry, |v| set.set_message_expiry_interval(v));
            put(alias, |v| set.set_topic_alias(v));
            put(response, |v| set.set_response_topic(v));
            put(correlation, |v| set.set_correlation_data(v));
            put(content, |v| set.set_content_type(v));
            for id in ids {
                set.push_subscription_identifier(id);
            }
            for (key, value) in user {
                set.push_user_property(key, value);
            }
            set
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
                if topic.is_empty() && properties.topic_alias().is_none() {
                    properties.set_topic_alias(1);
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
    (of(string()), user_properties()).prop_map(|(reason_string, user_properties)| {
        let mut set = AckProperties::new();
        put(reason_string, |v| set.set_reason_string(v));
        for (key, value) in user_properties {
            set.push_user_property(key, value);
        }
        set
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
            let mut properties = SubscribeProperties::new();
            put(subscription_identifier, |v| properties.set_subscription_identifier(v));
            for (key, value) in user_properties {
                properties.push_user_property(key, value);
            }
            Subscribe { packet_id, filters, properties }
        })
}

fn suback() -> impl Strategy<Value = SubAck> {
    (
        packet_id(),
        vec(select(SubAckReasonCode::ALL.to_vec()), 1..4),
        of(string()),
        user_properties(),
    )
        .prop_map(|(packet_id, reason_codes, reason_string, user_properties)| {
            let mut properties = SubAckProperties::new();
            put(reason_string, |v| properties.set_reason_string(v));
            for (key, value) in user_properties {
                properties.push_user_property(key, value);
            }
            SubAck { packet_id, reason_codes, properties }
        })
}

fn unsubscribe() -> impl Strategy<Value = Unsubscribe> {
    (packet_id(), vec(topic_filter(), 1..4), user_properties()).prop_map(
        |(packet_id, filters, user_properties)| {
            let mut properties = UnsubscribeProperties::new();
            for (key, value) in user_properties {
                properties.push_user_property(key, value);
            }
            Unsubscribe { packet_id, filters, properties }
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
        .prop_map(|(packet_id, reason_codes, reason_string, user_properties)| {
            let mut properties = UnsubAckProperties::new();
            put(reason_string, |v| properties.set_reason_string(v));
            for (key, value) in user_properties {
                properties.push_user_property(key, value);
            }
            UnsubAck { packet_id, reason_codes, properties }
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
            |(reason_code, session, reason_string, server_reference, user_properties)| {
                let mut properties = DisconnectProperties::new();
                put(session, |v| properties.set_session_expiry_interval(v));
                put(reason_string, |v| properties.set_reason_string(v));
                put(server_reference, |v| properties.set_server_reference(v));
                for (key, value) in user_properties {
                    properties.push_user_property(key, value);
                }
                Disconnect { reason_code, properties }
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
        .prop_map(|(reason_code, method, data, reason_string, user_properties)| {
            let mut properties = AuthProperties::new();
            put(method, |v| properties.set_authentication_method(v));
            put(data, |v| properties.set_authentication_data(v));
            put(reason_string, |v| properties.set_reason_string(v));
            for (key, value) in user_properties {
                properties.push_user_property(key, value);
            }
            Auth { reason_code, properties }
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
