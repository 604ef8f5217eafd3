//! The chart: the selected topic's numbers over time (what `--value`
//! picks, or the payload as a number), from its kept history.

use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Wrap};
use ratatui::Frame;

use crate::cmd::watch::app::App;
use crate::cmd::watch::view::text;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let block = Block::bordered().title(" chart ");
    let points: Vec<(f64, f64)> =
        app.selected_topic().map(|topic| topic.history.points().collect()).unwrap_or_default();
    if points.is_empty() {
        let why = "no numbers in this topic's payloads (a number, a number with a unit, \
                   or the JSON field given with --value)";
        frame.render_widget(Paragraph::new(why).wrap(Wrap { trim: true }).block(block), area);
        return;
    }
    let now = app.now.as_secs_f64();
    // Seconds before now, so the right edge is always "now".
    let points: Vec<(f64, f64)> = points.into_iter().map(|(at, value)| (at - now, value)).collect();
    let span = points.iter().map(|(at, _)| -at).fold(10.0_f64, f64::max).ceil();
    let low = points.iter().map(|(_, value)| *value).fold(f64::INFINITY, f64::min);
    let high = points.iter().map(|(_, value)| *value).fold(f64::NEG_INFINITY, f64::max);
    let pad = if high > low { (high - low) * 0.1 } else { low.abs().max(1.0) * 0.1 };
    let (low, high) = (low - pad, high + pad);
    let dataset = Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(text::fg(app.color, Color::Green))
        .data(&points);
    let x = Axis::default()
        .bounds([-span, 0.0])
        .labels([format!("-{}", text::number(span)), "now".to_owned()]);
    let y = Axis::default().bounds([low, high]).labels([text::number(low), text::number(high)]);
    let chart = Chart::new(vec![dataset]).block(block).x_axis(x).y_axis(y);
    frame.render_widget(chart, area);
}
