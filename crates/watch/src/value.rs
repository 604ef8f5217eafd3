//! The number a payload carries, for charts: a plain number (`21.5`), a
//! number with a unit (`20.5 °C`, `87%`), or a JSON field picked by a path.
//!
//! Policy:
//! * Without a path, only short payloads (at most [`MAX_TEXT`] bytes) are
//!   read, and only as a number optionally followed by a unit of letters,
//!   symbols and no digits; anything else has no value. Nothing allocates.
//! * A path is a list of fields separated by `.`: an object key, an array
//!   index, or, in an array of objects, the element whose `name` is the
//!   segment (so `metrics.Temp.value` reads a Sparkplug metric by name).
//!   The field must be a number, a numeric string or a boolean (0 or 1).

use serde_json::Value;

/// The longest payload read as text for a number.
pub const MAX_TEXT: usize = 64;

/// The longest unit after a number.
const MAX_UNIT: usize = 12;

/// Where a payload's value is read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValuePath {
    fields: Vec<String>,
}

impl ValuePath {
    /// Parses `a.b.0.c`; `None` for an empty path or an empty field.
    pub fn parse(text: &str) -> Option<ValuePath> {
        let fields: Vec<String> = text.split('.').map(str::to_owned).collect();
        if text.is_empty() || fields.iter().any(String::is_empty) {
            return None;
        }
        Some(ValuePath { fields })
    }

    /// The path as it was written.
    pub fn to_text(&self) -> String {
        self.fields.join(".")
    }

    /// The field of an already decoded value.
    pub fn read(&self, value: &Value) -> Option<f64> {
        let mut at = value;
        for field in &self.fields {
            at = match at {
                Value::Object(map) => map.get(field)?,
                Value::Array(items) => match field.parse::<usize>() {
                    Ok(index) => items.get(index)?,
                    Err(_) => items
                        .iter()
                        .find(|item| item.get("name") == Some(&Value::from(field.as_str())))?,
                },
                _ => return None,
            };
        }
        number_of(at)
    }

    /// The field of a JSON payload.
    pub fn read_payload(&self, payload: &[u8]) -> Option<f64> {
        let value: Value = serde_json::from_slice(payload).ok()?;
        self.read(&value)
    }
}

/// A JSON value as a number: numbers, numeric strings (with a unit too),
/// booleans.
fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text_number(text.as_bytes()),
        Value::Bool(flag) => Some(f64::from(u8::from(*flag))),
        _ => None,
    }
}

/// A short payload's number: `21.5`, ` -3e2 `, `20.5 °C`, `87%`.
pub fn text_number(payload: &[u8]) -> Option<f64> {
    if payload.len() > MAX_TEXT {
        return None;
    }
    let text = std::str::from_utf8(payload).ok()?.trim();
    let end = number_end(text.as_bytes());
    if end == 0 {
        return None;
    }
    let unit = text[end..].trim_start();
    let unit_ok = unit.chars().count() <= MAX_UNIT
        && unit.chars().all(|c| !c.is_ascii_digit() && !c.is_whitespace() && !c.is_control());
    if !unit_ok {
        return None;
    }
    text[..end].parse::<f64>().ok().filter(|value| value.is_finite())
}

/// Where a leading decimal number ends (0 when there is none).
fn number_end(bytes: &[u8]) -> usize {
    let mut at = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        at += 1;
    }
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let whole = digits(at);
    at += whole;
    let mut fraction = 0;
    if bytes.get(at) == Some(&b'.') {
        fraction = digits(at + 1);
        if whole + fraction > 0 {
            at += 1 + fraction;
        }
    }
    if whole + fraction == 0 {
        return 0;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        let mut exp = at + 1;
        if matches!(bytes.get(exp), Some(b'+' | b'-')) {
            exp += 1;
        }
        let exp_digits = digits(exp);
        if exp_digits > 0 {
            at = exp + exp_digits;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_numbers_and_numbers_with_units() {
        assert_eq!(text_number(b"21.5"), Some(21.5));
        assert_eq!(text_number(b" -3e2\n"), Some(-300.0));
        assert_eq!(text_number(b"20.5 \xc2\xb0C"), Some(20.5));
        assert_eq!(text_number(b"87%"), Some(87.0));
        assert_eq!(text_number(b".5"), Some(0.5));
        assert_eq!(text_number(b"3.kWh"), Some(3.0));
        for not in [&b""[..], b"-", b".", b"abc", b"12 34", b"1.2.3", b"{\"a\":1}", b"NaN", b"inf"]
        {
            assert_eq!(text_number(not), None, "{:?}", String::from_utf8_lossy(not));
        }
        assert_eq!(text_number(&[b'1'; MAX_TEXT + 1]), None, "long payloads are not read");
        assert_eq!(text_number(b"\xff1"), None);
    }

    #[test]
    fn json_fields_by_key_index_and_name() {
        let path = ValuePath::parse("sensor.temp").unwrap();
        assert_eq!(path.read_payload(br#"{"sensor":{"temp":19.25}}"#), Some(19.25));
        assert_eq!(path.read_payload(br#"{"sensor":{"temp":"19.5 C"}}"#), Some(19.5));
        assert_eq!(path.read_payload(br#"{"sensor":{}}"#), None);
        assert_eq!(path.read_payload(b"19"), None);
        let index = ValuePath::parse("list.1").unwrap();
        assert_eq!(index.read(&json!({"list": [1, 2.5]})), Some(2.5));
        let by_name = ValuePath::parse("metrics.Temp.value").unwrap();
        let sparkplug =
            json!({"metrics": [{"name": "Other", "value": 1}, {"name": "Temp", "value": 22.5}]});
        assert_eq!(by_name.read(&sparkplug), Some(22.5));
        assert_eq!(ValuePath::parse("on").unwrap().read(&json!({"on": true})), Some(1.0));
        assert_eq!(by_name.to_text(), "metrics.Temp.value");
        assert!(ValuePath::parse("").is_none());
        assert!(ValuePath::parse("a..b").is_none());
    }
}
