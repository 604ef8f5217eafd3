//! Topic names and filters from the command line, checked before any I/O.
//!
//! Arguments arrive as `OsString` so that invalid UTF-8 is reported by us,
//! naming the option and the byte offset, rather than by clap. The MQTT
//! rules themselves (length, wildcards, NUL, shared subscriptions) are the
//! codec's (`mqtt_proto::Topic`/`TopicFilter`); this module words the error
//! for a command line, and adds one rule of ours: no control characters
//! (U+0001–U+001F, U+007F–U+009F). MQTT says a string SHOULD NOT hold them
//! and mosquitto drops a connection that sends one (silently, for a QoS 0
//! PUBLISH), so we refuse them before connecting, in every topic we send.

use std::ffi::OsStr;

use mqtt_proto::{MqttString, Topic, TopicError, TopicFilter};

use crate::exit::usage;

/// Converts an argument to UTF-8, naming `what` (e.g. "-t") on failure.
pub fn utf8_arg(value: &OsStr, what: &str) -> anyhow::Result<String> {
    match value.to_str() {
        Some(text) => Ok(text.to_owned()),
        None => {
            let bytes = value.as_encoded_bytes();
            let valid = match std::str::from_utf8(bytes) {
                Ok(_) => bytes.len(),
                Err(err) => err.valid_up_to(),
            };
            Err(usage(format!(
                "{what} {}: not valid UTF-8 (bad byte at offset {valid}); MQTT topics are UTF-8 text",
                shown(&value.to_string_lossy())
            )))
        }
    }
}

/// Checks a topic name for PUBLISH: no wildcards, not empty, ≤ 65,535 bytes.
pub fn topic_name(topic: &str, what: &str) -> anyhow::Result<Topic> {
    no_control_characters(topic, what)?;
    let checked =
        MqttString::try_from(topic).map_err(TopicError::from).and_then(Topic::from_string);
    checked.map_err(|err| {
        let hint = match err {
            TopicError::WildcardInTopicName { .. } => {
                "; wildcards are for subscribing, a PUBLISH needs a plain topic name"
            }
            TopicError::Empty => "; a PUBLISH needs a topic name",
            _ => "",
        };
        usage(format!("{what} {}: {err}{hint}", shown(topic)))
    })
}

/// Checks a topic filter for SUBSCRIBE/UNSUBSCRIBE: `+` and `#` must fill
/// a whole level and `#` must be last.
pub fn topic_filter(filter: &str, what: &str) -> anyhow::Result<TopicFilter> {
    no_control_characters(filter, what)?;
    let checked =
        MqttString::try_from(filter).map_err(TopicError::from).and_then(TopicFilter::from_string);
    checked.map_err(|err| {
        let hint = match err {
            TopicError::MisplacedMultiLevelWildcard { .. } => " (e.g. a/b/#)",
            TopicError::MisplacedSingleLevelWildcard { .. } => " (e.g. a/+/c)",
            _ => "",
        };
        usage(format!("{what} {}: {err}{hint}", shown(filter)))
    })
}

/// Refuses C0 and C1 control characters (NUL is the codec's own rule).
fn no_control_characters(topic: &str, what: &str) -> anyhow::Result<()> {
    let found = topic.char_indices().find(|&(_, c)| c != '\0' && c.is_control());
    match found {
        Some((offset, c)) => Err(usage(format!(
            "{what} {}: control character U+{:04X} at byte {offset}; brokers refuse topics with control characters",
            shown(topic),
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// The topic quoted for an error message; a huge one is cut short.
fn shown(topic: &str) -> String {
    if topic.len() <= 80 {
        return format!("{topic:?}");
    }
    let mut end = 60;
    while !topic.is_char_boundary(end) {
        end -= 1;
    }
    format!("{:?}…", &topic[..end])
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    use super::{topic_filter, topic_name, utf8_arg};

    fn error(result: anyhow::Result<impl std::fmt::Debug>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn names_refuse_wildcards_empty_and_huge() {
        assert_eq!(topic_name("a/b", "-t").unwrap().as_str(), "a/b");
        let err = error(topic_name("a/#", "-t"));
        assert!(
            err.starts_with(
                "-t \"a/#\": topic name contains the wildcard '#' at byte 2; wildcards"
            ),
            "{err}"
        );
        assert!(error(topic_name("", "-t")).contains("is empty"));
        let err = error(topic_name(&"x".repeat(65_536), "-t"));
        assert!(err.contains("65536 bytes is longer than 65535"), "{err}");
        assert!(err.len() < 200, "the topic is not echoed in full: {err}");
        assert!(topic_name(&"x".repeat(65_535), "-t").is_ok());
        assert!(error(topic_name("a\0b", "-t")).contains("null character"));
    }

    #[test]
    fn filters_need_whole_level_wildcards() {
        for good in ["#", "a/+/c", "+", "a/#", "$SYS/#", "/", "$share/g/a/#"] {
            assert!(topic_filter(good, "-t").is_ok(), "{good}");
        }
        for bad in ["a#", "a/#/b", "a+/b", "", "$share//a"] {
            assert!(topic_filter(bad, "-t").is_err(), "{bad}");
        }
        let err = error(topic_filter("a/#/b", "-T"));
        assert!(
            err.contains("-T \"a/#/b\": '#' at byte 2 must be the whole last level (e.g. a/b/#)"),
            "{err}"
        );
    }

    #[test]
    fn control_characters_are_refused_in_names_and_filters() {
        for bad in ["a\u{1}b", "a/\tb", "x\u{1b}[31m", "a\u{7f}", "a\u{85}b", "\u{9f}"] {
            let err = error(topic_name(bad, "-t"));
            assert!(err.contains("control character U+"), "{bad:?}: {err}");
            assert!(error(topic_filter(bad, "-T")).contains("control character"), "{bad:?}");
        }
        assert!(error(topic_name("a\u{1b}", "-t")).contains("U+001B at byte 1"));
        for good in ["a/\u{a0}/b", "température/°C", "a b"] {
            assert!(topic_name(good, "-t").is_ok(), "{good:?}");
        }
    }

    #[test]
    fn bad_utf8_names_the_offset() {
        let err = utf8_arg(OsStr::from_bytes(b"ab\xffc"), "-t").unwrap_err().to_string();
        assert!(err.contains("offset 2"), "{err}");
    }
}
