//! Topic names, topic filters, shared subscriptions and matching
//! (MQTT 5.0 §4.7, §4.8.2; the examples are the specification's).

use mqtt_proto::{matches, StringError, Topic, TopicError, TopicFilter};

#[test]
fn topic_names() {
    for valid in
        ["a", "/", "a/b", "/finance", "sport/tennis/player1", "$SYS/broker", "a b/ü/🦀", "a//b"]
    {
        assert_eq!(Topic::try_from(valid).unwrap(), valid);
    }
    assert_eq!(Topic::try_from(""), Err(TopicError::Empty));
    assert_eq!(
        Topic::try_from("a/+"),
        Err(TopicError::WildcardInTopicName { wildcard: '+', at: 2 })
    );
    assert_eq!(
        Topic::try_from("a#"),
        Err(TopicError::WildcardInTopicName { wildcard: '#', at: 1 })
    );
    assert_eq!(
        Topic::try_from("a\0"),
        Err(TopicError::String(StringError::NullCharacter { at: 1 }))
    );
    assert!(Topic::try_from("x".repeat(65_535)).is_ok());
    assert_eq!(
        Topic::try_from("x".repeat(65_536)),
        Err(TopicError::String(StringError::TooLong { len: 65_536 }))
    );
    assert!(Topic::from_static("$SYS/x").is_dollar());
    assert!(!Topic::from_static("a/$SYS").is_dollar());
}

#[test]
fn topic_filters() {
    for valid in [
        "#",
        "+",
        "a/#",
        "+/+",
        "/+",
        "sport/+/player1",
        "+/tennis/#",
        "a//b",
        "$SYS/#",
        "$share/g/a/#",
    ] {
        assert_eq!(TopicFilter::try_from(valid).unwrap(), valid);
    }
    let cases = [
        ("", TopicError::Empty),
        ("sport/tennis#", TopicError::MisplacedMultiLevelWildcard { at: 12 }),
        ("sport/tennis/#/ranking", TopicError::MisplacedMultiLevelWildcard { at: 13 }),
        ("##", TopicError::MisplacedMultiLevelWildcard { at: 0 }),
        ("sport+", TopicError::MisplacedSingleLevelWildcard { at: 5 }),
        ("a/b+c/d", TopicError::MisplacedSingleLevelWildcard { at: 3 }),
        ("$share/g", TopicError::MissingSharedFilter),
        ("$share/g/", TopicError::Empty),
        ("$share//a", TopicError::EmptyShareName),
        ("$share/g+/a", TopicError::WildcardInShareName { wildcard: '+' }),
        ("$share/#/a", TopicError::WildcardInShareName { wildcard: '#' }),
        ("$share/g/a/#/b", TopicError::MisplacedMultiLevelWildcard { at: 11 }),
    ];
    for (filter, error) in cases {
        assert_eq!(TopicFilter::try_from(filter), Err(error), "{filter:?}");
    }
}

#[test]
fn shared_subscriptions_are_parsed() {
    let filter = TopicFilter::from_static("$share/consumers/sport/+/player1");
    let shared = filter.shared().unwrap();
    assert_eq!((shared.group, shared.filter), ("consumers", "sport/+/player1"));
    assert_eq!(filter.match_filter(), "sport/+/player1");
    assert!(filter.has_wildcards());
    assert!(TopicFilter::from_static("$share/g/a/b").shared().is_some());
    assert!(!TopicFilter::from_static("$share/g/a/b").has_wildcards());
    // "$share" alone or "$shared/..." are ordinary filters.
    assert!(TopicFilter::from_static("$share").shared().is_none());
    assert!(TopicFilter::from_static("$shared/g/a").shared().is_none());
    assert_eq!(TopicFilter::from_static("$shared/g/a").match_filter(), "$shared/g/a");
}

#[test]
fn matching_follows_the_specification_examples() {
    // MQTT 5.0 §4.7.1.2 (multi-level wildcard).
    for topic in [
        "sport/tennis/player1",
        "sport/tennis/player1/ranking",
        "sport/tennis/player1/score/wimbledon",
    ] {
        assert!(matches("sport/tennis/player1/#", topic), "{topic}");
    }
    assert!(matches("sport/#", "sport"));
    assert!(matches("#", "anything/at/all"));
    // §4.7.1.3 (single-level wildcard).
    assert!(matches("sport/tennis/+", "sport/tennis/player1"));
    assert!(matches("sport/tennis/+", "sport/tennis/player2"));
    assert!(!matches("sport/tennis/+", "sport/tennis/player1/ranking"));
    assert!(matches("sport/+", "sport/"));
    assert!(!matches("sport/+", "sport"));
    assert!(matches("+/+", "/finance"));
    assert!(matches("/+", "/finance"));
    assert!(!matches("+", "/finance"));
    assert!(matches("+/tennis/#", "sport/tennis/player1"));
    assert!(matches("+", ""));
    // Exact levels, case-sensitive, empty levels count.
    assert!(matches("a/b", "a/b"));
    assert!(!matches("a/b", "A/b"));
    assert!(!matches("a/b", "a/b/c"));
    assert!(!matches("a/b/c", "a/b"));
    assert!(!matches("a//b", "a/b"));
    assert!(matches("a/+/b", "a//b"));
}

#[test]
fn dollar_topics_are_not_matched_by_leading_wildcards() {
    // MQTT-4.7.2-1 and the §4.7.2 examples.
    assert!(!matches("#", "$SYS/broker/clients"));
    assert!(!matches("+/monitor/Clients", "$SYS/monitor/Clients"));
    assert!(matches("$SYS/#", "$SYS/monitor/Clients"));
    assert!(matches("$SYS/monitor/+", "$SYS/monitor/Clients"));
    assert!(!matches("+", "$"));
    assert!(matches("a/#", "a/$b"));
}

#[test]
fn shared_filters_match_by_their_inner_filter() {
    assert!(matches("$share/g/sport/#", "sport/tennis"));
    assert!(!matches("$share/g/sport/#", "news"));
    assert!(!matches("$share/g/#", "$SYS/x"));
    assert!(!matches("$share/g", "g"));
    let filter = TopicFilter::from_static("$share/g/a/+");
    assert!(filter.matches(&Topic::from_static("a/b")));
    assert!(!filter.matches(&Topic::from_static("$share/g/a/b")));
}
