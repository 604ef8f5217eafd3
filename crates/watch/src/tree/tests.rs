use std::time::Duration;

use super::*;

fn message(topic: &str, payload: &'static [u8]) -> Incoming<'static> {
    // The tests' topics are literals too.
    let topic: &'static str = Box::leak(topic.to_owned().into_boxed_str());
    Incoming { topic, payload, qos: 1, ..Incoming::default() }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[test]
fn counts_each_topic_and_every_level_above_it() {
    let mut tree = TopicTree::new(Settings::default());
    tree.record(secs(0), message("home/kitchen/temp", b"21.5"));
    tree.record(secs(0), message("home/kitchen/temp", b"21.75"));
    tree.record(secs(0), message("home/hall", b"on"));
    tree.record(secs(0), message("home", b"x"));
    let temp = tree.find("home/kitchen/temp").unwrap();
    let home = tree.find("home").unwrap();
    let topic = tree.node(temp).topic.as_ref().unwrap();
    assert_eq!((topic.counts.messages, topic.counts.bytes), (2, 9));
    assert_eq!(topic.last.payload, b"21.75");
    assert_eq!((tree.node(home).subtree.messages, tree.node(home).subtree.bytes), (4, 12));
    assert_eq!(tree.node(home).topic.as_ref().unwrap().counts.messages, 1);
    assert_eq!(tree.node(NodeId::ROOT).subtree.messages, 4);
    assert_eq!(tree.totals().topics, 3);
    assert_eq!(tree.full_name(temp), "home/kitchen/temp");
    assert_eq!(tree.node(temp).depth(), 3);
    let kitchen = tree.node(temp).parent().unwrap();
    assert!(tree.node(kitchen).topic.is_none(), "a level without its own messages");
    let names: Vec<&str> =
        tree.node(home).children().iter().map(|id| tree.node(*id).name()).collect();
    assert_eq!(names, ["hall", "kitchen"], "children sorted by name");
}

#[test]
fn empty_levels_and_leading_slashes_are_levels_of_their_own() {
    let mut tree = TopicTree::new(Settings::default());
    tree.record(secs(0), message("/a//b", b""));
    let id = tree.find("/a//b").unwrap();
    assert_eq!(tree.node(id).depth(), 4);
    assert_eq!(tree.full_name(id), "/a//b");
    assert!(tree.find("a/b").is_none());
}

#[test]
fn rates_are_per_second_over_the_window_and_fall_to_zero() {
    let mut tree = TopicTree::new(Settings::default());
    for _ in 0..10 {
        tree.record(secs(0), message("a/b", b"1234"));
    }
    assert!(!tree.tick(Duration::from_millis(500)), "not a window yet");
    assert!(tree.tick(secs(2)));
    let b = tree.find("a/b").unwrap();
    let a = tree.node(b).parent().unwrap();
    assert_eq!(tree.node(b).topic.as_ref().unwrap().counts.msg_rate, 5.0);
    assert_eq!(tree.node(a).subtree.byte_rate, 20.0);
    assert_eq!(tree.totals().counts.msg_rate, 5.0);
    assert!(tree.tick(secs(3)));
    assert_eq!(tree.node(a).subtree.msg_rate, 0.0);
    assert_eq!(tree.totals().counts.messages, 10, "counts stay");
}

#[test]
fn topics_past_the_bound_are_counted_not_kept() {
    let settings = Settings { max_topics: 2, ..Settings::default() };
    let mut tree = TopicTree::new(settings);
    for topic in ["a", "b", "c", "a", "d"] {
        tree.record(secs(0), message(topic, b"1"));
    }
    assert_eq!(tree.totals().topics, 2);
    assert_eq!(tree.totals().counts.messages, 5);
    assert_eq!(tree.totals().untracked_messages, 2);
    assert!(tree.find("c").is_none());
    assert_eq!(tree.node(NodeId::ROOT).subtree.messages, 3);
}

#[test]
fn history_and_last_payload_are_bounded() {
    let settings = Settings { history: 2, max_payload: 4, ..Settings::default() };
    let mut tree = TopicTree::new(settings);
    for (n, payload) in [&b"one"[..], b"two", b"three-long"].into_iter().enumerate() {
        let value = Some(n as f64);
        tree.record(secs(n as u64), Incoming { value, ..message("t", payload) });
    }
    let topic = tree.node(tree.find("t").unwrap()).topic.as_ref().unwrap();
    assert_eq!(topic.history.len(), 2);
    assert_eq!(topic.history.points().collect::<Vec<_>>(), [(1.0, 1.0), (2.0, 2.0)]);
    assert_eq!((topic.last.payload.as_slice(), topic.last.size), (&b"thre"[..], 10));
    assert_eq!(topic.last.at, secs(2));
}

#[test]
fn retained_state_follows_retained_and_empty_messages() {
    let mut tree = TopicTree::new(Settings::default());
    let retained =
        |topic: &str, payload: &'static [u8]| Incoming { retain: true, ..message(topic, payload) };
    tree.record(secs(0), retained("site/a/x", b"1"));
    tree.record(secs(0), retained("site/a/y", b"2"));
    tree.record(secs(0), message("site/b", b"live"));
    tree.record(secs(0), retained("other", b"3"));
    let site = tree.node(tree.find("site/b").unwrap()).parent().unwrap();
    let names = |tree: &TopicTree, at: NodeId| {
        tree.retained_under(at).into_iter().map(|id| tree.full_name(id)).collect::<Vec<_>>()
    };
    assert_eq!(names(&tree, site), ["site/a/x", "site/a/y"]);
    tree.record(secs(1), message("site/a/x", b""));
    assert_eq!(names(&tree, site), ["site/a/y"]);
    assert_eq!(names(&tree, NodeId::ROOT), ["other", "site/a/y"]);
    let all: Vec<String> = tree.topics().map(|(id, _)| tree.full_name(id)).collect();
    assert_eq!(all, ["other", "site/a/x", "site/a/y", "site/b"]);
}

#[test]
fn properties_are_kept_with_the_last_message() {
    let mut tree = TopicTree::new(Settings::default());
    let properties = vec![("content_type".to_owned(), "\"text/plain\"".to_owned())];
    tree.record(secs(0), Incoming { properties, ..message("p", b"x") });
    let topic = tree.node(tree.find("p").unwrap()).topic.as_ref().unwrap();
    assert_eq!(topic.last.properties[0].0, "content_type");
    tree.record(secs(0), message("p", b"y"));
    let topic = tree.node(tree.find("p").unwrap()).topic.as_ref().unwrap();
    assert!(topic.last.properties.is_empty(), "each message brings its own");
}
