//! Byte-for-byte cross-check of `mqtt sub` against the real mosquitto_sub
//! 2.0.11: known messages are published to a private broker with
//! mosquitto_pub, then `mqtt sub` and `mosquitto_sub` subscribe to it with
//! the same options and print them with many templates. The bytes must be
//! identical.
//!
//! Time: for the time-dependent templates (`%I`, `%U`, `%j`, `%J`, `@…`)
//! both programs run under libfaketime (`faketime`, Debian package
//! faketime) with the wall clock frozen at a fixed instant, so both print
//! the same time; the monotonic clock is not faked, so timeouts still work.
//! Every such check also asserts that the printed time is the frozen one,
//! so a faketime that did not take effect fails the test.
//!
//! Expiry: the message expiry interval counts down in the broker, so two
//! subscribers print the same value only when the broker delivered to both
//! within the same second. Both run at once; when their expiry values
//! differ the pair is run again (a few times at most), and then the whole
//! output is compared.

use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{mosquitto_tool, wait_subscribed};
use crate::support::{mqtt, scrub, Background, Outcome, MQTT};

/// Separates templates joined into one run; in no payload.
const SEP: &str = "<|>";

/// Templates without time, run together in one template. No width on
/// `%x`/`%X`, no `%f`/`%d` and no hex grouping: mosquitto 2.1 changed the
/// first and added the others, and we follow 2.1 (unit tests in
/// `src/output/format/payload.rs` hold vectors worked from 2.1.2's code).
const TEMPLATES: [&str; 5] = [
    "%t|%p|%l|%m|%q|%r|%%|%x|%X",
    "[%A][%C][%D][%E][%F][%P][%R][%S]",
    "[%20t][%-20t][%.3t][%10.2t][%-10.4t][%5p][%-p][%08p][%-X][%010l][%-5m|][%05q][%-3r]",
    "[%5A][%05E][%-5F|][%5S][%-10C|][%10.3C][%5R][%.2R][%-05A][%3D][%3P][%-0t][%.t]",
    r"a\tb\\c\ad\ee\vf\rg\0h@@%%@n@t@%@Q@5@E@+@-@0",
];

/// Every `@` conversion, after the `@s.@N|` that shows the time.
const TIME_TEMPLATE: &str =
    "@s.@N|@a@A@b@B@c@C@d@D@e@F@g@G@h@H@I@j@k@l@m@M@p@P@r@R@S@T@u@U@V@w@W@x@X@y@Y@z@Z";

/// Frozen wall clocks, as `seconds.nanoseconds` since the epoch:
/// 2009-02-13T23:31:30.123456789Z (winter in the north) and
/// 2024-07-04T09:08:07.000012345Z (summer time; leading zeros in the fraction).
const WINTER: &str = "1234567890.123456789";
const SUMMER: &str = "1720084087.000012345";

/// How many times a pair is run when the broker's expiry countdown ticked
/// between the two deliveries.
const EXPIRY_ATTEMPTS: usize = 5;

/// One retained message and how it is subscribed to.
struct Case {
    topic: &'static str,
    payload: &'static [u8],
    publish: &'static [&'static str],
    /// Options of both subscribers (mosquitto_sub's default protocol,
    /// MQTT 3.1.1, is given explicitly so both speak the same).
    subscribe: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    #[rustfmt::skip]
    let v5_publish: &'static [&'static str] = &[
        "-V", "5", "-q", "2",
        "-D", "publish", "user-property", "k", "v1",
        "-D", "publish", "message-expiry-interval", "3600",
        "-D", "publish", "content-type", "application/json; charset=utf-8",
        "-D", "publish", "user-property", "k", "v2",
        "-D", "publish", "correlation-data", "corr-123",
        "-D", "publish", "payload-format-indicator", "1",
        "-D", "publish", "response-topic", "reply/to/me",
    ];
    vec![
        Case {
            topic: "xc/v311/plain",
            payload: b"hello world 50% @home",
            publish: &["-V", "mqttv311", "-q", "0"],
            subscribe: &["-V", "mqttv311"],
        },
        Case {
            topic: "xc/v311/binary",
            payload: b"ab\0cd\xff\x01\"\\\n\ttail \xc3\xa9\x1b[0m",
            publish: &["-V", "mqttv311", "-q", "1"],
            subscribe: &["-V", "mqttv311", "-q", "1"],
        },
        Case {
            // The broker sends the subscription identifier first and the
            // (counting down) expiry interval last; the rest in the
            // publisher's order.
            topic: "xc/v5/props",
            payload: br#"{"temp": 21.50, "tags": ["a", "b"], "nested": {"x": null, "big": 1e400}}"#,
            publish: v5_publish,
            subscribe: &["-V", "5", "-q", "2", "-D", "subscribe", "subscription-identifier", "7"],
        },
        Case {
            // The same kind of message seen by an MQTT 3.1.1 subscriber: no properties.
            topic: "xc/v5/props-to-v311",
            payload: b"[1, 2]",
            publish: v5_publish,
            subscribe: &["-V", "mqttv311", "-q", "0"],
        },
        Case {
            topic: "xc/v5/\u{fc}n\u{ef}/\u{1F600}",
            payload: b" \xef\xbb\xbf [1, 2.50, -0, 01, 1e400, 123456789012345678, \"x\\u0001\\u00e9\\/\", {}] \t",
            publish: &["-V", "5", "-q", "1", "-D", "publish", "content-type", "t\u{e4}xt/pl\u{e4}in"],
            subscribe: &["-V", "5", "-q", "1"],
        },
        Case {
            topic: "xc/v5/not-json",
            payload: b"{not json",
            publish: &["-V", "5", "-q", "0", "-D", "publish", "user-property", "only", "one"],
            subscribe: &["-V", "5"],
        },
    ]
}

/// Publishes `payload` to `topic` with mosquitto_pub.
fn publish(broker: &Mosquitto, topic: &str, payload: &[u8], args: &[&str]) {
    let payload_source = if payload.is_empty() { "-n" } else { "-s" };
    let mut command = mosquitto_tool(broker, "mosquitto_pub");
    command.args(["-t", topic, payload_source]).args(args);
    let out = crate::support::run(&mut command, payload);
    assert!(out.status.success(), "mosquitto_pub {args:?} failed: {}", out.stderr);
}

fn start_broker_with_cases() -> (Mosquitto, Vec<Case>) {
    let broker = Mosquitto::start();
    let cases = cases();
    for case in &cases {
        let mut args = case.publish.to_vec();
        args.push("-r");
        publish(&broker, case.topic, case.payload, &args);
    }
    (broker, cases)
}

/// Where and how both subscribers run.
struct Setup<'a> {
    port: u16,
    /// `TZ` of both.
    zone: &'a str,
    /// The frozen wall clock (`seconds.nanoseconds`), if any.
    frozen: Option<&'a str>,
}

/// `mosquitto_sub` (`ours` false) or `mqtt sub` (`ours` true) with `args`,
/// under faketime when the setup freezes the clock.
fn subscriber(setup: &Setup, ours: bool, args: &[&str]) -> Command {
    let program = if ours { MQTT } else { "mosquitto_sub" };
    let mut command = match setup.frozen {
        Some(at) => {
            let mut command = Command::new("faketime");
            command
                .args(["-m", "-f", at, program])
                .env("FAKETIME_FMT", "%s")
                .env("FAKETIME_DONT_FAKE_MONOTONIC", "1");
            if ours {
                scrub(&mut command);
            }
            command
        }
        None if ours => mqtt(),
        None => Command::new(program),
    };
    if ours {
        command.arg("sub");
    }
    command
        .args(["-h", "127.0.0.1", "-p", &setup.port.to_string()])
        .args(args)
        .env("TZ", setup.zone);
    command
}

/// Runs both subscribers at once and returns (mosquitto_sub's, ours).
fn run_pair(setup: &Setup, args: &[&str]) -> (Outcome, Outcome) {
    let start = |ours: bool| Background::start(&mut subscriber(setup, ours, args));
    let theirs = start(false);
    let ours = start(true);
    let theirs = theirs.finish();
    let ours = ours.finish();
    assert!(
        theirs.status.success(),
        "mosquitto_sub {args:?} exited with {}: {}",
        theirs.status,
        theirs.stderr
    );
    assert!(
        ours.status.success(),
        "mqtt sub {args:?} exited with {}: {}",
        ours.status,
        ours.stderr
    );
    (theirs, ours)
}

/// [`run_pair`], again while the two printed different expiry values
/// (`expiry` picks them out of the output); see the module doc.
fn run_pair_same_expiry(
    setup: &Setup,
    args: &[&str],
    expiry: impl Fn(&[u8]) -> Option<u32>,
) -> (Outcome, Outcome) {
    let mut pair = run_pair(setup, args);
    for _ in 1..EXPIRY_ATTEMPTS {
        if expiry(&pair.0.stdout) == expiry(&pair.1.stdout) {
            break;
        }
        pair = run_pair(setup, args);
    }
    pair
}

/// The subscription options for `case` and then `args`, receiving one
/// message.
fn case_args<'a>(case: &'a Case, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["-t", case.topic, "-C", "1", "-W", "5"];
    all.extend_from_slice(case.subscribe);
    all.extend_from_slice(args);
    all
}

fn assert_same(context: &str, theirs: &[u8], ours: &[u8]) {
    assert!(
        theirs == ours,
        "{context}\nmosquitto_sub: {}\nmqtt sub:      {}",
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
fn json_expiry(json: &[u8]) -> Option<u32> {
    let json = String::from_utf8_lossy(json);
    let key = "\"message-expiry-interval\":";
    let start = json.find(key)? + key.len();
    let digits: String =
        json[start..].trim_start_matches('\t').chars().take_while(char::is_ascii_digit).collect();
    Some(digits.parse().expect("expiry digits"))
}

/// The `%E` that starts the joined template, if any.
fn template_expiry(out: &[u8]) -> Option<u32> {
    let piece = text(split(out, SEP.as_bytes())[0]);
    (!piece.is_empty()).then(|| piece.parse().expect("%E is a number"))
}

/// Asserts that `printed` (a time one of the programs printed) is the
/// frozen clock, cut to `precision`: proof that faketime took effect.
fn assert_frozen(context: &str, printed: SystemTime, frozen: &str, precision: Duration) {
    let frozen = parse_unix(frozen);
    let cut = |time: SystemTime| {
        let since = time.duration_since(UNIX_EPOCH).expect("after 1970");
        since.as_nanos() / precision.as_nanos()
    };
    assert_eq!(
        cut(printed),
        cut(frozen),
        "{context}: printed {printed:?}, not the frozen {frozen:?}; did faketime take effect?"
    );
}

fn check_templates(port: u16, case: &Case) {
    let setup = Setup { port, zone: "UTC", frozen: None };
    let template = format!("%E{SEP}{}", TEMPLATES.join(SEP));
    let args = case_args(case, &["-F", &template]);
    let (theirs, ours) = run_pair_same_expiry(&setup, &args, template_expiry);
    let their_pieces = split(&theirs.stdout, SEP.as_bytes());
    let our_pieces = split(&ours.stdout, SEP.as_bytes());
    assert_eq!(
        their_pieces.len(),
        our_pieces.len(),
        "{}: {}\nmqtt sub: {}",
        case.topic,
        theirs.stdout.escape_ascii(),
        ours.stdout.escape_ascii()
    );
    let names = std::iter::once("%E").chain(TEMPLATES);
    for ((name, theirs), ours) in names.zip(their_pieces).zip(our_pieces) {
        assert_same(&format!("{} with -F {name:?}", case.topic), theirs, ours);
    }
}

/// Fails, saying how to install it, when faketime is missing.
fn require_faketime() {
    let status = Command::new("faketime")
        .args(["-m", "-f", WINTER, "true"])
        .env("FAKETIME_FMT", "%s")
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .status();
    assert!(
        matches!(status, Ok(status) if status.success()),
        "faketime is needed for the time templates (apt-get install faketime): {status:?}"
    );
}

fn check_time_templates(port: u16, case: &Case, zone: &str, frozen: &str) {
    let setup = Setup { port, zone, frozen: Some(frozen) };
    for (template, pretty) in [("%j", false), ("%J", false), ("%j", true), ("%J", true)] {
        let mut options = vec!["-F", template];
        if pretty {
            options.push("--pretty");
        }
        let args = case_args(case, &options);
        let (theirs, ours) = run_pair_same_expiry(&setup, &args, json_expiry);
        let context =
            format!("{} with -F {template} pretty={pretty} TZ={zone} at {frozen}", case.topic);
        assert_same(&context, &theirs.stdout, &ours.stdout);
        // mosquitto_sub reports a `%J` payload that is not JSON on stderr:
        // ours must report the same, and nothing when there is nothing.
        assert_eq!(ours.stderr, theirs.stderr, "{context}: stderr");
        if theirs.stdout == b"\n" {
            // %J on a payload that is not JSON: only the newline, and an error.
            let error =
                format!("Error: Message payload is not valid JSON on topic {}.\n", case.topic);
            assert_eq!(theirs.stderr, error, "{context}");
            continue;
        }
        for (who, out) in [("mosquitto_sub", &theirs), ("mqtt sub", &ours)] {
            let at = json_time(text(&out.stdout));
            assert_frozen(&format!("{context}: {who}"), at, frozen, Duration::from_micros(1));
        }
    }

    let args = case_args(case, &["-F", "%U"]);
    let (theirs, ours) = run_pair(&setup, &args);
    let context = format!("{} with %U at {frozen}", case.topic);
    assert_same(&context, &theirs.stdout, &ours.stdout);
    for (who, out) in [("mosquitto_sub", &theirs), ("mqtt sub", &ours)] {
        let at = parse_unix(text(&out.stdout).trim_end());
        assert_frozen(&format!("{context}: {who}"), at, frozen, Duration::from_nanos(1));
    }

    let args = case_args(case, &["-F", "%I|%-30I|%28.10I"]);
    let (theirs, ours) = run_pair(&setup, &args);
    let context = format!("{} with %I TZ={zone} at {frozen}", case.topic);
    assert_same(&context, &theirs.stdout, &ours.stdout);
    for (who, out) in [("mosquitto_sub", &theirs), ("mqtt sub", &ours)] {
        let iso = text(&out.stdout);
        let at = parse_local(&iso[..19], &iso[19..24]);
        assert_frozen(&format!("{context}: {who}"), at, frozen, Duration::from_secs(1));
    }

    let args = case_args(case, &["-F", TIME_TEMPLATE]);
    let (theirs, ours) = run_pair(&setup, &args);
    let context = format!("{} with -F {TIME_TEMPLATE} TZ={zone} at {frozen}", case.topic);
    assert_same(&context, &theirs.stdout, &ours.stdout);
    for (who, out) in [("mosquitto_sub", &theirs), ("mqtt sub", &ours)] {
        let prefix = text(&out.stdout).split('|').next().expect("@s.@N");
        assert_frozen(
            &format!("{context}: {who}"),
            parse_unix(prefix),
            frozen,
            Duration::from_nanos(1),
        );
    }
}

/// mosquitto_sub's options for the default styles (ours takes the same).
const DEFAULT_STYLES: [&[&str]; 4] = [&[], &["-v"], &["-N"], &["-v", "-N"]];

#[test]
fn templates_without_time_match_mosquitto_sub() {
    let (broker, cases) = start_broker_with_cases();
    for case in &cases {
        check_templates(broker.port(), case);
    }
}

#[test]
fn time_and_json_templates_match_mosquitto_sub() {
    require_faketime();
    let (broker, cases) = start_broker_with_cases();
    for case in &cases {
        check_time_templates(broker.port(), case, "America/St_Johns", WINTER);
    }
    for zone in ["Asia/Kolkata", "UTC", "Europe/Berlin", "America/St_Johns"] {
        check_time_templates(broker.port(), &cases[2], zone, SUMMER);
    }
}

#[test]
fn default_styles_match_mosquitto_sub() {
    let (broker, cases) = start_broker_with_cases();
    let setup = Setup { port: broker.port(), zone: "UTC", frozen: None };
    for case in &cases {
        for args in DEFAULT_STYLES {
            let (theirs, ours) = run_pair(&setup, &case_args(case, args));
            assert_same(&format!("{} with {args:?}", case.topic), &theirs.stdout, &ours.stdout);
        }
    }
}

/// An empty payload cannot be retained, so this message is delivered live:
/// both subscribers first get a retained sync message, and once the broker
/// has acknowledged both subscriptions the empty message is published.
#[test]
fn live_empty_payload_matches_mosquitto_sub() {
    let broker = Mosquitto::start();
    publish(&broker, "xc/live/sync", b"sync", &["-V", "5", "-r"]);
    let setup = Setup { port: broker.port(), zone: "UTC", frozen: None };
    let template = TEMPLATES.join(SEP);
    let mut styles: Vec<Vec<&str>> = vec![vec!["-F", &template]];
    styles.extend(DEFAULT_STYLES.map(<[&str]>::to_vec));
    for (index, style) in styles.iter().enumerate() {
        let ids = [format!("xc-theirs-{index}"), format!("xc-ours-{index}")];
        let start = |ours: bool| {
            let id = &ids[usize::from(ours)];
            let mut args = vec!["-V", "5", "-q", "1", "-C", "2", "-W", "30", "-i", id];
            args.extend(["-t", "xc/live/sync", "-t", "xc/live/empty"]);
            args.extend(style);
            Background::start(&mut subscriber(&setup, ours, &args))
        };
        let theirs = start(false);
        let ours = start(true);
        for id in &ids {
            wait_subscribed(&broker, id);
        }
        publish(
            &broker,
            "xc/live/empty",
            b"",
            &["-V", "5", "-q", "1", "-D", "publish", "user-property", "empty", ""],
        );
        let theirs = theirs.finish();
        let ours = ours.finish();
        assert!(theirs.status.success(), "mosquitto_sub {style:?}: {}", theirs.stderr);
        assert!(ours.status.success(), "mqtt sub {style:?}: {}", ours.stderr);
        assert_same(
            &format!("sync and live empty message with {style:?}"),
            &theirs.stdout,
            &ours.stdout,
        );
    }
}
