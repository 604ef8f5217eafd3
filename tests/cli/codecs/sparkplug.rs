//! Sparkplug B against Eclipse Tahu's JavaScript library
//! (`tests/sparkplug-js/vectors.js`): an NBIRTH with an alias for every
//! data type the reference encodes, then an NDATA by alias only, decode to
//! the names and values the reference reads back; what `mqtt pub --encode
//! sparkplug` sends, the reference reads; a decoded capture, edited, replays
//! through `mqtt pub --json-lines --encode sparkplug`.

use std::collections::HashMap;

use mqtt_test_support::Mosquitto;
use serde_json::{json, Value};

use super::{json_lines, mosquitto_pub_file, mqtt_sub, node_vectors, raw_capture};
use crate::support::pubsub::mqtt_at;
use crate::support::run;

/// Whether `ours` shows what the reference decoder read. Objects are
/// compared by the reference's members; a member we leave out must be one
/// the reference filled in with the protobuf default (it reads absent
/// proto2 fields as `false`, `""` or 0). The reference prints 64-bit
/// values as decimal strings; ours are JSON numbers.
fn same(ours: &Value, reference: &Value, at: &str) -> Result<(), String> {
    let differ = || Err(format!("{at}: ours {ours}, reference {reference}"));
    match (ours, reference) {
        (Value::Object(ours), Value::Object(reference)) => {
            for (key, expected) in reference {
                let at = format!("{at}.{key}");
                match ours.get(key) {
                    Some(value) => same(value, expected, &at)?,
                    None if [json!(false), json!(""), json!("0"), json!(0), Value::Null]
                        .contains(expected) => {}
                    None => return Err(format!("{at}: missing, reference {expected}")),
                }
            }
            Ok(())
        }
        (Value::Array(ours), Value::Array(reference)) if ours.len() == reference.len() => {
            ours.iter().zip(reference).enumerate().try_for_each(|(index, (ours, reference))| {
                same(ours, reference, &format!("{at}[{index}]"))
            })
        }
        (Value::Number(number), Value::String(text)) if number.to_string() == *text => Ok(()),
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        _ if ours == reference => Ok(()),
        _ => differ(),
    }
}

/// Publishes the reference's NBIRTH then NDATA of edge node `plant/edge1`.
fn publish_vectors(broker: &Mosquitto, dir: &std::path::Path) {
    mosquitto_pub_file(broker, "spBv1.0/plant/NBIRTH/edge1", &dir.join("nbirth.bin"));
    mosquitto_pub_file(broker, "spBv1.0/plant/NDATA/edge1", &dir.join("ndata.bin"));
}

#[test]
fn tahu_births_and_data_by_alias_decode_to_the_reference_values() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let reference = node_vectors(&["write", dir.path().to_str().unwrap()]);
    let sub = mqtt_sub(
        &broker,
        "spb",
        &["-t", "spBv1.0/#", "--decode", "spBv1.0/#=sparkplug", "--json", "-C", "2"],
    );
    publish_vectors(&broker, dir.path());
    let out = sub.finish().expect_code(0);
    assert!(!out.stderr.contains("alias") && !out.stderr.contains("seq"), "{}", out.stderr);
    let lines = json_lines(&out.stdout);
    let (birth, data) = (&lines[0]["decoded"], &lines[1]["decoded"]);
    same(birth, &reference["birth"], "NBIRTH").unwrap();
    same(data, &reference["data"], "NDATA").unwrap();

    // The NDATA carries aliases only; every one is named as the NBIRTH named it.
    let names: HashMap<u64, &str> = reference["birth"]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|metric| {
            (metric["alias"].as_str().unwrap().parse().unwrap(), metric["name"].as_str().unwrap())
        })
        .collect();
    let metrics = data["metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 20);
    for (metric, sent) in metrics.iter().zip(reference["data"]["metrics"].as_array().unwrap()) {
        assert!(sent.get("name").is_none(), "the reference NDATA names {sent}");
        let alias = metric["alias"].as_u64().unwrap();
        assert_eq!(metric["name"], names[&alias], "{metric}");
    }
}

#[test]
fn data_without_a_birth_warns_about_unknown_aliases_and_sequence_gaps() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    node_vectors(&["write", dir.path().to_str().unwrap()]);
    let sub = mqtt_sub(
        &broker,
        "gap",
        &["-t", "spBv1.0/#", "--decode", "sparkplug", "--json", "-C", "2"],
    );
    let data = dir.path().join("ndata.bin");
    // The same NDATA (seq 1) twice: the second should have been seq 2.
    mosquitto_pub_file(&broker, "spBv1.0/plant/NDATA/edge1", &data);
    mosquitto_pub_file(&broker, "spBv1.0/plant/NDATA/edge1", &data);
    let out = sub.finish().expect_code(0);
    assert!(out.stderr.contains("unknown metric alias 2, 3,"), "{}", out.stderr);
    assert!(out.stderr.contains("seq gap for plant/edge1: expected 2, got 1"), "{}", out.stderr);
    // The messages are still printed, aliases unresolved.
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert!(lines[1]["decoded"]["metrics"][0].get("name").is_none(), "{}", lines[1]);
}

#[test]
fn pub_encode_sparkplug_is_read_by_the_reference_decoder() {
    let broker = Mosquitto::start();
    let input = json!({"metrics": [
        {"name": "a", "alias": 4, "type": "Int16", "value": -5},
        {"name": "b", "type": "Double", "value": 2.5, "properties": {"engUnit": {"type": "String", "value": "m"}}},
        {"name": "c", "type": "String", "value": "x"},
        {"name": "d", "type": "Boolean", "value": null},
        {"name": "e", "type": "DataSet", "value": {"numOfColumns": 2, "columns": ["k", "v"],
            "types": ["String", "Double"], "rows": [["p", 1.5], ["q", -2.0]]}},
    ]});
    let capture = raw_capture(&broker, "raw", "spBv1.0/plant/DDATA/edge1/pump");
    run(
        mqtt_at(&broker, "pub").args([
            "-t",
            "spBv1.0/plant/DDATA/edge1/pump",
            "--encode",
            "sparkplug",
            "-m",
            &input.to_string(),
        ]),
        b"",
    )
    .expect_code(0);
    let sent = capture.finish().expect_code(0).stdout;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sent.bin");
    std::fs::write(&file, sent).unwrap();
    let read = node_vectors(&["decode", file.to_str().unwrap()]);
    // seq and timestamp were filled in.
    assert_eq!(read["seq"], "0", "{read}");
    let timestamp: u64 = read["timestamp"].as_str().unwrap().parse().unwrap();
    assert!(timestamp > 1_700_000_000_000, "{read}");
    same(&input["metrics"], &read["metrics"], "metrics").unwrap();
}

#[test]
fn a_decoded_capture_edited_as_json_replays_through_pub_json_lines() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    node_vectors(&["write", dir.path().to_str().unwrap()]);
    let args = ["-t", "spBv1.0/#", "--decode", "sparkplug", "--json", "-C", "2"];
    let first = mqtt_sub(&broker, "first", &args);
    publish_vectors(&broker, dir.path());
    let captured = json_lines(&first.finish().expect_code(0).stdout);

    // Edit the NDATA's Double (alias 11) and drop the lossless payload.
    let mut edited = captured.clone();
    let metric = edited[1]["decoded"]["metrics"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|metric| metric["alias"] == 11)
        .unwrap();
    metric["value"] = json!(99.5);
    edited[1].as_object_mut().unwrap().remove("payload");
    let input: String = edited.iter().map(|line| format!("{line}\n")).collect();

    let second = mqtt_sub(&broker, "second", &args);
    run(mqtt_at(&broker, "pub").args(["--json-lines", "--encode", "sparkplug"]), input.as_bytes())
        .expect_code(0);
    let replayed = json_lines(&second.finish().expect_code(0).stdout);
    assert_eq!(replayed[0]["decoded"], captured[0]["decoded"]);
    assert_eq!(replayed[1]["decoded"], edited[1]["decoded"]);
    assert_ne!(replayed[1]["decoded"], captured[1]["decoded"]);
}
