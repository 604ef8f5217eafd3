//! Requests waiting for their responses, and which response answers which.
//!
//! Policy: with MQTT 5 a response answers the request whose Correlation
//! Data it carries, and nothing else; one without a match is ignored and
//! counted. Before MQTT 5 there are no properties, so each message on the
//! response topic answers the oldest request still waiting, and retained
//! messages (stale answers from before this run) are ignored.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use bytes::Bytes;
use mqtt_client::Message;

struct Waiting {
    sent_at: Instant,
    remaining: u64,
}

/// The requests without all their responses yet.
pub struct Pending {
    per_request: u64,
    by_correlation: HashMap<Bytes, Waiting>,
    in_order: VecDeque<Waiting>,
    sent: u64,
    /// Responses that matched no waiting request.
    pub ignored: u64,
}

impl Pending {
    /// Each request waits for `per_request` responses.
    pub fn new(per_request: u64) -> Pending {
        Pending {
            per_request,
            by_correlation: HashMap::new(),
            in_order: VecDeque::new(),
            sent: 0,
            ignored: 0,
        }
    }

    /// A request was published at `sent_at`, with `correlation` (MQTT 5).
    pub fn add(&mut self, correlation: Option<Bytes>, sent_at: Instant) {
        self.sent += 1;
        let waiting = Waiting { sent_at, remaining: self.per_request };
        match correlation {
            Some(data) => {
                self.by_correlation.insert(data, waiting);
            }
            None => self.in_order.push_back(waiting),
        }
    }

    /// When the request `message` answers was sent, or `None` (counted as
    /// ignored) when it answers none.
    pub fn accept(&mut self, message: &Message, by_correlation: bool) -> Option<Instant> {
        let answered = if by_correlation {
            let data = message.properties.correlation_data();
            data.and_then(|data| {
                let waiting = self.by_correlation.get_mut(data)?;
                waiting.remaining -= 1;
                let sent_at = waiting.sent_at;
                if waiting.remaining == 0 {
                    self.by_correlation.remove(data);
                }
                Some(sent_at)
            })
        } else if message.retain {
            None
        } else {
            let answered = self.in_order.front_mut().map(|waiting| {
                waiting.remaining -= 1;
                (waiting.sent_at, waiting.remaining == 0)
            });
            if let Some((_, true)) = answered {
                self.in_order.pop_front();
            }
            answered.map(|(sent_at, _)| sent_at)
        };
        if answered.is_none() {
            self.ignored += 1;
        }
        answered
    }

    /// Requests still waiting for a response.
    pub fn waiting(&self) -> usize {
        self.by_correlation.len() + self.in_order.len()
    }

    /// Requests published so far.
    pub fn sent(&self) -> u64 {
        self.sent
    }
}

#[cfg(test)]
mod tests {
    use mqtt_client::{Publish, PublishProperties, QoS, Topic};

    use super::*;

    fn response(correlation: Option<&str>, retain: bool) -> Message {
        let mut properties = PublishProperties::default();
        if let Some(data) = correlation {
            properties.set_correlation_data(Bytes::from(data.to_owned()));
        }
        Message::from(Publish {
            dup: false,
            qos: QoS::AtMostOnce,
            retain,
            topic: Topic::try_from("resp").unwrap(),
            packet_id: None,
            properties,
            payload: Bytes::from_static(b"x"),
        })
    }

    #[test]
    fn responses_match_by_correlation_data_in_any_order() {
        let now = Instant::now();
        let mut pending = Pending::new(1);
        pending.add(Some("a".into()), now);
        pending.add(Some("b".into()), now);
        assert!(pending.accept(&response(Some("b"), false), true).is_some());
        assert!(pending.accept(&response(Some("zz"), false), true).is_none());
        assert!(pending.accept(&response(None, false), true).is_none());
        assert!(pending.accept(&response(Some("b"), false), true).is_none(), "answered twice");
        assert_eq!((pending.waiting(), pending.ignored), (1, 3));
        assert!(pending.accept(&response(Some("a"), false), true).is_some());
        assert_eq!((pending.waiting(), pending.sent()), (0, 2));
    }

    #[test]
    fn several_responses_per_request_and_the_3_1_1_order() {
        let now = Instant::now();
        let mut pending = Pending::new(2);
        pending.add(None, now);
        pending.add(None, now);
        assert!(pending.accept(&response(None, true), false).is_none(), "retained is stale");
        for _ in 0..3 {
            assert!(pending.accept(&response(None, false), false).is_some());
        }
        assert_eq!(pending.waiting(), 1);
        assert!(pending.accept(&response(None, false), false).is_some());
        assert_eq!((pending.waiting(), pending.ignored), (0, 1));
    }
}
