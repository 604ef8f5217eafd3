//! Arguments, password input (stdin and terminal), --verify, --list, -c -.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use super::{code, describe, passwd, passwd_ok, passwd_with_stdin, path, stderr, stdout, Scratch};
use crate::support::{scrub, MQTT};

#[test]
fn verify_exit_codes() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", file, "alice", "right"]);
    std::fs::write(&scratch.file, format!("{}plain:text\n", scratch.text())).unwrap();
    let cases = [
        (vec!["--verify", file, "alice"], "right\n", 0),
        (vec!["--verify", file, "alice"], "right\r\n", 0),
        (vec!["--verify", file, "alice"], "wrong\n", 1),
        (vec!["--verify", file, "alice"], "right \n", 1),
        (vec!["--verify", file, "nobody"], "right\n", 67),
        (vec!["--verify", file, "plain"], "text\n", 65),
        (vec!["--verify", "/nonexistent/file", "alice"], "right\n", 66),
        (vec!["--verify", "-b", file, "alice", "right"], "", 0),
        (vec!["--verify", "-b", file, "alice", "wrong"], "", 1),
        // A password that starts with `-` is a password, not an option.
        (vec!["--verify", "-b", file, "alice", "-right"], "", 1),
        (vec!["--verify", "-b", file, "alice", "--", "right"], "", 0),
    ];
    for (args, input, expected) in cases {
        let output = passwd_with_stdin(&args, input);
        assert_eq!(code(&output), expected, "{args:?} {input:?}\n{}", describe(&output));
    }
    // No input at all: an error, not a silent mismatch.
    let output = passwd(&["--verify", file, "alice"]);
    assert_eq!(code(&output), 2, "{}", describe(&output));
    assert!(stderr(&output).contains("no password on standard input"), "{}", describe(&output));
}

#[test]
fn password_from_stdin_one_line_or_confirmed_twice() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", file, "seed", "x"]);
    for (user, input, expected) in [
        ("one", "only once\n", 0),
        ("two", "twice\ntwice\n", 0),
        ("crlf", "windows\r\nwindows\r\n", 0),
        ("differ", "first\nsecond\n", 2),
        ("empty", "\n", 2),
    ] {
        let output = passwd_with_stdin(&[file, user], input);
        assert_eq!(code(&output), expected, "{user}\n{}", describe(&output));
    }
    for (user, password) in [("one", "only once"), ("two", "twice"), ("crlf", "windows")] {
        let output = passwd(&["--verify", "-b", file, user, password]);
        assert_eq!(code(&output), 0, "{user}\n{}", describe(&output));
    }
    let listed = stdout(&passwd_ok(&["--list", file]));
    assert!(!listed.contains("differ") && !listed.contains("empty"), "{listed}");
}

#[test]
fn list_as_text_and_json() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", file, "pbkdf2", "pw"]);
    passwd_ok(&["-b", "-H", "sha512", file, "sha", "pw"]);
    passwd_ok(&["-b", "-H", "argon2id", file, "argon", "pw"]);
    passwd_ok(&["-b", "-I", "4242", file, "custom", "pw"]);
    let extra = "# comment\nplainuser:pw\nbroken:$6$short$x\nno colon here\n";
    std::fs::write(&scratch.file, format!("{}{extra}", scratch.text())).unwrap();

    let output = passwd_ok(&["--list", file]);
    assert_eq!(
        stdout(&output),
        "pbkdf2\tsha512-pbkdf2\titerations=1000\nsha\tsha512\t-\nargon\targon2id\tm=47104,t=1,p=1\n\
         custom\tsha512-pbkdf2\titerations=4242\nplainuser\tplain\t-\nbroken\tinvalid\t-\n"
    );
    let warnings = stderr(&output);
    assert!(warnings.contains(&format!("{file}:6: plain-text password")), "{warnings}");
    assert!(warnings.contains(&format!("{file}:7: corrupt sha512 hash")), "{warnings}");
    assert!(warnings.contains(&format!("{file}:8: no `:`")), "{warnings}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&passwd_ok(&["--list", "--json", file]))).unwrap();
    let users = json.as_array().unwrap();
    assert_eq!(users.len(), 6);
    assert_eq!(
        users[0],
        serde_json::json!({"user": "pbkdf2", "line": 1, "hash": "sha512-pbkdf2", "iterations": 1000})
    );
    assert_eq!(users[1], serde_json::json!({"user": "sha", "line": 2, "hash": "sha512"}));
    assert_eq!(
        users[2],
        serde_json::json!({"user": "argon", "line": 3, "hash": "argon2id",
                           "memory_kib": 47104, "time_cost": 1, "parallelism": 1})
    );
    assert_eq!(users[3]["iterations"], 4242);
    assert_eq!(users[4], serde_json::json!({"user": "plainuser", "line": 6, "hash": "plain"}));
    assert_eq!(users[5]["hash"], "invalid");
    assert!(users[5]["problem"].as_str().unwrap().contains("salt"), "{}", users[5]);
}

#[test]
fn create_to_stdout_writes_no_file() {
    let scratch = Scratch::new();
    let output = passwd_ok(&["-c", "-b", "-H", "sha512", "-", "zoe", "pw"]);
    let line = stdout(&output);
    assert!(
        line.starts_with("zoe:$6$") && line.ends_with('\n') && line.lines().count() == 1,
        "{line}"
    );
    assert_eq!(scratch.listing(), Vec::<String>::new());
    std::fs::write(&scratch.file, &line).unwrap();
    passwd_ok(&["--verify", "-b", path(&scratch.file), "zoe", "pw"]);
    // `-` means stdout only with -c.
    assert_eq!(code(&passwd(&["-b", "-", "zoe", "pw"])), 2);
}

#[test]
fn usage_errors_exit_2_and_create_nothing() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    for args in [
        vec!["-c", file, "user", "password-without-b"],
        vec!["-c", "-b", file, "user"],
        vec!["-c", "-b", file],
        vec!["-c", "-D", file, "user"],
        vec!["-U", file, "user"],
        vec!["--list", file, "user"],
        vec!["--json", file],
        vec!["-c", "-b", file, "user", "pw", "--json"],
        vec!["-c", "-b", "-H", "md5", file, "user", "pw"],
        vec!["-c", "-b", "-H", "sha512", "-I", "5", file, "user", "pw"],
        vec!["-c", "-b", "-I", "0", file, "user", "pw"],
        vec!["-c", "-b", file, "us:er", "pw"],
        vec!["-c", "-b", file, "new\nline", "pw"],
        vec!["-c", "-b", file, " padded", "pw"],
        vec!["-c", "-b", file, "#hash", "pw"],
        vec!["-c", "-b", file, "user", ""],
    ] {
        let output = passwd(&args);
        assert_eq!(code(&output), 2, "{args:?}\n{}", describe(&output));
        assert_eq!(scratch.listing(), Vec::<String>::new(), "{args:?}");
    }
}

/// The password given to any command never shows up in its output, even
/// when something goes wrong.
#[test]
fn passwords_never_appear_in_output() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    let secret = "Sup3r-S3cret-Value";
    let mut outputs = vec![
        passwd(&["-c", "-b", file, "alice", secret]),
        passwd(&["--verify", "-b", file, "alice", secret]),
        passwd(&["--verify", "-b", file, "alice", &format!("{secret}-wrong")]),
        passwd(&["-b", file, "bad:user", secret]),
        passwd(&["--list", "--json", file]),
        passwd_with_stdin(&[file, "bob"], &format!("{secret}\n{secret}-other\n")),
    ];
    std::fs::write(&scratch.file, format!("{}carol:{secret}\n{secret}\n", scratch.text())).unwrap();
    outputs.push(passwd(&["--list", file]));
    outputs.push(passwd(&["-b", file, "dave", "x"]));
    outputs.push(passwd(&["--verify", "-b", file, "carol", secret]));
    // A password that looks like an option is a password, not an error
    // message quoting it.
    outputs.push(passwd(&["--verify", "-b", file, "alice", &format!("-{secret}")]));
    for output in &outputs {
        let all = format!("{}{}", stdout(output), stderr(output));
        assert!(!all.contains(secret), "{}", describe(output));
    }
}

/// On a terminal, the password is asked twice through the terminal (here a
/// pseudo-terminal made by util-linux `script`), not read from stdin.
#[test]
fn prompts_twice_on_a_terminal() {
    let scratch = Scratch::new();
    let command = format!("{} passwd -c {} ttyuser", MQTT, path(&scratch.file));
    let mut child = scrub(&mut Command::new("script"))
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) runs the command on a pseudo-terminal; install bsdutils");
    let mut stdin = child.stdin.take().unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    // Answer each prompt once it appears: an event, not a timer.
    for (prompt, answer) in [("Password: ", "tty-pw\n"), ("Reenter password: ", "tty-pw\n")] {
        while !String::from_utf8_lossy(&seen).contains(prompt) {
            let mut buffer = [0u8; 256];
            let read = out.read(&mut buffer).unwrap();
            assert!(read > 0, "no prompt {prompt:?}; got {:?}", String::from_utf8_lossy(&seen));
            seen.extend_from_slice(&buffer[..read]);
        }
        seen.clear();
        stdin.write_all(answer.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    drop(stdin);
    let mut rest = Vec::new();
    out.read_to_end(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}: {}", String::from_utf8_lossy(&rest));
    passwd_ok(&["--verify", "-b", path(&scratch.file), "ttyuser", "tty-pw"]);
}
