//! `--password-file` with files made by mosquitto_passwd, and
//! `--allow-anonymous`.

use super::harness::{mosquitto_passwd, publish, run, run_mqtt, Finished, Serve, Subscriber};

/// `mosquitto_pub` as `user:password` (None: no user name) at `version`.
fn publish_as(port: u16, version: &str, credentials: Option<(&str, &str)>) -> Finished {
    let port = port.to_string();
    let mut args = vec!["-h", "127.0.0.1", "-p", &port, "-V", version, "-t", "t", "-m", "x"];
    if let Some((user, password)) = credentials {
        args.extend(["-u", user, "-P", password]);
    }
    run("mosquitto_pub", &args)
}

fn assert_refused(finished: &Finished, reason: &str, case: &str) {
    assert!(!finished.status.success(), "{case}: accepted\n{}", finished.describe());
    assert!(
        finished.stderr.to_lowercase().contains(reason),
        "{case}: expected `{reason}`:\n{}",
        finished.describe()
    );
}

#[test]
fn mosquitto_passwd_file_admits_only_its_users() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("passwords");
    mosquitto_passwd(&file, "alice", "wonder land");
    let serve = Serve::start(&["--password-file", file.to_str().unwrap()]);
    let port = serve.port();

    for version in ["mqttv311", "mqttv5"] {
        let ok = publish_as(port, version, Some(("alice", "wonder land")));
        assert!(ok.status.success(), "{version}: alice refused:\n{}", ok.describe());

        let wrong = publish_as(port, version, Some(("alice", "wonderland")));
        assert_refused(&wrong, "bad user name or password", &format!("{version} wrong password"));
        let unknown = publish_as(port, version, Some(("bob", "wonder land")));
        assert_refused(&unknown, "bad user name or password", &format!("{version} unknown user"));
        let anonymous = publish_as(port, version, None);
        assert_refused(&anonymous, "not authori", &format!("{version} anonymous"));
    }
}

#[test]
fn allow_anonymous_admits_clients_without_a_name_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("passwords");
    mosquitto_passwd(&file, "alice", "secret");
    let serve = Serve::start(&["--password-file", file.to_str().unwrap(), "--allow-anonymous"]);
    let port = serve.port();

    let anonymous = publish_as(port, "mqttv311", None);
    assert!(anonymous.status.success(), "anonymous refused:\n{}", anonymous.describe());
    let wrong = publish_as(port, "mqttv311", Some(("alice", "not it")));
    assert_refused(&wrong, "bad user name or password", "wrong password");
}

#[test]
fn authenticated_clients_exchange_messages() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("passwords");
    mosquitto_passwd(&file, "alice", "secret");
    let serve = Serve::start(&["--password-file", file.to_str().unwrap()]);
    let port = serve.port();
    let credentials = ["-u", "alice", "-P", "secret"];

    let mut subscriber = Subscriber::start(port, &[&credentials[..], &["-t", "auth/t"]].concat());
    publish(port, &[&credentials[..], &["-t", "auth/t", "-m", "signed in"]].concat());
    assert_eq!(subscriber.message().1, "auth/t signed in");
}

#[test]
fn argon2id_file_from_mqtt_passwd_admits_only_its_user() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("passwords");
    let path = file.to_str().unwrap();
    let made = run_mqtt(&["passwd", "-H", "argon2id", "-c", "-b", path, "dave", "argon pw"]);
    assert!(made.status.success(), "mqtt passwd failed:\n{}", made.describe());
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("dave:$argon2id$"));
    let serve = Serve::start(&["--password-file", path]);

    let ok = publish_as(serve.port(), "mqttv5", Some(("dave", "argon pw")));
    assert!(ok.status.success(), "dave refused:\n{}", ok.describe());
    let wrong = publish_as(serve.port(), "mqttv5", Some(("dave", "argon pW")));
    assert_refused(&wrong, "bad user name or password", "wrong password");
}

#[test]
fn no_password_file_admits_everyone() {
    let serve = Serve::start(&[]);
    let with_name = publish_as(serve.port(), "mqttv5", Some(("anyone", "anything")));
    assert!(with_name.status.success(), "{}", with_name.describe());
    let without = publish_as(serve.port(), "mqttv5", None);
    assert!(without.status.success(), "{}", without.describe());
}

#[test]
fn bad_password_file_stops_serve_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("passwords");
    mosquitto_passwd(&file, "alice", "secret");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("bob:hunter2\n");
    std::fs::write(&file, text).unwrap();

    let output = run_mqtt(&["serve", "-p", "0", "--password-file", file.to_str().unwrap()]);
    let stderr = &output.stderr;
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let expected = format!("{}:2: user `bob`: plain-text password (not hashed)", file.display());
    assert!(stderr.contains(&expected), "expected {expected:?} in:\n{stderr}");
    assert!(!stderr.contains("hunter2"), "the password leaked:\n{stderr}");
    assert!(!stderr.contains("listening"), "{stderr}");
}

#[test]
fn missing_password_file_is_named() {
    let output = run_mqtt(&["serve", "-p", "0", "--password-file", "/nonexistent/pw"]);
    let stderr = &output.stderr;
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read /nonexistent/pw"), "{stderr}");
}

#[test]
fn allow_anonymous_needs_a_password_file() {
    let output = run_mqtt(&["serve", "-p", "0", "--allow-anonymous"]);
    let stderr = &output.stderr;
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--password-file"), "{stderr}");
}
