//! The aggregation core of `mqtt watch`: what a stream of messages says
//! about a broker's topic space, with no terminal and no connection.
//!
//! A [`TopicTree`] takes each message ([`Incoming`]) and keeps, per topic
//! level, the message and byte counts of the topic and of its whole subtree,
//! their rates per second, and, per topic, the last message and a bounded
//! [`History`] of the ones before it, each with the number it carries
//! ([`value`]) for charts. Time is passed in by the caller (a [`Duration`]
//! since the start), so tests and benchmarks choose it.
//!
//! Policy (the bounds are [`Settings`]):
//! * Recording a message costs one hash lookup of its topic and a walk up
//!   its levels (O(depth)); it allocates only for a topic never seen
//!   before, for a last payload larger than the one it replaces, and while
//!   a history ring grows to its bound.
//! * At most `max_topics` topics are kept; messages on further topics are
//!   still counted in the totals and as untracked, never silently lost.
//! * Rates are messages (bytes) per second over the last rate window,
//!   computed by [`TopicTree::tick`] for every level at once.
//!
//! [`Duration`]: std::time::Duration

mod history;
mod tree;
pub mod value;

pub use crate::history::{History, Sample, PREVIEW};
pub use crate::tree::{
    Counts, Incoming, LastMessage, Node, NodeId, Settings, Topic, TopicTree, Totals,
};
pub use crate::value::ValuePath;
