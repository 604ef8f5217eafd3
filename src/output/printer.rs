//! How `mqtt sub` and `mqtt rr` print one received message: the output
//! module's `Message` view borrows the client's `Message` (properties
//! included, in wire order) and goes to the mosquitto printer (plain, `-v`,
//! `-F`) or the JSON lines writer.
//!
//! Policy: on a terminal, control characters in topics, payloads and
//! properties are escaped (the template's own bytes, such as a `\e` colour
//! escape, are kept) and `-v` lines are coloured per `--color`; into a pipe
//! or file the bytes are exactly mosquitto's (or the documented JSON),
//! whatever the payload holds. JSON escapes control characters itself.
//!
//! With `--decode`, each payload a codec covers is decoded once, here: the
//! default output and `-v` print the decoded value as one-line JSON in
//! place of the payload, `--json` adds `decoded` beside the lossless
//! `payload`, `-F` prints it with `%d`. A payload that does not decode is
//! printed as it is and reported on stderr with the byte where it broke;
//! the caller decides whether that ends the run (`--strict-decode`).

use std::io::{self, Write};
use std::time::SystemTime;

use mqtt_client::Message;
use mqtt_codec::{Decoder, Rule};

use crate::exit::usage;
use crate::output::color::{self, ColorChoice, Readable};
use crate::output::format::{Printed, Printer, Style, Template};
use crate::output::json::JsonLines;
use crate::output::message::Message as View;

/// How each message is printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputMode {
    /// Payload (with -v: `topic payload`), as mosquitto_sub.
    Plain { verbose: bool },
    /// mosquitto's -F format language, parsed.
    Format(Template),
    /// One JSON object per line.
    Json,
}

impl OutputMode {
    /// `-F`, `--json` or plain (`-v`), from the flags `sub` and `rr` share.
    pub fn choose(format: Option<&str>, json: bool, verbose: bool) -> anyhow::Result<OutputMode> {
        Ok(match (format, json) {
            (Some(format), _) => OutputMode::Format(
                Template::parse(format).map_err(|err| usage(format!("-F {format:?}: {err}")))?,
            ),
            (None, true) => OutputMode::Json,
            (None, false) => OutputMode::Plain { verbose },
        })
    }
}

/// The output flags `sub` and `rr` share.
#[derive(Clone, Debug)]
pub struct OutputPlan {
    pub mode: OutputMode,
    /// `-N`: no newline after each message.
    pub no_eol: bool,
    /// `--pretty`: multi-line JSON for `%j` and `%J`.
    pub pretty: bool,
    pub color: ColorChoice,
    /// `--decode`: codecs by topic, in the order they are tried.
    pub decode: Vec<Rule>,
    /// `--strict-decode`: a payload that does not decode ends the run (65).
    pub strict_decode: bool,
    /// `--quiet`: no notes from the decoder (decode errors are still shown).
    pub quiet: bool,
}

/// The chosen printer, with the terminal decisions made once.
pub struct MessagePrinter {
    kind: Kind,
    decoder: Decoder,
    /// `--quiet`: no notes from the decoder (decode errors are still shown).
    quiet: bool,
    /// `--strict-decode`: the caller reports a decode error as it exits.
    strict: bool,
}

/// What printing one message found out.
#[must_use]
#[derive(Debug, Default)]
pub struct Shown {
    /// The payload did not decode: the stderr line that said so.
    pub decode_error: Option<String>,
}

enum Kind {
    Mosquitto(Printer),
    Json(JsonLines),
    /// `-v` on a terminal: coloured (per `--color`) and sanitised.
    Readable(Readable),
}

impl MessagePrinter {
    /// A printer for the plan; `terminal` says whether stdout is a tty.
    pub fn new(plan: &OutputPlan, terminal: bool) -> MessagePrinter {
        let colour =
            color::use_color(plan.color, terminal, std::env::var_os("NO_COLOR").as_deref());
        color::apply(colour);
        let mosquitto = |style: Style| {
            Kind::Mosquitto(
                Printer::new(style)
                    .newline(!plan.no_eol)
                    .pretty_json(plan.pretty)
                    .sanitize(terminal),
            )
        };
        let kind = match &plan.mode {
            OutputMode::Plain { verbose: false } => mosquitto(Style::Payload),
            OutputMode::Plain { verbose: true } if terminal && !plan.no_eol => {
                Kind::Readable(Readable::new(colour, terminal))
            }
            OutputMode::Plain { verbose: true } => mosquitto(Style::TopicAndPayload),
            OutputMode::Format(template) => mosquitto(Style::Template(template.clone())),
            OutputMode::Json => Kind::Json(JsonLines::new()),
        };
        MessagePrinter {
            kind,
            decoder: Decoder::new(plan.decode.clone()),
            quiet: plan.quiet,
            strict: plan.strict_decode,
        }
    }

    /// Writes one message; `%J` failures are reported on stderr, as mosquitto does.
    pub fn print<W: Write>(
        &mut self,
        out: &mut W,
        message: &Message,
        received_at: SystemTime,
    ) -> io::Result<Shown> {
        let mut view = View::received(message, received_at);
        let topic = view.topic;
        let decoded = if self.decoder.is_empty() {
            None
        } else {
            self.decoder.decode(topic, &message.payload)
        };
        let mut shown = Shown::default();
        let text;
        if let Some(decoded) = &decoded {
            if !self.quiet {
                for note in &decoded.notes {
                    diag!("mqtt: {topic}: {note}");
                }
            }
            match &decoded.result {
                Ok(value) if self.decoded_replaces_payload() => {
                    text = value.to_string();
                    view.payload = text.as_bytes();
                }
                Ok(_) => {}
                Err(err) => {
                    let line = format!("{topic}: not {}: {err}", decoded.codec);
                    if !self.strict {
                        diag!("mqtt: {line}");
                    }
                    shown.decode_error = Some(line);
                }
            }
        }
        view.decoded = decoded.as_ref();
        self.write(&view, out)?;
        Ok(shown)
    }

    /// Whether the output has no place of its own for the decoded value
    /// (the default output and -v), so it stands in for the payload.
    fn decoded_replaces_payload(&self) -> bool {
        match &self.kind {
            Kind::Mosquitto(printer) => !printer.is_template(),
            Kind::Readable(_) => true,
            Kind::Json(_) => false,
        }
    }

    fn write<W: Write>(&self, view: &View<'_>, out: &mut W) -> io::Result<()> {
        match &self.kind {
            Kind::Mosquitto(printer) => {
                let printed: Printed = printer.write(view, out)?;
                for _ in 0..printed.invalid_json_payloads {
                    diag!("Error: {}", Printed::invalid_json_message(view.topic));
                }
                let size = view.payload.len();
                for _ in 0..printed.wrong_size_floats {
                    diag!("Error: {}", Printed::wrong_size_message(false, view.topic, size));
                }
                for _ in 0..printed.wrong_size_doubles {
                    diag!("Error: {}", Printed::wrong_size_message(true, view.topic, size));
                }
                Ok(())
            }
            Kind::Json(writer) => writer.write(view, out),
            Kind::Readable(readable) => readable.write(view, out),
        }
    }
}
