//! The page's charts, drawn by `plotters` into inline SVG.
//!
//! Latency distributions are drawn as HdrHistogram's plotter draws them:
//! x is the percentile on a log scale of 1/(1-p), so 90%, 99%, 99.9%, …
//! are equally spaced and the tail gets the room; y is the latency,
//! linear. The points are the histogram's own percentile iteration (five
//! steps per halving of the remaining distance, as `.hgrm` files list).
//! The per-second charts plot the report's series as recorded.

use hdrhistogram::Histogram;
use plotters::prelude::*;

use super::escape;
use crate::recorder::Phase;
use crate::report::Report;
use crate::stats::{LatencyKind, LatencySet};
use crate::units::format_quantity;

const WIDTH: u32 = 1040;
const HEIGHT: u32 = 360;
const PALETTE: [RGBColor; 5] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
];

/// Percentile iteration steps per halving of the remaining distance to 100%.
const TICKS_PER_HALF: u32 = 5;

/// One line of a chart: its legend label and its points.
pub struct Line {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// The unit latencies are shown in, picked from the largest value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    pub name: &'static str,
    pub per_ns: f64,
}

impl Unit {
    pub fn for_max_ns(max_ns: f64) -> Unit {
        if max_ns < 1e6 {
            Unit { name: "µs", per_ns: 1e3 }
        } else if max_ns < 1e9 {
            Unit { name: "ms", per_ns: 1e6 }
        } else {
            Unit { name: "s", per_ns: 1e9 }
        }
    }
}

/// `(1/(1-q), ns)` for every percentile step of `histogram` below 100%.
pub fn percentile_points(histogram: &Histogram<u64>) -> Vec<(f64, f64)> {
    histogram
        .iter_quantiles(TICKS_PER_HALF)
        .map(|step| (step.quantile_iterated_to(), step.value_iterated_to()))
        .filter(|&(quantile, _)| quantile < 1.0)
        .map(|(quantile, ns)| (1.0 / (1.0 - quantile), histogram.highest_equivalent(ns) as f64))
        .collect()
}

/// The percentile at `x` = 1/(1-p), with as many decimals as nines:
/// `0%`, `90%`, `99%`, `99.9%`, `99.99%`.
pub fn percentile_label(x: f64) -> String {
    let nines = x.log10().round().max(0.0) as usize;
    let decimals = nines.saturating_sub(2);
    format!("{:.*}%", decimals, 100.0 * (1.0 - 1.0 / x))
}

/// End-to-end and acknowledgement latency by percentile.
pub fn latency_distribution(
    out: &mut String,
    report: &Report,
    set: &LatencySet,
) -> Result<(), String> {
    out.push_str("<h2>Latency by percentile</h2>\n");
    let kinds = [
        LatencyKind::E2e,
        LatencyKind::E2eService,
        LatencyKind::PubAck,
        LatencyKind::PubRec,
        LatencyKind::PubComp,
    ];
    let caption = "x: percentile (log scale of 1/(1-p)); y: latency. End-to-end from the \
                   intended send time is coordinated-omission-correct.";
    percentile_figure(out, "latency-percentiles", &kinds, report, set, caption)
}

/// Connection set-up latency by percentile.
pub fn connection_latency(
    out: &mut String,
    report: &Report,
    set: &LatencySet,
) -> Result<(), String> {
    out.push_str("<h2>Connection latency by percentile</h2>\n");
    let kinds = [
        LatencyKind::Connect,
        LatencyKind::ConnectTcp,
        LatencyKind::ConnectTls,
        LatencyKind::ConnAck,
        LatencyKind::SubAck,
    ];
    let caption = "Connect is the total from the first socket call to CONNACK; its phases follow.";
    percentile_figure(out, "connect-percentiles", &kinds, report, set, caption)
}

fn percentile_figure(
    out: &mut String,
    name: &str,
    kinds: &[LatencyKind],
    report: &Report,
    set: &LatencySet,
    caption: &str,
) -> Result<(), String> {
    let lines: Vec<Line> = kinds
        .iter()
        .filter(|kind| report.latency.contains_key(kind.name()))
        .filter_map(|&kind| set.get(kind).map(|histogram| (kind, histogram)))
        .map(|(kind, histogram)| Line {
            label: kind.label().into(),
            points: percentile_points(histogram),
        })
        .filter(|line| !line.points.is_empty())
        .collect();
    if lines.is_empty() {
        out.push_str("<p class=\"note\">No samples.</p>\n");
        return Ok(());
    }
    let svg = percentile_chart(&lines)?;
    figure(out, name, &svg, caption);
    Ok(())
}

/// Throughput and end-to-end latency per second, from the report's series;
/// for `bench conn`, connection attempts per second.
pub fn over_time(out: &mut String, report: &Report, connections: bool) -> Result<(), String> {
    out.push_str("<h2>Over time (per second)</h2>\n");
    let series = &report.series;
    if series.is_empty() {
        out.push_str("<p class=\"note\">The report has no per-second series.</p>\n");
        return Ok(());
    }
    let warmup_end = series
        .iter()
        .filter(|row| row.phase == Phase::Warmup)
        .map(|row| row.elapsed_s)
        .fold(None, |end: Option<f64>, s| Some(end.map_or(s, |e| e.max(s))));
    let points = |value: &dyn Fn(&crate::recorder::IntervalRow) -> Option<f64>| {
        series.iter().filter_map(|row| value(row).map(|v| (row.elapsed_s, v))).collect::<Vec<_>>()
    };
    if connections {
        let attempts =
            [Line { label: "connects/s".into(), points: points(&|row| Some(row.send_rate)) }];
        let svg = time_chart(&attempts, "connection attempts per second", None)?;
        figure(out, "throughput-over-time", &svg, "Connection attempts in each second.");
        return Ok(());
    }
    let rates = vec![
        Line { label: "sent/s".into(), points: points(&|row| Some(row.send_rate)) },
        Line { label: "received/s".into(), points: points(&|row| Some(row.recv_rate)) },
    ];
    let svg = time_chart(&rates, "messages per second", warmup_end)?;
    let caption = match warmup_end {
        Some(_) => "Messages sent and received in each second; the shaded part is the warmup.",
        None => "Messages sent and received in each second.",
    };
    figure(out, "throughput-over-time", &svg, caption);

    let latencies = [
        ("e2e p50", points(&|row| row.e2e_p50_us)),
        ("e2e p99", points(&|row| row.e2e_p99_us)),
        ("e2e max", points(&|row| row.e2e_max_us)),
    ];
    let max_us = latencies.iter().flat_map(|(_, p)| p.iter().map(|&(_, v)| v)).fold(0.0, f64::max);
    if latencies.iter().all(|(_, p)| p.is_empty()) {
        out.push_str("<p class=\"note\">No per-second latency in this report");
        if !report.context.merged_from.is_empty() {
            out.push_str(" (a merged report keeps none: use the shards' --hdr-log files)");
        }
        out.push_str(".</p>\n");
        return Ok(());
    }
    let unit = Unit::for_max_ns(max_us * 1e3);
    let lines: Vec<Line> = latencies
        .into_iter()
        .map(|(label, p)| Line {
            label: label.into(),
            points: p.into_iter().map(|(x, us)| (x, us * 1e3 / unit.per_ns)).collect(),
        })
        .collect();
    let svg = time_chart(&lines, &format!("latency ({})", unit.name), warmup_end)?;
    let caption =
        "End-to-end latency (from the intended send time) of the messages received in each second.";
    figure(out, "latency-over-time", &svg, caption);
    Ok(())
}

fn figure(out: &mut String, name: &str, svg: &str, caption: &str) {
    out.push_str(&format!("<figure data-chart=\"{name}\">\n"));
    out.push_str(svg);
    out.push_str(&format!("\n<figcaption>{}</figcaption>\n</figure>\n", escape(caption)));
}

fn draw_error(err: impl std::fmt::Display) -> String {
    format!("drawing a chart: {err}")
}

fn y_top(lines: &[Line]) -> f64 {
    let max = lines.iter().flat_map(|line| line.points.iter().map(|&(_, y)| y)).fold(0.0, f64::max);
    if max > 0.0 {
        max * 1.08
    } else {
        1.0
    }
}

/// Lines of nanosecond values against x = 1/(1-p).
fn percentile_chart(lines: &[Line]) -> Result<String, String> {
    let max_x =
        lines.iter().flat_map(|line| line.points.iter().map(|&(x, _)| x)).fold(1.0, f64::max);
    let decades = max_x.log10().ceil().max(2.0) as i32;
    let top = 10f64.powi(decades);
    let key_points: Vec<f64> = (0..=decades).map(|d| 10f64.powi(d)).collect();
    let max_ns =
        lines.iter().flat_map(|line| line.points.iter().map(|&(_, y)| y)).fold(0.0, f64::max);
    let unit = Unit::for_max_ns(max_ns);
    let scaled: Vec<Line> = lines
        .iter()
        .map(|line| Line {
            label: line.label.clone(),
            points: line.points.iter().map(|&(x, ns)| (x, ns / unit.per_ns)).collect(),
        })
        .collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let x_axis = (1f64..top).log_scale().with_key_points(key_points);
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(72)
            .build_cartesian_2d(x_axis, 0f64..y_top(&scaled))
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .x_desc("percentile")
            .y_desc(format!("latency ({})", unit.name))
            .x_label_formatter(&|x| percentile_label(*x))
            .y_label_formatter(&|y| format_quantity(*y))
            .light_line_style(BLACK.mix(0.03))
            .label_style(("sans-serif", 13))
            .draw()
            .map_err(draw_error)?;
        draw_lines(&mut chart, &scaled)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

/// Lines against elapsed seconds; the warmup, if any, shaded.
fn time_chart(lines: &[Line], y_desc: &str, warmup_end: Option<f64>) -> Result<String, String> {
    let max_x =
        lines.iter().flat_map(|line| line.points.iter().map(|&(x, _)| x)).fold(1.0, f64::max);
    let top = y_top(lines);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..max_x, 0f64..top)
            .map_err(draw_error)?;
        if let Some(end) = warmup_end {
            let shade = Rectangle::new([(0.0, 0.0), (end, top)], BLACK.mix(0.08).filled());
            chart.draw_series(std::iter::once(shade)).map_err(draw_error)?;
        }
        chart
            .configure_mesh()
            .x_desc("seconds since start")
            .y_desc(y_desc)
            .y_label_formatter(&|y| format_quantity(*y))
            .light_line_style(BLACK.mix(0.03))
            .label_style(("sans-serif", 13))
            .draw()
            .map_err(draw_error)?;
        draw_lines(&mut chart, lines)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

fn draw_lines<'a, X>(
    chart: &mut ChartContext<
        'a,
        SVGBackend<'a>,
        Cartesian2d<X, plotters::coord::types::RangedCoordf64>,
    >,
    lines: &[Line],
) -> Result<(), String>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    for (i, line) in lines.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(line.points.iter().copied(), color.stroke_width(2)))
            .map_err(draw_error)?
            .label(line.label.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(draw_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_labels_count_the_nines() {
        let labels: Vec<String> = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5].map(percentile_label).into();
        assert_eq!(labels, ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"]);
        assert_eq!(percentile_label(2.0), "50%");
    }

    #[test]
    fn percentile_points_follow_the_histogram() {
        let mut histogram = Histogram::<u64>::new(3).unwrap();
        for value in 1..=10_000u64 {
            histogram.record(value * 1000).unwrap();
        }
        let points = percentile_points(&histogram);
        assert!(points.len() > 20, "{}", points.len());
        assert!(points.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1), "monotonic");
        assert!(points.iter().all(|&(x, _)| x.is_finite() && x >= 1.0));
        // At x = 10 (p90) the latency is the histogram's p90.
        let (x, ns) = *points.iter().find(|&&(x, _)| x >= 10.0).unwrap();
        let quantile = 1.0 - 1.0 / x;
        let expected = histogram.highest_equivalent(histogram.value_at_quantile(quantile)) as f64;
        assert_eq!(ns, expected);
        assert!((ns / 9e6 - 1.0).abs() < 0.01, "p90 of 1..10ms is 9ms: {ns}");
    }

    #[test]
    fn units_follow_the_largest_value() {
        assert_eq!(Unit::for_max_ns(999_999.0).name, "µs");
        assert_eq!(Unit::for_max_ns(2e6).name, "ms");
        assert_eq!(Unit::for_max_ns(3e9).name, "s");
    }

    #[test]
    fn a_percentile_chart_labels_its_axis_in_nines() {
        let line =
            Line { label: "e2e <&>".into(), points: vec![(1.0, 1e3), (10.0, 2e3), (1e3, 9e3)] };
        let svg = percentile_chart(&[line]).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        for label in ["0%", "90%", "99%", "99.9%"] {
            assert!(svg.contains(&format!("\n{label}\n")), "label {label} missing");
        }
        assert!(svg.contains("latency (µs)"));
        assert!(svg.contains("e2e &lt;&amp;&gt;"), "legend text is escaped");
        assert!(!svg.contains("e2e <&>"));
    }
}
