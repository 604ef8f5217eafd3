//! How `mqtt sub` prints one message: the client's `Message` is viewed as
//! the output module's `Message` and handed to the mosquitto printer (plain,
//! `-v`, `-F`) or the JSON lines writer.
//!
//! Policy: on a terminal, control characters are escaped and colour may be
//! used; into a pipe or file the bytes are exactly mosquitto's (or the
//! documented JSON), whatever the payload holds.

use std::io::{self, Write};
use std::time::SystemTime;

use mqtt_client::Message;

use crate::cmd::subscribe_plan::{OutputMode, SubscribePlan};
use crate::output::color::{self, Readable};
use crate::output::format::{Printed, Printer, Style};
use crate::output::json::JsonLines;
use crate::output::message::{Message as View, MessageProperties, Property};
use crate::output::sanitize::{self, Layout};

/// The chosen printer and the terminal decisions, made once.
pub struct SubPrinter {
    kind: Kind,
    /// Escape control characters (stdout is a terminal).
    sanitize: bool,
    scratch: Vec<u8>,
}

enum Kind {
    Mosquitto(Printer),
    Json(JsonLines),
    /// `-v` on a terminal: coloured (per `--color`) and sanitised.
    Readable(Readable),
}

impl SubPrinter {
    /// A printer for the plan; `terminal` says whether stdout is a tty.
    pub fn new(plan: &SubscribePlan, terminal: bool) -> SubPrinter {
        let colour =
            color::use_color(plan.color, terminal, std::env::var_os("NO_COLOR").as_deref());
        color::apply(colour);
        let kind = match &plan.output {
            OutputMode::Plain { verbose: false } => {
                Kind::Mosquitto(Printer::new(Style::Payload).newline(!plan.no_eol))
            }
            OutputMode::Plain { verbose: true } if terminal && !plan.no_eol => {
                Kind::Readable(Readable::new(colour, terminal))
            }
            OutputMode::Plain { verbose: true } => {
                Kind::Mosquitto(Printer::new(Style::TopicAndPayload).newline(!plan.no_eol))
            }
            OutputMode::Format(template) => Kind::Mosquitto(
                Printer::new(Style::Template(template.clone())).newline(!plan.no_eol),
            ),
            OutputMode::Json => Kind::Json(JsonLines::new()),
        };
        SubPrinter { kind, sanitize: terminal, scratch: Vec::new() }
    }

    /// Writes one message; `%J` failures are reported on stderr, as mosquitto does.
    pub fn print<W: Write>(
        &mut self,
        out: &mut W,
        message: &Message,
        received_at: SystemTime,
    ) -> io::Result<()> {
        let properties = view_properties(message);
        let view = View {
            topic: message.topic.as_str(),
            payload: &message.payload,
            qos: message.qos as u8,
            retain: message.retain,
            dup: message.dup,
            packet_id: message.packet_id.map(|id| id.get()),
            received_at,
            properties: &properties,
        };
        if !self.sanitize || matches!(self.kind, Kind::Readable(_)) {
            return self.write(&view, out);
        }
        // The whole rendered line is escaped: a template may put the
        // payload anywhere. Line feeds that end a message stay.
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        self.write(&view, &mut scratch)?;
        sanitize::write(&scratch, Layout::MultiLine, true, out)?;
        self.scratch = scratch;
        Ok(())
    }

    fn write<W: Write>(&self, view: &View<'_>, out: &mut W) -> io::Result<()> {
        match &self.kind {
            Kind::Mosquitto(printer) => {
                let printed: Printed = printer.write(view, out)?;
                for _ in 0..printed.invalid_json_payloads {
                    eprintln!("Error: {}", Printed::invalid_json_message(view.topic));
                }
                Ok(())
            }
            Kind::Json(writer) => writer.write(view, out),
            Kind::Readable(readable) => readable.write(view, out),
        }
    }
}

/// The client's typed properties as the output module's ordered list, in
/// the order mosquitto prints them.
fn view_properties(message: &Message) -> MessageProperties {
    let typed = &message.properties;
    let mut list = MessageProperties::new();
    if let Some(utf8) = typed.payload_format_indicator {
        list.push(Property::PayloadFormatIndicator(u8::from(utf8)));
    }
    if let Some(seconds) = typed.message_expiry_interval {
        list.push(Property::MessageExpiryInterval(seconds));
    }
    if let Some(text) = &typed.content_type {
        list.push(Property::ContentType(text.as_str().to_owned()));
    }
    if let Some(topic) = &typed.response_topic {
        list.push(Property::ResponseTopic(topic.as_str().to_owned()));
    }
    if let Some(data) = &typed.correlation_data {
        list.push(Property::CorrelationData(data.to_vec()));
    }
    for id in &typed.subscription_identifiers {
        list.push(Property::SubscriptionIdentifier(*id));
    }
    if let Some(alias) = typed.topic_alias {
        list.push(Property::TopicAlias(alias));
    }
    for (name, value) in &typed.user_properties {
        list.push(Property::UserProperty(name.as_str().to_owned(), value.as_str().to_owned()));
    }
    list
}
