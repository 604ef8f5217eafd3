//! Parsing a `-F` template into a plan of segments, once, before any message
//! arrives. Validation follows mosquitto_sub 2.1.2 (`check_format()` in
//! `client_shared.c`; 2.0.11's plus `%f`, `%d` and the hex separator after
//! the precision): the templates it accepts are exactly the ones we accept,
//! except absurd field widths, which we refuse instead of printing
//! gigabytes of padding.

use std::fmt;

use super::clock::{self, Conversion};

/// Widths and precisions above this are refused.
pub const MAX_WIDTH: usize = 65_535;

/// One step of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Bytes printed as they are (text, escapes, `%%`, `@@`, constant `@x`).
    Literal(Vec<u8>),
    /// A `%` message field with its flags.
    Field(Field, Spec),
    /// An `@` strftime conversion that depends on the time.
    Time(u8),
    /// `@N`: nanoseconds within the second.
    Nanoseconds,
}

/// Flags, width and precision of one `%` specifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// `-`: pad on the right.
    pub left_align: bool,
    /// `0`: pad with zeros (numbers and payloads only).
    pub zero_pad: bool,
    pub width: usize,
    pub precision: Option<usize>,
    /// What `%.Nx` puts between groups of N nibbles (default a space).
    pub separator: u8,
}

impl Default for Spec {
    fn default() -> Spec {
        Spec { left_align: false, zero_pad: false, width: 0, precision: None, separator: b' ' }
    }
}

/// The characters mosquitto 2.1 takes as a hex separator (`hexseplist`).
const SEPARATORS: &[u8] = b"!\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~ ";

/// The `%` letters mosquitto_sub 2.1 knows, and our `%v`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    TopicAlias,             // %A
    ContentType,            // %C
    Double,                 // %d
    CorrelationData,        // %D
    Decoded,                // %v (ours: the --decode value as JSON)
    MessageExpiryInterval,  // %E
    PayloadFormatIndicator, // %F
    Float,                  // %f
    Iso8601,                // %I
    Json,                   // %j
    JsonPayloadAsJson,      // %J
    PayloadLength,          // %l
    PacketId,               // %m
    UserProperties,         // %P
    Payload,                // %p
    Qos,                    // %q
    ResponseTopic,          // %R
    Retain,                 // %r
    SubscriptionIdentifier, // %S
    Topic,                  // %t
    UnixTime,               // %U
    HexLower,               // %x
    HexUpper,               // %X
}

impl Field {
    fn from_letter(letter: u8) -> Option<Field> {
        Some(match letter {
            b'A' => Field::TopicAlias,
            b'C' => Field::ContentType,
            b'd' => Field::Double,
            b'D' => Field::CorrelationData,
            b'v' => Field::Decoded,
            b'E' => Field::MessageExpiryInterval,
            b'F' => Field::PayloadFormatIndicator,
            b'f' => Field::Float,
            b'I' => Field::Iso8601,
            b'j' => Field::Json,
            b'J' => Field::JsonPayloadAsJson,
            b'l' => Field::PayloadLength,
            b'm' => Field::PacketId,
            b'P' => Field::UserProperties,
            b'p' => Field::Payload,
            b'q' => Field::Qos,
            b'R' => Field::ResponseTopic,
            b'r' => Field::Retain,
            b'S' => Field::SubscriptionIdentifier,
            b't' => Field::Topic,
            b'U' => Field::UnixTime,
            b'x' => Field::HexLower,
            b'X' => Field::HexUpper,
            _ => return None,
        })
    }

    /// True when the field prints the time.
    pub fn needs_time(self) -> bool {
        matches!(self, Field::Iso8601 | Field::Json | Field::JsonPayloadAsJson | Field::UnixTime)
    }
}

/// What is wrong with a template; positions count characters from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// The template ends inside a `%` specifier.
    IncompleteSpecifier { position: usize },
    /// `%` followed by a letter that is not a specifier.
    InvalidSpecifier { found: char, position: usize },
    /// The template ends right after `@`.
    IncompleteTime { position: usize },
    /// The template ends right after `\`.
    IncompleteEscape { position: usize },
    /// `\` followed by a character that is not an escape.
    InvalidEscape { found: char, position: usize },
    /// A width or precision above [`MAX_WIDTH`].
    TooWide { position: usize },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::IncompleteSpecifier { position } => write!(
                f,
                "incomplete format specifier: the `%` at position {position} is not followed by a specifier letter"
            ),
            TemplateError::InvalidSpecifier { found, position } => write!(
                f,
                "invalid format specifier '{}' at position {position} \
                 (expected one of % A C d D E F f I j J l m P p q R r S t U v x X)",
                found.escape_debug()
            ),
            TemplateError::IncompleteTime { position } => write!(
                f,
                "incomplete time specifier: the `@` at position {position} ends the format (use @@ for a literal @)"
            ),
            TemplateError::IncompleteEscape { position } => write!(
                f,
                "incomplete escape: the `\\` at position {position} ends the format (use \\\\ for a literal backslash)"
            ),
            TemplateError::InvalidEscape { found, position } => write!(
                f,
                "invalid escape '\\{}' at position {position} (expected one of \\\\ \\0 \\a \\e \\n \\r \\t \\v)",
                found.escape_debug()
            ),
            TemplateError::TooWide { position } => {
                write!(f, "field width or precision at position {position} is larger than {MAX_WIDTH}")
            }
        }
    }
}

impl std::error::Error for TemplateError {}

/// Parses `template` into segments; adjacent literal bytes are merged.
pub fn parse(template: &str) -> Result<Vec<Segment>, TemplateError> {
    let bytes = template.as_bytes();
    // 1-based character position of the byte at `index`.
    let position = |index: usize| template[..index].chars().count() + 1;
    let char_at = |index: usize| template[index..].chars().next().unwrap_or('\0');
    let mut plan = Plan::default();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let start = i;
                let incomplete =
                    || TemplateError::IncompleteSpecifier { position: position(start) };
                let mut spec = Spec::default();
                i += 1;
                // mosquitto accepts one flag; a `0` after `-` reads as a width digit
                // to its checker and as zero padding to its printer (same output).
                if bytes.get(i) == Some(&b'-') {
                    spec.left_align = true;
                    i += 1;
                }
                if bytes.get(i) == Some(&b'0') {
                    spec.zero_pad = true;
                    i += 1;
                }
                let (width, next) =
                    number(bytes, i).ok_or(TemplateError::TooWide { position: position(i) })?;
                spec.width = width;
                i = next;
                if bytes.get(i) == Some(&b'.') {
                    let (precision, next) = number(bytes, i + 1)
                        .ok_or(TemplateError::TooWide { position: position(i) })?;
                    spec.precision = Some(precision);
                    i = next;
                }
                if let Some(separator) = bytes.get(i).filter(|b| SEPARATORS.contains(b)) {
                    spec.separator = *separator;
                    i += 1;
                }
                let letter = *bytes.get(i).ok_or_else(incomplete)?;
                if letter == b'%' {
                    plan.literal(b"%");
                } else {
                    let field =
                        Field::from_letter(letter).ok_or(TemplateError::InvalidSpecifier {
                            found: char_at(i),
                            position: position(i),
                        })?;
                    plan.segments.push(Segment::Field(field, spec));
                }
                i += 1;
            }
            b'@' => {
                let letter = *bytes
                    .get(i + 1)
                    .ok_or(TemplateError::IncompleteTime { position: position(i) })?;
                match letter {
                    b'@' => plan.literal(b"@"),
                    b'N' => plan.segments.push(Segment::Nanoseconds),
                    _ => match clock::classify(letter) {
                        Conversion::Time => plan.segments.push(Segment::Time(letter)),
                        Conversion::Constant(text) => plan.literal(&text),
                    },
                }
                i += 2;
            }
            b'\\' => {
                let letter = *bytes
                    .get(i + 1)
                    .ok_or(TemplateError::IncompleteEscape { position: position(i) })?;
                let byte = match letter {
                    b'\\' => b'\\',
                    b'0' => 0,
                    b'a' => 0x07,
                    b'e' => 0x1b,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'v' => 0x0b,
                    _ => {
                        return Err(TemplateError::InvalidEscape {
                            found: char_at(i + 1),
                            position: position(i + 1),
                        })
                    }
                };
                plan.literal(&[byte]);
                i += 2;
            }
            other => {
                plan.literal(&[other]);
                i += 1;
            }
        }
    }
    Ok(plan.segments)
}

/// Reads decimal digits from `start`; `None` when the value exceeds [`MAX_WIDTH`].
fn number(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut value = 0usize;
    let mut i = start;
    while let Some(digit @ b'0'..=b'9') = bytes.get(i) {
        value = value * 10 + usize::from(digit - b'0');
        if value > MAX_WIDTH {
            return None;
        }
        i += 1;
    }
    Some((value, i))
}

#[derive(Default)]
struct Plan {
    segments: Vec<Segment>,
}

impl Plan {
    fn literal(&mut self, bytes: &[u8]) {
        if let Some(Segment::Literal(last)) = self.segments.last_mut() {
            last.extend_from_slice(bytes);
        } else {
            self.segments.push(Segment::Literal(bytes.to_vec()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(left_align: bool, zero_pad: bool, width: usize, precision: Option<usize>) -> Spec {
        Spec { left_align, zero_pad, width, precision, separator: b' ' }
    }

    #[test]
    fn literals_escapes_and_doubled_introducers_merge_into_one_segment() {
        let plan = parse(r"a%%b@@c\\\0\a\e\n\r\t\v").unwrap();
        assert_eq!(plan, [Segment::Literal(b"a%b@c\\\0\x07\x1b\n\r\t\x0b".to_vec())]);
    }

    #[test]
    fn flags_width_and_precision_are_read_like_mosquitto() {
        let cases = [
            ("%t", spec(false, false, 0, None)),
            ("%-t", spec(true, false, 0, None)),
            ("%05l", spec(false, true, 5, None)),
            ("%-05l", spec(true, true, 5, None)),
            ("%10.3t", spec(false, false, 10, Some(3))),
            ("%.t", spec(false, false, 0, Some(0))),
            ("%-.2t", spec(true, false, 0, Some(2))),
            ("%007p", spec(false, true, 7, None)),
            ("%.2:x", Spec { separator: b':', ..spec(false, false, 0, Some(2)) }),
            ("%-4.2 x", Spec { separator: b' ', ..spec(true, false, 4, Some(2)) }),
            ("%.2.x", Spec { separator: b'.', ..spec(false, false, 0, Some(2)) }),
            ("%_x", Spec { separator: b'_', ..spec(false, false, 0, None) }),
        ];
        for (template, expected) in cases {
            let plan = parse(template).unwrap();
            let Segment::Field(_, got) = plan[0] else { panic!("{template}: {plan:?}") };
            assert_eq!(got, expected, "{template}");
        }
    }

    #[test]
    fn every_field_letter_is_known_and_others_are_refused() {
        for letter in b"ACdDEFfIjJlmPpqRrStUvxX" {
            let template = format!("%{}", *letter as char);
            assert!(matches!(parse(&template).unwrap()[..], [Segment::Field(..)]), "{template}");
        }
        for letter in b"BaGHNnsTuVWwYyZz0" {
            let template = format!("%{}", *letter as char);
            let err = parse(&template).unwrap_err();
            let expected = if *letter == b'0' {
                TemplateError::IncompleteSpecifier { position: 1 }
            } else {
                TemplateError::InvalidSpecifier { found: *letter as char, position: 2 }
            };
            assert_eq!(err, expected, "{template}");
        }
    }

    #[test]
    fn incomplete_specifiers_name_the_percent_sign() {
        for template in ["ab%", "ab%-", "ab%0", "ab%12", "ab%1.", "ab%.5", "ab%-07.3"] {
            assert_eq!(
                parse(template).unwrap_err(),
                TemplateError::IncompleteSpecifier { position: 3 },
                "{template}"
            );
        }
    }

    #[test]
    fn invalid_input_names_the_character_and_its_position() {
        assert_eq!(
            parse("é %-5.2y").unwrap_err(),
            TemplateError::InvalidSpecifier { found: 'y', position: 8 }
        );
        assert_eq!(
            parse("%é").unwrap_err(),
            TemplateError::InvalidSpecifier { found: 'é', position: 2 }
        );
        // 2.1 reads the `-` after a flag as a hex separator.
        assert_eq!(
            parse("%0-5t").unwrap_err(),
            TemplateError::InvalidSpecifier { found: '5', position: 4 }
        );
        assert_eq!(
            parse(r"x\q").unwrap_err(),
            TemplateError::InvalidEscape { found: 'q', position: 3 }
        );
        assert_eq!(parse("x\\").unwrap_err(), TemplateError::IncompleteEscape { position: 2 });
        assert_eq!(parse("ab@").unwrap_err(), TemplateError::IncompleteTime { position: 3 });
        assert_eq!(parse("%65536t").unwrap_err(), TemplateError::TooWide { position: 2 });
        assert_eq!(parse("%1.99999t").unwrap_err(), TemplateError::TooWide { position: 3 });
        let message = parse("ab%y").unwrap_err().to_string();
        assert!(message.contains("'y' at position 4"), "{message}");
        let message = parse(r"\x").unwrap_err().to_string();
        assert!(message.contains(r"'\x' at position 2"), "{message}");
    }

    #[test]
    fn time_sequences_split_into_time_dependent_and_constant_parts() {
        let plan = parse("@Y@N@@@Q@5@n").unwrap();
        assert_eq!(
            plan,
            [Segment::Time(b'Y'), Segment::Nanoseconds, Segment::Literal(b"@%Q   %5\n".to_vec()),]
        );
    }
}
