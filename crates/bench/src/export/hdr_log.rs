//! `--hdr-log`: an HdrHistogram interval log, one line per latency kind per
//! interval, tagged with the latency name (`Tag=e2e,…`). Values are
//! nanoseconds; the `Interval_Max` column is divided by 10^6 (milliseconds)
//! for readability, as the Java tools expect via `#[MaxValueDivisor]`.
//!
//! The writer streams: `header` once, then `interval` every tick, each
//! returning bytes to append to the file. The format and serialization are
//! the hdrhistogram crate's, so HdrHistogram's log processors read it.

use std::time::{Duration, SystemTime};

use hdrhistogram::serialization::interval_log::{IntervalLogWriterBuilder, Tag};
use hdrhistogram::serialization::V2DeflateSerializer;

use crate::stats::{LatencyKind, LatencySet};

/// Max-column divisor: ns → ms.
const MAX_VALUE_DIVISOR: f64 = 1e6;
/// The column legend the Java `HistogramLogWriter` writes after the headers.
const LEGEND: &str =
    "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";

/// Streams an interval log whose timestamps are offsets from `start`.
pub struct HdrLogWriter {
    start: SystemTime,
    serializer: V2DeflateSerializer,
}

impl HdrLogWriter {
    /// A writer for a run that started at `start` (StartTime and BaseTime).
    pub fn new(start: SystemTime) -> HdrLogWriter {
        HdrLogWriter { start, serializer: V2DeflateSerializer::new() }
    }

    /// The header block: a comment, StartTime, BaseTime, divisor and legend.
    pub fn header(&mut self, comment: &str) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        IntervalLogWriterBuilder::new()
            .add_comment(comment)
            .add_comment(
                "values in nanoseconds; one tagged histogram per latency kind per interval",
            )
            .with_start_time(self.start)
            .with_base_time(self.start)
            .with_max_value_divisor(MAX_VALUE_DIVISOR)
            .begin_log_with(&mut bytes, &mut self.serializer)
            .map_err(|err| format!("writing the hdr-log header: {err}"))?;
        bytes.extend_from_slice(LEGEND.as_bytes());
        Ok(bytes)
    }

    /// Lines for one interval starting `offset` after the run start.
    pub fn interval(
        &mut self,
        offset: Duration,
        length: Duration,
        latencies: &LatencySet,
    ) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        // A builder with no headers configured writes nothing, so this only
        // borrows the crate's line formatting and serializer.
        let mut writer = IntervalLogWriterBuilder::new()
            .with_max_value_divisor(MAX_VALUE_DIVISOR)
            .begin_log_with(&mut bytes, &mut self.serializer)
            .map_err(|err| format!("writing the hdr-log: {err}"))?;
        for kind in LatencyKind::ALL {
            let Some(histogram) = latencies.get(kind) else { continue };
            let tag = Tag::new(kind.name());
            writer.write_histogram(histogram, offset, length, tag).map_err(|err| {
                format!("writing the {} histogram to the hdr-log: {err}", kind.name())
            })?;
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use hdrhistogram::serialization::interval_log::{IntervalLogIterator, LogEntry};
    use hdrhistogram::serialization::Deserializer;
    use hdrhistogram::Histogram;

    use super::*;

    #[test]
    fn the_log_parses_back_with_the_same_histograms() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_777_636_800);
        let mut writer = HdrLogWriter::new(start);
        let mut first = LatencySet::default();
        for value in [1_000u64, 2_000, 3_000_000] {
            first.record_ns(LatencyKind::E2e, value);
        }
        first.record_ns(LatencyKind::PubAck, 500);
        let mut second = LatencySet::default();
        second.record_ns(LatencyKind::E2e, 42_000);

        let mut log = writer.header("mqtt bench test").unwrap();
        log.extend(writer.interval(Duration::ZERO, Duration::from_secs(1), &first).unwrap());
        log.extend(
            writer.interval(Duration::from_secs(1), Duration::from_secs(1), &second).unwrap(),
        );

        let text = String::from_utf8(log.clone()).unwrap();
        assert!(text.starts_with("#mqtt bench test\n"), "{text}");
        assert!(text.contains("#[StartTime: 1777636800.000"), "{text}");

        let mut intervals = Vec::new();
        let mut saw_start = false;
        for entry in IntervalLogIterator::new(&log) {
            match entry.expect("log parses") {
                LogEntry::StartTime(at) => saw_start = at == Duration::from_secs(1_777_636_800),
                LogEntry::BaseTime(_) => {}
                LogEntry::Interval(interval) => {
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(interval.encoded_histogram())
                        .unwrap();
                    let histogram: Histogram<u64> =
                        Deserializer::new().deserialize(&mut bytes.as_slice()).unwrap();
                    let tag = interval.tag().map(|tag| tag.as_str().to_owned());
                    intervals.push((tag, interval.start_timestamp(), histogram, interval.max()));
                }
            }
        }
        assert!(saw_start);
        assert_eq!(intervals.len(), 3, "e2e + pub_ack, then e2e");
        assert_eq!(intervals[0].0.as_deref(), Some("e2e"));
        assert_eq!(&intervals[0].2, first.get(LatencyKind::E2e).unwrap());
        assert_eq!(intervals[1].0.as_deref(), Some("pub_ack"));
        assert_eq!((intervals[2].1, intervals[2].2.len()), (Duration::from_secs(1), 1));
        let max_ms = first.get(LatencyKind::E2e).unwrap().max() as f64 / 1e6;
        assert!((intervals[0].3 - max_ms).abs() < 1e-3, "max column in ms");
    }
}
