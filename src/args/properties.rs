//! MQTT 5 properties from the command line: mosquitto's
//! `-D COMMAND NAME VALUE` and our plain flags (`--user-property k=v`,
//! `--content-type`, ...), parsed straight into the codec's property set of
//! each packet.
//!
//! Policy: every value is checked here, before connecting; a property that
//! does not belong to the packet named (e.g. `-D subscribe content-type`)
//! or that we do not send is a usage error naming both. The `-D` names are
//! the codec's ([`PropertyId::name`] in lower case with dashes), the value is
//! read by the property's data type and checked by the codec's rules, so a
//! property the codec learns is settable here without a change.

use std::time::Duration;

use bytes::Bytes;
use mqtt_proto::{
    ConnectProperties, DataType, DisconnectProperties, MqttString, Property, PropertyContext,
    PropertyError, PropertyId, PublishProperties, SubscribeProperties, UnsubscribeProperties,
    Value, WillProperties,
};

use crate::args::topics::topic_name;
use crate::cli::connect::{PayloadFormatArg, PropertyArgs};
use crate::exit::usage;

/// Properties that describe one delivery rather than the message: we never
/// publish them, and a replayed recording drops them.
pub const DELIVERY_ONLY: [PropertyId; 2] =
    [PropertyId::SubscriptionIdentifier, PropertyId::TopicAlias];

/// Properties `-D` cannot set in any packet: extended authentication is not
/// supported, and the reason string and server reference are the server's.
const NEVER_SENT: [PropertyId; 4] = [
    PropertyId::AuthenticationMethod,
    PropertyId::AuthenticationData,
    PropertyId::ReasonString,
    PropertyId::ServerReference,
];

/// A string for a property, checked against MQTT's string rules.
pub fn mqtt_string(text: &str) -> anyhow::Result<MqttString> {
    MqttString::try_from(text).map_err(|err| usage(format!("property value {text:?}: {err}")))
}

/// Every property given on the command line, as the codec's set of each
/// packet. The will delay of `-D will will-delay-interval` is in `will`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PropertySet {
    pub connect: ConnectProperties,
    pub publish: PublishProperties,
    pub will: WillProperties,
    pub subscribe: SubscribeProperties,
    pub unsubscribe: UnsubscribeProperties,
    pub disconnect: DisconnectProperties,
    /// True when any property was given at all: they need MQTT 5.
    pub any: bool,
}

impl PropertySet {
    /// Parses every `-D` occurrence. Clap hands over all values in one
    /// list; each occurrence is COMMAND NAME VALUE, or COMMAND user-property
    /// KEY VALUE, so the list splits unambiguously.
    pub fn from_dash_d(values: &[String]) -> anyhow::Result<PropertySet> {
        let mut set = PropertySet::default();
        let mut rest = values;
        while !rest.is_empty() {
            let width =
                if rest.get(1).map(String::as_str) == Some("user-property") { 4 } else { 3 };
            if rest.len() < width {
                let expected = if width == 4 {
                    "COMMAND user-property KEY VALUE"
                } else {
                    "COMMAND NAME VALUE"
                };
                return Err(usage(format!("-D {}: expected {expected}", rest.join(" "))));
            }
            let (one, tail) = rest.split_at(width);
            set.apply_dash_d(one)?;
            rest = tail;
        }
        Ok(set)
    }

    /// Adds the plain publish-property flags of `mqtt pub`.
    pub fn add_publish_flags(&mut self, args: &PropertyArgs) -> anyhow::Result<()> {
        let publish = &mut self.publish;
        let mut pairs = Vec::with_capacity(args.user_property.len());
        for pair in &args.user_property {
            let (key, value) = pair.split_once('=').ok_or_else(|| {
                usage(format!(
                    "--user-property {pair:?} is not KEY=VALUE (e.g. --user-property unit=celsius)"
                ))
            })?;
            pairs.push((key, value));
        }
        if let Some(expiry) = args.message_expiry {
            publish.set_message_expiry_interval(whole_seconds(expiry, "--message-expiry")?);
        }
        if let Some(format) = args.payload_format {
            publish.set_payload_format_indicator(format == PayloadFormatArg::Utf8);
        }
        if let Some(text) = &args.content_type {
            publish.set_content_type(mqtt_string(text)?);
        }
        if let Some(topic) = &args.response_topic {
            publish.set_response_topic(topic_name(topic, "response topic")?);
        }
        if let Some(data) = &args.correlation_data {
            publish.set_correlation_data(Bytes::copy_from_slice(data.as_bytes()));
        }
        for (key, value) in pairs {
            publish.push_user_property(mqtt_string(key)?, mqtt_string(value)?);
        }
        self.any |= !publish.is_empty();
        Ok(())
    }

    fn apply_dash_d(&mut self, values: &[String]) -> anyhow::Result<()> {
        let (command, name) = (values[0].as_str(), values[1].as_str());
        let shown = values.join(" ");
        self.any = true;
        let context = match command {
            "connect" => PropertyContext::Connect,
            "publish" => PropertyContext::Publish,
            "will" => PropertyContext::Will,
            "subscribe" => PropertyContext::Subscribe,
            "unsubscribe" => PropertyContext::Unsubscribe,
            "disconnect" => PropertyContext::Disconnect,
            "auth" | "puback" | "pubrec" | "pubrel" | "pubcomp" => {
                return Err(not_for(&shown, name, command))
            }
            _ => {
                return Err(usage(format!(
                    "-D {shown}: unknown command {command:?} (use connect, publish, will, \
                     subscribe, unsubscribe or disconnect)"
                )))
            }
        };
        let id = PropertyId::ALL
            .iter()
            .copied()
            .find(|id| dash_d_name(*id) == name && sendable(*id, context))
            .ok_or_else(|| not_for(&shown, name, command))?;
        let property = dash_d_value(id, &values[2..], &shown)?;
        let added = match context {
            PropertyContext::Connect => self.connect.insert(property),
            PropertyContext::Publish => self.publish.insert(property),
            PropertyContext::Will => self.will.insert(property),
            PropertyContext::Subscribe => self.subscribe.insert(property),
            PropertyContext::Unsubscribe => self.unsubscribe.insert(property),
            _ => self.disconnect.insert(property),
        };
        // `sendable` checked that the packet may carry it.
        added.map_err(|err| usage(format!("-D {shown}: {err}")))
    }
}

/// The `-D` name of a property: the codec's name in lower case with dashes
/// (`Content Type` is `content-type`), as mosquitto spells them.
pub fn dash_d_name(id: PropertyId) -> String {
    id.name().to_ascii_lowercase().replace(' ', "-")
}

/// Whether `-D` may set `id` in `context`.
fn sendable(id: PropertyId, context: PropertyContext) -> bool {
    let delivery_only = matches!(context, PropertyContext::Publish | PropertyContext::Will)
        && DELIVERY_ONLY.contains(&id);
    id.allowed_in(context) && !NEVER_SENT.contains(&id) && !delivery_only
}

/// The property `id` from the values after COMMAND NAME, read by its data
/// type and checked by the codec's rules.
fn dash_d_value(id: PropertyId, values: &[String], shown: &str) -> anyhow::Result<Property> {
    let name = dash_d_name(id);
    let value = || -> anyhow::Result<&str> {
        match values {
            [value] => Ok(value.as_str()),
            _ => Err(usage(format!("-D {shown}: {name} takes one value"))),
        }
    };
    let number = |max: u64| -> anyhow::Result<u64> {
        let text = value()?;
        match text.parse::<u64>() {
            Ok(number) if number <= max => Ok(number),
            _ => Err(usage(format!("-D {shown}: {text:?} is not a number from 0 to {max}"))),
        }
    };
    let text;
    let pair;
    let data;
    let value = match id.data_type() {
        DataType::Byte => Value::Byte(match value()? {
            "0" | "false" => 0,
            "1" | "true" => 1,
            other => return Err(usage(format!("-D {shown}: {other:?} must be 0 or 1"))),
        }),
        DataType::TwoByteInteger => Value::TwoByteInteger(number(u16::MAX.into())? as u16),
        DataType::FourByteInteger => Value::FourByteInteger(number(u32::MAX.into())? as u32),
        DataType::VariableByteInteger => Value::VariableByteInteger(number(268_435_455)? as u32),
        DataType::String if id == PropertyId::ResponseTopic => {
            return Ok(Property::ResponseTopic(topic_name(value()?, "response topic")?));
        }
        DataType::String => {
            text = mqtt_string(value()?)?;
            Value::String(&text)
        }
        DataType::BinaryData => {
            data = Bytes::copy_from_slice(value()?.as_bytes());
            Value::BinaryData(&data)
        }
        DataType::StringPair => {
            pair = match values {
                [key, value] => (mqtt_string(key)?, mqtt_string(value)?),
                _ => {
                    return Err(usage(format!(
                        "-D {shown}: user-property takes a name and a value"
                    )))
                }
            };
            Value::StringPair(&pair.0, &pair.1)
        }
    };
    Property::from_value(id, value).map_err(|err| match err {
        PropertyError::InvalidValue { value: 0, .. } => usage(format!("-D {shown}: must not be 0")),
        other => usage(format!("-D {shown}: {other}")),
    })
}

fn not_for(shown: &str, name: &str, command: &str) -> anyhow::Error {
    usage(format!("-D {shown}: {name:?} is not a property we can send in {command}"))
}

/// A duration as the whole seconds MQTT carries; sub-second parts round up
/// so `500ms` does not become "no expiry".
pub fn whole_seconds(duration: Duration, flag: &str) -> anyhow::Result<u32> {
    let seconds = crate::cli::connect::whole_seconds_up(duration);
    u32::try_from(seconds).map_err(|_| {
        usage(format!("{flag}: {duration:?} is longer than MQTT allows ({} s)", u32::MAX))
    })
}

#[cfg(test)]
mod tests {
    use super::{whole_seconds, PropertySet};
    use mqtt_proto::{MqttString, Property};
    use std::time::Duration;

    fn dash_d(parts: &[&[&str]]) -> anyhow::Result<PropertySet> {
        let owned: Vec<String> =
            parts.iter().flat_map(|p| p.iter().map(|s| s.to_string())).collect();
        PropertySet::from_dash_d(&owned)
    }

    fn s(text: &'static str) -> MqttString {
        MqttString::from_static(text)
    }

    #[test]
    fn dash_d_fills_each_packet() {
        let set = dash_d(&[
            &["connect", "receive-maximum", "10"],
            &["publish", "user-property", "a", "1"],
            &["publish", "user-property", "a", "2"],
            &["publish", "content-type", "text/plain"],
            &["will", "will-delay-interval", "30"],
            &["subscribe", "user-property", "s", "x"],
        ])
        .unwrap();
        assert_eq!(set.connect.receive_maximum(), Some(10));
        assert_eq!(
            set.publish.user_properties().collect::<Vec<_>>(),
            [(&s("a"), &s("1")), (&s("a"), &s("2"))]
        );
        assert_eq!(set.publish.content_type(), Some(&s("text/plain")));
        // Declaration order, whatever the order of the flags.
        assert_eq!(
            set.publish.as_slice(),
            [
                Property::ContentType(s("text/plain")),
                Property::UserProperty(s("a"), s("1")),
                Property::UserProperty(s("a"), s("2")),
            ]
        );
        assert_eq!(set.will.will_delay_interval(), Some(30));
        assert_eq!(set.subscribe.user_properties().collect::<Vec<_>>(), [(&s("s"), &s("x"))]);
        assert!(set.any);
    }

    #[test]
    fn dash_d_errors_name_the_problem() {
        let err = dash_d(&[&["subscribe", "content-type", "x"]]).unwrap_err();
        assert!(err.to_string().contains("not a property we can send in subscribe"), "{err}");
        let err = dash_d(&[&["connect", "receive-maximum", "0"]]).unwrap_err();
        assert!(err.to_string().contains("must not be 0"), "{err}");
        let err = dash_d(&[&["connect", "receive-maximum", "70000"]]).unwrap_err();
        assert!(err.to_string().contains("0 to 65535"), "{err}");
        let err = dash_d(&[&["bogus", "x", "y"]]).unwrap_err();
        assert!(err.to_string().contains("unknown command"), "{err}");
        let err = dash_d(&[&["publish", "user-property", "only-name"]]).unwrap_err();
        assert!(err.to_string().contains("expected COMMAND user-property KEY VALUE"), "{err}");
    }

    #[test]
    fn dash_d_refuses_what_we_never_send_with_the_old_words() {
        for (command, name, value) in [
            ("publish", "topic-alias", "1"),
            ("publish", "subscription-identifier", "1"),
            ("publish", "will-delay-interval", "1"),
            ("connect", "authentication-method", "x"),
            ("disconnect", "reason-string", "x"),
            ("puback", "reason-string", "x"),
            ("will", "bogus", "x"),
        ] {
            let err = dash_d(&[&[command, name, value]]).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "-D {command} {name} {value}: {name:?} is not a property we can send in {command}"
                )
            );
        }
        let err = dash_d(&[&["subscribe", "subscription-identifier", "268435456"]]).unwrap_err();
        assert!(err.to_string().ends_with("is not a number from 0 to 268435455"), "{err}");
        let err = dash_d(&[&["publish", "payload-format-indicator", "2"]]).unwrap_err();
        assert_eq!(err.to_string(), "-D publish payload-format-indicator 2: \"2\" must be 0 or 1");
        let err = dash_d(&[&["publish", "response-topic", "a/+"]]).unwrap_err();
        assert!(err.to_string().starts_with("response topic "), "{err}");
    }

    #[test]
    fn durations_round_up_to_whole_seconds() {
        assert_eq!(whole_seconds(Duration::from_millis(500), "x").unwrap(), 1);
        assert_eq!(whole_seconds(Duration::from_secs(600), "x").unwrap(), 600);
        assert!(whole_seconds(Duration::from_secs(u64::from(u32::MAX) + 1), "x").is_err());
    }
}
