//! `mqtt inspect --decode` on malformed input: the error names the
//! absolute byte offset and the field, in text (stderr) and JSON (stdout),
//! packets before the bad one are still printed, and nothing panics.

use std::process::Output;

use serde_json::Value;

use crate::support;

fn mqtt(args: &[&str]) -> Output {
    support::mqtt().args(args).output().expect("run mqtt")
}

struct Case {
    name: &'static str,
    hex: &'static str,
    version: &'static str,
    offset: usize,
    field: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "reserved packet type 0",
        hex: "00 00",
        version: "5",
        offset: 0,
        field: "packet type",
    },
    Case {
        name: "AUTH before MQTT 5",
        hex: "f0 00",
        version: "311",
        offset: 0,
        field: "packet type",
    },
    Case {
        name: "PINGREQ with flags",
        hex: "c1 00",
        version: "311",
        offset: 0,
        field: "fixed header flags",
    },
    Case {
        name: "PUBLISH QoS 3",
        hex: "36 03 00 01 61",
        version: "311",
        offset: 0,
        field: "PUBLISH QoS",
    },
    Case {
        name: "5-byte remaining length",
        hex: "30 ff ff ff ff 01",
        version: "311",
        offset: 1,
        field: "remaining length",
    },
    Case {
        name: "non-minimal remaining length",
        hex: "c0 80 00",
        version: "311",
        offset: 1,
        field: "remaining length",
    },
    Case {
        name: "input ends inside the remaining length",
        hex: "30 80",
        version: "311",
        offset: 2,
        field: "remaining length",
    },
    Case {
        name: "second packet cut short",
        hex: "c0 00 30 05 00",
        version: "311",
        offset: 5,
        field: "end of input",
    },
    Case {
        name: "zero packet id after a PINGREQ",
        hex: "c0 00 40 02 00 00",
        version: "311",
        offset: 4,
        field: "packet identifier",
    },
    Case {
        name: "PUBACK with extra bytes in 3.1.1",
        hex: "40 03 00 01 00",
        version: "311",
        offset: 4,
        field: "end of packet",
    },
    Case {
        name: "topic longer than the packet",
        hex: "30 03 00 05 61",
        version: "311",
        offset: 2,
        field: "topic name",
    },
    Case {
        name: "invalid UTF-8 in the topic",
        hex: "30 04 00 02 61 ff",
        version: "311",
        offset: 5,
        field: "topic name",
    },
    Case {
        name: "wildcard in a topic name",
        hex: "30 05 00 03 61 2f 23",
        version: "311",
        offset: 6,
        field: "topic name",
    },
    Case {
        name: "null character in a filter",
        hex: "82 08 00 01 00 03 61 00 62 00",
        version: "311",
        offset: 7,
        field: "topic filter",
    },
    Case {
        name: "unknown property",
        hex: "30 06 00 01 61 02 7f 00",
        version: "5",
        offset: 6,
        field: "property identifier",
    },
    Case {
        name: "duplicate property",
        hex: "30 08 00 01 61 04 01 01 01 01",
        version: "5",
        offset: 8,
        field: "Payload Format Indicator",
    },
    Case {
        name: "property not allowed",
        hex: "30 09 00 01 61 05 11 00 00 00 01",
        version: "5",
        offset: 6,
        field: "Session Expiry Interval",
    },
    Case {
        name: "receive maximum 0",
        hex: "20 06 00 00 03 21 00 00",
        version: "5",
        offset: 5,
        field: "Receive Maximum",
    },
    Case {
        name: "unknown protocol",
        hex: "10 0c 00 04 4d 51 54 58 04 02 00 3c 00 00",
        version: "5",
        offset: 2,
        field: "protocol name and level",
    },
    Case {
        name: "reserved connect flag",
        hex: "10 0c 00 04 4d 51 54 54 04 03 00 3c 00 00",
        version: "5",
        offset: 9,
        field: "connect flags",
    },
    Case {
        name: "bad CONNACK return code",
        hex: "20 02 00 06",
        version: "311",
        offset: 3,
        field: "reason code",
    },
    Case {
        name: "SUBSCRIBE without filters",
        hex: "82 02 00 01",
        version: "311",
        offset: 4,
        field: "payload",
    },
    Case {
        name: "subscription options QoS 3",
        hex: "82 06 00 01 00 01 61 03",
        version: "311",
        offset: 7,
        field: "subscription options",
    },
];

#[test]
fn malformed_input_is_located_in_json() {
    for case in CASES {
        let out = mqtt(&["inspect", "--json", "-V", case.version, "--decode", case.hex]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {}",
            case.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|err| panic!("{}: {err}", case.name));
        let error = &doc["error"];
        assert_eq!(error["offset"], case.offset, "{}: {error}", case.name);
        let field = error["field"].as_str().unwrap();
        assert!(
            field.contains(case.field),
            "{}: field {field:?}, wanted {:?}",
            case.name,
            case.field
        );
        let reason = error["reason"].as_str().unwrap();
        assert!(!reason.is_empty(), "{}", case.name);
        // Packets before the bad one are still there.
        let before = error["packet_index"].as_u64().unwrap() as usize - 1;
        assert_eq!(doc["packets"].as_array().unwrap().len(), before, "{}", case.name);
    }
}

#[test]
fn malformed_input_is_located_on_stderr() {
    for case in CASES {
        let out = mqtt(&["inspect", "-V", case.version, "--decode", case.hex]);
        assert_eq!(out.status.code(), Some(1), "{}", case.name);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let wanted = format!("malformed input at byte {}:", case.offset);
        assert!(stderr.contains(&wanted), "{}: {stderr}", case.name);
        assert!(stderr.contains(case.field), "{}: {stderr}", case.name);
        assert_eq!(stderr.lines().count(), 1, "{}: one line on stderr: {stderr}", case.name);
    }
}

#[test]
fn packets_before_the_error_are_printed_as_text() {
    let out = mqtt(&["inspect", "-V", "311", "--decode", "c0 00 d0 00 40 02 00 00"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("packet 1: PINGREQ at bytes 0..2"), "{text}");
    assert!(text.contains("packet 2: PINGRESP at bytes 2..4"), "{text}");
    assert!(!text.contains("packet 3"), "{text}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("PUBACK (packet 3, starting at byte 4)"), "{stderr}");
}
