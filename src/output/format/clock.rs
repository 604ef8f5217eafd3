//! Local time for the `@` sequences and `%I %U %j %J`: the broken-down time in
//! the chosen zone, and single `strftime` conversions as glibc prints them in
//! the C locale (mosquitto_sub never calls `setlocale`).
//!
//! mosquitto hands `@x` to `strftime("%x")`; glibc prints unknown conversions
//! back as `%x` (a digit 3–9 is a field width, so `@5` gives three spaces and
//! `%5`). Those constant results are decided at parse time by [`classify`].

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::tz::TimeZone;
use jiff::Timestamp;

const WEEKDAYS: [&str; 7] =
    ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How `@x` behaves.
#[derive(Debug, PartialEq, Eq)]
pub enum Conversion {
    /// Depends on the time: rendered per message.
    Time,
    /// Always the same bytes.
    Constant(Vec<u8>),
}

/// Classifies the byte after `@` (anything but `@` and `N`).
pub fn classify(letter: u8) -> Conversion {
    match letter {
        b'a' | b'A' | b'b' | b'B' | b'c' | b'C' | b'd' | b'D' | b'e' | b'F' | b'g' | b'G'
        | b'h' | b'H' | b'I' | b'j' | b'k' | b'l' | b'm' | b'M' | b'p' | b'P' | b'r' | b'R'
        | b's' | b'S' | b'T' | b'u' | b'U' | b'V' | b'w' | b'W' | b'x' | b'X' | b'y' | b'Y'
        | b'z' | b'Z' => Conversion::Time,
        b'n' => Conversion::Constant(b"\n".to_vec()),
        b't' => Conversion::Constant(b"\t".to_vec()),
        b'%' => Conversion::Constant(b"%".to_vec()),
        // glibc reads the digit as a field width for the (bad) conversion "%d".
        b'3'..=b'9' => {
            let mut text = vec![b' '; usize::from(letter - b'2')];
            text.extend_from_slice(&[b'%', letter]);
            Conversion::Constant(text)
        }
        other => Conversion::Constant(vec![b'%', other]),
    }
}

/// A moment broken down in one time zone, like C's `struct tm` plus the
/// nanoseconds `clock_gettime` gives mosquitto.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalTime {
    pub year: i32,
    /// 1–12.
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nanosecond: u32,
    /// 0 = Sunday.
    pub weekday: u8,
    /// 0-based day of the year.
    pub year_day: u16,
    pub iso_year: i32,
    pub iso_week: u8,
    /// Seconds east of UTC.
    pub offset_seconds: i32,
    pub abbreviation: String,
    pub unix_seconds: i64,
}

impl LocalTime {
    /// Breaks `at` down in `zone`. Times outside years -9999..=9999 are clamped.
    pub fn new(at: SystemTime, zone: &TimeZone) -> LocalTime {
        let timestamp = Timestamp::try_from(at).unwrap_or(if at < UNIX_EPOCH {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        });
        let info = zone.to_offset_info(timestamp);
        let civil = info.offset().to_datetime(timestamp);
        let iso = civil.date().iso_week_date();
        // Like `clock_gettime`: whole seconds round down, nanoseconds are positive.
        let (mut unix_seconds, mut nanosecond) =
            (timestamp.as_second(), timestamp.subsec_nanosecond());
        if nanosecond < 0 {
            unix_seconds -= 1;
            nanosecond += 1_000_000_000;
        }
        LocalTime {
            year: i32::from(civil.year()),
            month: civil.month() as u8,
            day: civil.day() as u8,
            hour: civil.hour() as u8,
            minute: civil.minute() as u8,
            second: civil.second() as u8,
            nanosecond: nanosecond as u32,
            weekday: civil.weekday().to_sunday_zero_offset() as u8,
            year_day: (civil.day_of_year() - 1) as u16,
            iso_year: i32::from(iso.year()),
            iso_week: iso.week() as u8,
            offset_seconds: info.offset().seconds(),
            abbreviation: info.abbreviation().to_owned(),
            unix_seconds,
        }
    }

    fn hour12(&self) -> u8 {
        match self.hour % 12 {
            0 => 12,
            h => h,
        }
    }

    /// One glibc conversion (a letter that [`classify`] calls `Time`).
    pub fn write_conversion<W: Write>(&self, letter: u8, out: &mut W) -> io::Result<()> {
        let weekday = WEEKDAYS[usize::from(self.weekday % 7)];
        let month = MONTHS[usize::from(self.month.clamp(1, 12) - 1)];
        match letter {
            b'a' => out.write_all(&weekday.as_bytes()[..3]),
            b'A' => out.write_all(weekday.as_bytes()),
            b'b' | b'h' => out.write_all(&month.as_bytes()[..3]),
            b'B' => out.write_all(month.as_bytes()),
            b'c' => {
                write!(out, "{} {} {:>2} ", &weekday[..3], &month[..3], self.day)?;
                self.write_hms(out)?;
                write!(out, " {}", self.year)
            }
            b'C' => write!(out, "{:02}", self.year.div_euclid(100)),
            b'd' => write!(out, "{:02}", self.day),
            b'D' | b'x' => {
                write!(out, "{:02}/{:02}/{:02}", self.month, self.day, self.year.rem_euclid(100))
            }
            b'e' => write!(out, "{:>2}", self.day),
            b'F' => write!(out, "{}-{:02}-{:02}", self.year, self.month, self.day),
            b'g' => write!(out, "{:02}", self.iso_year.rem_euclid(100)),
            b'G' => write!(out, "{}", self.iso_year),
            b'H' => write!(out, "{:02}", self.hour),
            b'I' => write!(out, "{:02}", self.hour12()),
            b'j' => write!(out, "{:03}", self.year_day + 1),
            b'k' => write!(out, "{:>2}", self.hour),
            b'l' => write!(out, "{:>2}", self.hour12()),
            b'm' => write!(out, "{:02}", self.month),
            b'M' => write!(out, "{:02}", self.minute),
            b'p' => out.write_all(if self.hour < 12 { b"AM" } else { b"PM" }),
            b'P' => out.write_all(if self.hour < 12 { b"am" } else { b"pm" }),
            b'r' => {
                write!(out, "{:02}:{:02}:{:02} ", self.hour12(), self.minute, self.second)?;
                self.write_conversion(b'p', out)
            }
            b'R' => write!(out, "{:02}:{:02}", self.hour, self.minute),
            b's' => write!(out, "{}", self.unix_seconds),
            b'S' => write!(out, "{:02}", self.second),
            b'T' | b'X' => self.write_hms(out),
            b'u' => write!(out, "{}", if self.weekday == 0 { 7 } else { self.weekday }),
            b'U' => write!(out, "{:02}", (self.year_day + 7 - u16::from(self.weekday)) / 7),
            b'V' => write!(out, "{:02}", self.iso_week),
            b'w' => write!(out, "{}", self.weekday),
            b'W' => {
                write!(out, "{:02}", (self.year_day + 7 - (u16::from(self.weekday) + 6) % 7) / 7)
            }
            b'y' => write!(out, "{:02}", self.year.rem_euclid(100)),
            b'Y' => write!(out, "{}", self.year),
            b'z' => self.write_offset(out),
            b'Z' => out.write_all(self.abbreviation.as_bytes()),
            other => out.write_all(&[b'%', other]),
        }
    }

    fn write_hms<W: Write>(&self, out: &mut W) -> io::Result<()> {
        write!(out, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }

    /// `%z`: `+hhmm`, seconds dropped.
    fn write_offset<W: Write>(&self, out: &mut W) -> io::Result<()> {
        let sign = if self.offset_seconds < 0 { '-' } else { '+' };
        let minutes = self.offset_seconds.unsigned_abs() / 60;
        write!(out, "{sign}{:02}{:02}", minutes / 60, minutes % 60)
    }

    /// `%I`: strftime `%FT%T%z`.
    pub fn write_iso8601<W: Write>(&self, out: &mut W) -> io::Result<()> {
        write!(out, "{}-{:02}-{:02}T", self.year, self.month, self.day)?;
        self.write_hms(out)?;
        self.write_offset(out)
    }

    /// `%U`: seconds since the epoch and nanoseconds.
    pub fn write_unix<W: Write>(&self, out: &mut W) -> io::Result<()> {
        write!(out, "{}.{:09}", self.unix_seconds, self.nanosecond)
    }

    /// The `tst` of mosquitto 2.0.11's JSON, microseconds and its stray `Z`
    /// included: `2020-05-06T21:48:00.123456Z+0100`.
    pub fn write_json_timestamp<W: Write>(&self, out: &mut W) -> io::Result<()> {
        write!(out, "{}-{:02}-{:02}T", self.year, self.month, self.day)?;
        self.write_hms(out)?;
        write!(out, ".{:06}Z", self.nanosecond / 1000)?;
        self.write_offset(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(unix_seconds: u64, nanos: u32, zone: &str) -> LocalTime {
        let zone = TimeZone::get(zone).unwrap();
        LocalTime::new(UNIX_EPOCH + Duration::new(unix_seconds, nanos), &zone)
    }

    fn conv(time: &LocalTime, letter: u8) -> String {
        let mut out = Vec::new();
        time.write_conversion(letter, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Expected values printed by glibc 2.36 `strftime` for 1709618889
    /// (2024-03-05 07:08:09 CET) with TZ=Europe/Berlin.
    #[test]
    fn conversions_match_glibc_for_a_known_moment() {
        let time = at(1_709_618_889, 0, "Europe/Berlin");
        let expected = [
            ('A', "Tuesday"),
            ('B', "March"),
            ('C', "20"),
            ('D', "03/05/24"),
            ('F', "2024-03-05"),
            ('G', "2024"),
            ('H', "07"),
            ('I', "07"),
            ('M', "08"),
            ('P', "am"),
            ('R', "07:08"),
            ('S', "09"),
            ('T', "07:08:09"),
            ('U', "09"),
            ('V', "10"),
            ('W', "10"),
            ('X', "07:08:09"),
            ('Y', "2024"),
            ('Z', "CET"),
            ('a', "Tue"),
            ('b', "Mar"),
            ('c', "Tue Mar  5 07:08:09 2024"),
            ('d', "05"),
            ('e', " 5"),
            ('g', "24"),
            ('h', "Mar"),
            ('j', "065"),
            ('k', " 7"),
            ('l', " 7"),
            ('m', "03"),
            ('p', "AM"),
            ('r', "07:08:09 AM"),
            ('s', "1709618889"),
            ('u', "2"),
            ('w', "2"),
            ('x', "03/05/24"),
            ('y', "24"),
            ('z', "+0100"),
        ];
        for (letter, want) in expected {
            assert_eq!(classify(letter as u8), Conversion::Time, "{letter}");
            assert_eq!(conv(&time, letter as u8), want, "%{letter}");
        }
    }

    #[test]
    fn week_numbers_and_twelve_hour_clock_at_year_edges() {
        // 2021-01-03 23:30:00 UTC is a Sunday in ISO week 53 of 2020.
        let time = at(1_609_716_600, 0, "UTC");
        assert_eq!(conv(&time, b'G'), "2020");
        assert_eq!(conv(&time, b'g'), "20");
        assert_eq!(conv(&time, b'V'), "53");
        assert_eq!(conv(&time, b'U'), "01");
        assert_eq!(conv(&time, b'W'), "00");
        assert_eq!(conv(&time, b'u'), "7");
        assert_eq!(conv(&time, b'I'), "11");
        assert_eq!(conv(&time, b'p'), "PM");
        assert_eq!(conv(&time, b'Z'), "UTC");
        // Midnight prints as 12 on the 12-hour clock.
        let midnight = at(1_609_632_000, 0, "UTC");
        assert_eq!(conv(&midnight, b'l'), "12");
        assert_eq!(conv(&midnight, b'r'), "12:00:00 AM");
    }

    #[test]
    fn negative_and_half_hour_offsets() {
        let time = at(1_709_618_889, 5, "America/St_Johns");
        assert_eq!(conv(&time, b'z'), "-0330");
        let mut out = Vec::new();
        time.write_iso8601(&mut out).unwrap();
        time.write_unix(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "2024-03-05T02:38:09-03301709618889.000000005");
    }

    #[test]
    fn json_timestamp_has_microseconds_a_stray_z_and_an_offset() {
        let time = at(1_709_618_889, 123_456_789, "Asia/Kolkata");
        let mut out = Vec::new();
        time.write_json_timestamp(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "2024-03-05T11:38:09.123456Z+0530");
    }

    #[test]
    fn constant_conversions_follow_glibc() {
        assert_eq!(classify(b'n'), Conversion::Constant(b"\n".to_vec()));
        assert_eq!(classify(b't'), Conversion::Constant(b"\t".to_vec()));
        assert_eq!(classify(b'%'), Conversion::Constant(b"%".to_vec()));
        assert_eq!(classify(b'2'), Conversion::Constant(b"%2".to_vec()));
        assert_eq!(classify(b'3'), Conversion::Constant(b" %3".to_vec()));
        assert_eq!(classify(b'9'), Conversion::Constant(b"       %9".to_vec()));
        for letter in *b"EOQqfiJKLNov+-_^#!\x01\x7f\xc3" {
            assert_eq!(classify(letter), Conversion::Constant(vec![b'%', letter]), "{letter}");
        }
    }
}
