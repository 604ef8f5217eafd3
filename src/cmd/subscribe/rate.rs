//! `sub --message-rate`: messages per second on stderr, once a second.
//!
//! Policy:
//! * Every message received counts, before `-T`, `-R` and `-C` look at it
//!   (mosquitto_sub 2.1 counts the same way).
//! * The total line is mosquitto's, `N msgs/s`; per topic or per filter,
//!   indented lines `N msgs/s TOPIC` follow, busiest first (ties by name),
//!   at most [`MAX_LINES`] and then `… and N more`. A name that received
//!   nothing in the second is left out. The name is last, so columns stay
//!   aligned whatever it holds; on a terminal its control characters are
//!   escaped.
//! * The count is scaled by the real length of the second, rounded.

use std::collections::HashMap;
use std::time::Duration;

use mqtt_proto::TopicFilter;

use crate::cli::subscribe::RateBy;
use crate::output::sanitize::{self, Layout};

/// The most per-name lines printed in one report.
pub const MAX_LINES: usize = 20;

/// Counts messages between two reports.
pub struct RateMeter {
    by: RateBy,
    total: u64,
    per_topic: HashMap<String, u64>,
    filters: Vec<(TopicFilter, u64)>,
    escape: bool,
}

impl RateMeter {
    /// A meter for `by`; `filters` are the subscribed ones; `escape` when
    /// stderr is a terminal.
    pub fn new(by: RateBy, filters: &[TopicFilter], escape: bool) -> RateMeter {
        RateMeter {
            by,
            total: 0,
            per_topic: HashMap::new(),
            filters: filters.iter().map(|filter| (filter.clone(), 0)).collect(),
            escape,
        }
    }

    /// Counts one message on `topic`.
    pub fn count(&mut self, topic: &str) {
        self.total += 1;
        match self.by {
            RateBy::Total => {}
            RateBy::Topic => match self.per_topic.get_mut(topic) {
                Some(count) => *count += 1,
                None => {
                    self.per_topic.insert(topic.to_owned(), 1);
                }
            },
            RateBy::Filter => {
                for (filter, count) in &mut self.filters {
                    if mqtt_proto::matches(filter.as_str(), topic) {
                        *count += 1;
                    }
                }
            }
        }
    }

    /// The report for the `elapsed` time since the last one, which starts
    /// the next period.
    pub fn report(&mut self, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64().max(1e-3);
        let rate = |count: u64| (count as f64 / seconds).round() as u64;
        let mut text = format!("{} msgs/s", rate(self.total));
        self.total = 0;
        let mut named: Vec<(u64, String)> = match self.by {
            RateBy::Total => Vec::new(),
            RateBy::Topic => self.per_topic.drain().map(|(topic, count)| (count, topic)).collect(),
            RateBy::Filter => self
                .filters
                .iter_mut()
                .filter(|(_, count)| *count > 0)
                .map(|(filter, count)| (std::mem::take(count), filter.as_str().to_owned()))
                .collect(),
        };
        named.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (count, name) in named.iter().take(MAX_LINES) {
            let name: String = if self.escape {
                sanitize::escape(name.as_bytes(), Layout::SingleLine).into_owned()
            } else {
                name.clone()
            };
            text.push_str(&format!("\n  {} msgs/s {name}", rate(*count)));
        }
        if named.len() > MAX_LINES {
            text.push_str(&format!("\n  … and {} more", named.len() - MAX_LINES));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(text: &str) -> TopicFilter {
        TopicFilter::try_from(text).unwrap()
    }

    #[test]
    fn total_is_mosquittos_line_and_resets_each_period() {
        let mut meter = RateMeter::new(RateBy::Total, &[], false);
        for _ in 0..7 {
            meter.count("a");
        }
        assert_eq!(meter.report(Duration::from_secs(1)), "7 msgs/s");
        assert_eq!(meter.report(Duration::from_secs(1)), "0 msgs/s");
        for _ in 0..3 {
            meter.count("a");
        }
        assert_eq!(meter.report(Duration::from_millis(1500)), "2 msgs/s");
    }

    #[test]
    fn per_topic_lines_are_busiest_first_and_escaped_on_a_terminal() {
        let mut meter = RateMeter::new(RateBy::Topic, &[], true);
        for topic in ["b", "a", "b", "c\u{1b}[2J", "a", "b"] {
            meter.count(topic);
        }
        assert_eq!(
            meter.report(Duration::from_secs(1)),
            "6 msgs/s\n  3 msgs/s b\n  2 msgs/s a\n  1 msgs/s c\\u{1b}[2J"
        );
        assert_eq!(meter.report(Duration::from_secs(1)), "0 msgs/s");
    }

    #[test]
    fn per_filter_counts_every_matching_filter_and_caps_the_lines() {
        let mut meter =
            RateMeter::new(RateBy::Filter, &[filter("s/#"), filter("s/+/t"), filter("x")], false);
        meter.count("s/a/t");
        meter.count("s/b");
        assert_eq!(
            meter.report(Duration::from_secs(1)),
            "2 msgs/s\n  2 msgs/s s/#\n  1 msgs/s s/+/t"
        );

        let mut meter = RateMeter::new(RateBy::Topic, &[], false);
        for index in 0..(MAX_LINES + 3) {
            meter.count(&format!("t/{index:02}"));
        }
        let report = meter.report(Duration::from_secs(1));
        assert_eq!(report.lines().count(), 1 + MAX_LINES + 1, "{report}");
        assert!(report.ends_with("… and 3 more"), "{report}");
    }
}
