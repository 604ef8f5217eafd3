//! `--fail-if`: exit-code conditions over a finished report.
//!
//! Syntax: comma-separated `METRIC OP VALUE` terms, e.g.
//! `p99 < 20ms, loss == 0, rate >= 50k`.
//!
//! - Latency metrics are `[KIND_]STAT`. STAT is `min`, `mean`, `max` or a
//!   percentile `pNN[.N]` (`p50`, `p99.9`); KIND is a latency name (`e2e`,
//!   the default, `e2e_service`, `pub_ack`, `pub_rec`, `pub_comp`, `connect`,
//!   `connect_tcp`, `connect_tls`, `connack`, `suback`, `schedule_lag`, or
//!   `lag`). `pub_ack p99` (with a space) also works. Values need a unit:
//!   `ns`, `us`, `ms`, `s`.
//! - Count metrics: `rate`/`msg_rate` (received msg/s, or sent msg/s when the
//!   run has no subscribers, or accepted connections/s for `bench conn`), `send_rate`, `recv_rate`, `ack_rate`, `sent`,
//!   `completed`, `received`, `loss`, `loss_pct`, `duplicates`, `reordered`,
//!   `errors`, `late_sends`. Values are numbers with optional `k`/`M`/`G`
//!   (`50k`); `loss_pct` also accepts a trailing `%`.
//! - Operators: `<`, `<=`, `>`, `>=`, `==`, `!=`.
//!
//! A latency with no samples fails its condition ("no data") rather than
//! passing silently. A condition on `sent`, `completed` or `received` (or
//! their rates) records the count it judges (`judges`): it then replaces the
//! verdict's rule that a run in which that count is 0 fails (`verdict`).

use std::fmt;

use crate::report::verdict::Counted;
use crate::report::{CheckOutcome, Report};
use crate::stats::{LatencyKind, LatencySet};
use crate::units::{format_ns, format_quantity, parse_duration_ns, parse_quantity};

/// A parse error, naming the offending term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailIfError {
    /// 1-based position of the term.
    pub term_index: usize,
    pub term: String,
    pub message: String,
}

impl fmt::Display for FailIfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--fail-if term {} `{}`: {}", self.term_index, self.term, self.message)
    }
}

impl std::error::Error for FailIfError {}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Stat {
    Min,
    Mean,
    Max,
    Quantile(f64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Count {
    Rate,
    SendRate,
    RecvRate,
    AckRate,
    Sent,
    Completed,
    Received,
    Loss,
    LossPct,
    Duplicates,
    Reordered,
    Errors,
    LateSends,
}

const COUNTS: [(&str, Count); 14] = [
    ("rate", Count::Rate),
    ("msg_rate", Count::Rate),
    ("send_rate", Count::SendRate),
    ("recv_rate", Count::RecvRate),
    ("ack_rate", Count::AckRate),
    ("sent", Count::Sent),
    ("completed", Count::Completed),
    ("received", Count::Received),
    ("loss", Count::Loss),
    ("loss_pct", Count::LossPct),
    ("duplicates", Count::Duplicates),
    ("reordered", Count::Reordered),
    ("errors", Count::Errors),
    ("late_sends", Count::LateSends),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Metric {
    Latency(LatencyKind, Stat),
    Count(Count),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// Operators, two-character ones first so `<=` is not read as `<`.
const OPS: [(&str, Op); 6] =
    [("<=", Op::Le), (">=", Op::Ge), ("==", Op::Eq), ("!=", Op::Ne), ("<", Op::Lt), (">", Op::Gt)];

impl Op {
    fn holds(self, actual: f64, limit: f64) -> bool {
        match self {
            Op::Lt => actual < limit,
            Op::Le => actual <= limit,
            Op::Gt => actual > limit,
            Op::Ge => actual >= limit,
            Op::Eq => actual == limit,
            Op::Ne => actual != limit,
        }
    }

    fn symbol(self) -> &'static str {
        OPS.iter().find(|(_, op)| *op == self).map_or("?", |(symbol, _)| symbol)
    }
}

/// One parsed condition.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    metric: Metric,
    metric_name: String,
    op: Op,
    /// In nanoseconds for latencies, plain units otherwise.
    limit: f64,
    limit_text: String,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.metric_name, self.op.symbol(), self.limit_text)
    }
}

/// Parses a whole `--fail-if` expression.
pub fn parse(text: &str) -> Result<Vec<Condition>, FailIfError> {
    let terms: Vec<&str> = text.split(',').collect();
    let mut conditions = Vec::with_capacity(terms.len());
    for (position, term) in terms.iter().enumerate() {
        let error = |message: String| FailIfError {
            term_index: position + 1,
            term: term.trim().to_owned(),
            message,
        };
        conditions.push(parse_term(term).map_err(error)?);
    }
    Ok(conditions)
}

fn parse_term(term: &str) -> Result<Condition, String> {
    let term = term.trim();
    if term.is_empty() {
        return Err("empty condition (stray comma?)".into());
    }
    let Some((at, symbol, op)) = term.char_indices().find_map(|(i, _)| {
        OPS.iter().find(|(symbol, _)| term[i..].starts_with(symbol)).map(|&(s, op)| (i, s, op))
    }) else {
        let hint = if term.contains('=') { "; use == for equality" } else { "" };
        return Err(format!("expected METRIC OP VALUE with OP one of <, <=, >, >=, ==, !={hint}"));
    };
    let metric_text = term[..at].trim();
    let value_text = term[at + symbol.len()..].trim();
    if metric_text.is_empty() {
        return Err(format!("missing metric before `{symbol}`"));
    }
    let stray = metric_text.trim_end_matches(|c: char| "=<>!".contains(c));
    if stray.len() < metric_text.len() {
        let written = format!("{}{symbol}", &metric_text[stray.len()..]);
        return Err(format!("`{written}` is not an operator; OP is one of <, <=, >, >=, ==, !="));
    }
    if value_text.is_empty() {
        return Err(format!("missing value after `{symbol}`"));
    }
    let metric_name =
        metric_text.split_whitespace().collect::<Vec<_>>().join("_").to_ascii_lowercase();
    let metric = parse_metric(&metric_name)?;
    let limit = match metric {
        Metric::Latency(..) => parse_duration_ns(value_text).map_err(|err| {
            format!("{err}; `{metric_name}` is a latency, e.g. {metric_name} < 20ms")
        })?,
        Metric::Count(Count::LossPct) => {
            parse_quantity(value_text.strip_suffix('%').unwrap_or(value_text))?
        }
        Metric::Count(_) => parse_quantity(value_text)?,
    };
    Ok(Condition { metric, metric_name, op, limit, limit_text: value_text.to_owned() })
}

fn parse_metric(name: &str) -> Result<Metric, String> {
    if let Some(&(_, count)) = COUNTS.iter().find(|(known, _)| *known == name) {
        return Ok(Metric::Count(count));
    }
    let (kind_name, stat_name) = match name.rsplit_once('_') {
        Some((kind, stat)) if parse_stat(stat).is_some() => (kind, stat),
        _ => ("e2e", name),
    };
    let kind = match kind_name {
        "lag" => Some(LatencyKind::ScheduleLag),
        "service" => Some(LatencyKind::E2eService),
        other => LatencyKind::from_name(other),
    };
    match (kind, parse_stat(stat_name)) {
        (Some(kind), Some(stat)) => Ok(Metric::Latency(kind, stat?)),
        (None, Some(_)) => Err(format!(
            "unknown latency `{kind_name}` (use e2e, e2e_service, pub_ack, pub_rec, pub_comp, connect, \
             connect_tcp, connect_tls, connack, suback or lag)"
        )),
        _ => Err(format!(
            "unknown metric `{name}` (latencies: p50, p99, p99.9, max, mean, min, optionally prefixed \
             like pub_ack_p99; counts: rate, send_rate, recv_rate, ack_rate, sent, completed, received, \
             loss, loss_pct, duplicates, reordered, errors, late_sends)"
        )),
    }
}

/// `Some(Err)` for a malformed percentile so the message can say what is wrong.
fn parse_stat(name: &str) -> Option<Result<Stat, String>> {
    match name {
        "min" => return Some(Ok(Stat::Min)),
        "mean" | "avg" => return Some(Ok(Stat::Mean)),
        "max" => return Some(Ok(Stat::Max)),
        _ => {}
    }
    let digits = name.strip_prefix('p')?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Some(match digits.parse::<f64>() {
        // Rounded so `p99.9` is exactly the 0.999 the report's summary uses
        // (99.9 / 100 alone gives 0.9990000000000001, one rank higher).
        Ok(percent) if (0.0..=100.0).contains(&percent) => {
            Ok(Stat::Quantile((percent * 1e10).round() / 1e12))
        }
        _ => Err(format!("percentile `{name}` must be between p0 and p100")),
    })
}

/// Evaluates conditions against a report; one outcome per condition.
pub fn evaluate(conditions: &[Condition], report: &Report) -> Result<Vec<CheckOutcome>, String> {
    let latencies = report.latencies()?;
    Ok(conditions
        .iter()
        .map(|condition| {
            let actual = actual_value(condition.metric, report, &latencies);
            CheckOutcome {
                condition: condition.to_string(),
                actual: actual.map(|value| display(condition.metric, value)),
                passed: actual.is_some_and(|value| condition.op.holds(value, condition.limit)),
                judges: counted(condition.metric, report),
            }
        })
        .collect())
}

/// The count `metric` reads, when it shows whether anything happened
/// (`rate` resolved as in [`actual_value`]).
fn counted(metric: Metric, report: &Report) -> Option<Counted> {
    match metric {
        Metric::Count(Count::Rate) if report.config.mode == "conn" => Some(Counted::Completed),
        Metric::Count(Count::Rate) if report.config.subscribers == 0 => Some(Counted::Sent),
        Metric::Count(Count::Rate | Count::RecvRate | Count::Received) => Some(Counted::Received),
        Metric::Count(Count::SendRate | Count::Sent) => Some(Counted::Sent),
        Metric::Count(Count::AckRate | Count::Completed) => Some(Counted::Completed),
        _ => None,
    }
}

fn actual_value(metric: Metric, report: &Report, latencies: &LatencySet) -> Option<f64> {
    let totals = &report.totals;
    let delivery = &report.delivery;
    match metric {
        Metric::Latency(kind, stat) => {
            let histogram = latencies.get(kind)?;
            Some(match stat {
                Stat::Min => histogram.min() as f64,
                Stat::Mean => histogram.mean(),
                Stat::Max => histogram.max() as f64,
                Stat::Quantile(q) => histogram.value_at_quantile(q) as f64,
            })
        }
        Metric::Count(count) => Some(match count {
            Count::Rate if report.config.mode == "conn" => totals.completed_rate,
            Count::Rate if report.config.subscribers == 0 => totals.send_rate,
            Count::Rate | Count::RecvRate => totals.recv_rate,
            Count::SendRate => totals.send_rate,
            Count::AckRate => totals.completed_rate,
            Count::Sent => totals.counters.sent as f64,
            Count::Completed => totals.counters.completed as f64,
            Count::Received => totals.counters.received as f64,
            Count::Loss => delivery.counts.lost as f64,
            Count::LossPct => delivery.loss_pct,
            Count::Duplicates => delivery.counts.duplicates as f64,
            Count::Reordered => delivery.counts.reordered as f64,
            Count::Errors => {
                report.errors.iter().filter(|e| e.failure).map(|e| e.count).sum::<u64>() as f64
            }
            Count::LateSends => totals.counters.late_sends as f64,
        }),
    }
}

fn display(metric: Metric, value: f64) -> String {
    match metric {
        Metric::Latency(..) => format_ns(value),
        Metric::Count(Count::LossPct) => format!("{value:.3}%"),
        Metric::Count(Count::Rate | Count::SendRate | Count::RecvRate | Count::AckRate) => {
            format!("{}/s", format_quantity(value))
        }
        Metric::Count(_) => format!("{value:.0}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn error_of(text: &str) -> FailIfError {
        parse(text).expect_err(text)
    }

    #[test]
    fn parses_the_documented_example() {
        let conditions = parse("p99 < 20ms, loss == 0, rate >= 50000").unwrap();
        let shown: Vec<String> = conditions.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["p99 < 20ms", "loss == 0", "rate >= 50000"]);
        assert_eq!(conditions[0].metric, Metric::Latency(LatencyKind::E2e, Stat::Quantile(0.99)));
        assert_eq!(conditions[0].limit, 20e6);
    }

    #[test]
    fn parses_kinds_stats_and_units() {
        let conditions =
            parse("pub_ack_p99<=1.5ms,pub_ack p99.9 < 2ms,connect_max<1s,lag_p99<500us,p99.99>0ns,mean!=0us,rate>=50k/s,loss_pct<0.1%")
                .unwrap();
        let metrics: Vec<Metric> = conditions.iter().map(|c| c.metric).collect();
        assert_eq!(metrics[0], Metric::Latency(LatencyKind::PubAck, Stat::Quantile(0.99)));
        assert_eq!(metrics[1], Metric::Latency(LatencyKind::PubAck, Stat::Quantile(0.999)));
        assert_eq!(metrics[2], Metric::Latency(LatencyKind::Connect, Stat::Max));
        assert_eq!(metrics[3], Metric::Latency(LatencyKind::ScheduleLag, Stat::Quantile(0.99)));
        assert_eq!(metrics[5], Metric::Latency(LatencyKind::E2e, Stat::Mean));
        assert_eq!((metrics[6], conditions[6].limit), (Metric::Count(Count::Rate), 50_000.0));
        assert_eq!((metrics[7], conditions[7].limit), (Metric::Count(Count::LossPct), 0.1));
        assert_eq!(conditions[1].to_string(), "pub_ack_p99.9 < 2ms");
        assert_eq!(conditions[0].op, Op::Le);
    }

    #[test]
    fn errors_point_at_the_offending_term() {
        let err = error_of("loss == 0, p99 < 20xs");
        assert_eq!((err.term_index, err.term.as_str()), (2, "p99 < 20xs"));
        assert!(err.message.contains("unknown duration unit `xs`"), "{err}");
        assert!(err.to_string().starts_with("--fail-if term 2 `p99 < 20xs`: "), "{err}");

        assert!(error_of("p99 20ms").message.contains("expected METRIC OP VALUE"));
        assert!(error_of("loss = 0").message.contains("use == for equality"));
        assert!(error_of("latency < 3ms").message.contains("unknown metric `latency`"));
        for (term, written) in [("p99 =< 5ms", "=<"), ("p99 => 5ms", "=>")] {
            let message = error_of(term).message;
            assert!(
                message.contains(&format!("`{written}` is not an operator")),
                "{term}: {message}"
            );
        }
        assert!(error_of("bogus_p99 < 1ms").message.contains("unknown latency `bogus`"));
        assert!(error_of("p99 < 20").message.contains("needs a unit"));
        assert!(error_of("p101 < 1ms").message.contains("between p0 and p100"));
        assert!(error_of("rate > fast").message.contains("does not start with a number"));
        assert!(error_of("< 5ms").message.contains("missing metric"));
        assert!(error_of("p99 <").message.contains("missing value"));
        let stray = error_of("p99 < 1ms,,loss == 0");
        assert_eq!(stray.term_index, 2);
        assert!(stray.message.contains("empty condition"));
        assert!(error_of("").message.contains("empty condition"));
    }

    #[test]
    fn evaluation_compares_with_the_reports_histograms() {
        let values: Vec<u64> = (1..=1000u64).map(|i| i * 1000).collect(); // 1 us .. 1 ms
        let report = fixtures::report(&values, None);
        let p99_ns =
            report.latencies().unwrap().get(LatencyKind::E2e).unwrap().value_at_quantile(0.99)
                as f64;
        let just_above = format!("p99 < {}ns", p99_ns + 1.0);
        let just_below = format!("p99 < {}ns", p99_ns - 1.0);
        let text = format!(
            "{just_above}, {just_below}, sent == 1000, loss == 0, errors == 0, duplicates > 0"
        );
        let outcomes = evaluate(&parse(&text).unwrap(), &report).unwrap();
        let passed: Vec<bool> = outcomes.iter().map(|o| o.passed).collect();
        assert_eq!(passed, [true, false, true, true, true, false]);
        assert_eq!(outcomes[0].actual.as_deref(), Some(format_ns(p99_ns).as_str()));
        assert_eq!(outcomes[2].actual.as_deref(), Some("1000"));
        // --fail-if and the summary must agree on what p99.9 is.
        let summary_ns = (report.latency["e2e"].p99_9_us * 1e3).round();
        let same = parse(&format!("p99.9 == {summary_ns}ns")).unwrap();
        assert!(evaluate(&same, &report).unwrap()[0].passed);
    }

    #[test]
    fn latencies_without_data_fail() {
        let report = fixtures::report(&[5000, 6000], None);
        let outcomes = evaluate(&parse("pub_comp_p99 < 1h").unwrap(), &report).unwrap();
        assert_eq!((outcomes[0].passed, outcomes[0].actual.as_deref()), (false, None));
    }

    #[test]
    fn rate_means_send_rate_without_subscribers() {
        let mut report = fixtures::report(&[1000; 40], None);
        report.totals.recv_rate = 1.0;
        report.totals.send_rate = 4.0;
        let conditions = parse("rate == 1").unwrap();
        assert!(evaluate(&conditions, &report).unwrap()[0].passed);
        report.config.subscribers = 0;
        let outcome = &evaluate(&conditions, &report).unwrap()[0];
        assert!(!outcome.passed);
        assert_eq!(outcome.actual.as_deref(), Some("4/s"));
        report.config.mode = "conn".into();
        report.totals.completed_rate = 1.0;
        assert!(evaluate(&conditions, &report).unwrap()[0].passed, "accepted connections/s");
    }

    #[test]
    fn conditions_on_counts_say_which_count_they_judge() {
        let mut report = fixtures::report(&[1000], None);
        let conditions =
            parse("received == 0, rate > 0, ack_rate > 0, sent > 0, p99 < 1s").unwrap();
        let counted = |report: &Report| -> Vec<Option<Counted>> {
            evaluate(&conditions, report).unwrap().iter().map(|o| o.judges).collect()
        };
        use Counted::*;
        assert_eq!(
            counted(&report),
            [Some(Received), Some(Received), Some(Completed), Some(Sent), None]
        );
        report.config.subscribers = 0;
        assert_eq!(counted(&report)[1], Some(Sent), "rate is the send rate then");
    }
}
