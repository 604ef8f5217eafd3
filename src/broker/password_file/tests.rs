use super::PasswordFile;
use crate::passwd::hash::{Algorithm, PasswordHash};

/// Written by `mosquitto_passwd -b -c FILE alice 'correct horse'` (2.0.11).
const MOSQUITTO_PBKDF2: &str = "alice:$7$101$9SbsUa23mpgtN7DN$RLiHf8U2LezotBN1ZninTr2t1KV5SAzb3pJ9PBvTV7zstoJf1EzPYeYn0+nH6pfWWj1vFasLGCjABEbzeZbmog==";

/// bob / `secret`, salt `0123456789ab`: SHA-512(password ‖ salt) computed
/// with Python's hashlib, as mosquitto 1.x wrote it.
const SALTED_SHA512: &str = "bob:$6$MDEyMzQ1Njc4OWFi$qEXipeLbgxRlwd06QHfY5WITkUZg0jLg9SZbXzq3ifXjfj+v3GbJGrSfC5PAg3UNCS+UFfbhUIZX4bmIAs330w==";

/// dave / `mosquitto 2.1 argon`: `mosquitto_passwd -H argon2id` of mosquitto
/// 2.1.2 built with WITH_ARGON2 (the vector of `passwd::hash`'s tests).
const MOSQUITTO_21_ARGON2: &str = "dave:$argon2id$v=19$m=47104,t=1,p=1$HeFcOex2nzwn9SaXj3gMN8C02f/BAhvjpo3UqNrsnf4OIy0/Bn/xOOUKcI5YXjqR5vvqu6BJ7+nJKU2ga3/IZg$eTSe2lEdUFhkutnrVbiAjbgRgqGWNKF4GcyqksSg/OKEU6qZPZboZLRrzm1E4I4dEr+VH3sNW/IHbmvEIbK5jw";

fn file(text: &str) -> Result<PasswordFile, String> {
    PasswordFile::parse(text.as_bytes())
}

/// True when `user` is listed and `password` is theirs, as the auth hook decides.
fn accepts(users: &PasswordFile, user: &str, password: &[u8]) -> bool {
    users.hash_of(user).is_some_and(|hash| hash.verify(password) == Ok(true))
}

#[test]
fn each_hash_format_accepts_only_its_password() {
    let cases: [(&str, &str, &[u8], Algorithm); 3] = [
        (MOSQUITTO_PBKDF2, "alice", b"correct horse", Algorithm::Sha512Pbkdf2),
        (SALTED_SHA512, "bob", b"secret", Algorithm::Sha512),
        (MOSQUITTO_21_ARGON2, "dave", b"mosquitto 2.1 argon", Algorithm::Argon2id),
    ];
    for (line, user, password, algorithm) in cases {
        let users = file(line).unwrap();
        assert_eq!(users.hash_of(user).map(PasswordHash::algorithm), Some(algorithm), "{user}");
        assert!(accepts(&users, user, password), "{user}: right password refused");
        let mut wrong = password.to_vec();
        *wrong.last_mut().unwrap() ^= 0x20;
        assert!(!accepts(&users, user, &wrong), "{user}: wrong password accepted");
        assert!(!accepts(&users, user, b""), "{user}: empty password accepted");
    }
}

#[test]
fn unknown_users_are_not_listed() {
    let users = file(&format!("{MOSQUITTO_PBKDF2}\n{SALTED_SHA512}\n")).unwrap();
    for unknown in ["carol", "Alice", "alice ", ""] {
        assert!(users.hash_of(unknown).is_none(), "{unknown:?}");
        assert!(!accepts(&users, unknown, b"correct horse"), "{unknown:?}");
    }
}

#[test]
fn comments_blank_lines_crlf_and_blanks_follow_mosquitto() {
    let text = format!("# users\n\n  {MOSQUITTO_PBKDF2}  \r\n  # indented\n{SALTED_SHA512}\r\n");
    let users = file(&text).unwrap();
    assert_eq!(users.len(), 2);
    assert!(accepts(&users, "alice", b"correct horse"));
    assert!(accepts(&users, "bob", b"secret"));
    assert!(users.hash_of("# users").is_none());
}

#[test]
fn bad_lines_are_refused_with_their_number_and_user() {
    let cases = [
        ("carol:plain", "2: user `carol`: plain-text password (not hashed)"),
        ("carol:", "2: user `carol`: no password after `:`"),
        ("carol:$7$0$MDEy$AAAA", "2: user `carol`: corrupt sha512-pbkdf2 hash: iteration count"),
        ("carol:$7$101$MDEy", "2: user `carol`: corrupt sha512-pbkdf2 hash: expected 3"),
        ("carol:$6$MDEyMzQ1Njc4OWFi$AAAA", "2: user `carol`: corrupt sha512 hash: hash is 3 bytes"),
        ("carol:$6$!!$AAAA", "2: user `carol`: corrupt sha512 hash: salt is not valid base64"),
        ("carol:$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$aGFzaA", "2: user `carol`: corrupt argon2id"),
        ("carol:$5$abc$def", "2: user `carol`: unsupported hash scheme `$5$`"),
        (":$6$MDEy$AAAA", "2: empty user name before `:`"),
        ("no colon here", "2: no `:` between user name and password"),
    ];
    for (line, expected) in cases {
        let error = file(&format!("{MOSQUITTO_PBKDF2}\n{line}\n")).unwrap_err();
        assert!(error.starts_with(expected), "{line:?}: got {error:?}, expected {expected:?}");
    }
}

#[test]
fn refusals_never_show_the_password_field() {
    for line in ["carol:hunter2", "carol:$7$1$hunter2$AAAA", "hunter2 without colon"] {
        let error = file(&format!("{line}\n")).unwrap_err();
        assert!(error.starts_with("1: "), "{error}");
        assert!(!error.contains("hunter2"), "{line:?} leaked: {error}");
    }
}

#[test]
fn a_user_name_that_is_not_utf8_is_refused() {
    let mut bytes = format!("{MOSQUITTO_PBKDF2}\n").into_bytes();
    bytes.extend_from_slice(b"caf\xe9");
    bytes.extend_from_slice(&SALTED_SHA512.as_bytes()[3..]);
    let error = PasswordFile::parse(&bytes).unwrap_err();
    assert_eq!(error, "2: the user name is not UTF-8 (MQTT user names are UTF-8)");
}

#[test]
fn a_user_listed_twice_is_refused() {
    let error = file(&format!("{MOSQUITTO_PBKDF2}\n#\n{MOSQUITTO_PBKDF2}\n")).unwrap_err();
    assert_eq!(error, "3: user `alice` is already listed on line 1");
}

#[test]
fn debug_output_shows_no_hash() {
    let users = file(MOSQUITTO_PBKDF2).unwrap();
    let shown = format!("{users:?}");
    assert!(shown.contains("sha512-pbkdf2"), "{shown}");
    assert!(!shown.contains("9SbsUa23"), "salt leaked: {shown}");
    assert!(!shown.contains("RLiHf8U2"), "hash leaked: {shown}");
}

#[test]
fn missing_file_is_named_in_the_error() {
    let error = PasswordFile::load(std::path::Path::new("/nonexistent/pw")).unwrap_err();
    assert!(error.starts_with("cannot read /nonexistent/pw:"), "{error}");
}
