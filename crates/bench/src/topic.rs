//! Topic and client-id templates, expanded per client (and per message when
//! they use per-message placeholders).
//!
//! Placeholders (the emqtt-bench / MQTTX set, plus `%%`):
//!
//! | placeholder | expands to |
//! |---|---|
//! | `%i` | the client's global index (0-based, the same in every shard) |
//! | `%c` | the client id |
//! | `%u` | the username (empty without one) |
//! | `%s` | the message sequence number (per message) |
//! | `%rand_N` | a random number in `1..=N` (per message; seeded, reproducible) |
//! | `%%` | a literal `%` |
//!
//! Templates are parsed once; expansion appends to a caller-owned `String`
//! so the per-message path does not allocate once the buffer has grown.

use std::fmt::Write;

use crate::rng::SplitMix64;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    Index,
    ClientId,
    Username,
    Sequence,
    Random(u64),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// Values a template can refer to.
#[derive(Clone, Copy, Debug)]
pub struct Vars<'a> {
    pub index: u32,
    pub client_id: &'a str,
    pub username: &'a str,
    pub sequence: u64,
}

impl Template {
    /// Parses `text`; errors name the placeholder and its byte offset.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('%') {
            literal.push_str(&rest[..at]);
            let offset = text.len() - rest.len() + at;
            let after = &rest[at + 1..];
            let (part, used) = match after.chars().next() {
                Some('%') => {
                    literal.push('%');
                    rest = &after[1..];
                    continue;
                }
                Some('i') => (Part::Index, 1),
                Some('c') => (Part::ClientId, 1),
                Some('u') => (Part::Username, 1),
                Some('s') => (Part::Sequence, 1),
                Some('r') if after.starts_with("rand_") => {
                    let digit_count = after[5..].bytes().take_while(u8::is_ascii_digit).count();
                    let digits = &after[5..5 + digit_count];
                    match digits.parse::<u64>() {
                        Ok(bound) if bound > 0 => (Part::Random(bound), 5 + digits.len()),
                        _ => {
                            return Err(format!(
                            "`%rand_N` at byte {offset} of `{text}` needs N >= 1, e.g. %rand_100"
                        ))
                        }
                    }
                }
                Some(other) => {
                    return Err(format!(
                        "unknown placeholder `%{other}` at byte {offset} of `{text}` \
                         (use %i, %c, %u, %s, %rand_N or %% for a literal %)"
                    ));
                }
                None => {
                    return Err(format!("`{text}` ends with a lone `%` (write %% for a literal %)"))
                }
            };
            if !literal.is_empty() {
                parts.push(Part::Literal(std::mem::take(&mut literal)));
            }
            parts.push(part);
            rest = &after[used..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Template { parts })
    }

    /// True when the expansion can differ between two messages of one client
    /// (`%s` or `%rand_N`), so it must be expanded per message.
    pub fn per_message(&self) -> bool {
        self.parts.iter().any(|part| matches!(part, Part::Sequence | Part::Random(_)))
    }

    /// Appends the expansion to `out`. `rng` serves `%rand_N`.
    pub fn expand_into(&self, vars: &Vars<'_>, rng: &mut SplitMix64, out: &mut String) {
        for part in &self.parts {
            // Writing to a String cannot fail.
            let _ = match part {
                Part::Literal(text) => {
                    out.push_str(text);
                    Ok(())
                }
                Part::Index => write!(out, "{}", vars.index),
                Part::ClientId => {
                    out.push_str(vars.client_id);
                    Ok(())
                }
                Part::Username => {
                    out.push_str(vars.username);
                    Ok(())
                }
                Part::Sequence => write!(out, "{}", vars.sequence),
                Part::Random(bound) => write!(out, "{}", rng.below(*bound) + 1),
            };
        }
    }

    /// Expands into a new `String` (for per-client, not per-message, use).
    pub fn expand(&self, vars: &Vars<'_>, rng: &mut SplitMix64) -> String {
        let mut out = String::new();
        self.expand_into(vars, rng, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(index: u32, sequence: u64) -> Vars<'static> {
        Vars { index, client_id: "bench-7", username: "alice", sequence }
    }

    #[test]
    fn expands_every_placeholder() {
        let template = Template::parse("bench/%i/%c/%u/%s/100%%").unwrap();
        let mut rng = SplitMix64::new(1);
        assert_eq!(template.expand(&vars(7, 42), &mut rng), "bench/7/bench-7/alice/42/100%");
        assert!(template.per_message());
        assert!(!Template::parse("bench/%i").unwrap().per_message());
    }

    #[test]
    fn random_numbers_stay_in_range_and_are_reproducible() {
        let template = Template::parse("t/%rand_3").unwrap();
        let mut rng = SplitMix64::new(9);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            seen.insert(template.expand(&vars(0, 0), &mut rng));
        }
        let expected: std::collections::BTreeSet<String> =
            ["t/1", "t/2", "t/3"].map(String::from).into();
        assert_eq!(seen, expected);
        let (mut a, mut b) = (SplitMix64::new(5), SplitMix64::new(5));
        assert_eq!(template.expand(&vars(0, 0), &mut a), template.expand(&vars(0, 0), &mut b));
    }

    #[test]
    fn expand_into_reuses_the_buffer() {
        let template = Template::parse("x/%s").unwrap();
        let mut out = String::with_capacity(32);
        let mut rng = SplitMix64::new(0);
        template.expand_into(&vars(0, 1), &mut rng, &mut out);
        out.clear();
        template.expand_into(&vars(0, 22), &mut rng, &mut out);
        assert_eq!(out, "x/22");
        assert_eq!(out.capacity(), 32);
    }

    #[test]
    fn bad_placeholders_are_reported_with_their_offset() {
        let err = Template::parse("a/%x").unwrap_err();
        assert!(err.contains("`%x` at byte 2"), "{err}");
        assert!(Template::parse("a/%").unwrap_err().contains("lone `%`"));
        assert!(Template::parse("%rand_0").unwrap_err().contains("N >= 1"));
        assert!(Template::parse("%rand_").unwrap_err().contains("N >= 1"));
        assert_eq!(
            Template::parse("plain").unwrap().expand(&vars(0, 0), &mut SplitMix64::new(0)),
            "plain"
        );
    }

    #[test]
    fn unicode_literals_survive() {
        let template = Template::parse("zählerstand/%i/ü").unwrap();
        assert_eq!(template.expand(&vars(3, 0), &mut SplitMix64::new(0)), "zählerstand/3/ü");
    }
}
