//! Topic names and filters from the command line, checked before any I/O.
//!
//! Arguments arrive as `OsString` so that invalid UTF-8 is reported by us,
//! naming the option and the byte offset, rather than by clap. The MQTT
//! rules themselves (length, wildcards, NUL) are checked here with
//! messages that say what to change.

use std::ffi::OsStr;

use crate::exit::usage;

/// The longest topic MQTT can carry (a two-byte length prefix).
pub const MAX_TOPIC_BYTES: usize = 65_535;

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
                value.to_string_lossy()
            )))
        }
    }
}

/// Checks a topic name for PUBLISH: no wildcards, not empty.
pub fn topic_name(topic: &str, what: &str) -> anyhow::Result<()> {
    common(topic, what)?;
    if topic.is_empty() {
        return Err(usage(format!("{what}: the topic is empty; a PUBLISH needs a topic name")));
    }
    if let Some(at) = topic.find(['+', '#']) {
        let wildcard = &topic[at..at + 1];
        return Err(usage(format!(
            "{what} {topic:?}: wildcard {wildcard:?} at byte {at}; wildcards are for subscribing, \
             a PUBLISH needs a plain topic name"
        )));
    }
    Ok(())
}

/// Checks a topic filter for SUBSCRIBE/UNSUBSCRIBE: `+` and `#` must fill
/// a whole level and `#` must be last.
pub fn topic_filter(filter: &str, what: &str) -> anyhow::Result<()> {
    common(filter, what)?;
    if filter.is_empty() {
        return Err(usage(format!("{what}: the topic filter is empty")));
    }
    let levels: Vec<&str> = filter.split('/').collect();
    for (index, level) in levels.iter().enumerate() {
        if level.contains('#') && (*level != "#" || index + 1 != levels.len()) {
            return Err(usage(format!(
                "{what} {filter:?}: '#' must be a whole level and the last one (e.g. a/b/#)"
            )));
        }
        if level.contains('+') && *level != "+" {
            return Err(usage(format!(
                "{what} {filter:?}: '+' must be a whole level (e.g. a/+/c), not {level:?}"
            )));
        }
    }
    Ok(())
}

fn common(text: &str, what: &str) -> anyhow::Result<()> {
    if text.len() > MAX_TOPIC_BYTES {
        return Err(usage(format!(
            "{what}: the topic is {} bytes long; MQTT allows at most {MAX_TOPIC_BYTES}",
            text.len()
        )));
    }
    if let Some(at) = text.find('\0') {
        return Err(usage(format!("{what}: the topic contains a NUL character at byte {at}")));
    }
    Ok(())
}

/// True when `topic` matches `filter` (MQTT 5 §4.7; topics starting with
/// `$` match no filter that starts with a wildcard).
pub fn matches(filter: &str, topic: &str) -> bool {
    if topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut topic_levels = topic.split('/');
    for filter_level in filter.split('/') {
        if filter_level == "#" {
            return true;
        }
        match topic_levels.next() {
            Some(level) if filter_level == "+" || filter_level == level => {}
            _ => return false,
        }
    }
    topic_levels.next().is_none()
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    use super::{matches, topic_filter, topic_name, utf8_arg};

    #[test]
    fn names_refuse_wildcards_empty_and_huge() {
        assert!(topic_name("a/b", "-t").is_ok());
        let err = topic_name("a/#", "-t").unwrap_err().to_string();
        assert!(err.contains("wildcard \"#\" at byte 2"), "{err}");
        assert!(topic_name("", "-t").unwrap_err().to_string().contains("empty"));
        let long = "x".repeat(65_536);
        assert!(topic_name(&long, "-t").unwrap_err().to_string().contains("65536 bytes"));
        assert!(topic_name(&"x".repeat(65_535), "-t").is_ok());
    }

    #[test]
    fn filters_need_whole_level_wildcards() {
        for good in ["#", "a/+/c", "+", "a/#", "$SYS/#", "/"] {
            assert!(topic_filter(good, "-t").is_ok(), "{good}");
        }
        for bad in ["a#", "a/#/b", "a+/b", ""] {
            assert!(topic_filter(bad, "-t").is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_utf8_names_the_offset() {
        let err = utf8_arg(OsStr::from_bytes(b"ab\xffc"), "-t").unwrap_err().to_string();
        assert!(err.contains("offset 2"), "{err}");
    }

    #[test]
    fn matching_follows_the_spec() {
        assert!(matches("a/+/c", "a/b/c"));
        assert!(matches("a/#", "a"));
        assert!(matches("a/#", "a/b/c"));
        assert!(matches("#", "a/b"));
        assert!(!matches("#", "$SYS/x"));
        assert!(matches("$SYS/#", "$SYS/x"));
        assert!(!matches("a/+", "a/b/c"));
        assert!(!matches("a/b", "a"));
        assert!(matches("+/+", "/x"));
    }
}
