//! Byte-for-byte cross-check of `output::format` against the real
//! mosquitto_sub 2.0.11: known messages are published to a private broker
//! with mosquitto_pub, mosquitto_sub prints them with many templates, and our
//! printer renders the same messages, built from what was published. The
//! bytes must be identical.
//!
//! Time-dependent output is compared by reading the time mosquitto_sub
//! printed (the `tst` of `%j`, `%U`, `%I`, `@s.@N`) and rendering ours at that
//! time, so the whole line is still compared. The message expiry interval
//! counts down in the broker, so it is read from mosquitto's output as well.

use std::io::{Read, Write};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jiff::tz::TimeZone;
use mqtt_test_support::Mosquitto;

use crate::output::format::{Printed, Printer, Style, Template};
use crate::output::message::{Message, MessageProperties, Property};

/// Separates templates joined into one mosquitto_sub run; in no payload.
const SEP: &str = "<|>";

/// Templates without time, run together in one template.
const TEMPLATES: [&str; 5] = [
    "%t|%p|%l|%m|%q|%r|%%|%x|%X",
    "[%A][%C][%D][%E][%F][%P][%R][%S]",
    "[%20t][%-20t][%.3t][%10.2t][%-10.4t][%5p][%-p][%08p][%20x][%-X][%3x][%010l][%-5m|][%05q][%-3r]",
    "[%5A][%05E][%-5F|][%5S][%-10C|][%10.3C][%5R][%.2R][%-05A][%3D][%3P][%-0t][%.t]",
    r"a\tb\\c\ad\ee\vf\rg\0h@@%%@n@t@%@Q@5@E@+@-@0",
];

/// Every `@` conversion, after the `@s.@N|` that tells us the time.
const TIME_TEMPLATE: &str =
    "@s.@N|@a@A@b@B@c@C@d@D@e@F@g@G@h@H@I@j@k@l@m@M@p@P@r@R@S@T@u@U@V@w@W@x@X@y@Y@z@Z";

/// One retained message and how it is delivered.
struct Case {
    topic: &'static str,
    payload: &'static [u8],
    publish: &'static [&'static str],
    subscribe: &'static [&'static str],
    /// The QoS mosquitto_sub receives (packet id 1 when above 0).
    qos: u8,
    retain: bool,
    /// As delivered, in wire order; the expiry value is read from the output.
    properties: Vec<Property>,
}

fn cases() -> Vec<Case> {
    let user = |k: &str, v: &str| Property::UserProperty(k.into(), v.into());
    let v5_publish: &'static [&'static str] = &[
        "-V",
        "5",
        "-q",
        "2",
        "-D",
        "publish",
        "user-property",
        "k",
        "v1",
        "-D",
        "publish",
        "message-expiry-interval",
        "3600",
        "-D",
        "publish",
        "content-type",
        "application/json; charset=utf-8",
        "-D",
        "publish",
        "user-property",
        "k",
        "v2",
        "-D",
        "publish",
        "correlation-data",
        "corr-123",
        "-D",
        "publish",
        "payload-format-indicator",
        "1",
        "-D",
        "publish",
        "response-topic",
        "reply/to/me",
    ];
    let v5_properties = vec![
        Property::SubscriptionIdentifier(7),
        user("k", "v1"),
        Property::ContentType("application/json; charset=utf-8".into()),
        user("k", "v2"),
        Property::CorrelationData(b"corr-123".to_vec()),
        Property::PayloadFormatIndicator(1),
        Property::ResponseTopic("reply/to/me".into()),
        Property::MessageExpiryInterval(3600),
    ];
    vec![
        Case {
            topic: "xc/v311/plain",
            payload: b"hello world 50% @home",
            publish: &["-V", "mqttv311", "-q", "0"],
            subscribe: &[],
            qos: 0,
            retain: true,
            properties: vec![],
        },
        Case {
            topic: "xc/v311/binary",
            payload: b"ab\0cd\xff\x01\"\\\n\ttail \xc3\xa9\x1b[0m",
            publish: &["-V", "mqttv311", "-q", "1"],
            subscribe: &["-q", "1"],
            qos: 1,
            retain: true,
            properties: vec![],
        },
        Case {
            topic: "xc/v5/props",
            payload: br#"{"temp": 21.50, "tags": ["a", "b"], "nested": {"x": null, "big": 1e400}}"#,
            publish: v5_publish,
            subscribe: &["-V", "5", "-q", "2", "-D", "subscribe", "subscription-identifier", "7"],
            qos: 2,
            retain: true,
            properties: v5_properties,
        },
        Case {
            // The same kind of message seen by an MQTT 3.1.1 subscriber: no properties.
            topic: "xc/v5/props-to-v311",
            payload: b"[1, 2]",
            publish: v5_publish,
            subscribe: &["-V", "mqttv311", "-q", "0"],
            qos: 0,
            retain: true,
            properties: vec![],
        },
        Case {
            topic: "xc/v5/\u{fc}n\u{ef}/\u{1F600}",
            payload: b" \xef\xbb\xbf [1, 2.50, -0, 01, 1e400, 123456789012345678, \"x\\u0001\\u00e9\\/\", {}] \t",
            publish: &["-V", "5", "-q", "1", "-D", "publish", "content-type", "t\u{e4}xt/pl\u{e4}in"],
            subscribe: &["-V", "5", "-q", "1"],
            qos: 1,
            retain: true,
            properties: vec![Property::ContentType("t\u{e4}xt/pl\u{e4}in".into())],
        },
        Case {
            topic: "xc/v5/not-json",
            payload: b"{not json",
            publish: &["-V", "5", "-q", "0", "-D", "publish", "user-property", "only", "one"],
            subscribe: &["-V", "5"],
            qos: 0,
            retain: true,
            properties: vec![user("only", "one")],
        },
    ]
}

fn publish(port: u16, topic: &str, payload: &[u8], args: &[&str]) {
    let payload_source = if payload.is_empty() { "-n" } else { "-s" };
    let mut child = Command::new("mosquitto_pub")
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-t", topic, payload_source])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mosquitto_pub (Debian package mosquitto-clients)");
    child.stdin.take().expect("stdin").write_all(payload).expect("write the payload");
    let out = child.wait_with_output().expect("wait for mosquitto_pub");
    assert!(
        out.status.success(),
        "mosquitto_pub {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn subscribe(port: u16, case: &Case, zone: &str, args: &[&str]) -> Output {
    let out = Command::new("mosquitto_sub")
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-t", case.topic, "-C", "1", "-W", "5"])
        .args(case.subscribe)
        .args(args)
        .env("TZ", zone)
        .output()
        .expect("run mosquitto_sub (Debian package mosquitto-clients)");
    assert!(
        out.status.success(),
        "mosquitto_sub {args:?} on {} exited with {}: {}",
        case.topic,
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn start_broker_with_cases() -> (Mosquitto, Vec<Case>) {
    let broker = Mosquitto::start();
    let cases = cases();
    for case in &cases {
        let mut args = case.publish.to_vec();
        args.push("-r");
        publish(broker.port(), case.topic, case.payload, &args);
    }
    (broker, cases)
}

/// Our rendering of `case` as delivered.
fn render(
    case: &Case,
    expiry: Option<u32>,
    at: SystemTime,
    printer: &Printer,
) -> (Vec<u8>, Printed) {
    let properties: MessageProperties = case
        .properties
        .iter()
        .map(|property| match property {
            // Outputs that show no expiry pass `None`; any value will do there.
            Property::MessageExpiryInterval(published) => {
                Property::MessageExpiryInterval(expiry.unwrap_or(*published))
            }
            other => other.clone(),
        })
        .collect();
    let message = Message {
        topic: case.topic,
        payload: case.payload,
        qos: case.qos,
        retain: case.retain,
        dup: false,
        packet_id: (case.qos > 0).then_some(1),
        received_at: at,
        properties: &properties,
    };
    let mut out = Vec::new();
    let printed = printer.write(&message, &mut out).expect("write into a Vec");
    (out, printed)
}

fn template_printer(template: &str, zone: &str) -> Printer {
    let template = Template::parse(template).unwrap_or_else(|err| panic!("{template}: {err}"));
    Printer::new(Style::Template(template)).time_zone(TimeZone::get(zone).expect("zone"))
}

fn assert_same(context: &str, theirs: &[u8], ours: &[u8]) {
    assert!(
        theirs == ours,
        "{context}\nmosquitto_sub: {}\nours:          {}",
        theirs.escape_ascii(),
        ours.escape_ascii()
    );
}

fn split<'a>(haystack: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut rest = haystack;
    while let Some(at) = rest.windows(separator.len()).position(|window| window == separator) {
        pieces.push(&rest[..at]);
        rest = &rest[at + separator.len()..];
    }
    pieces.push(rest);
    pieces
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("not UTF-8: {}", bytes.escape_ascii()))
}

/// `1709618889.012345678` (from `%U` or `@s.@N`).
fn parse_unix(value: &str) -> SystemTime {
    let (seconds, nanos) = value.split_once('.').unwrap_or_else(|| panic!("no '.' in {value:?}"));
    UNIX_EPOCH
        + Duration::new(seconds.parse().expect("seconds"), nanos.parse().expect("nanoseconds"))
}

/// `2024-03-05T07:08:09` followed by a `+hhmm` offset.
fn parse_local(civil: &str, offset: &str) -> SystemTime {
    let civil: jiff::civil::DateTime =
        civil.parse().unwrap_or_else(|err| panic!("{civil:?}: {err}"));
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let hours: i32 = offset[1..3].parse().expect("offset hours");
    let minutes: i32 = offset[3..5].parse().expect("offset minutes");
    let offset =
        jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).expect("offset");
    let timestamp = offset.to_timestamp(civil).expect("timestamp");
    SystemTime::try_from(timestamp).expect("system time")
}

/// The `tst` of mosquitto's JSON: `2026-11-24T04:24:02.217201Z+0000`.
fn json_time(json: &str) -> SystemTime {
    let start = json.find("\"tst\":").expect("tst") + "\"tst\":".len();
    let value = json[start..].trim_start_matches('\t').trim_start_matches('"');
    let (civil, rest) = value.split_once('Z').expect("the Z of tst");
    parse_local(civil, &rest[..5])
}

/// The `message-expiry-interval` in mosquitto's JSON, if any.
fn json_expiry(json: &str) -> Option<u32> {
    let key = "\"message-expiry-interval\":";
    let start = json.find(key)? + key.len();
    let digits: String =
        json[start..].trim_start_matches('\t').chars().take_while(char::is_ascii_digit).collect();
    Some(digits.parse().expect("expiry digits"))
}

fn check_templates(port: u16, case: &Case) {
    let zone = "UTC";
    let template = format!("%E{SEP}{}", TEMPLATES.join(SEP));
    let theirs = subscribe(port, case, zone, &["-F", &template]).stdout;
    let expiry_text = text(split(&theirs, SEP.as_bytes())[0]);
    let expiry = (!expiry_text.is_empty()).then(|| expiry_text.parse().expect("%E is a number"));
    let (ours, _) = render(case, expiry, UNIX_EPOCH, &template_printer(&template, zone));
    let their_pieces = split(&theirs, SEP.as_bytes());
    let our_pieces = split(&ours, SEP.as_bytes());
    assert_eq!(their_pieces.len(), our_pieces.len(), "{}: {}", case.topic, theirs.escape_ascii());
    let names = std::iter::once("%E").chain(TEMPLATES);
    for ((name, theirs), ours) in names.zip(their_pieces).zip(our_pieces) {
        assert_same(&format!("{} with -F {name:?}", case.topic), theirs, ours);
    }
}

fn check_time_templates(port: u16, case: &Case, zone: &str) {
    for (template, pretty) in [("%j", false), ("%J", false), ("%j", true), ("%J", true)] {
        let mut args = vec!["-F", template];
        if pretty {
            args.push("--pretty");
        }
        let out = subscribe(port, case, zone, &args);
        let printer = template_printer(template, zone).pretty_json(pretty);
        let context = format!("{} with -F {template} pretty={pretty} TZ={zone}", case.topic);
        if out.stdout == b"\n" {
            // %J on a payload that is not JSON: only the newline, and an error.
            let (ours, printed) = render(case, None, UNIX_EPOCH, &printer);
            assert_same(&context, &out.stdout, &ours);
            assert_eq!(printed.invalid_json_payloads, 1, "{context}");
            let error = format!("Error: {}\n", Printed::invalid_json_message(case.topic));
            assert_eq!(String::from_utf8_lossy(&out.stderr), error, "{context}");
            continue;
        }
        let json = text(&out.stdout);
        let (ours, printed) = render(case, json_expiry(json), json_time(json), &printer);
        assert_same(&context, &out.stdout, &ours);
        assert_eq!(printed, Printed::default(), "{context}");
    }
    let out = subscribe(port, case, zone, &["-F", "%U"]).stdout;
    let (ours, _) =
        render(case, None, parse_unix(text(&out).trim_end()), &template_printer("%U", zone));
    assert_same(&format!("{} with %U", case.topic), &out, &ours);

    let out = subscribe(port, case, zone, &["-F", "%I|%-30I|%28.10I"]).stdout;
    let iso = text(&out);
    let at = parse_local(&iso[..19], &iso[19..24]);
    let (ours, _) = render(case, None, at, &template_printer("%I|%-30I|%28.10I", zone));
    assert_same(&format!("{} with %I TZ={zone}", case.topic), &out, &ours);

    let out = subscribe(port, case, zone, &["-F", TIME_TEMPLATE]).stdout;
    let prefix = text(&out).split('|').next().expect("@s.@N");
    let (ours, _) = render(case, None, parse_unix(prefix), &template_printer(TIME_TEMPLATE, zone));
    assert_same(&format!("{} with -F {TIME_TEMPLATE} TZ={zone}", case.topic), &out, &ours);
}

/// mosquitto_sub's options for the default styles, and our printer for them.
fn default_styles() -> [(&'static [&'static str], Printer); 4] {
    [
        (&[], Printer::new(Style::Payload)),
        (&["-v"], Printer::new(Style::TopicAndPayload)),
        (&["-N"], Printer::new(Style::Payload).newline(false)),
        (&["-v", "-N"], Printer::new(Style::TopicAndPayload).newline(false)),
    ]
}

#[test]
fn templates_without_time_match_mosquitto_sub() {
    let (broker, cases) = start_broker_with_cases();
    for case in &cases {
        check_templates(broker.port(), case);
    }
}

#[test]
fn time_and_json_templates_match_mosquitto_sub() {
    let (broker, cases) = start_broker_with_cases();
    for case in &cases {
        check_time_templates(broker.port(), case, "America/St_Johns");
    }
    for zone in ["Asia/Kolkata", "UTC", "Europe/Berlin"] {
        check_time_templates(broker.port(), &cases[2], zone);
    }
}

#[test]
fn default_styles_match_mosquitto_sub() {
    let (broker, cases) = start_broker_with_cases();
    for case in &cases {
        for (args, printer) in default_styles() {
            let out = subscribe(broker.port(), case, "UTC", args).stdout;
            let (ours, _) = render(case, None, UNIX_EPOCH, &printer);
            assert_same(&format!("{} with {args:?}", case.topic), &out, &ours);
        }
    }
}

/// An empty payload cannot be retained, so this message is delivered live:
/// mosquitto_sub first prints a retained sync message (proof that it has
/// subscribed), then we publish and compare what follows.
#[test]
fn live_empty_payload_matches_mosquitto_sub() {
    let broker = Mosquitto::start();
    let port = broker.port();
    publish(port, "xc/live/sync", b"sync", &["-V", "5", "-r"]);
    let sync = Case {
        topic: "xc/live/sync",
        payload: b"sync",
        publish: &[],
        subscribe: &[],
        qos: 0,
        retain: true,
        properties: vec![],
    };
    let live = Case {
        topic: "xc/live/empty",
        payload: b"",
        publish: &["-V", "5", "-q", "1", "-D", "publish", "user-property", "empty", ""],
        subscribe: &[],
        qos: 1,
        retain: false,
        properties: vec![Property::UserProperty("empty".into(), String::new())],
    };
    let template = TEMPLATES.join(SEP);
    let mut styles: Vec<(Vec<&str>, Printer)> =
        vec![(vec!["-F", &template], template_printer(&template, "UTC"))];
    styles.extend(default_styles().map(|(args, printer)| (args.to_vec(), printer)));
    for (args, printer) in styles {
        let mut child = spawn_subscriber(port, &["xc/live/sync", "xc/live/empty"], &args);
        let (expected_sync, _) = render(&sync, None, UNIX_EPOCH, &printer);
        let mut stdout = child.stdout.take().expect("stdout");
        let mut got_sync = vec![0; expected_sync.len()];
        stdout.read_exact(&mut got_sync).expect("mosquitto_sub printed the sync message");
        assert_same(&format!("sync message with {args:?}"), &got_sync, &expected_sync);
        publish(port, live.topic, live.payload, live.publish);
        let mut rest = Vec::new();
        stdout.read_to_end(&mut rest).expect("read mosquitto_sub");
        let status = child.wait().expect("wait for mosquitto_sub");
        assert!(status.success(), "mosquitto_sub {args:?} exited with {status}");
        let (ours, _) = render(&live, None, UNIX_EPOCH, &printer);
        assert_same(&format!("live empty message with {args:?}"), &rest, &ours);
    }
}

fn spawn_subscriber(port: u16, topics: &[&str], args: &[&str]) -> Child {
    let mut command = Command::new("mosquitto_sub");
    command.args([
        "-h",
        "127.0.0.1",
        "-p",
        &port.to_string(),
        "-V",
        "5",
        "-q",
        "1",
        "-C",
        "2",
        "-W",
        "5",
    ]);
    for topic in topics {
        command.args(["-t", topic]);
    }
    command
        .args(args)
        .env("TZ", "UTC")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run mosquitto_sub (Debian package mosquitto-clients)")
}
