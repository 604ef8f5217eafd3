//! A labelled tree that describes one packet once and renders twice: as
//! indented, aligned text for people and as JSON for machines.
//!
//! Policy: each node carries its human label and text next to its JSON key
//! and value, so the two outputs cannot drift apart field by field. Groups
//! become JSON objects (lists become arrays); a node may be marked
//! JSON-only (data already shown in a heading line).

use serde_json::Value;

/// One field, or a group of fields.
#[derive(Debug, Clone, Default)]
pub struct Node {
    key: String,
    label: String,
    text: String,
    json: Option<Value>,
    children: Vec<Node>,
    array: bool,
    json_only: bool,
}

impl Node {
    /// A group of fields: a JSON object, an indented block in text.
    pub fn group(key: &str, label: &str) -> Node {
        Node { key: key.into(), label: label.into(), ..Node::default() }
    }

    /// A list: a JSON array, an indented block in text.
    pub fn list(key: &str, label: &str) -> Node {
        Node { array: true, ..Node::group(key, label) }
    }

    /// A field with its text and JSON forms.
    pub fn leaf(key: &str, label: &str, text: impl Into<String>, json: impl Into<Value>) -> Node {
        Node { text: text.into(), json: Some(json.into()), ..Node::group(key, label) }
    }

    /// A field that only appears in JSON.
    pub fn json_only(key: &str, json: impl Into<Value>) -> Node {
        Node { json: Some(json.into()), json_only: true, ..Node::group(key, "") }
    }

    /// Sets the text shown after a group's label.
    pub fn with_text(mut self, text: impl Into<String>) -> Node {
        self.text = text.into();
        self
    }

    /// Sets a group's own JSON value (kept as `"value"` next to its children).
    pub fn with_json(mut self, json: impl Into<Value>) -> Node {
        self.json = Some(json.into());
        self
    }

    /// Adds a child.
    pub fn with(mut self, child: Node) -> Node {
        self.children.push(child);
        self
    }

    /// Adds a child in place.
    pub fn push(&mut self, child: Node) {
        self.children.push(child);
    }

    /// The node as pretty-printed JSON, keys in the order they were added
    /// (field order on the wire), which `serde_json::Map` would sort.
    pub fn to_json_string(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out, 0);
        out
    }

    fn write_json(&self, out: &mut String, indent: usize) {
        let visible: Vec<&Node> = self.children.iter().collect();
        let inner = " ".repeat(indent + 2);
        if self.array {
            if visible.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push_str("[\n");
            for (position, child) in visible.iter().enumerate() {
                out.push_str(&inner);
                child.write_json(out, indent + 2);
                out.push_str(if position + 1 < visible.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}]", " ".repeat(indent)));
            return;
        }
        if visible.is_empty() {
            let value = self.json.clone().unwrap_or(Value::Null);
            let text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "null".into());
            out.push_str(&text.replace('\n', &format!("\n{}", " ".repeat(indent))));
            return;
        }
        let mut entries: Vec<(String, &Node)> = Vec::new();
        let own =
            self.json.as_ref().map(|value| Node { json: Some(value.clone()), ..Node::default() });
        if let Some(own) = &own {
            entries.push(("value".into(), own));
        }
        entries.extend(visible.into_iter().map(|child| (child.key.clone(), child)));
        out.push_str("{\n");
        for (position, (key, child)) in entries.iter().enumerate() {
            out.push_str(&format!("{inner}{}: ", Value::String(key.clone())));
            child.write_json(out, indent + 2);
            out.push_str(if position + 1 < entries.len() { ",\n" } else { "\n" });
        }
        out.push_str(&format!("{}}}", " ".repeat(indent)));
    }

    /// Appends the node as text: its label and text on one line, children
    /// below, indented by two spaces; values line up in one column.
    pub fn render_text(&self, out: &mut String) {
        out.push_str(&self.label);
        if !self.text.is_empty() {
            out.push_str("  ");
            out.push_str(&self.text);
        }
        out.push('\n');
        let column = self.widest_label(2).min(MAX_COLUMN);
        self.render_children(out, 2, column);
    }

    /// The widest indent plus label among visible descendants.
    fn widest_label(&self, indent: usize) -> usize {
        self.children
            .iter()
            .filter(|child| !child.json_only)
            .map(|child| (indent + child.label.chars().count()).max(child.widest_label(indent + 2)))
            .max()
            .unwrap_or(0)
    }

    fn render_children(&self, out: &mut String, indent: usize, column: usize) {
        for child in self.children.iter().filter(|child| !child.json_only) {
            let head = format!("{}{}", " ".repeat(indent), child.label);
            let mut text_lines = child.text.lines();
            match text_lines.next() {
                Some(first) => {
                    let width = column.max(head.chars().count());
                    out.push_str(&format!("{head:<width$}  {first}\n"));
                    for more in text_lines {
                        out.push_str(&format!("{}{more}\n", " ".repeat(width + 2)));
                    }
                }
                None => out.push_str(&format!("{head}\n")),
            }
            child.render_children(out, indent + 2, column);
        }
    }
}

/// Labels longer than this do not push every value further right.
const MAX_COLUMN: usize = 34;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_description_two_renderings() {
        let node = Node::group("", "PUBLISH")
            .with(Node::json_only("index", 1))
            .with(Node::leaf("qos", "QoS", "1 (at least once)", 1))
            .with(Node::list("properties", "properties").with(Node::leaf(
                "",
                "Topic Alias",
                "3",
                serde_json::json!({"id": 35, "value": 3}),
            )))
            .with(Node::leaf("payload", "payload", "2 bytes\n6869", "6869"));
        let json: Value = serde_json::from_str(&node.to_json_string()).unwrap();
        assert!(node.to_json_string().starts_with("{\n  \"index\": 1,\n  \"qos\": 1,"));
        assert_eq!(json["index"], 1);
        assert_eq!(json["qos"], 1);
        assert_eq!(json["properties"][0]["id"], 35);
        let mut text = String::new();
        node.render_text(&mut text);
        assert_eq!(
            text,
            "PUBLISH\n  QoS            1 (at least once)\n  properties\n    Topic Alias  3\n  payload        2 bytes\n                 6869\n"
        );
    }
}
