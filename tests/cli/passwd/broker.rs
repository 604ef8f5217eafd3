//! Password files made by `mqtt passwd`, as a real mosquitto 2.0 reads them.

use mqtt_test_support::Mosquitto;

use super::{can_connect, code, describe, passwd_ok, passwd_with_stdin, path, Scratch};

/// Each hash mosquitto 2.0 reads, with default, minimal and large iteration
/// counts: the right password connects, a wrong one and an unknown user don't.
#[test]
fn mosquitto_accepts_every_hash_type_and_iteration_count_we_write() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", file, "default", "pw-default"]);
    passwd_ok(&["-b", "-H", "sha512", file, "sha512", "pw-sha512"]);
    passwd_ok(&["-b", "-I", "1", file, "one", "pw-one"]);
    passwd_ok(&["-b", "--iterations", "100000", file, "many", "pw-many"]);
    let output = passwd_with_stdin(&[file, "piped"], "pw piped\npw piped\n");
    assert_eq!(code(&output), 0, "{}", describe(&output));

    let text = scratch.text();
    let field = |user: &str| {
        let line = text.lines().find(|line| line.starts_with(&format!("{user}:"))).unwrap();
        line.split_once(':').unwrap().1.to_string()
    };
    assert!(field("default").starts_with("$7$1000$"), "{text}");
    assert!(field("sha512").starts_with("$6$"), "{text}");
    assert!(field("one").starts_with("$7$1$"), "{text}");
    assert!(field("many").starts_with("$7$100000$"), "{text}");
    assert!(field("piped").starts_with("$7$1000$"), "{text}");

    let broker = Mosquitto::builder().password_file(&scratch.file).start();
    for (user, password) in [
        ("default", "pw-default"),
        ("sha512", "pw-sha512"),
        ("one", "pw-one"),
        ("many", "pw-many"),
        ("piped", "pw piped"),
    ] {
        assert!(can_connect(&broker, user, password), "{user} refused\n{}", broker.log());
        assert!(!can_connect(&broker, user, "wrong"), "{user} let in with a wrong password");
        assert!(!can_connect(&broker, user, &format!("{password}x")), "{user}: longer password");
    }
    assert!(!can_connect(&broker, "nobody", "pw-default"));
}

/// Changing and deleting users takes effect at the broker's next start.
#[test]
fn changed_and_deleted_users_are_seen_by_mosquitto() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", file, "alice", "old"]);
    passwd_ok(&["-b", file, "bob", "bob-pw"]);
    passwd_ok(&["-b", file, "carol", "carol-pw"]);
    let mut broker = Mosquitto::builder().password_file(&scratch.file).start();
    assert!(can_connect(&broker, "alice", "old"));
    assert!(can_connect(&broker, "bob", "bob-pw"));

    passwd_ok(&["-b", file, "alice", "new"]);
    passwd_ok(&["-D", file, "bob"]);
    broker.restart();
    assert!(can_connect(&broker, "alice", "new"), "{}", broker.log());
    assert!(!can_connect(&broker, "alice", "old"));
    assert!(!can_connect(&broker, "bob", "bob-pw"), "deleted user still connects");
    assert!(can_connect(&broker, "carol", "carol-pw"), "an untouched user was lost");
}

/// `-U` turns a plain-text file into one mosquitto accepts.
#[test]
fn plain_text_file_hashed_with_dash_u_works_with_mosquitto() {
    let scratch = Scratch::new();
    std::fs::write(&scratch.file, "# users\nalice:alice-pw\nbob: bob-pw \n").unwrap();
    passwd_ok(&["-U", path(&scratch.file)]);
    let broker = Mosquitto::builder().password_file(&scratch.file).start();
    assert!(can_connect(&broker, "alice", "alice-pw"), "{}", broker.log());
    // Blanks around a plain-text password are trimmed, as mosquitto_passwd does.
    assert!(can_connect(&broker, "bob", "bob-pw"), "{}", broker.log());
    assert!(!can_connect(&broker, "alice", "bob-pw"));
}

/// argon2id is for mosquitto 2.1: 2.0 drops that user (and only that user),
/// which is what `--help` says.
#[test]
fn mosquitto_2_0_ignores_argon2id_users_but_keeps_the_others() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", "-H", "argon2id", file, "modern", "pw"]);
    passwd_ok(&["-b", file, "classic", "pw"]);
    let broker = Mosquitto::builder().password_file(&scratch.file).start();
    assert!(can_connect(&broker, "classic", "pw"), "{}", broker.log());
    assert!(!can_connect(&broker, "modern", "pw"));
    assert!(broker.log().contains("modern"), "{}", broker.log());
}

/// README's recipe as it is run for /etc/mosquitto: `mqtt passwd -c` as
/// root, then mosquitto started as root, which reads the file after
/// dropping to the `mosquitto` account. The new file belongs to that
/// account, is not world-readable, and the broker authenticates with it.
/// Not root (a developer's machine): the new file is ours, mode 0600.
#[test]
fn readme_recipe_as_root_gives_the_broker_a_file_it_can_read() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let file = dir.path().join("passwd");
    let output = passwd_ok(&["-c", "-b", path(&file), "alice", "wonderland"]);
    assert!(!describe(&output).contains("warning"), "{}", describe(&output));
    let metadata = std::fs::metadata(&file).unwrap();
    assert_eq!(metadata.mode() & 0o777, 0o600, "not readable by others");
    let root = unsafe { libc::geteuid() } == 0;
    let broker_account = std::process::Command::new("id").args(["-u", "mosquitto"]).output();
    let broker_uid = broker_account
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse::<u32>().ok());
    let Some(broker_uid) = broker_uid.filter(|_| root) else {
        assert_eq!(metadata.uid(), unsafe { libc::geteuid() }, "a new file is ours");
        return;
    };
    assert_eq!(metadata.uid(), broker_uid, "owned by the mosquitto account");

    // mosquitto started as root, as README says: no `user root` here.
    let port = mqtt_test_support::free_port();
    let config = dir.path().join("mosquitto.conf");
    std::fs::write(&config, format!("password_file {}\nlistener {port}\n", file.display()))
        .unwrap();
    let mut broker = std::process::Command::new(mqtt_test_support::mosquitto_binary())
        .args(["-c", path(&config)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let publish = |password: &str| {
        let mut tries = 0;
        loop {
            let out = crate::support::run(
                crate::support::mqtt().args([
                    "pub",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &port.to_string(),
                    "-u",
                    "alice",
                    "-P",
                    password,
                    "-t",
                    "t",
                    "-m",
                    "hi",
                ]),
                b"",
            );
            if out.code() != 3 || tries == 50 {
                break out.code();
            }
            tries += 1;
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    let right = publish("wonderland");
    let wrong = publish("looking-glass");
    broker.kill().unwrap();
    let log = broker.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&log.stderr);
    assert_eq!(right, 0, "the broker authenticates alice:\n{log}");
    assert_eq!(wrong, 5, "and refuses a wrong password:\n{log}");
}
