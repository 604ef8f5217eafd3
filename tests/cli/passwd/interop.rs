//! Files written by mosquitto_passwd: verified, updated and deleted from by
//! `mqtt passwd` without disturbing other lines, then read back by
//! mosquitto_passwd and by the broker.

use mqtt_test_support::Mosquitto;

use super::{can_connect, code, mosquitto_passwd, passwd_ok, passwd_with_stdin, path, Scratch};

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

#[test]
fn files_made_by_mosquitto_passwd_are_verified_updated_and_deleted_from() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    mosquitto_passwd(&["-c", "-b", file, "alice", "alice-pw"]);
    mosquitto_passwd(&["-b", "-H", "sha512", file, "bob", "bob-pw"]);
    mosquitto_passwd(&["-b", "-I", "5000", file, "carol", "carol-pw"]);
    mosquitto_passwd(&["-b", file, "dave", "dave-pw"]);
    let original = lines(&scratch.text());
    assert_eq!(original.len(), 4);

    for (user, password) in
        [("alice", "alice-pw"), ("bob", "bob-pw"), ("carol", "carol-pw"), ("dave", "dave-pw")]
    {
        let right = passwd_with_stdin(&["--verify", file, user], &format!("{password}\n"));
        assert_eq!(code(&right), 0, "{user}");
        let wrong = passwd_with_stdin(&["--verify", file, user], "not-it\n");
        assert_eq!(code(&wrong), 1, "{user}");
    }
    let listed = super::stdout(&passwd_ok(&["--list", file]));
    assert_eq!(
        listed,
        "alice\tsha512-pbkdf2\titerations=101\nbob\tsha512\t-\n\
         carol\tsha512-pbkdf2\titerations=5000\ndave\tsha512-pbkdf2\titerations=101\n"
    );

    passwd_ok(&["-b", file, "bob", "bob-new"]);
    let updated = lines(&scratch.text());
    assert_eq!(updated.len(), 4);
    assert_eq!(updated[0], original[0]);
    assert_ne!(updated[1], original[1]);
    assert!(updated[1].starts_with("bob:$7$1000$"), "{}", updated[1]);
    assert_eq!(updated[2..], original[2..]);

    passwd_ok(&["-D", file, "carol"]);
    let deleted = lines(&scratch.text());
    assert_eq!(deleted, [updated[0].clone(), updated[1].clone(), updated[3].clone()]);

    // mosquitto_passwd still reads the file we wrote (it stops at the first
    // line it cannot parse), and so does the broker.
    mosquitto_passwd(&["-b", file, "erin", "erin-pw"]);
    let after = lines(&scratch.text());
    assert_eq!(after[..3], deleted[..]);
    let broker = Mosquitto::builder().password_file(&scratch.file).start();
    assert!(can_connect(&broker, "alice", "alice-pw"), "{}", broker.log());
    assert!(can_connect(&broker, "bob", "bob-new"));
    assert!(!can_connect(&broker, "bob", "bob-pw"));
    assert!(!can_connect(&broker, "carol", "carol-pw"));
    assert!(can_connect(&broker, "dave", "dave-pw"));
    assert!(can_connect(&broker, "erin", "erin-pw"));
}

/// mosquitto_passwd verifies what we write, by updating around it and by
/// deleting our users.
#[test]
fn mosquitto_passwd_edits_files_we_made() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", file, "ours", "pw"]);
    passwd_ok(&["-b", "-H", "sha512", file, "old-style", "pw"]);
    passwd_ok(&["-b", file, "gone", "pw"]);
    let ours = lines(&scratch.text());
    mosquitto_passwd(&["-D", file, "gone"]);
    mosquitto_passwd(&["-b", file, "theirs", "pw2"]);
    let text = lines(&scratch.text());
    assert_eq!(text[..2], ours[..2]);
    assert!(text[2].starts_with("theirs:$7$101$"), "{text:?}");
    let check = passwd_with_stdin(&["--verify", file, "theirs"], "pw2\n");
    assert_eq!(code(&check), 0);
    let missing = passwd_with_stdin(&["--verify", file, "gone"], "pw\n");
    assert_eq!(code(&missing), 67);
}
