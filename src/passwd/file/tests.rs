//! Parsing and editing keep every byte that was not meant to change.

use super::{Credential, LineKind, PasswordFile, SetOutcome};

const HASH: &str = "$7$101$6B/I7MTkDuS9Mg5h$c8NseOc/umbCmQ6VTXYl2jqaCDF1gAsGZ/9pG8ZFF5P4SLFPxBcN4u9CNM59+jNgKZx5GWVq3l+yh/GDXerIxQ==";

fn field(text: &str) -> impl FnMut() -> Result<String, ()> + '_ {
    move || Ok(text.to_string())
}

#[test]
fn round_trip_is_byte_identical() {
    let inputs: [&[u8]; 6] = [
        b"",
        b"\n\n",
        b"# comment\n\nbob:$6$x$y\n",
        b"a:b\r\nc:d\r\n",
        b"no newline at end:x",
        b"  spaced  :  plain  \n#x\n\xff\xfe:bin\n",
    ];
    for input in inputs {
        assert_eq!(PasswordFile::parse(input).to_bytes(), input);
    }
}

#[test]
fn lines_are_classified_like_the_broker_does() {
    let text = format!(
        "# c\n\n   \nnocolon\n:nouser\nbob:\n alice : {HASH} \ncarol:plain\ndave:$7$1$x$y\n\t# indented\n"
    );
    let file = PasswordFile::parse(text.as_bytes());
    let kinds: Vec<String> = file
        .lines
        .iter()
        .map(|line| match &line.kind {
            LineKind::Comment => "comment".into(),
            LineKind::Blank => "blank".into(),
            LineKind::Malformed(_) => "malformed".into(),
            LineKind::Entry(entry) => {
                let user = String::from_utf8_lossy(&entry.username);
                let credential = match &entry.credential {
                    Credential::Hash(hash) => hash.algorithm().to_string(),
                    Credential::Plain(_) => "plain".into(),
                    Credential::Empty => "empty".into(),
                    Credential::Invalid(_) => "invalid".into(),
                };
                format!("{user}={credential}")
            }
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "comment",
            "blank",
            "blank",
            "malformed",
            "malformed",
            "bob=empty",
            "alice=sha512-pbkdf2",
            "carol=plain",
            "dave=invalid",
            "comment"
        ]
    );
    let problem_lines: Vec<usize> = file.problems(false).iter().map(|p| p.line).collect();
    assert_eq!(problem_lines, [4, 5, 6, 9]);
    let with_plain: Vec<usize> = file.problems(true).iter().map(|p| p.line).collect();
    assert_eq!(with_plain, [4, 5, 6, 8, 9]);
}

#[test]
fn debug_never_shows_line_text() {
    let file = PasswordFile::parse(b"alice:plain-secret\nsecret-no-colon\n");
    let debug = format!("{file:?}");
    assert!(!debug.contains("secret"), "{debug}");
    assert!(debug.contains("Malformed"), "{debug}");
}

#[test]
fn problems_never_quote_the_line() {
    let file = PasswordFile::parse(b"secretpassword-without-colon\nuser:$7$1$secretsalt$x\n");
    for problem in file.problems(true) {
        assert!(!problem.reason.contains("secret"), "{problem:?}");
    }
}

#[test]
fn update_rewrites_only_that_users_lines_in_place() {
    let input = "# head\r\nalice:old\r\n\r\nbob:keep\r\nalice:older\r\n";
    let mut file = PasswordFile::parse(input.as_bytes());
    assert_eq!(file.set(b"alice", field("NEW")), Ok(SetOutcome::Updated(2)));
    assert_eq!(
        String::from_utf8(file.to_bytes()).unwrap(),
        "# head\r\nalice:NEW\r\n\r\nbob:keep\r\nalice:NEW\r\n"
    );
}

#[test]
fn add_appends_with_the_files_line_ending() {
    let mut file = PasswordFile::parse(b"a:1\r\n");
    assert_eq!(file.set(b"b", field("2")), Ok(SetOutcome::Added));
    assert_eq!(file.to_bytes(), b"a:1\r\nb:2\r\n");

    let mut file = PasswordFile::parse(b"a:1");
    file.set(b"b", field("2")).unwrap();
    assert_eq!(file.to_bytes(), b"a:1\nb:2\n");

    let mut file = PasswordFile::parse(b"");
    file.set(b"b", field("2")).unwrap();
    assert_eq!(file.to_bytes(), b"b:2\n");
}

#[test]
fn trimmed_user_names_match() {
    let mut file = PasswordFile::parse(b"  alice\t:x\n");
    assert_eq!(file.entries_of(b"alice").count(), 1);
    assert_eq!(file.delete(b"alice"), 1);
    assert_eq!(file.to_bytes(), b"");
}

#[test]
fn delete_keeps_everything_else() {
    let input = "#c\nalice:1\n\nbob:2\nalice:3\ncarol:4";
    let mut file = PasswordFile::parse(input.as_bytes());
    assert_eq!(file.delete(b"alice"), 2);
    assert_eq!(file.to_bytes(), b"#c\n\nbob:2\ncarol:4");
    assert_eq!(file.delete(b"nobody"), 0);
}

#[test]
fn hash_plain_text_touches_plain_lines_only() {
    let input = format!("#c\nalice: pw1 \nbob:{HASH}\n\ncarol:pw:3\n");
    let mut file = PasswordFile::parse(input.as_bytes());
    let mut seen = Vec::new();
    let hashed = file
        .hash_plain_text(|password| {
            seen.push(String::from_utf8(password.expose().to_vec()).unwrap());
            Ok::<_, ()>(format!("H{}", seen.len()))
        })
        .unwrap();
    // Blanks around the password are trimmed, as mosquitto_passwd -U does;
    // a `:` inside it is kept.
    assert_eq!(seen, ["pw1", "pw:3"]);
    assert_eq!(hashed, [b"alice".to_vec(), b"carol".to_vec()]);
    assert_eq!(
        String::from_utf8(file.to_bytes()).unwrap(),
        format!("#c\nalice:H1\nbob:{HASH}\n\ncarol:H2\n")
    );
}

#[test]
fn entries_of_lists_duplicates_in_order() {
    let file = PasswordFile::parse(b"a:1\nb:2\na:3\n");
    let lines: Vec<usize> = file.entries_of(b"a").map(|numbered| numbered.line).collect();
    assert_eq!(lines, [1, 3]);
}
