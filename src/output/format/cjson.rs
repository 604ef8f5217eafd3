//! JSON as mosquitto_sub 2.0.11 writes it through cJSON 1.7.15 (Debian's
//! build, which has the CVE-2023-26819 fix: numbers of any length).
//!
//! This exists only to be byte-identical with `%j`/`%J`; the lossless JSON of
//! `mqtt sub --json` lives in `output::json`. cJSON's ways that matter here:
//! strings are C strings (everything after a NUL is dropped) and are printed
//! byte for byte, only `"`, `\` and bytes below 0x20 being escaped (`\u00xx`
//! in lowercase); numbers are doubles printed with `%1.15g`, or `%1.17g` when
//! that does not read back; NaN and infinities print `null`; duplicate keys
//! stay. `%J` re-prints a parsed payload, so the parser follows cJSON too:
//! bytes 1–32 are whitespace, a leading UTF-8 BOM is skipped, numbers are
//! whatever `strtod` reads (`01`, `1.`, `-.5`), a bad `\uXXXX` digit reads as
//! zero, and nesting deeper than 1000 fails.

/// A cJSON value. Strings and keys are bytes, printed up to the first NUL.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    False,
    True,
    Number(f64),
    String(Vec<u8>),
    Array(Vec<Value>),
    Object(Vec<(Vec<u8>, Value)>),
}

/// cJSON's `CJSON_NESTING_LIMIT`.
const NESTING_LIMIT: usize = 1000;

impl Value {
    /// A string made from a C string: the bytes before the first NUL.
    pub fn c_string(bytes: &[u8]) -> Value {
        Value::String(until_nul(bytes).to_vec())
    }
}

/// The bytes of a C string: everything before the first NUL.
pub fn until_nul(bytes: &[u8]) -> &[u8] {
    bytes.iter().position(|&b| b == 0).map_or(bytes, |end| &bytes[..end])
}

/// Parses a payload the way mosquitto's `%J` does (`cJSON_ParseWithOpts`
/// requiring the whole NUL-terminated payload to be one value).
pub fn parse(text: &[u8]) -> Option<Value> {
    if text.contains(&0) {
        // cJSON stops at the NUL, so the parse cannot end at the payload's end.
        return None;
    }
    let mut parser = Parser { text, pos: 0, depth: 0 };
    if text.len() >= 4 && text.starts_with(b"\xEF\xBB\xBF") {
        parser.pos = 3;
    }
    parser.skip_whitespace();
    let value = parser.value()?;
    parser.skip_whitespace();
    (parser.pos == text.len()).then_some(value)
}

struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(1..=32)) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Option<Value> {
        let rest = &self.text[self.pos..];
        for (word, value) in
            [(&b"null"[..], Value::Null), (b"false", Value::False), (b"true", Value::True)]
        {
            if rest.starts_with(word) {
                self.pos += word.len();
                return Some(value);
            }
        }
        match self.peek()? {
            b'"' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' => self.nested(Parser::array),
            b'{' => self.nested(Parser::object),
            _ => None,
        }
    }

    fn nested(&mut self, parse: fn(&mut Self) -> Option<Value>) -> Option<Value> {
        if self.depth >= NESTING_LIMIT {
            return None;
        }
        self.depth += 1;
        let value = parse(self)?;
        self.depth -= 1;
        Some(value)
    }

    fn number(&mut self) -> Option<Value> {
        let run = self.text[self.pos..]
            .iter()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'e' | b'E' | b'.'))
            .count();
        let digits = &self.text[self.pos..self.pos + run];
        // strtod must consume the whole run: what it leaves is never valid JSON.
        if strtod_length(digits) != run {
            return None;
        }
        self.pos += run;
        let text = std::str::from_utf8(digits).ok()?;
        text.parse::<f64>().ok().map(Value::Number)
    }

    fn array(&mut self) -> Option<Value> {
        self.pos += 1; // '['
        self.skip_whitespace();
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Some(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(Value::Array(items));
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self) -> Option<Value> {
        self.pos += 1; // '{'
        self.skip_whitespace();
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Some(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            self.skip_whitespace();
            members.push((key, self.value()?));
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(Value::Object(members));
                }
                _ => return None,
            }
        }
    }

    /// A string literal starting at `"`; the result may hold NULs from `\u0000`.
    fn string(&mut self) -> Option<Vec<u8>> {
        let start = self.pos + 1;
        let mut end = start;
        while *self.text.get(end)? != b'"' {
            end += if self.text[end] == b'\\' { 2 } else { 1 };
        }
        let literal = &self.text[start..end];
        let mut out = Vec::with_capacity(literal.len());
        let mut i = 0;
        while i < literal.len() {
            if literal[i] != b'\\' {
                out.push(literal[i]);
                i += 1;
                continue;
            }
            let byte = match literal[i + 1] {
                b'b' => 0x08,
                b'f' => 0x0c,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'"' | b'\\' | b'/' => literal[i + 1],
                b'u' => {
                    i += utf16_literal(&literal[i..], &mut out)?;
                    continue;
                }
                _ => return None,
            };
            out.push(byte);
            i += 2;
        }
        self.pos = end + 1;
        Some(out)
    }
}

/// How many bytes of `text` C's `strtod` reads as a decimal number (0: none).
fn strtod_length(text: &[u8]) -> usize {
    let digits_from =
        |i: usize| text[i.min(text.len())..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut i = usize::from(matches!(text.first(), Some(b'+' | b'-')));
    let whole = digits_from(i);
    i += whole;
    let mut fraction = 0;
    if text.get(i) == Some(&b'.') {
        fraction = digits_from(i + 1);
        if whole + fraction > 0 {
            i += 1 + fraction;
        }
    }
    if whole + fraction == 0 {
        return 0;
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(text.get(i + 1), Some(b'+' | b'-')));
        let exponent = digits_from(i + 1 + sign);
        if exponent > 0 {
            i += 1 + sign + exponent;
        }
    }
    i
}

/// Decodes `\uXXXX` (or a surrogate pair) at the start of `literal` into
/// UTF-8; returns how many bytes it used.
fn utf16_literal(literal: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    if literal.len() < 6 {
        return None;
    }
    let first = hex4(&literal[2..6]);
    let (code_point, used) = match first {
        0xDC00..=0xDFFF => return None,
        0xD800..=0xDBFF => {
            let second = literal.get(6..12)?;
            if !second.starts_with(b"\\u") {
                return None;
            }
            let low = hex4(&second[2..6]);
            if !(0xDC00..=0xDFFF).contains(&low) {
                return None;
            }
            (0x10000 + (((first & 0x3FF) << 10) | (low & 0x3FF)), 12)
        }
        _ => (first, 6),
    };
    let mut buffer = [0u8; 4];
    // Every value here is a scalar value: surrogates were handled above.
    let encoded = char::from_u32(code_point)?.encode_utf8(&mut buffer);
    out.extend_from_slice(encoded.as_bytes());
    Some(used)
}

/// cJSON's `parse_hex4`: any non-hex digit makes the whole value 0.
fn hex4(digits: &[u8]) -> u32 {
    let mut value = 0;
    for &digit in digits {
        let nibble = match digit {
            b'0'..=b'9' => digit - b'0',
            b'a'..=b'f' => digit - b'a' + 10,
            b'A'..=b'F' => digit - b'A' + 10,
            _ => return 0,
        };
        value = (value << 4) | u32::from(nibble);
    }
    value
}

/// Prints like `cJSON_PrintUnformatted`, or `cJSON_Print` when `pretty`.
pub fn print(value: &Value, pretty: bool, out: &mut Vec<u8>) {
    Printer { pretty, depth: 0, out }.value(value);
}

struct Printer<'a> {
    pretty: bool,
    depth: usize,
    out: &'a mut Vec<u8>,
}

impl Printer<'_> {
    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.out.extend_from_slice(b"null"),
            Value::False => self.out.extend_from_slice(b"false"),
            Value::True => self.out.extend_from_slice(b"true"),
            Value::Number(number) => self.out.extend_from_slice(format_number(*number).as_bytes()),
            Value::String(bytes) => print_string(bytes, self.out),
            Value::Array(items) => {
                self.out.push(b'[');
                self.depth += 1;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.extend_from_slice(if self.pretty { b", " } else { b"," });
                    }
                    self.value(item);
                }
                self.out.push(b']');
                self.depth -= 1;
            }
            Value::Object(members) => {
                self.out.push(b'{');
                self.depth += 1;
                if self.pretty {
                    self.out.push(b'\n');
                }
                for (index, (key, item)) in members.iter().enumerate() {
                    if self.pretty {
                        self.tabs(self.depth);
                    }
                    print_string(key, self.out);
                    self.out.extend_from_slice(if self.pretty { b":\t" } else { b":" });
                    self.value(item);
                    if index + 1 < members.len() {
                        self.out.push(b',');
                    }
                    if self.pretty {
                        self.out.push(b'\n');
                    }
                }
                if self.pretty {
                    self.tabs(self.depth - 1);
                }
                self.out.push(b'}');
                self.depth -= 1;
            }
        }
    }

    fn tabs(&mut self, count: usize) {
        self.out.extend(std::iter::repeat_n(b'\t', count));
    }
}

/// cJSON's `print_string_ptr` on a C string.
fn print_string(bytes: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for &byte in until_nul(bytes) {
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1f => out.extend_from_slice(format!("\\u{byte:04x}").as_bytes()),
            _ => out.push(byte),
        }
    }
    out.push(b'"');
}

/// cJSON's `print_number`: `%1.15g`, or `%1.17g` when that does not read back.
pub fn format_number(number: f64) -> String {
    if !number.is_finite() {
        return "null".to_owned();
    }
    let short = format_g(number, 15);
    let reads_back = short.parse::<f64>().is_ok_and(|back| {
        let largest = back.abs().max(number.abs());
        (back - number).abs() <= largest * f64::EPSILON
    });
    if reads_back {
        short
    } else {
        format_g(number, 17)
    }
}

/// C's `%.{precision}g` for a finite double.
fn format_g(number: f64, precision: usize) -> String {
    let precision = precision.max(1);
    let scientific = format!("{:.*e}", precision - 1, number);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if exponent < -4 || exponent >= precision as i32 {
        let mantissa = trim_fraction_zeros(mantissa);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
    } else {
        let decimals = (precision as i32 - 1 - exponent) as usize;
        trim_fraction_zeros(&format!("{number:.decimals$}")).to_owned()
    }
}

fn trim_fraction_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reprint(text: &[u8]) -> Option<String> {
        let value = parse(text)?;
        let mut out = Vec::new();
        print(&value, false, &mut out);
        Some(String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn numbers_print_like_glibc_g_with_cjson_round_trip_rule() {
        let cases: [(f64, &str); 16] = [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (-2.5, "-2.5"),
            (0.1, "0.1"),
            (1e15, "1e+15"),
            (123456789012345.0, "123456789012345"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e20, "1e+20"),
            (4294967295.0, "4294967295"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (std::f64::consts::PI, "3.1415926535897931"),
            (1.5e300, "1.5e+300"),
            (f64::INFINITY, "null"),
            (f64::NAN, "null"),
        ];
        for (number, want) in cases {
            assert_eq!(format_number(number), want, "{number:e}");
        }
    }

    #[test]
    fn numbers_are_read_like_strtod() {
        assert_eq!(
            reprint(b"[01, 1., 1.e3, -.5, 1E+2, -0, 1e400, 0.10]").unwrap(),
            "[1,1,1000,-0.5,100,-0,null,0.1]"
        );
        let long = format!("[1{}]", "0".repeat(70));
        assert_eq!(reprint(long.as_bytes()).unwrap(), "[1e+70]");
        for bad in ["-", "1e", "1e+", "1-2", "--1", "-+1", ".5", "+1", "1..2", "0x10", "1 2"] {
            assert_eq!(reprint(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn strings_unescape_and_reescape_like_cjson() {
        assert_eq!(
            reprint(br#""a\/b\u00e9\ud83d\ude00\b\f\u0001\u001F\u007f""#).unwrap(),
            "\"a/bé😀\\b\\f\\u0001\\u001f\u{7f}\""
        );
        // A bad hex digit reads as \u0000, which ends the C string.
        assert_eq!(reprint(br#"{"\uZZZZa":"x\u0000y"}"#).unwrap(), r#"{"":"x"}"#);
        for bad in [
            &br#""\ud800""#[..],
            br#""\udc00""#,
            br#""\ud800\u0041""#,
            br#""\x""#,
            br#""abc"#,
            br#""\u12""#,
        ] {
            assert_eq!(reprint(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        // Raw control bytes and invalid UTF-8 pass through the parser.
        assert_eq!(parse(b"\"a\x01\xff\""), Some(Value::String(b"a\x01\xff".to_vec())));
    }

    #[test]
    fn structure_whitespace_bom_and_garbage() {
        assert_eq!(
            reprint(b"\xEF\xBB\xBF \x01{ \"a\" :\t[ ] , \"a\":{}}\x1f ").unwrap(),
            r#"{"a":[],"a":{}}"#
        );
        assert_eq!(reprint(b"\xEF\xBB\xBF1"), Some("1".to_owned()));
        for bad in [
            &b""[..],
            b"  ",
            b"nul",
            b"nullx",
            b"[1,]",
            b"{\"a\"}",
            b"{\"a\":1,}",
            b"[1",
            b"{1:2}",
            b"1\x002",
        ] {
            assert_eq!(reprint(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        let deep_ok = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert!(parse(deep_ok.as_bytes()).is_some());
        let too_deep = format!("{}{}", "[".repeat(1001), "]".repeat(1001));
        assert!(parse(too_deep.as_bytes()).is_none());
    }

    #[test]
    fn pretty_printing_uses_cjson_tabs_and_separators() {
        let value = parse(br#"{"a":[1,{"b":{}}],"c":"d","e":{}}"#).unwrap();
        let mut out = Vec::new();
        print(&value, true, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n\t\"a\":\t[1, {\n\t\t\t\"b\":\t{\n\t\t\t}\n\t\t}],\n\t\"c\":\t\"d\",\n\t\"e\":\t{\n\t}\n}"
        );
    }

    #[test]
    fn c_strings_stop_at_nul() {
        let mut out = Vec::new();
        print(&Value::c_string(b"ab\0cd"), false, &mut out);
        assert_eq!(out, b"\"ab\"");
    }
}
