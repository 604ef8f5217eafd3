//! [`TopicTree`]: one node per topic level, in an arena; see the crate
//! documentation for the policy.

use std::collections::HashMap;
use std::time::Duration;

use crate::history::{History, Sample};

/// The bounds of a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Topics kept; messages on further topics count only in the totals.
    pub max_topics: usize,
    /// Samples kept per topic.
    pub history: usize,
    /// Bytes of the last payload kept per topic.
    pub max_payload: usize,
    /// How long rates are measured over.
    pub rate_window: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            max_topics: 100_000,
            history: 50,
            max_payload: 64 * 1024,
            rate_window: Duration::from_secs(1),
        }
    }
}

/// A received message, as the tree needs it.
#[derive(Debug, Default)]
pub struct Incoming<'a> {
    pub topic: &'a str,
    pub payload: &'a [u8],
    pub qos: u8,
    pub retain: bool,
    /// The number it carries, for charts (the caller reads it, see
    /// [`crate::value`], since it may need the decoded payload).
    pub value: Option<f64>,
    /// MQTT 5 properties as (name, text) pairs; empty for most messages.
    pub properties: Vec<(String, String)>,
}

/// Where a node lives in its tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The root (the level above the first).
    pub const ROOT: NodeId = NodeId(0);
}

/// Counts and rates, of a topic or of a subtree.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub messages: u64,
    pub bytes: u64,
    /// Messages per second over the last rate window.
    pub msg_rate: f64,
    /// Bytes per second over the last rate window.
    pub byte_rate: f64,
    mark_messages: u64,
    mark_bytes: u64,
}

impl Counts {
    fn add(&mut self, bytes: u64) {
        self.messages += 1;
        self.bytes += bytes;
    }

    fn update_rate(&mut self, seconds: f64) {
        self.msg_rate = (self.messages - self.mark_messages) as f64 / seconds;
        self.byte_rate = (self.bytes - self.mark_bytes) as f64 / seconds;
        self.mark_messages = self.messages;
        self.mark_bytes = self.bytes;
    }
}

/// The last message of a topic.
#[derive(Clone, Debug, Default)]
pub struct LastMessage {
    /// The payload's first `max_payload` bytes.
    pub payload: Vec<u8>,
    /// The whole payload's size.
    pub size: usize,
    pub qos: u8,
    pub retain: bool,
    pub at: Duration,
    pub value: Option<f64>,
    pub properties: Vec<(String, String)>,
}

/// What a topic that received messages keeps.
#[derive(Clone, Debug, Default)]
pub struct Topic {
    pub counts: Counts,
    pub last: LastMessage,
    pub history: History,
    /// Whether the broker holds a retained message for it, as far as seen:
    /// set by a retained message, cleared by an empty payload.
    pub retained: bool,
}

/// One topic level.
#[derive(Debug)]
pub struct Node {
    name: Box<str>,
    parent: Option<NodeId>,
    children: Vec<NodeId>,
    depth: u16,
    /// The whole subtree, this level included.
    pub subtree: Counts,
    /// Set once a message arrived on exactly this topic.
    pub topic: Option<Box<Topic>>,
}

impl Node {
    /// The level's name (one segment of the topic).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn parent(&self) -> Option<NodeId> {
        self.parent
    }

    /// Children, sorted by name.
    pub fn children(&self) -> &[NodeId] {
        &self.children
    }

    /// 0 for the root, 1 for a first level.
    pub fn depth(&self) -> usize {
        usize::from(self.depth)
    }
}

/// Totals over every message recorded.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    pub counts: Counts,
    /// Topics kept.
    pub topics: usize,
    /// Messages on topics past `max_topics` (counted, not kept).
    pub untracked_messages: u64,
}

/// The topic space seen so far.
#[derive(Debug)]
pub struct TopicTree {
    settings: Settings,
    nodes: Vec<Node>,
    index: HashMap<Box<str>, NodeId>,
    totals: Totals,
    rated_at: Duration,
}

impl TopicTree {
    pub fn new(settings: Settings) -> TopicTree {
        let root = Node {
            name: "".into(),
            parent: None,
            children: Vec::new(),
            depth: 0,
            subtree: Counts::default(),
            topic: None,
        };
        TopicTree {
            settings,
            nodes: vec![root],
            index: HashMap::new(),
            totals: Totals::default(),
            rated_at: Duration::ZERO,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// The node of a topic that received messages.
    pub fn find(&self, topic: &str) -> Option<NodeId> {
        self.index.get(topic).copied()
    }

    /// Records one message received at `now`.
    pub fn record(&mut self, now: Duration, message: Incoming<'_>) {
        let size = message.payload.len() as u64;
        self.totals.counts.add(size);
        let id = match self.index.get(message.topic) {
            Some(&id) => id,
            None if self.totals.topics >= self.settings.max_topics => {
                self.totals.untracked_messages += 1;
                return;
            }
            None => self.insert(message.topic),
        };
        let settings = self.settings;
        let node = &mut self.nodes[id.0 as usize];
        let topic = node.topic.get_or_insert_with(Box::default);
        topic.counts.add(size);
        if message.payload.is_empty() {
            topic.retained = false;
        } else if message.retain {
            topic.retained = true;
        }
        let sample = Sample::new(now, message.payload, message.qos, message.retain, message.value);
        topic.history.push(sample, settings.history);
        let last = &mut topic.last;
        let kept = message.payload.len().min(settings.max_payload);
        last.payload.clear();
        last.payload.extend_from_slice(&message.payload[..kept]);
        last.size = message.payload.len();
        last.qos = message.qos;
        last.retain = message.retain;
        last.at = now;
        last.value = message.value;
        last.properties = message.properties;
        let mut at = Some(id);
        while let Some(level) = at {
            let node = &mut self.nodes[level.0 as usize];
            node.subtree.add(size);
            at = node.parent;
        }
    }

    /// Creates the levels of a new topic.
    fn insert(&mut self, topic: &str) -> NodeId {
        let mut at = NodeId::ROOT;
        for name in topic.split('/') {
            let children = &self.nodes[at.0 as usize].children;
            let found =
                children.binary_search_by(|child| (*self.nodes[child.0 as usize].name).cmp(name));
            at = match found {
                Ok(index) => children[index],
                Err(index) => {
                    let id =
                        NodeId(u32::try_from(self.nodes.len()).expect("fewer than 2^32 levels"));
                    let depth = self.nodes[at.0 as usize].depth + 1;
                    self.nodes.push(Node {
                        name: name.into(),
                        parent: Some(at),
                        children: Vec::new(),
                        depth,
                        subtree: Counts::default(),
                        topic: None,
                    });
                    self.nodes[at.0 as usize].children.insert(index, id);
                    id
                }
            };
        }
        self.index.insert(topic.into(), at);
        self.totals.topics += 1;
        at
    }

    /// Updates every rate when a rate window has passed since the last
    /// update (with a zero window: whenever time has passed); `true` when
    /// it did.
    pub fn tick(&mut self, now: Duration) -> bool {
        let elapsed = now.saturating_sub(self.rated_at);
        if elapsed.is_zero() || elapsed < self.settings.rate_window {
            return false;
        }
        let seconds = elapsed.as_secs_f64();
        for node in &mut self.nodes {
            node.subtree.update_rate(seconds);
            if let Some(topic) = &mut node.topic {
                topic.counts.update_rate(seconds);
            }
        }
        self.totals.counts.update_rate(seconds);
        self.rated_at = now;
        true
    }

    /// The topic name of a node (`a/b/c`).
    pub fn full_name(&self, id: NodeId) -> String {
        let mut names = Vec::new();
        let mut at = Some(id);
        while let Some(level) = at.filter(|level| *level != NodeId::ROOT) {
            let node = self.node(level);
            names.push(&*node.name);
            at = node.parent;
        }
        names.reverse();
        names.join("/")
    }

    /// The node and every node below it, depth first, children by name.
    pub fn subtree(&self, id: NodeId) -> Vec<NodeId> {
        let mut found = Vec::new();
        let mut stack = vec![id];
        while let Some(at) = stack.pop() {
            found.push(at);
            stack.extend(self.node(at).children.iter().rev());
        }
        found
    }

    /// The topics at or below a node that hold a retained message.
    pub fn retained_under(&self, id: NodeId) -> Vec<NodeId> {
        self.subtree(id)
            .into_iter()
            .filter(|at| self.node(*at).topic.as_ref().is_some_and(|topic| topic.retained))
            .collect()
    }

    /// Every kept topic, by name.
    pub fn topics(&self) -> impl Iterator<Item = (NodeId, &Topic)> + '_ {
        self.subtree(NodeId::ROOT)
            .into_iter()
            .filter_map(|id| self.node(id).topic.as_deref().map(|topic| (id, topic)))
    }
}

#[cfg(test)]
mod tests;
