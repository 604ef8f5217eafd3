use serde_json::{json, Value};

use super::*;

fn round_trip(value: Value) {
    let bytes = encode(&value).unwrap();
    assert_eq!(decode(&bytes).unwrap(), value);
}

#[test]
fn every_scalar_type_round_trips() {
    round_trip(json!({
        "timestamp": 1_700_000_000_000_u64,
        "seq": 4,
        "uuid": "u-1",
        "body": "AAEC",
        "metrics": [
            {"name": "i8", "alias": 1, "type": "Int8", "value": -8},
            {"name": "i16", "type": "Int16", "value": -1600},
            {"name": "i32", "type": "Int32", "value": i32::MIN},
            {"name": "i64", "type": "Int64", "value": i64::MIN},
            {"name": "u8", "type": "UInt8", "value": 255},
            {"name": "u16", "type": "UInt16", "value": 65535},
            {"name": "u32", "type": "UInt32", "value": u32::MAX},
            {"name": "u64", "type": "UInt64", "value": u64::MAX},
            {"name": "f", "type": "Float", "value": 1.5},
            {"name": "d", "type": "Double", "value": -2.25e-10},
            {"name": "b", "type": "Boolean", "value": true},
            {"name": "s", "type": "String", "value": "hé"},
            {"name": "t", "type": "DateTime", "value": 1_700_000_000_123_u64, "timestamp": 5},
            {"name": "x", "type": "Text", "value": "long"},
            {"name": "id", "type": "UUID", "value": "6f1c"},
            {"name": "by", "type": "Bytes", "value": "3q2+7w=="},
            {"name": "fi", "type": "File", "value": "AA==", "metadata": {"fileName": "a.bin", "size": 1, "md5": "x"}},
            {"name": "n", "type": "Int32", "value": null, "isHistorical": true, "isTransient": false},
            {"name": "arr", "type": "BooleanArray", "value": [true, false, true]},
            {"name": "sa", "type": "StringArray", "value": ["a", "b"]},
        ]
    }));
}

#[test]
fn data_sets_templates_and_property_sets_round_trip() {
    round_trip(json!({"metrics": [
        {"name": "table", "type": "DataSet", "value": {
            "numOfColumns": 3, "columns": ["a", "b", "c"], "types": ["Int32", "String", "Double"],
            "rows": [[-1, "x", 0.5], [2, "y", 1.5]]}},
        {"name": "motor", "type": "Template", "value": {
            "version": "v1", "templateRef": "Motor", "isDefinition": false,
            "metrics": [{"name": "rpm", "type": "UInt32", "value": 1200}],
            "parameters": [{"name": "max", "type": "Int32", "value": -5}]}},
        {"name": "p", "type": "Int32", "value": 1, "properties": {
            "engUnit": {"type": "String", "value": "C"},
            "nested": {"type": "PropertySet", "value": {"k": {"type": "Boolean", "value": true}}},
            "list": {"type": "PropertySetList", "value": [{"q": {"type": "Int64", "value": -3}}]},
            "none": {"type": "Double", "value": null}}},
    ]}));
}

#[test]
fn a_bad_payload_names_its_byte() {
    let mut bytes =
        encode(&json!({"metrics": [{"name": "a", "type": "String", "value": "abcdef"}]})).unwrap();
    bytes.truncate(bytes.len() - 2);
    let err = decode(&bytes).unwrap_err();
    // The cut metric is the first field.
    assert_eq!(err.offset, 0, "{err}");
    assert!(err.message.starts_with("field 2"), "{err}");
    let err = decode(&[0x08, 0x01, 0xff]).unwrap_err();
    assert_eq!(err.offset, 2, "{err}");
}

#[test]
fn encoding_refuses_unknown_members_and_bad_values_naming_where() {
    let err =
        encode(&json!({"metrics": [{"name": "a", "type": "Int8", "value": 300}]})).unwrap_err();
    assert_eq!(err.path, "$.metrics[0].value", "{err}");
    let err = encode(&json!({"metricz": []})).unwrap_err();
    assert!(err.message.contains("metricz"), "{err}");
    let err = encode(&json!({"metrics": [{"name": "a", "value": 1}]})).unwrap_err();
    assert!(err.message.contains("type"), "{err}");
}

fn message(value: Value) -> schema::Payload {
    message_from_json(&value).unwrap()
}

#[test]
fn the_tracker_resolves_aliases_and_warns_about_gaps() {
    let mut tracker = Tracker::new();
    let node = |kind| Topic::Message { group: "g", kind, edge: "e", device: None };
    let device = |kind| Topic::Message { group: "g", kind, edge: "e", device: Some("d") };
    let mut birth = message(json!({"seq": 0, "metrics": [
        {"name": "bdSeq", "type": "UInt64", "value": 7},
        {"name": "Temp", "alias": 1, "type": "Int8", "value": -1}]}));
    assert!(tracker.observe(&node(MessageType::NBirth), &mut birth).is_empty());
    let mut dbirth = message(
        json!({"seq": 1, "metrics": [{"name": "Speed", "alias": 2, "type": "Float", "value": 0.5}]}),
    );
    assert!(tracker.observe(&device(MessageType::DBirth), &mut dbirth).is_empty());

    // Int8 -3 sent by alias only, with no datatype: the BIRTH supplies both.
    let mut data = schema::Payload {
        seq: Some(2),
        metrics: vec![schema::Metric {
            alias: Some(1),
            value: Some(schema::MetricValue::IntValue(-3_i32 as u32)),
            ..Default::default()
        }],
        ..Default::default()
    };
    assert!(tracker.observe(&node(MessageType::NData), &mut data).is_empty());
    let shown = json::payload(&data);
    assert_eq!(shown["metrics"][0]["name"], "Temp");
    assert_eq!(shown["metrics"][0]["type"], "Int8");
    assert_eq!(shown["metrics"][0]["value"], -3);

    let mut gap = message(json!({"seq": 5, "metrics": [{"alias": 2}, {"alias": 9}]}));
    let warnings = tracker.observe(&device(MessageType::DData), &mut gap);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("expected 3, got 5"), "{warnings:?}");
    assert!(warnings[1].contains("alias 9") && warnings[1].contains("DBIRTH"), "{warnings:?}");
    assert_eq!(gap.metrics[0].name.as_deref(), Some("Speed"));

    let mut death = message(json!({"metrics": [{"name": "bdSeq", "type": "UInt64", "value": 8}]}));
    let warnings = tracker.observe(&node(MessageType::NDeath), &mut death);
    assert!(warnings[0].contains("NDEATH has 8, NBIRTH had 7"), "{warnings:?}");
}

#[test]
fn seq_wraps_at_256() {
    let mut tracker = Tracker::new();
    let topic = Topic::Message { group: "g", kind: MessageType::NData, edge: "e", device: None };
    let mut first = message(json!({"seq": 255}));
    tracker.observe(&topic, &mut first);
    let mut next = message(json!({"seq": 0}));
    assert!(tracker.observe(&topic, &mut next).is_empty());
}
