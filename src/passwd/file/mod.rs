//! The password file as a list of lines, parsed the way the broker reads it
//! and written back without disturbing anything we did not mean to change.
//!
//! Policy. Every line keeps its exact bytes and line ending unless the
//! command replaces or deletes that very line; comments (`#` in the first
//! column, or indented), blank lines, order, CRLF endings and a missing final newline all
//! survive. The broker's rules decide what a line means: user name and
//! password field are split at the first `:` and trimmed of blanks, the last
//! of several lines for one user wins. Lines the broker cannot use are
//! *problems*, reported by line number and never echoed (a "malformed" line
//! may well hold a plain-text password).

use crate::passwd::hash::{HashError, PasswordHash};
use crate::passwd::secret::Secret;

/// A password file in memory.
#[derive(Debug, Default)]
pub struct PasswordFile {
    lines: Vec<Line>,
}

struct Line {
    /// The line without its ending.
    text: Vec<u8>,
    ending: &'static [u8],
    kind: LineKind,
}

/// What one line is, to the broker.
#[derive(Debug)]
pub enum LineKind {
    /// `#` as the first non-blank character.
    Comment,
    /// Empty or only blanks.
    Blank,
    /// Not a comment, not blank, yet no user can be read from it.
    Malformed(&'static str),
    /// `user:field`.
    Entry(Entry),
}

/// A `user:field` line.
#[derive(Debug)]
pub struct Entry {
    /// The user name, trimmed as the broker trims it.
    pub username: Vec<u8>,
    /// What the password field holds.
    pub credential: Credential,
}

/// The password field of an entry.
#[derive(Debug)]
pub enum Credential {
    /// A hash mosquitto can check.
    Hash(PasswordHash),
    /// Plain text, waiting for `-U`; mosquitto refuses such users.
    Plain(Secret),
    /// Nothing after the `:`.
    Empty,
    /// A hash prefix that does not decode, or an unknown `$id$`.
    Invalid(HashError),
}

/// A line the broker cannot use, by 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line number.
    pub line: usize,
    /// The user name, when one could be read.
    pub username: Option<Vec<u8>>,
    /// What is wrong, without the line's content.
    pub reason: String,
}

/// One entry with its 1-based line number, for listing.
pub struct NumberedEntry<'a> {
    /// 1-based line number.
    pub line: usize,
    /// The entry.
    pub entry: &'a Entry,
}

/// What [`PasswordFile::set`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOutcome {
    /// The user was new; one line was appended.
    Added,
    /// This many lines of the user were rewritten in place.
    Updated(usize),
}

impl PasswordFile {
    /// Parses file contents; never fails: problems stay in the lines.
    pub fn parse(bytes: &[u8]) -> PasswordFile {
        let mut lines = Vec::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let (mut text, mut ending): (&[u8], &'static [u8]) =
                match rest.iter().position(|&byte| byte == b'\n') {
                    Some(end) => {
                        let line = &rest[..end];
                        rest = &rest[end + 1..];
                        (line, b"\n")
                    }
                    None => {
                        let line = rest;
                        rest = &[];
                        (line, b"")
                    }
                };
            if !ending.is_empty() {
                if let Some(stripped) = text.strip_suffix(b"\r") {
                    text = stripped;
                    ending = b"\r\n";
                }
            }
            lines.push(Line { text: text.to_vec(), ending, kind: classify(text) });
        }
        PasswordFile { lines }
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for line in &self.lines {
            out.extend_from_slice(&line.text);
            out.extend_from_slice(line.ending);
        }
        out
    }

    /// Every entry in file order.
    pub fn entries(&self) -> impl Iterator<Item = NumberedEntry<'_>> {
        self.lines.iter().enumerate().filter_map(|(index, line)| match &line.kind {
            LineKind::Entry(entry) => Some(NumberedEntry { line: index + 1, entry }),
            _ => None,
        })
    }

    /// The entries of `username`, in file order (the broker uses the last).
    pub fn entries_of<'a>(&'a self, username: &'a [u8]) -> impl Iterator<Item = NumberedEntry<'a>> {
        self.entries().filter(move |numbered| numbered.entry.username == username)
    }

    /// Every line mosquitto cannot use. Plain-text entries count only when
    /// `plain_is_problem` (they are what `-U` works on).
    pub fn problems(&self, plain_is_problem: bool) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (index, line) in self.lines.iter().enumerate() {
            let (username, reason) = match &line.kind {
                LineKind::Comment | LineKind::Blank => continue,
                LineKind::Malformed(reason) => (None, reason.to_string()),
                LineKind::Entry(entry) => match &entry.credential {
                    Credential::Hash(_) => continue,
                    Credential::Plain(_) if !plain_is_problem => continue,
                    Credential::Plain(_) => {
                        (Some(&entry.username), "plain-text password (not hashed)".to_string())
                    }
                    Credential::Empty => (Some(&entry.username), "no password after `:`".into()),
                    Credential::Invalid(err) => (Some(&entry.username), err.to_string()),
                },
            };
            problems.push(Problem { line: index + 1, username: username.cloned(), reason });
        }
        problems
    }

    /// Sets `username`'s password field: rewrites each of its lines in
    /// place (each with its own `field`, from `make_field`), or appends one.
    pub fn set<E>(
        &mut self,
        username: &[u8],
        mut make_field: impl FnMut() -> Result<String, E>,
    ) -> Result<SetOutcome, E> {
        let mut updated = 0;
        for line in &mut self.lines {
            if matches!(&line.kind, LineKind::Entry(entry) if entry.username == username) {
                line.text = entry_text(username, &make_field()?);
                line.kind = classify(&line.text);
                updated += 1;
            }
        }
        if updated > 0 {
            return Ok(SetOutcome::Updated(updated));
        }
        let text = entry_text(username, &make_field()?);
        self.push_line(text);
        Ok(SetOutcome::Added)
    }

    /// Removes every line of `username`; returns how many there were.
    pub fn delete(&mut self, username: &[u8]) -> usize {
        let before = self.lines.len();
        self.lines.retain(
            |line| !matches!(&line.kind, LineKind::Entry(entry) if entry.username == username),
        );
        before - self.lines.len()
    }

    /// Replaces every plain-text password with `hash(password)`; hashed lines
    /// are left as they are. Returns the users hashed, in file order.
    pub fn hash_plain_text<E>(
        &mut self,
        mut hash: impl FnMut(&Secret) -> Result<String, E>,
    ) -> Result<Vec<Vec<u8>>, E> {
        let mut hashed = Vec::new();
        for line in &mut self.lines {
            if let LineKind::Entry(Entry { username, credential: Credential::Plain(password) }) =
                &line.kind
            {
                let username = username.clone();
                line.text = entry_text(&username, &hash(password)?);
                line.kind = classify(&line.text);
                hashed.push(username);
            }
        }
        Ok(hashed)
    }

    /// Appends a line, first ending an unterminated last line.
    fn push_line(&mut self, text: Vec<u8>) {
        let ending = self.preferred_ending();
        if let Some(last) = self.lines.last_mut() {
            if last.ending.is_empty() {
                last.ending = ending;
            }
        }
        let kind = classify(&text);
        self.lines.push(Line { text, ending, kind });
    }

    /// The file's own line ending (its first one), `\n` for a new file.
    fn preferred_ending(&self) -> &'static [u8] {
        self.lines.iter().map(|line| line.ending).find(|ending| !ending.is_empty()).unwrap_or(b"\n")
    }
}

impl std::fmt::Debug for Line {
    /// The kind only: the text of a plain-text or malformed line may hold a
    /// password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Line").field("kind", &self.kind).finish_non_exhaustive()
    }
}

fn entry_text(username: &[u8], field: &str) -> Vec<u8> {
    let mut text = Vec::with_capacity(username.len() + 1 + field.len());
    text.extend_from_slice(username);
    text.push(b':');
    text.extend_from_slice(field.as_bytes());
    text
}

/// The blanks `isspace()` trims in mosquitto's `misc__trimblanks`.
fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn trim(mut bytes: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = bytes {
        if !is_blank(*first) {
            break;
        }
        bytes = rest;
    }
    while let [rest @ .., last] = bytes {
        if !is_blank(*last) {
            break;
        }
        bytes = rest;
    }
    bytes
}

fn classify(text: &[u8]) -> LineKind {
    // The broker skips `#` in the first column, and (for want of a `:`)
    // indented comments too.
    match trim(text).first() {
        None => return LineKind::Blank,
        Some(b'#') => return LineKind::Comment,
        Some(_) => {}
    }
    let Some(colon) = text.iter().position(|&byte| byte == b':') else {
        return LineKind::Malformed("no `:` between user name and password");
    };
    let username = trim(&text[..colon]);
    if username.is_empty() {
        return LineKind::Malformed("empty user name before `:`");
    }
    let field = trim(&text[colon + 1..]);
    let credential = if field.is_empty() {
        Credential::Empty
    } else {
        match PasswordHash::parse(field) {
            Ok(Some(hash)) => Credential::Hash(hash),
            Ok(None) => Credential::Plain(Secret::new(field.to_vec())),
            Err(err) => Credential::Invalid(err),
        }
    };
    LineKind::Entry(Entry { username: username.to_vec(), credential })
}

#[cfg(test)]
mod tests;
