//! Small parsers and formatters for the numbers bench options take:
//! durations with units (`250us`, `1.5ms`, `2s`) and counts or rates with
//! SI suffixes (`50k`, `1.5M`).
//!
//! Hand-written rather than humantime because thresholds are routinely
//! fractional (`p99 < 0.5ms`), which humantime's integer grammar refuses.

/// Duration units accepted, longest first so `ms` wins over `m`.
const DURATION_UNITS: [(&str, f64); 7] =
    [("ns", 1.0), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)];

/// Splits `text` into its leading number and the rest (the unit).
fn split_number(text: &str) -> (&str, &str) {
    let end = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .map_or(text.len(), |(i, _)| i);
    (&text[..end], &text[end..])
}

fn parse_number(digits: &str, whole: &str) -> Result<f64, String> {
    let cleaned: String = digits.chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty() {
        return Err(format!("`{whole}` does not start with a number"));
    }
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .ok_or_else(|| format!("`{whole}` is not a valid number"))
}

/// Parses a non-negative duration with a mandatory unit, returning nanoseconds.
pub fn parse_duration_ns(text: &str) -> Result<f64, String> {
    let text = text.trim();
    let (digits, unit) = split_number(text);
    let value = parse_number(digits, text)?;
    let unit = unit.trim();
    if unit.is_empty() {
        return Err(format!("`{text}` needs a unit (ns, us, ms, s, m, h)"));
    }
    match DURATION_UNITS.iter().find(|(name, _)| *name == unit) {
        Some((_, scale)) => Ok(value * scale),
        None => {
            Err(format!("unknown duration unit `{unit}` in `{text}` (use ns, us, ms, s, m, h)"))
        }
    }
}

#[cfg(test)]
/// Parses a duration with a unit into a `Duration`.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let ns = parse_duration_ns(text)?;
    if ns > u64::MAX as f64 {
        return Err(format!("`{}` is too long", text.trim()));
    }
    Ok(std::time::Duration::from_nanos(ns.round() as u64))
}

/// Parses a count or rate: a plain number with an optional `k`, `M` or `G`
/// suffix and an optional `/s` (so `50k/s` reads naturally for rates).
pub fn parse_quantity(text: &str) -> Result<f64, String> {
    let text = text.trim();
    let (digits, rest) = split_number(text);
    let value = parse_number(digits, text)?;
    let rest = rest.trim();
    let rest = rest.strip_suffix("/s").unwrap_or(rest).trim_end();
    let scale = match rest {
        "" => 1.0,
        "k" | "K" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        other => {
            return Err(format!("unknown suffix `{other}` in `{text}` (use k, M or G)"));
        }
    };
    Ok(value * scale)
}

/// Formats nanoseconds for people: `812ns`, `41.3us`, `2.31ms`, `1.204s`.
pub fn format_ns(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0}ns")
    } else if ns < 1e6 {
        format!("{:.1}us", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2}ms", ns / 1e6)
    } else {
        format!("{:.3}s", ns / 1e9)
    }
}

/// Formats a count or rate with an SI suffix: `950`, `12.3k`, `1.50M`.
pub fn format_quantity(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude < 1e3 {
        if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value:.2}")
        }
    } else if magnitude < 1e6 {
        format!("{:.1}k", value / 1e3)
    } else if magnitude < 1e9 {
        format!("{:.2}M", value / 1e6)
    } else {
        format!("{:.2}G", value / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_fractions_and_every_unit() {
        assert_eq!(parse_duration_ns("20ms"), Ok(20e6));
        assert_eq!(parse_duration_ns("0.5ms"), Ok(500e3));
        assert_eq!(parse_duration_ns("250us"), Ok(250e3));
        assert_eq!(parse_duration_ns("250µs"), Ok(250e3));
        assert_eq!(parse_duration_ns("3 s"), Ok(3e9));
        assert_eq!(parse_duration_ns("2m"), Ok(120e9));
        assert_eq!(parse_duration("1.5s"), Ok(std::time::Duration::from_millis(1500)));
    }

    #[test]
    fn durations_without_or_with_bad_units_say_why() {
        assert!(parse_duration_ns("20").unwrap_err().contains("needs a unit"));
        let err = parse_duration_ns("20xs").unwrap_err();
        assert!(err.contains("`xs`"), "{err}");
        assert!(parse_duration_ns("ms").unwrap_err().contains("does not start with a number"));
        assert!(parse_duration_ns("1.2.3ms").unwrap_err().contains("not a valid number"));
    }

    #[test]
    fn quantities_take_si_suffixes_and_per_second() {
        assert_eq!(parse_quantity("50000"), Ok(50000.0));
        assert_eq!(parse_quantity("50k"), Ok(50000.0));
        assert_eq!(parse_quantity("1.5M"), Ok(1.5e6));
        assert_eq!(parse_quantity("50k/s"), Ok(50000.0));
        assert_eq!(parse_quantity("1_000"), Ok(1000.0));
        assert!(parse_quantity("5x").unwrap_err().contains("`x`"));
    }

    #[test]
    fn formatting_picks_a_readable_unit() {
        assert_eq!(format_ns(812.0), "812ns");
        assert_eq!(format_ns(41_300.0), "41.3us");
        assert_eq!(format_ns(2_310_000.0), "2.31ms");
        assert_eq!(format_ns(1_204_000_000.0), "1.204s");
        assert_eq!(format_quantity(950.0), "950");
        assert_eq!(format_quantity(12_345.0), "12.3k");
        assert_eq!(format_quantity(1_500_000.0), "1.50M");
    }
}
