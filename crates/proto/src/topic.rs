//! Topic names and topic filters (MQTT 5.0 §4.7, 3.1.1 §4.7) as validated
//! types, shared subscriptions (`$share/{group}/{filter}`, MQTT 5.0 §4.8.2)
//! and filter matching.
//!
//! Policy: a [`Topic`] never contains `+` or `#`; a [`TopicFilter`] uses
//! them only as whole levels, `#` last. Both are [`MqttString`]s, so they
//! share bytes with the packet they were decoded from. Topics starting with
//! `$` are not matched by a filter that starts with a wildcard
//! (MQTT-4.7.2-1). Shared filters are recognised in every protocol version
//! (mosquitto honours them on 3.1.1 too).

use core::fmt;
use core::ops::Deref;
use core::str::FromStr;

use bytes::Bytes;

use crate::string::{MqttString, StringError};

/// The prefix of a shared subscription filter.
pub const SHARE_PREFIX: &str = "$share/";

/// Why a topic name or filter is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    /// Breaks the MQTT string rules.
    #[error(transparent)]
    String(#[from] StringError),
    /// Topic names and filters must be at least one character long.
    #[error("is empty")]
    Empty,
    /// A topic name contains `+` or `#` (MQTT-3.3.2-2).
    #[error("topic name contains the wildcard {wildcard:?} at byte {at}")]
    WildcardInTopicName {
        /// The wildcard character.
        wildcard: char,
        /// Byte index within the topic.
        at: usize,
    },
    /// `#` is not alone in the last level (MQTT-4.7.1-1).
    #[error("'#' at byte {at} must be the whole last level")]
    MisplacedMultiLevelWildcard {
        /// Byte index within the filter.
        at: usize,
    },
    /// `+` is not alone in its level (MQTT-4.7.1-2).
    #[error("'+' at byte {at} must be a whole level")]
    MisplacedSingleLevelWildcard {
        /// Byte index within the filter.
        at: usize,
    },
    /// `$share/` with an empty share name (MQTT-4.8.2-1).
    #[error("shared subscription has an empty share name")]
    EmptyShareName,
    /// The share name contains `+` or `#` (MQTT-4.8.2-2).
    #[error("shared subscription's share name contains {wildcard:?}")]
    WildcardInShareName {
        /// The wildcard character.
        wildcard: char,
    },
    /// `$share/{group}` without a `/` and filter after it.
    #[error("shared subscription has no topic filter after the share name")]
    MissingSharedFilter,
}

/// Checks a topic name's bytes: the string rules, then no wildcards.
/// Empty is refused here (see [`Topic::empty`]).
///
/// This is on the PUBLISH decode path. Typical topics are short ASCII, so
/// one branch-free pass (which the compiler vectorises) looks for any
/// non-ASCII byte, null or wildcard; only when it finds one does the
/// precise check run to say what and where.
pub(crate) fn check_topic_name(bytes: &[u8]) -> Result<(), TopicError> {
    if bytes.is_empty() {
        return Err(TopicError::Empty);
    }
    if bytes.len() > MqttString::MAX_LEN {
        return Err(StringError::TooLong { len: bytes.len() }.into());
    }
    if is_plain_ascii(bytes) {
        return Ok(());
    }
    core::str::from_utf8(bytes)
        .map_err(|err| StringError::InvalidUtf8 { valid_up_to: err.valid_up_to() })?;
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            0 => return Err(StringError::NullCharacter { at }.into()),
            b'+' | b'#' => {
                return Err(TopicError::WildcardInTopicName { wildcard: char::from(byte), at });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Bytes that leave the fast path of [`check_topic_name`]: non-ASCII,
/// null and the two wildcards.
const NOT_PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte >= 0x80 || byte == 0 || byte == b'+' as usize || byte == b'#' as usize;
        byte += 1;
    }
    table
};

/// Whether `bytes` is ASCII without null or wildcard characters: the
/// common case, checked with one table look-up per byte and no branches.
fn is_plain_ascii(bytes: &[u8]) -> bool {
    let mut not_plain = false;
    for &byte in bytes {
        not_plain |= NOT_PLAIN[usize::from(byte)];
    }
    !not_plain
}

/// Checks the wildcard placement of a plain (non-shared) filter; `base` is
/// the byte index of `filter` within the whole filter, for error positions.
fn validate_filter_levels(filter: &str, base: usize) -> Result<(), TopicError> {
    if filter.is_empty() {
        return Err(TopicError::Empty);
    }
    let mut start = 0;
    let mut levels = filter.split('/').peekable();
    while let Some(level) = levels.next() {
        if let Some(at) = level.find('#') {
            if level != "#" || levels.peek().is_some() {
                return Err(TopicError::MisplacedMultiLevelWildcard { at: base + start + at });
            }
        }
        if let Some(at) = level.find('+') {
            if level != "+" {
                return Err(TopicError::MisplacedSingleLevelWildcard { at: base + start + at });
            }
        }
        start += level.len() + 1;
    }
    Ok(())
}

/// Splits `$share/{group}/{filter}` into its group and filter.
fn split_shared(filter: &str) -> Option<Result<(&str, &str), TopicError>> {
    let rest = filter.strip_prefix(SHARE_PREFIX)?;
    Some(match rest.split_once('/') {
        None => Err(TopicError::MissingSharedFilter),
        Some(("", _)) => Err(TopicError::EmptyShareName),
        Some((group, inner)) => {
            if let Some(wildcard) = group.chars().find(|c| *c == '+' || *c == '#') {
                Err(TopicError::WildcardInShareName { wildcard })
            } else {
                Ok((group, inner))
            }
        }
    })
}

fn validate_filter(text: &str) -> Result<(), TopicError> {
    match split_shared(text) {
        Some(shared) => {
            let (group, inner) = shared?;
            validate_filter_levels(inner, SHARE_PREFIX.len() + group.len() + 1)
        }
        None => validate_filter_levels(text, 0),
    }
}

/// A topic name: what a PUBLISH is sent to. Never contains wildcards.
///
/// It may be empty only in an MQTT 5 PUBLISH that carries a topic alias
/// ([`Topic::empty`]); every constructor that validates refuses empty.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Topic(MqttString);

impl Topic {
    /// Validates `bytes` as a topic name.
    pub fn from_bytes(bytes: Bytes) -> Result<Topic, TopicError> {
        check_topic_name(&bytes)?;
        Ok(Topic(MqttString::from_checked(bytes)))
    }

    /// Validates a string as a topic name.
    pub fn from_string(string: MqttString) -> Result<Topic, TopicError> {
        check_topic_name(string.as_bytes())?;
        Ok(Topic(string))
    }

    /// Wraps bytes that passed [`check_topic_name`].
    pub(crate) fn from_checked(bytes: Bytes) -> Topic {
        Topic(MqttString::from_checked(bytes))
    }

    /// A topic from a literal, without copying.
    ///
    /// # Panics
    /// When `text` is not a valid topic name; meant for literals.
    pub fn from_static(text: &'static str) -> Topic {
        match Topic::from_bytes(Bytes::from_static(text.as_bytes())) {
            Ok(topic) => topic,
            Err(err) => panic!("invalid topic name literal {text:?}: {err}"),
        }
    }

    /// The empty topic of an MQTT 5 PUBLISH that uses a topic alias.
    pub fn empty() -> Topic {
        Topic(MqttString::default())
    }

    /// Whether this is a `$` topic (for example `$SYS/...`), which a
    /// filter starting with a wildcard does not match.
    pub fn is_dollar(&self) -> bool {
        self.as_str().starts_with('$')
    }
}

/// The string-like traits shared by [`Topic`] and [`TopicFilter`]: both
/// are validated UTF-8 over `Bytes`, built by `from_bytes` and read with
/// `as_str`.
macro_rules! impl_validated_text {
    ($name:ident, $as_str_doc:literal) => {
        impl $name {
            #[doc = $as_str_doc]
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// The text as an [`MqttString`].
            pub fn as_mqtt_string(&self) -> &MqttString {
                &self.0
            }

            /// Gives back the underlying string.
            pub fn into_mqtt_string(self) -> MqttString {
                self.0
            }
        }

        impl Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<&str> for $name {
            type Error = TopicError;

            fn try_from(text: &str) -> Result<Self, Self::Error> {
                $name::from_bytes(Bytes::copy_from_slice(text.as_bytes()))
            }
        }

        impl TryFrom<String> for $name {
            type Error = TopicError;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                $name::from_bytes(Bytes::from(text))
            }
        }

        impl FromStr for $name {
            type Err = TopicError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::try_from(text)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

impl_validated_text!(Topic, "The topic as text.");

/// A topic filter: what a SUBSCRIBE or UNSUBSCRIBE names. May contain `+`
/// and `#` as whole levels and may be a shared subscription.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicFilter(MqttString);

/// The parts of a `$share/{group}/{filter}` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedFilter<'a> {
    /// The share name.
    pub group: &'a str,
    /// The filter the group subscribes to.
    pub filter: &'a str,
}

impl TopicFilter {
    /// Validates `bytes` as a topic filter.
    pub fn from_bytes(bytes: Bytes) -> Result<TopicFilter, TopicError> {
        let string = MqttString::from_bytes(bytes)?;
        validate_filter(&string)?;
        Ok(TopicFilter(string))
    }

    /// Validates a string as a topic filter.
    pub fn from_string(string: MqttString) -> Result<TopicFilter, TopicError> {
        validate_filter(&string)?;
        Ok(TopicFilter(string))
    }

    /// A filter from a literal, without copying.
    ///
    /// # Panics
    /// When `text` is not a valid topic filter; meant for literals.
    pub fn from_static(text: &'static str) -> TopicFilter {
        match TopicFilter::from_bytes(Bytes::from_static(text.as_bytes())) {
            Ok(filter) => filter,
            Err(err) => panic!("invalid topic filter literal {text:?}: {err}"),
        }
    }

    /// The group and inner filter when this is a shared subscription.
    pub fn shared(&self) -> Option<SharedFilter<'_>> {
        match split_shared(self.as_str()) {
            Some(Ok((group, filter))) => Some(SharedFilter { group, filter }),
            _ => None,
        }
    }

    /// The filter that topics are matched against: without the
    /// `$share/{group}/` prefix of a shared subscription.
    pub fn match_filter(&self) -> &str {
        self.shared().map_or(self.as_str(), |shared| shared.filter)
    }

    /// Whether the filter contains `+` or `#`.
    pub fn has_wildcards(&self) -> bool {
        self.match_filter().bytes().any(|byte| byte == b'+' || byte == b'#')
    }

    /// Whether a message published to `topic` matches this filter.
    pub fn matches(&self, topic: &Topic) -> bool {
        matches(self.as_str(), topic.as_str())
    }
}

impl_validated_text!(TopicFilter, "The filter as text, including any `$share/{group}/` prefix.");

/// Whether a message published to `topic` matches `filter`.
///
/// Both are taken as valid (see [`TopicFilter`] and [`Topic`]); for a shared
/// filter the part after `$share/{group}/` is matched. A filter starting
/// with `+` or `#` does not match a topic starting with `$`
/// (MQTT-4.7.2-1), and `a/#` also matches `a` (MQTT 5.0 §4.7.1.2).
pub fn matches(filter: &str, topic: &str) -> bool {
    let filter = match split_shared(filter) {
        Some(Ok((_, inner))) => inner,
        Some(Err(_)) => return false,
        None => filter,
    };
    if topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut filter_levels = filter.split('/');
    let mut topic_levels = topic.split('/');
    loop {
        match (filter_levels.next(), topic_levels.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some(_)) => {}
            (Some(expected), Some(level)) if expected == level => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}
