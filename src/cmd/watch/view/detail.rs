//! The detail pane: the selected topic's counts, last message and MQTT 5
//! properties, and its payload as text, hex, JSON or decoded (`v` cycles);
//! a decoded Sparkplug payload lists its metrics by name.

use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use mqtt_codec::Value;

use crate::cmd::watch::app::{App, PayloadView};
use crate::cmd::watch::view::text::{self, clean, clean_lines};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let Some(id) = app.selected else {
        let empty =
            Paragraph::new("waiting for messages…").block(Block::bordered().title(" detail "));
        frame.render_widget(empty, area);
        return;
    };
    let color = app.color;
    let node = app.tree.node(id);
    let name = clean(app.tree.full_name(id).as_bytes());
    let mut lines = Vec::new();
    let subtree = node.subtree;
    let Some(topic) = &node.topic else {
        lines.push(Line::from(format!(
            "no message on this level itself; below it: {} msgs, {} msg/s, {}/s",
            subtree.messages,
            text::rate(subtree.msg_rate),
            text::bytes(subtree.byte_rate)
        )));
        let paragraph = Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {name} ")))
            .wrap(Wrap { trim: false });
        frame.render_widget(paragraph, area);
        return;
    };
    let last = &topic.last;
    let label = |text: &'static str| Span::styled(text, text::fg(color, Color::DarkGray));
    lines.push(Line::from(vec![
        label("msgs "),
        Span::raw(format!("{}  ", topic.counts.messages)),
        label("rate "),
        Span::raw(format!(
            "{} msg/s {}/s  ",
            text::rate(topic.counts.msg_rate),
            text::bytes(topic.counts.byte_rate)
        )),
        label("last "),
        Span::raw(format!("{} ago", text::age(app.now.saturating_sub(last.at)))),
    ]));
    let mut flags = vec![
        label("qos "),
        Span::raw(format!("{}  ", last.qos)),
        label("size "),
        Span::raw(format!("{} B", last.size)),
    ];
    if topic.retained {
        flags.push(Span::styled("  retained", text::fg(color, Color::Yellow)));
    }
    if let Some(value) = last.value {
        flags.push(label("  value "));
        flags.push(Span::raw(text::number(value)));
    }
    lines.push(Line::from(flags));
    for (name, value) in &last.properties {
        lines.push(Line::from(vec![
            label("  "),
            Span::styled(name.clone(), text::fg(color, Color::Magenta)),
            Span::raw(format!(" {}", clean(value.as_bytes()))),
        ]));
    }
    let view = app.view;
    lines.push(Line::from(Span::styled(
        format!("payload ({}, v: next)", view.name()),
        text::bold(),
    )));
    lines.extend(payload_lines(app, id, view).into_iter().map(Line::from));
    let paragraph = Paragraph::new(lines)
        .block(Block::bordered().title(format!(" {name} ")))
        .wrap(Wrap { trim: false });
    frame.render_widget(paragraph, area);
}

/// The payload in the chosen view.
fn payload_lines(app: &App, id: mqtt_watch::NodeId, view: PayloadView) -> Vec<String> {
    let Some(topic) = app.tree.node(id).topic.as_deref() else { return Vec::new() };
    let payload = &topic.last.payload;
    let mut lines = match view {
        PayloadView::Text => clean_lines(payload),
        PayloadView::Hex => payload
            .chunks(16)
            .enumerate()
            .map(|(row, chunk)| {
                let hex: Vec<String> = chunk.iter().map(|byte| format!("{byte:02x}")).collect();
                format!("{:04x}  {}", row * 16, hex.join(" "))
            })
            .collect(),
        PayloadView::Json => match serde_json::from_slice::<Value>(payload) {
            Ok(value) => pretty(&value),
            Err(err) => vec![format!("not JSON: {err}")],
        },
        PayloadView::Decoded => match app.decoded.get(&id) {
            None => vec!["no --decode rule covers this topic".into()],
            Some(decoded) => match &decoded.result {
                Err(err) => vec![format!("{}: {}", decoded.codec, clean(err.as_bytes()))],
                Ok(value) => {
                    let mut lines = vec![format!("decoded as {}", decoded.codec)];
                    lines.extend(metrics(value).unwrap_or_else(|| pretty(value)));
                    lines
                }
            },
        },
    };
    if topic.last.size > payload.len() {
        lines.push(format!("… {} more bytes not kept", topic.last.size - payload.len()));
    }
    lines
}

/// Pretty JSON, each line cleaned.
fn pretty(value: &Value) -> Vec<String> {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    clean_lines(text.as_bytes())
}

/// A Sparkplug payload's metrics as `name = value` lines.
fn metrics(value: &Value) -> Option<Vec<String>> {
    let list = value.get("metrics")?.as_array()?;
    let mut lines = Vec::new();
    if let Some(seq) = value.get("seq") {
        lines.push(format!("seq {seq}"));
    }
    for metric in list {
        let name = metric.get("name").and_then(Value::as_str).unwrap_or("(no name)");
        let shown = match metric.get("value") {
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
            None => "null".into(),
        };
        let kind = metric.get("type").and_then(Value::as_str).unwrap_or("");
        lines.push(format!("{} = {} {}", clean(name.as_bytes()), clean(shown.as_bytes()), kind));
    }
    Some(lines)
}
