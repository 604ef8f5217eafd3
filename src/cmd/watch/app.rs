//! The state of the view and what each key does to it. No terminal here:
//! keys come in as crossterm events, and what needs the connection or the
//! file system goes back to the loop as an [`Action`].
//!
//! Policy:
//! * The selection is a node, not a row, so it stays on its topic while
//!   new topics appear above it.
//! * A filter (`/`) shows the topics whose name contains its text, with
//!   every level above them expanded.
//! * Clearing retained messages always asks first and says how many
//!   topics it would clear (the dry run); `n`, Esc or any other key
//!   cancels.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use mqtt_watch::{NodeId, TopicTree};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::cmd::watch::feed::Decoded;

/// The connection, as the status line shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Connected,
    /// Lost, and being resumed; the reason.
    Reconnecting(String),
}

/// How the detail pane shows a payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadView {
    Text,
    Hex,
    Json,
    Decoded,
}

impl PayloadView {
    fn next(self) -> PayloadView {
        match self {
            PayloadView::Text => PayloadView::Hex,
            PayloadView::Hex => PayloadView::Json,
            PayloadView::Json => PayloadView::Decoded,
            PayloadView::Decoded => PayloadView::Text,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PayloadView::Text => "text",
            PayloadView::Hex => "hex",
            PayloadView::Json => "JSON",
            PayloadView::Decoded => "decoded",
        }
    }
}

/// What the keys are doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Browse,
    /// Typing a filter (held in [`App::filter`] as it is typed).
    Search,
    /// Asking before clearing the retained messages of these topics.
    ConfirmClear {
        under: String,
        topics: Vec<String>,
    },
    /// Typing a payload to publish to `topic`.
    Publish {
        topic: String,
        input: String,
    },
    /// Typing the file to save the selected payload into.
    Save {
        input: String,
    },
}

/// What the loop is asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `q`: end with status 0.
    Quit,
    /// Ctrl-C: end with status 130.
    Interrupt,
    /// Publish an empty retained message to each topic.
    Clear(Vec<String>),
    Publish {
        topic: String,
        payload: Vec<u8>,
    },
    Save {
        path: String,
        payload: Vec<u8>,
    },
    /// Resume after a pause: apply the held messages.
    Resume,
}

/// One line of the topic tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: NodeId,
    /// 0 for a first level.
    pub indent: usize,
    pub expanded: bool,
    pub has_children: bool,
}

/// The whole state of the view.
pub struct App {
    pub tree: TopicTree,
    /// The last decoded payload of each topic a `--decode` rule covers.
    pub decoded: HashMap<NodeId, Decoded>,
    pub expanded: HashSet<NodeId>,
    pub selected: Option<NodeId>,
    pub filter: String,
    pub mode: Mode,
    pub view: PayloadView,
    pub paused: bool,
    /// Messages held while paused.
    pub held: usize,
    /// Messages the view could not keep (held past the bound while paused).
    pub dropped: u64,
    pub connection: Connection,
    /// The broker, for the status line.
    pub broker: String,
    pub color: bool,
    /// Time since the start (the loop sets it; tests choose it).
    pub now: Duration,
    /// The outcome of the last action, for the status line.
    pub notice: Option<String>,
    /// First tree row on screen (kept by the tree pane).
    pub offset: usize,
    /// Rows the tree pane showed last (for PgUp/PgDn).
    pub page: usize,
}

impl App {
    pub fn new(tree: TopicTree, broker: String, color: bool) -> App {
        App {
            tree,
            decoded: HashMap::new(),
            expanded: HashSet::new(),
            selected: None,
            filter: String::new(),
            mode: Mode::Browse,
            view: PayloadView::Text,
            paused: false,
            held: 0,
            dropped: 0,
            connection: Connection::Connecting,
            broker,
            color,
            now: Duration::ZERO,
            notice: None,
            offset: 0,
            page: 10,
        }
    }

    /// The tree's lines as shown: expanded levels, or with a filter, the
    /// matching topics and the levels above them.
    pub fn rows(&self) -> Vec<Row> {
        let shown = (!self.filter.is_empty()).then(|| self.matching());
        let mut rows = Vec::new();
        let mut stack: Vec<(NodeId, usize)> =
            self.tree.node(NodeId::ROOT).children().iter().rev().map(|id| (*id, 0)).collect();
        while let Some((id, indent)) = stack.pop() {
            if shown.as_ref().is_some_and(|shown| !shown.contains(&id)) {
                continue;
            }
            let node = self.tree.node(id);
            let has_children = !node.children().is_empty();
            let expanded = has_children && (shown.is_some() || self.expanded.contains(&id));
            rows.push(Row { id, indent, expanded, has_children });
            if expanded {
                stack.extend(node.children().iter().rev().map(|child| (*child, indent + 1)));
            }
        }
        rows
    }

    /// The topics whose name contains the filter, and every level above.
    fn matching(&self) -> HashSet<NodeId> {
        let mut shown = HashSet::new();
        for (id, _) in self.tree.topics() {
            if self.tree.full_name(id).contains(&self.filter) {
                let mut at = Some(id);
                while let Some(level) = at.filter(|level| *level != NodeId::ROOT) {
                    if !shown.insert(level) {
                        break;
                    }
                    at = self.tree.node(level).parent();
                }
            }
        }
        shown
    }

    /// The selected row's index; the first row when nothing is selected.
    pub fn selected_index(&mut self, rows: &[Row]) -> Option<usize> {
        // A hidden selection moves to the nearest level above it on screen.
        let mut at = self.selected;
        let mut index = None;
        while let Some(id) = at.filter(|id| *id != NodeId::ROOT) {
            index = rows.iter().position(|row| row.id == id);
            if index.is_some() {
                self.selected = Some(id);
                break;
            }
            at = self.tree.node(id).parent();
        }
        match index {
            Some(index) => Some(index),
            None => {
                self.selected = rows.first().map(|row| row.id);
                rows.first().map(|_| 0)
            }
        }
    }

    /// Handles one key; what the loop must do, if anything.
    pub fn on_key(&mut self, key: KeyEvent) -> Option<Action> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Some(Action::Interrupt);
        }
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Browse => self.browse(key),
            Mode::Search => {
                match key.code {
                    KeyCode::Enter => {}
                    KeyCode::Esc => self.filter.clear(),
                    KeyCode::Backspace => {
                        self.filter.pop();
                        self.mode = Mode::Search;
                    }
                    KeyCode::Char(c) => {
                        self.filter.push(c);
                        self.mode = Mode::Search;
                        self.select_first_match();
                    }
                    _ => self.mode = Mode::Search,
                }
                None
            }
            Mode::ConfirmClear { topics, .. } => match key.code {
                KeyCode::Char('y' | 'Y') => Some(Action::Clear(topics)),
                _ => {
                    self.notice = Some("nothing cleared".into());
                    None
                }
            },
            Mode::Publish { topic, mut input } => match edit(&mut input, key) {
                Edited::Done => Some(Action::Publish { topic, payload: input.into_bytes() }),
                Edited::Cancelled => None,
                Edited::Editing => {
                    self.mode = Mode::Publish { topic, input };
                    None
                }
            },
            Mode::Save { mut input } => match edit(&mut input, key) {
                Edited::Done if !input.is_empty() => {
                    let payload = self.selected_topic().map(|topic| topic.last.payload.clone());
                    payload.map(|payload| Action::Save { path: input, payload })
                }
                Edited::Done | Edited::Cancelled => None,
                Edited::Editing => {
                    self.mode = Mode::Save { input };
                    None
                }
            },
        }
    }

    fn browse(&mut self, key: KeyEvent) -> Option<Action> {
        let rows = self.rows();
        let index = self.selected_index(&rows);
        let go = |app: &mut App, to: usize| {
            if let Some(row) = rows.get(to.min(rows.len().saturating_sub(1))) {
                app.selected = Some(row.id);
            }
        };
        let at = index.unwrap_or(0);
        let row = index.map(|index| rows[index]);
        match key.code {
            KeyCode::Char('q') => return Some(Action::Quit),
            KeyCode::Down | KeyCode::Char('j') => go(self, at + 1),
            KeyCode::Up | KeyCode::Char('k') => go(self, at.saturating_sub(1)),
            KeyCode::PageDown => go(self, at + self.page.max(1)),
            KeyCode::PageUp => go(self, at.saturating_sub(self.page.max(1))),
            KeyCode::Home => go(self, 0),
            KeyCode::End => go(self, usize::MAX),
            KeyCode::Right | KeyCode::Char('l') => {
                if let Some(row) = row.filter(|row| row.has_children) {
                    self.expanded.insert(row.id);
                }
            }
            KeyCode::Left | KeyCode::Char('h') => match row {
                Some(row) if row.expanded && self.filter.is_empty() => {
                    self.expanded.remove(&row.id);
                }
                Some(row) => {
                    let parent = self.tree.node(row.id).parent().filter(|id| *id != NodeId::ROOT);
                    self.selected = parent.or(self.selected);
                }
                None => {}
            },
            KeyCode::Enter | KeyCode::Char(' ') => {
                if let Some(row) = row.filter(|row| row.has_children) {
                    if !self.expanded.remove(&row.id) {
                        self.expanded.insert(row.id);
                    }
                }
            }
            // A new search, as in less and vim; it also keeps a terminal
            // that reads Esc followed by '/' as Alt-/ from extending the old one.
            KeyCode::Char('/') => {
                self.filter.clear();
                self.mode = Mode::Search;
            }
            KeyCode::Esc => self.filter.clear(),
            KeyCode::Char('v') => self.view = self.view.next(),
            KeyCode::Char('p') => {
                self.paused = !self.paused;
                if !self.paused {
                    return Some(Action::Resume);
                }
            }
            KeyCode::Char('c') => {
                if let Some(id) = self.selected {
                    let topics: Vec<String> = self
                        .tree
                        .retained_under(id)
                        .into_iter()
                        .map(|id| self.tree.full_name(id))
                        .collect();
                    let under = self.tree.full_name(id);
                    if topics.is_empty() {
                        self.notice =
                            Some(format!("no retained messages seen at or under {under}"));
                    } else {
                        self.mode = Mode::ConfirmClear { under, topics };
                    }
                }
            }
            KeyCode::Char('w') => {
                if let Some(id) = self.selected {
                    self.mode =
                        Mode::Publish { topic: self.tree.full_name(id), input: String::new() };
                }
            }
            KeyCode::Char('s') => {
                if let Some(id) = self.selected.filter(|id| self.tree.node(*id).topic.is_some()) {
                    let name = self.tree.node(id).name();
                    let name = if name.is_empty() { "payload" } else { name };
                    let safe: String = name
                        .chars()
                        .map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '_' })
                        .collect();
                    self.mode = Mode::Save { input: format!("{safe}.payload") };
                }
            }
            _ => {}
        }
        None
    }

    /// With a filter typed, selects the first topic it shows.
    fn select_first_match(&mut self) {
        let rows = self.rows();
        let topic = rows.iter().find(|row| {
            self.tree.node(row.id).topic.is_some()
                && self.tree.full_name(row.id).contains(&self.filter)
        });
        if let Some(row) = topic.or(rows.first()) {
            self.selected = Some(row.id);
        }
    }

    /// The selected node's topic data, if a message came on it.
    pub fn selected_topic(&self) -> Option<&mqtt_watch::Topic> {
        self.selected.and_then(|id| self.tree.node(id).topic.as_deref())
    }
}

enum Edited {
    Editing,
    Done,
    Cancelled,
}

/// One key in a line of text being typed.
fn edit(input: &mut String, key: KeyEvent) -> Edited {
    match key.code {
        KeyCode::Enter => Edited::Done,
        KeyCode::Esc => Edited::Cancelled,
        KeyCode::Backspace => {
            input.pop();
            Edited::Editing
        }
        KeyCode::Char(c) => {
            input.push(c);
            Edited::Editing
        }
        _ => Edited::Editing,
    }
}
