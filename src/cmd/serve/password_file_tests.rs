use super::{PasswordFile, PasswordHash};

/// Written by `mosquitto_passwd -b -c FILE alice 'correct horse'` (2.0.11).
const MOSQUITTO_PBKDF2: &str = "alice:$7$101$9SbsUa23mpgtN7DN$RLiHf8U2LezotBN1ZninTr2t1KV5SAzb3pJ9PBvTV7zstoJf1EzPYeYn0+nH6pfWWj1vFasLGCjABEbzeZbmog==";

/// bob / `secret`, salt `0123456789ab`: SHA-512(password ‖ salt) computed
/// with Python's hashlib, as mosquitto 1.x wrote it.
const SALTED_SHA512: &str = "bob:$6$MDEyMzQ1Njc4OWFi$qEXipeLbgxRlwd06QHfY5WITkUZg0jLg9SZbXzq3ifXjfj+v3GbJGrSfC5PAg3UNCS+UFfbhUIZX4bmIAs330w==";

fn file(text: &str) -> Result<PasswordFile, String> {
    PasswordFile::parse(text.as_bytes())
}

#[test]
fn mosquitto_pbkdf2_line_verifies_only_its_password() {
    let users = file(MOSQUITTO_PBKDF2).unwrap();
    let hash = users.hash_of("alice").expect("alice is listed");
    assert!(matches!(hash, PasswordHash::Pbkdf2Sha512 { iterations: 101, .. }));
    assert!(hash.verify(b"correct horse"));
    assert!(!hash.verify(b"correct horsE"));
    assert!(!hash.verify(b""));
}

#[test]
fn salted_sha512_line_verifies_only_its_password() {
    let users = file(SALTED_SHA512).unwrap();
    let hash = users.hash_of("bob").expect("bob is listed");
    assert!(hash.verify(b"secret"));
    assert!(!hash.verify(b"secret "));
}

#[test]
fn comments_blank_lines_crlf_and_blanks_follow_mosquitto() {
    let text = format!("# users\n\n  {MOSQUITTO_PBKDF2}  \r\nno colon here\n{SALTED_SHA512}\r\n");
    let users = file(&text).unwrap();
    assert_eq!(users.len(), 2);
    assert!(users.hash_of("alice").unwrap().verify(b"correct horse"));
    assert!(users.hash_of("bob").unwrap().verify(b"secret"));
    assert!(users.hash_of("# users").is_none());
}

#[test]
fn bad_lines_are_refused_with_their_number_and_user() {
    let cases = [
        ("carol:plain", "2: user `carol`: the password is not hashed"),
        ("carol:$7$0$MDEy$AAAA", "2: user `carol`: the iteration count must be"),
        ("carol:$7$x$MDEy$AAAA", "2: user `carol`: the iteration count must be"),
        ("carol:$7$101$MDEy", "2: user `carol`: a `$7$` hash must be"),
        ("carol:$6$MDEy$AAAA", "2: user `carol`: the hash is 3 bytes long, not 64"),
        ("carol:$6$!!$AAAA", "2: user `carol`: the salt is not base64"),
        ("carol:$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$aGFzaA", "argon2id hashes are not supported"),
        ("carol:$5$abc$def", "2: user `carol`: unknown hash scheme"),
        (":$6$MDEy$AAAA", "2: the user name is empty"),
    ];
    for (line, expected) in cases {
        let error = file(&format!("{MOSQUITTO_PBKDF2}\n{line}\n")).unwrap_err();
        assert!(error.contains(expected), "{line:?}: got {error:?}, expected {expected:?}");
    }
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
