//! HTML tables whose figures carry their report field and exact value.

use super::escape;

/// One table cell.
pub enum Cell {
    /// Plain text (escaped when written).
    Text(String),
    /// A figure of the report: the JSON pointer of its field, its exact
    /// value as JSON writes it, and the human text shown.
    Figure { field: String, value: String, text: String },
    /// A number derived for the page, not a report field.
    Derived(String),
    /// No value (`-`).
    Missing,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// A count, shown exactly.
    pub fn count(field: impl Into<String>, value: u64) -> Cell {
        Cell::Figure { field: field.into(), value: value.to_string(), text: value.to_string() }
    }

    /// A number shown as `text`; `value` is written in full (Rust's `f64`
    /// display is the shortest form that parses back to the same value).
    pub fn number(field: impl Into<String>, value: f64, text: String) -> Cell {
        Cell::Figure { field: field.into(), value: value.to_string(), text }
    }

    /// A yes/no field.
    pub fn flag(field: impl Into<String>, value: bool) -> Cell {
        let text = if value { "yes" } else { "no" };
        Cell::Figure { field: field.into(), value: value.to_string(), text: text.into() }
    }

    fn write(&self, out: &mut String) {
        match self {
            Cell::Text(text) => {
                out.push_str("<td>");
                out.push_str(&escape(text));
                out.push_str("</td>");
            }
            Cell::Figure { field, value, text } => {
                out.push_str(&format!(
                    "<td data-field=\"{}\" data-value=\"{}\">{}</td>",
                    escape(field),
                    escape(value),
                    escape(text)
                ));
            }
            Cell::Derived(text) => {
                out.push_str("<td class=\"num\">");
                out.push_str(&escape(text));
                out.push_str("</td>");
            }
            Cell::Missing => out.push_str("<td>-</td>"),
        }
    }
}

/// A table being written: a caption, a header row, then rows of cells.
pub struct Table {
    html: String,
}

impl Table {
    pub fn new(caption: &str, headers: &[&str]) -> Table {
        let mut html = String::from("<table>\n");
        if !caption.is_empty() {
            html.push_str(&format!("<caption>{}</caption>\n", escape(caption)));
        }
        html.push_str("<thead><tr>");
        for header in headers {
            html.push_str(&format!("<th>{}</th>", escape(header)));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        Table { html }
    }

    /// A row whose first cell is a row header.
    pub fn row(&mut self, label: &str, cells: Vec<Cell>) {
        self.html.push_str(&format!("<tr><th>{}</th>", escape(label)));
        for cell in &cells {
            cell.write(&mut self.html);
        }
        self.html.push_str("</tr>\n");
    }

    /// A row of cells only.
    pub fn plain_row(&mut self, cells: Vec<Cell>) {
        self.html.push_str("<tr>");
        for cell in &cells {
            cell.write(&mut self.html);
        }
        self.html.push_str("</tr>\n");
    }

    /// Appends the finished table to `out`.
    pub fn finish(mut self, out: &mut String) {
        self.html.push_str("</tbody>\n</table>\n");
        out.push_str(&self.html);
    }
}
