//! Failures leave the file byte-identical; what is not edited is kept:
//! comments, blank lines, order, line endings, mode and owner.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::process::Command;

use super::{code, describe, passwd, passwd_ok, passwd_with_stdin, path, run, stderr, Scratch};
use crate::support::{scrub, MQTT};

const HASH: &str = "$7$101$6B/I7MTkDuS9Mg5h$c8NseOc/umbCmQ6VTXYl2jqaCDF1gAsGZ/9pG8ZFF5P4SLFPxBcN4u9CNM59+jNgKZx5GWVq3l+yh/GDXerIxQ==";

/// A line mosquitto cannot use blocks every change; the error names its
/// line number, never its content (it may be a plain-text password).
#[test]
fn malformed_line_blocks_changes_and_leaves_the_file_byte_identical() {
    let scratch = Scratch::new();
    let original =
        format!("# users\r\nbob:{HASH}\r\nSECRET-line-without-colon\r\ncarol:$7$1$broken$x\r\n");
    fs::write(&scratch.file, &original).unwrap();
    let file = path(&scratch.file);
    for args in [
        vec!["-b", file, "alice", "pw"],
        vec!["-D", file, "bob"],
        vec!["-U", file],
        vec!["-c", "-b", "/nonexistent-dir/x", "alice", "pw"],
    ] {
        let output = passwd(&args);
        assert_ne!(code(&output), 0, "{args:?}");
        assert_eq!(scratch.read(), original.as_bytes(), "{args:?} changed the file");
        assert_eq!(scratch.listing(), ["passwd"], "{args:?} left files behind");
        assert!(!stderr(&output).contains("SECRET"), "{}", describe(&output));
    }
    let output = passwd(&["-b", file, "alice", "pw"]);
    assert_eq!(code(&output), 65, "{}", describe(&output));
    let message = stderr(&output);
    assert!(message.contains(&format!("{file}:3: no `:`")), "{message}");
    assert!(message.contains(&format!("{file}:4: corrupt sha512-pbkdf2 hash")), "{message}");

    // A broken user's own line is the one thing that may be replaced.
    let broken = format!("# users\r\ncarol:$7$1$broken$x\r\nbob:{HASH}\r\n");
    fs::write(&scratch.file, &broken).unwrap();
    passwd_ok(&["-b", file, "carol", "fixed"]);
    let text = scratch.text();
    assert!(text.starts_with("# users\r\ncarol:$7$1000$"), "{text:?}");
    assert!(text.ends_with(&format!("\r\nbob:{HASH}\r\n")), "{text:?}");
}

#[test]
fn a_directory_in_place_of_the_file_is_refused() {
    let scratch = Scratch::new();
    fs::create_dir(&scratch.file).unwrap();
    fs::write(scratch.file.join("inside"), "keep").unwrap();
    for args in [
        vec!["-b", path(&scratch.file), "alice", "pw"],
        vec!["-c", "-b", path(&scratch.file), "a", "b"],
    ] {
        let output = passwd(&args);
        assert_eq!(code(&output), 74, "{}", describe(&output));
        assert!(stderr(&output).contains("is not a regular file"), "{}", describe(&output));
        assert_eq!(fs::read_to_string(scratch.file.join("inside")).unwrap(), "keep");
        assert_eq!(scratch.listing(), ["passwd"]);
    }
}

/// The process is killed (SIGXFSZ, file size limit) while writing the new
/// file: the original must not have been touched. Works as root too.
#[test]
fn a_crash_while_writing_leaves_the_original_intact() {
    let scratch = Scratch::new();
    let original: String = (0..400).map(|index| format!("user{index}:{HASH}\n")).collect();
    assert!(original.len() > 40_000);
    fs::write(&scratch.file, &original).unwrap();
    // `ulimit -f 16`: at most 8 KiB (16 blocks of 512 bytes in POSIX sh) per
    // file; reading the 50 KB original is fine, writing its copy is not.
    let output = run(
        scrub(&mut Command::new("sh"))
            .arg("-c")
            .arg("ulimit -f 16 && exec \"$0\" passwd -b \"$1\" newuser pw")
            .arg(MQTT)
            .arg(&scratch.file),
        None,
    );
    // Killed by SIGXFSZ (25) in the middle of writing, or, where that
    // signal is ignored, a write error (74): either way after reading.
    let killed_while_writing =
        output.status.signal() == Some(25) || output.status.code() == Some(74);
    assert!(killed_while_writing, "{}", describe(&output));
    assert_eq!(scratch.text(), original, "the original changed");
    // Killed mid-write, the process may leave its temporary file behind; it
    // is never the password file itself.
    assert!(scratch.listing().iter().all(|name| name == "passwd" || name.starts_with(".passwd.")));
}

#[test]
fn comments_blank_lines_order_and_line_endings_survive_edits() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    let start = format!("# head\r\n\r\nzed:{HASH}\r\n  # indented\r\n#last, no final newline");
    fs::write(&scratch.file, &start).unwrap();
    passwd_ok(&["-b", file, "amy", "pw"]);
    let text = scratch.text();
    let expected_prefix = format!("{start}\r\namy:$7$1000$");
    assert!(text.starts_with(&expected_prefix), "{text:?}");
    assert!(text.ends_with("\r\n"), "{text:?}");

    passwd_ok(&["-b", file, "zed", "new"]);
    passwd_ok(&["-D", file, "amy"]);
    let text = scratch.text();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[..2], ["# head", ""]);
    assert!(lines[2].starts_with("zed:$7$1000$"), "{text:?}");
    assert_eq!(lines[3..], ["  # indented", "#last, no final newline", ""]);
}

#[test]
fn failed_commands_change_nothing() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", file, "alice", "pw"]);
    let before = scratch.read();
    let cases: [(&[&str], Option<&str>, i32); 6] = [
        (&["-D", file, "nobody"], None, 67),
        (&["-b", file, "bad:name", "pw"], None, 2),
        (&["-b", file, "", "pw"], None, 2),
        (&["-b", file, "tab\tname", "pw"], None, 2),
        (&[file, "bob"], Some("one\ntwo\n"), 2),
        (&[file, "bob"], Some(""), 2),
    ];
    for (args, input, expected) in cases {
        let output = match input {
            Some(input) => passwd_with_stdin(args, input),
            None => passwd(args),
        };
        assert_eq!(code(&output), expected, "{args:?}\n{}", describe(&output));
        assert_eq!(scratch.read(), before, "{args:?}");
    }
    assert_eq!(scratch.listing(), ["passwd"]);
}

#[test]
fn new_files_are_private_and_existing_mode_and_owner_are_kept() {
    let scratch = Scratch::new();
    let file = path(&scratch.file);
    passwd_ok(&["-c", "-b", file, "alice", "pw"]);
    assert_eq!(fs::metadata(&scratch.file).unwrap().mode() & 0o7777, 0o600);

    fs::set_permissions(&scratch.file, fs::Permissions::from_mode(0o640)).unwrap();
    let is_root = fs::metadata(scratch.dir.path()).unwrap().uid() == 0;
    if is_root {
        // Give the file away, as to a `mosquitto` service user.
        std::os::unix::fs::chown(&scratch.file, Some(65534), Some(65534)).unwrap();
    }
    let owner = fs::metadata(&scratch.file).unwrap();
    passwd_ok(&["-b", file, "bob", "pw"]);
    passwd_ok(&["-c", "-b", file, "carol", "pw"]);
    let after = fs::metadata(&scratch.file).unwrap();
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (owner.uid(), owner.gid()));
    if !is_root {
        eprintln!("not root: the owner stayed ours; giving files away needs root");
    }
}
