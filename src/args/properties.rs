//! MQTT 5 properties from the command line: mosquitto's
//! `-D COMMAND NAME VALUE` and our plain flags (`--user-property k=v`,
//! `--content-type`, ...), merged into one typed set per packet kind.
//!
//! Policy: every value is checked here, before connecting; a property that
//! does not belong to the packet named (e.g. `-D subscribe content-type`)
//! or that we do not send is a usage error naming both.

use std::time::Duration;

use bytes::Bytes;
use mqtt_proto::{MqttString, PublishProperties, Topic, WillProperties};

use crate::args::topics::topic_name;
use crate::cli::connect::{PayloadFormatArg, PropertyArgs};
use crate::exit::usage;

/// Properties of an outgoing PUBLISH (and of the will message).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageProperties {
    pub payload_format_utf8: Option<bool>,
    pub message_expiry: Option<u32>,
    pub content_type: Option<String>,
    pub response_topic: Option<String>,
    pub correlation_data: Option<Vec<u8>>,
    pub user_properties: Vec<(String, String)>,
}

impl MessageProperties {
    /// True when nothing is set (then v3.1.1 is fine).
    pub fn is_empty(&self) -> bool {
        *self == MessageProperties::default()
    }

    /// As the codec's PUBLISH properties; fails on a string MQTT cannot
    /// carry (over 65,535 bytes, a NUL) or a response topic with wildcards.
    pub fn to_publish(&self) -> anyhow::Result<PublishProperties> {
        let mut properties = PublishProperties::default();
        if let Some(utf8) = self.payload_format_utf8 {
            properties.set_payload_format_indicator(utf8);
        }
        if let Some(seconds) = self.message_expiry {
            properties.set_message_expiry_interval(seconds);
        }
        if let Some(text) = &self.content_type {
            properties.set_content_type(mqtt_string(text)?);
        }
        if let Some(text) = &self.response_topic {
            properties.set_response_topic(response_topic(text)?);
        }
        if let Some(data) = &self.correlation_data {
            properties.set_correlation_data(Bytes::from(data.clone()));
        }
        for (name, value) in user_properties(&self.user_properties)? {
            properties.push_user_property(name, value);
        }
        Ok(properties)
    }

    /// As the codec's will properties, with the will delay.
    pub fn to_will(&self, delay: Option<u32>) -> anyhow::Result<WillProperties> {
        let mut properties = WillProperties::default();
        if let Some(seconds) = delay {
            properties.set_will_delay_interval(seconds);
        }
        if let Some(utf8) = self.payload_format_utf8 {
            properties.set_payload_format_indicator(utf8);
        }
        if let Some(seconds) = self.message_expiry {
            properties.set_message_expiry_interval(seconds);
        }
        if let Some(text) = &self.content_type {
            properties.set_content_type(mqtt_string(text)?);
        }
        if let Some(text) = &self.response_topic {
            properties.set_response_topic(response_topic(text)?);
        }
        if let Some(data) = &self.correlation_data {
            properties.set_correlation_data(Bytes::from(data.clone()));
        }
        for (name, value) in user_properties(&self.user_properties)? {
            properties.push_user_property(name, value);
        }
        Ok(properties)
    }
}

/// A string for a property, checked against MQTT's string rules.
pub fn mqtt_string(text: &str) -> anyhow::Result<MqttString> {
    MqttString::try_from(text).map_err(|err| usage(format!("property value {text:?}: {err}")))
}

fn response_topic(text: &str) -> anyhow::Result<Topic> {
    topic_name(text, "response topic")
}

/// User properties as the codec's string pairs.
pub fn user_properties(
    pairs: &[(String, String)],
) -> anyhow::Result<Vec<(MqttString, MqttString)>> {
    pairs.iter().map(|(name, value)| Ok((mqtt_string(name)?, mqtt_string(value)?))).collect()
}

/// Properties of CONNECT that the user can set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectProperties {
    pub session_expiry: Option<u32>,
    pub receive_maximum: Option<u16>,
    pub maximum_packet_size: Option<u32>,
    pub topic_alias_maximum: Option<u16>,
    pub request_response_information: Option<bool>,
    pub request_problem_information: Option<bool>,
    pub user_properties: Vec<(String, String)>,
}

/// Every property given on the command line, by packet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PropertySet {
    pub connect: ConnectProperties,
    pub publish: MessageProperties,
    pub will: MessageProperties,
    pub will_delay: Option<u32>,
    pub subscribe_user_properties: Vec<(String, String)>,
    pub subscription_identifier: Option<u32>,
    pub unsubscribe_user_properties: Vec<(String, String)>,
    pub disconnect_session_expiry: Option<u32>,
    pub disconnect_user_properties: Vec<(String, String)>,
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
                return Err(usage(format!("-D {}: expected COMMAND NAME VALUE", rest.join(" "))));
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
        for pair in &args.user_property {
            let (key, value) = pair.split_once('=').ok_or_else(|| {
                usage(format!(
                    "--user-property {pair:?} is not KEY=VALUE (e.g. --user-property unit=celsius)"
                ))
            })?;
            publish.user_properties.push((key.to_owned(), value.to_owned()));
        }
        if let Some(text) = &args.content_type {
            publish.content_type = Some(text.clone());
        }
        if let Some(topic) = &args.response_topic {
            publish.response_topic = Some(topic.clone());
        }
        if let Some(data) = &args.correlation_data {
            publish.correlation_data = Some(data.as_bytes().to_vec());
        }
        if let Some(expiry) = args.message_expiry {
            publish.message_expiry = Some(whole_seconds(expiry, "--message-expiry")?);
        }
        if let Some(format) = args.payload_format {
            publish.payload_format_utf8 = Some(format == PayloadFormatArg::Utf8);
        }
        self.any |= !publish.is_empty();
        Ok(())
    }

    fn apply_dash_d(&mut self, values: &[String]) -> anyhow::Result<()> {
        let (command, name) = (values[0].as_str(), values[1].as_str());
        let shown = values.join(" ");
        let value = || -> anyhow::Result<&str> {
            match values.len() {
                3 => Ok(values[2].as_str()),
                _ => Err(usage(format!("-D {shown}: {name} takes one value"))),
            }
        };
        let user_pair = || -> anyhow::Result<(String, String)> {
            match values.len() {
                4 => Ok((values[2].clone(), values[3].clone())),
                _ => Err(usage(format!("-D {shown}: user-property takes a name and a value"))),
            }
        };
        let number = |max: u64| -> anyhow::Result<u64> {
            let text = value()?;
            match text.parse::<u64>() {
                Ok(number) if number <= max => Ok(number),
                _ => Err(usage(format!("-D {shown}: {text:?} is not a number from 0 to {max}"))),
            }
        };
        let flag = || -> anyhow::Result<bool> {
            match value()? {
                "0" | "false" => Ok(false),
                "1" | "true" => Ok(true),
                other => Err(usage(format!("-D {shown}: {other:?} must be 0 or 1"))),
            }
        };
        self.any = true;
        match (command, name) {
            ("connect", "session-expiry-interval") => {
                self.connect.session_expiry = Some(number(u32::MAX.into())? as u32)
            }
            ("connect", "receive-maximum") => {
                self.connect.receive_maximum =
                    Some(nonzero(number(u16::MAX.into())?, &shown)? as u16)
            }
            ("connect", "maximum-packet-size") => {
                self.connect.maximum_packet_size =
                    Some(nonzero(number(u32::MAX.into())?, &shown)? as u32)
            }
            ("connect", "topic-alias-maximum") => {
                self.connect.topic_alias_maximum = Some(number(u16::MAX.into())? as u16)
            }
            ("connect", "request-response-information") => {
                self.connect.request_response_information = Some(flag()?)
            }
            ("connect", "request-problem-information") => {
                self.connect.request_problem_information = Some(flag()?)
            }
            ("connect", "user-property") => self.connect.user_properties.push(user_pair()?),
            ("publish" | "will", _) => {
                let will = command == "will";
                if will && name == "will-delay-interval" {
                    self.will_delay = Some(number(u32::MAX.into())? as u32);
                    return Ok(());
                }
                let target = if will { &mut self.will } else { &mut self.publish };
                match name {
                    "payload-format-indicator" => target.payload_format_utf8 = Some(flag()?),
                    "message-expiry-interval" => {
                        target.message_expiry = Some(number(u32::MAX.into())? as u32)
                    }
                    "content-type" => target.content_type = Some(value()?.to_owned()),
                    "response-topic" => target.response_topic = Some(value()?.to_owned()),
                    "correlation-data" => {
                        target.correlation_data = Some(value()?.as_bytes().to_vec())
                    }
                    "user-property" => target.user_properties.push(user_pair()?),
                    _ => return Err(not_for(&shown, name, command)),
                }
            }
            ("subscribe", "user-property") => self.subscribe_user_properties.push(user_pair()?),
            ("subscribe", "subscription-identifier") => {
                self.subscription_identifier = Some(nonzero(number(268_435_455)?, &shown)? as u32)
            }
            ("unsubscribe", "user-property") => self.unsubscribe_user_properties.push(user_pair()?),
            ("disconnect", "session-expiry-interval") => {
                self.disconnect_session_expiry = Some(number(u32::MAX.into())? as u32)
            }
            ("disconnect", "user-property") => self.disconnect_user_properties.push(user_pair()?),
            (
                "connect" | "subscribe" | "unsubscribe" | "disconnect" | "auth" | "puback"
                | "pubrec" | "pubrel" | "pubcomp",
                _,
            ) => return Err(not_for(&shown, name, command)),
            _ => {
                return Err(usage(format!(
                    "-D {shown}: unknown command {command:?} (use connect, publish, will, \
                     subscribe, unsubscribe or disconnect)"
                )))
            }
        }
        Ok(())
    }
}

fn not_for(shown: &str, name: &str, command: &str) -> anyhow::Error {
    usage(format!("-D {shown}: {name:?} is not a property we can send in {command}"))
}

fn nonzero(number: u64, shown: &str) -> anyhow::Result<u64> {
    if number == 0 {
        return Err(usage(format!("-D {shown}: must not be 0")));
    }
    Ok(number)
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
    use std::time::Duration;

    fn dash_d(parts: &[&[&str]]) -> anyhow::Result<PropertySet> {
        let owned: Vec<String> =
            parts.iter().flat_map(|p| p.iter().map(|s| s.to_string())).collect();
        PropertySet::from_dash_d(&owned)
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
        assert_eq!(set.connect.receive_maximum, Some(10));
        assert_eq!(
            set.publish.user_properties,
            vec![("a".into(), "1".into()), ("a".into(), "2".into())]
        );
        assert_eq!(set.publish.content_type.as_deref(), Some("text/plain"));
        assert_eq!(set.will_delay, Some(30));
        assert_eq!(set.subscribe_user_properties, vec![("s".into(), "x".into())]);
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
        assert!(err.to_string().contains("expected COMMAND NAME VALUE"), "{err}");
    }

    #[test]
    fn durations_round_up_to_whole_seconds() {
        assert_eq!(whole_seconds(Duration::from_millis(500), "x").unwrap(), 1);
        assert_eq!(whole_seconds(Duration::from_secs(600), "x").unwrap(), 600);
        assert!(whole_seconds(Duration::from_secs(u64::from(u32::MAX) + 1), "x").is_err());
    }
}
