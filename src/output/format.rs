//! mosquitto_sub-compatible output, byte for byte as mosquitto_sub 2.1.2
//! prints it (2.0.11 too, but for `%x`/`%X` widths, see below): the default payload line, `-v` (`topic payload`), `-N` (no
//! newline), and the `-F` template language.
//!
//! A template is parsed once into a plan ([`Template`]) and then rendered for
//! every message. The language:
//!
//! * `%` fields, with optional `-` (left align) or `0` (zero pad), a width and
//!   a `.precision`:
//!   `%%` literal `%` · `%t` topic · `%p` payload · `%x`/`%X` payload in
//!   lower/upper-case hex · `%l` payload length · `%m` packet id (0 at QoS 0) ·
//!   `%f`/`%d` the payload as a 4-byte float / 8-byte double · `%.2x`
//!   hex in groups of 2 nibbles, `%.2:x` with `:` between groups ·
//!   `%q` QoS · `%r` retain (`0`/`1`) · `%I` ISO 8601 local time
//!   (`2024-03-05T07:08:09+0100`) · `%U` Unix time with nanoseconds ·
//!   `%j` one-line JSON, payload as a string · `%J` the same with the payload
//!   embedded as JSON · MQTT 5: `%A` topic alias · `%C` content type ·
//!   `%D` correlation data (raw) · `%E` message expiry interval · `%F`
//!   payload format indicator · `%P` user properties as `name:value`,
//!   space-separated · `%R` response topic · `%S` subscription identifier ·
//!   ours, not mosquitto's: `%v` the payload decoded by `--decode`, as
//!   one-line JSON (indented with `--pretty`; empty when no codec covers the
//!   topic or the payload did not decode).
//! * `@` time, handed to C `strftime` by mosquitto and emulated here for the
//!   C locale: `@Y-@m-@dT@H:@M:@S@z`, `@s`, `@a`, … ; `@N` nanoseconds;
//!   `@@` literal `@`.
//! * `\` escapes: `\\ \0 \a \e \n \r \t \v`.
//!
//! mosquitto's quirks are reproduced on purpose, because scripts parse this
//! output: widths and precisions count bytes; a width on `%p`, `%x` and `%X`
//! also *truncates* the payload to that many bytes (2.0.11 showed only
//! `width / 2` bytes of hex; 2.1 fixed that, and we follow 2.1; see
//! `payload.rs`); `%-p` with no width pads with as many spaces as the payload is long;
//! absent v5 properties print as `width` pad characters, except `%R`, `%D`
//! and `%P`, which print nothing; `%E` prints as a signed 32-bit number;
//! strings that C treats as NUL-terminated stop at the first NUL.
//!
//! Every time specifier prints the message's receive time (mosquitto reads
//! the clock again for each one); the zone is the system's unless set.
//!
//! With [`Printer::sanitize`] on (for a terminal), the untrusted parts — the
//! topic, payload, string properties and `%j`/`%J` text — go through
//! [`crate::output::sanitize`]; the template's own bytes (an `\e` colour
//! sequence, say) do not. Off (the default), output is byte-identical.

mod cjson;
mod clock;
mod mosquitto_json;
mod payload;
mod template;

use std::borrow::Cow;
use std::io::{self, Write};
use std::str::FromStr;

use jiff::tz::TimeZone;

use self::cjson::until_nul;
use self::clock::LocalTime;
use self::payload::{write_float, write_payload, FloatSize, Hex};
use self::template::{Field, Segment, Spec};
use crate::output::message::Message;
use crate::output::sanitize::{self, Layout};

pub use self::template::TemplateError;

/// A parsed `-F` template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    segments: Vec<Segment>,
    needs_time: bool,
}

impl Template {
    /// Parses and validates a template; see the module docs for the language.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let segments = template::parse(text)?;
        let needs_time = segments.iter().any(|segment| match segment {
            Segment::Field(field, _) => field.needs_time(),
            Segment::Time(_) | Segment::Nanoseconds => true,
            Segment::Literal(_) => false,
        });
        Ok(Template { segments, needs_time })
    }
}

impl FromStr for Template {
    type Err = TemplateError;

    fn from_str(text: &str) -> Result<Template, TemplateError> {
        Template::parse(text)
    }
}

/// What a line holds.
#[derive(Clone, Debug)]
pub enum Style {
    /// mosquitto_sub's default: the payload (an empty payload prints nothing).
    Payload,
    /// `-v`: `topic payload` (`topic (null)` for an empty payload).
    TopicAndPayload,
    /// `-F template`.
    Template(Template),
}

/// Prints messages in one [`Style`].
#[derive(Clone, Debug)]
pub struct Printer {
    style: Style,
    newline: bool,
    pretty_json: bool,
    sanitize: bool,
    time_zone: TimeZone,
}

/// What went wrong while printing, for the caller to report on stderr.
#[must_use]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// How many `%J` fields were skipped because the payload is not JSON.
    pub invalid_json_payloads: usize,
    /// How many `%f` fields were skipped: the payload is not 4 bytes.
    pub wrong_size_floats: usize,
    /// How many `%d` fields were skipped: the payload is not 8 bytes.
    pub wrong_size_doubles: usize,
}

impl Printed {
    /// mosquitto's wording for the `%J` failure, without its `Error: ` prefix.
    pub fn invalid_json_message(topic: &str) -> String {
        format!("Message payload is not valid JSON on topic {topic}.")
    }

    /// mosquitto 2.1's wording for a `%f` (`double`: `%d`) payload of the
    /// wrong size, with the topic and size added.
    pub fn wrong_size_message(double: bool, topic: &str, size: usize) -> String {
        let (kind, wanted) = if double { ("double", 8) } else { ("float", 4) };
        format!(
            "requested {kind} printing, but non-{kind} data received on topic {topic} \
             ({size} bytes; %{} takes {wanted})",
            if double { 'd' } else { 'f' }
        )
    }
}

impl Printer {
    /// A printer that ends each message with a newline, prints `%j` on one
    /// line and uses the system time zone.
    pub fn new(style: Style) -> Printer {
        Printer {
            style,
            newline: true,
            pretty_json: false,
            sanitize: false,
            time_zone: TimeZone::system(),
        }
    }

    /// `-N` is `newline(false)`.
    pub fn newline(mut self, newline: bool) -> Printer {
        self.newline = newline;
        self
    }

    /// `--pretty`: `%j`/`%J` as tab-indented multi-line JSON.
    pub fn pretty_json(mut self, pretty: bool) -> Printer {
        self.pretty_json = pretty;
        self
    }

    /// Whether this printer follows a `-F` template.
    pub fn is_template(&self) -> bool {
        matches!(self.style, Style::Template(_))
    }

    /// Escape untrusted text for a terminal (pass `stdout.is_terminal()`).
    pub fn sanitize(mut self, sanitize: bool) -> Printer {
        self.sanitize = sanitize;
        self
    }

    /// Untrusted bytes as they should be printed.
    fn untrusted<'a>(&self, bytes: &'a [u8], layout: Layout) -> Cow<'a, [u8]> {
        if !self.sanitize {
            return Cow::Borrowed(bytes);
        }
        match sanitize::escape(bytes, layout) {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        }
    }

    /// A C string (cut at NUL) that must stay on one line.
    fn single_line<'a>(&self, text: &'a [u8]) -> Cow<'a, [u8]> {
        self.untrusted(until_nul(text), Layout::SingleLine)
    }

    /// The zone for `@` sequences, `%I`, `%j` and `%J`.
    #[cfg(test)]
    pub fn time_zone(mut self, zone: TimeZone) -> Printer {
        self.time_zone = zone;
        self
    }

    /// Writes one message. The caller flushes (mosquitto flushes each one).
    pub fn write<W: Write>(&self, message: &Message<'_>, out: &mut W) -> io::Result<Printed> {
        let eol: &[u8] = if self.newline { b"\n" } else { b"" };
        match &self.style {
            Style::Payload => {
                if !message.payload.is_empty() {
                    out.write_all(&self.untrusted(message.payload, Layout::MultiLine))?;
                    out.write_all(eol)?;
                }
                Ok(Printed::default())
            }
            Style::TopicAndPayload => {
                let topic = self.untrusted(until_nul(message.topic.as_bytes()), Layout::SingleLine);
                if !message.payload.is_empty() {
                    out.write_all(&topic)?;
                    out.write_all(b" ")?;
                    out.write_all(&self.untrusted(message.payload, Layout::MultiLine))?;
                    out.write_all(eol)?;
                } else if self.newline {
                    out.write_all(&topic)?;
                    out.write_all(b" (null)\n")?;
                }
                Ok(Printed::default())
            }
            Style::Template(template) => {
                let printed = self.write_template(template, message, out)?;
                out.write_all(eol)?;
                Ok(printed)
            }
        }
    }

    fn write_template<W: Write>(
        &self,
        template: &Template,
        message: &Message<'_>,
        out: &mut W,
    ) -> io::Result<Printed> {
        let time =
            template.needs_time.then(|| LocalTime::new(message.received_at, &self.time_zone));
        let mut printed = Printed::default();
        for segment in &template.segments {
            match (segment, &time) {
                (Segment::Literal(bytes), _) => out.write_all(bytes)?,
                (Segment::Time(letter), Some(time)) => time.write_conversion(*letter, out)?,
                (Segment::Nanoseconds, Some(time)) => write!(out, "{:09}", time.nanosecond)?,
                (Segment::Field(field, spec), _) => {
                    self.write_field(*field, spec, message, time.as_ref(), out, &mut printed)?
                }
                // `needs_time` is set whenever one of these is present.
                (Segment::Time(_) | Segment::Nanoseconds, None) => {}
            }
        }
        Ok(printed)
    }

    fn write_field<W: Write>(
        &self,
        field: Field,
        spec: &Spec,
        message: &Message<'_>,
        time: Option<&LocalTime>,
        out: &mut W,
        printed: &mut Printed,
    ) -> io::Result<()> {
        let properties = message.properties;
        match field {
            Field::TopicAlias => {
                write_int_or_blank(properties.topic_alias().map(i64::from), spec, out)
            }
            Field::ContentType => match properties.content_type() {
                Some(text) => write_str(&self.single_line(text.as_bytes()), spec, out),
                None => write_repeated(b' ', spec.width, out),
            },
            Field::CorrelationData => properties
                .correlation_data()
                .map_or(Ok(()), |data| out.write_all(&self.untrusted(data, Layout::SingleLine))),
            // mosquitto casts the u32 to a C int.
            Field::MessageExpiryInterval => write_int_or_blank(
                properties.message_expiry_interval().map(|v| i64::from(v as i32)),
                spec,
                out,
            ),
            Field::PayloadFormatIndicator => {
                let indicator =
                    properties.payload_format_indicator().map(|utf8| i64::from(u8::from(utf8)));
                write_int_or_blank(indicator, spec, out)
            }
            Field::SubscriptionIdentifier => write_int_or_blank(
                properties.subscription_identifiers().next().map(|v| i64::from(v as i32)),
                spec,
                out,
            ),
            Field::Iso8601 => {
                let mut text = Vec::with_capacity(24);
                if let Some(time) = time {
                    time.write_iso8601(&mut text)?;
                }
                write_str(&text, spec, out)
            }
            Field::UnixTime => time.map_or(Ok(()), |time| time.write_unix(out)),
            Field::Json | Field::JsonPayloadAsJson => {
                let Some(time) = time else { return Ok(()) };
                let mut json = Vec::with_capacity(128 + message.payload.len());
                let embed = field == Field::JsonPayloadAsJson;
                match mosquitto_json::write(message, time, embed, self.pretty_json, &mut json) {
                    // JSON escapes C0 controls itself; DEL, C1 and bidi pass through it.
                    Ok(()) => out.write_all(&self.untrusted(&json, Layout::MultiLine)),
                    Err(mosquitto_json::InvalidJsonPayload) => {
                        printed.invalid_json_payloads += 1;
                        Ok(())
                    }
                }
            }
            Field::Decoded => {
                let Some(Ok(value)) = message.decoded.map(|decoded| &decoded.result) else {
                    return Ok(());
                };
                let json = if self.pretty_json {
                    serde_json::to_vec_pretty(value)
                } else {
                    serde_json::to_vec(value)
                };
                out.write_all(&self.untrusted(&json.map_err(io::Error::other)?, Layout::MultiLine))
            }
            Field::PayloadLength => write_int(message.payload.len() as i64, spec, out),
            Field::PacketId => write_int(i64::from(message.packet_id.unwrap_or(0)), spec, out),
            Field::UserProperties => {
                for (index, (name, value)) in properties.user_properties().enumerate() {
                    if index > 0 {
                        out.write_all(b" ")?;
                    }
                    out.write_all(&self.single_line(name.as_bytes()))?;
                    out.write_all(b":")?;
                    out.write_all(&self.single_line(value.as_bytes()))?;
                }
                Ok(())
            }
            Field::Payload => write_payload(
                &self.untrusted(message.payload, Layout::MultiLine),
                Hex::No,
                spec,
                out,
            ),
            Field::HexLower => write_payload(message.payload, Hex::Lower, spec, out),
            Field::HexUpper => write_payload(message.payload, Hex::Upper, spec, out),
            Field::Float => {
                if !write_float(message.payload, FloatSize::Single, spec, out)? {
                    printed.wrong_size_floats += 1;
                }
                Ok(())
            }
            Field::Double => {
                if !write_float(message.payload, FloatSize::Double, spec, out)? {
                    printed.wrong_size_doubles += 1;
                }
                Ok(())
            }
            Field::Qos => out.write_all(&[b'0'.wrapping_add(message.qos)]),
            Field::Retain => out.write_all(if message.retain { b"1" } else { b"0" }),
            Field::ResponseTopic => properties
                .response_topic()
                .map_or(Ok(()), |topic| write_str(&self.single_line(topic.as_bytes()), spec, out)),
            Field::Topic => write_str(&self.single_line(message.topic.as_bytes()), spec, out),
        }
    }
}

fn pad_byte(spec: &Spec) -> u8 {
    if spec.zero_pad {
        b'0'
    } else {
        b' '
    }
}

fn write_repeated<W: Write>(byte: u8, count: usize, out: &mut W) -> io::Result<()> {
    const CHUNK: usize = 64;
    let chunk = [byte; CHUNK];
    let mut left = count;
    while left > 0 {
        let now = left.min(CHUNK);
        out.write_all(&chunk[..now])?;
        left -= now;
    }
    Ok(())
}

/// mosquitto's `formatted_print_int`: `%d`, `%-*d`, `%0*d` or `%*d`.
fn write_int<W: Write>(value: i64, spec: &Spec, out: &mut W) -> io::Result<()> {
    let width = spec.width;
    if width == 0 {
        write!(out, "{value}")
    } else if spec.left_align {
        write!(out, "{value:<width$}")
    } else if spec.zero_pad {
        write!(out, "{value:0width$}")
    } else {
        write!(out, "{value:>width$}")
    }
}

/// An integer property, or `width` pad characters when it is absent.
fn write_int_or_blank<W: Write>(value: Option<i64>, spec: &Spec, out: &mut W) -> io::Result<()> {
    match value {
        Some(value) => write_int(value, spec, out),
        None => write_repeated(pad_byte(spec), spec.width, out),
    }
}

/// mosquitto's `formatted_print_str`: printf `%-*.*s` on a C string, so
/// width and precision count bytes.
fn write_str<W: Write>(text: &[u8], spec: &Spec, out: &mut W) -> io::Result<()> {
    let text = until_nul(text);
    let shown = &text[..spec.precision.map_or(text.len(), |p| p.min(text.len()))];
    let padding = spec.width.saturating_sub(shown.len());
    if !spec.left_align {
        write_repeated(b' ', padding, out)?;
    }
    out.write_all(shown)?;
    if spec.left_align {
        write_repeated(b' ', padding, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
