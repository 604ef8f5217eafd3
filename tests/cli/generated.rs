//! The committed man pages and completions match the clap definition.
//! Regenerate with `cargo run -- generate man man` and
//! `cargo run -- generate completions completions`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::mqtt;

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display())) {
        let entry = entry.unwrap();
        files.insert(
            entry.file_name().to_string_lossy().into_owned(),
            std::fs::read(entry.path()).unwrap(),
        );
    }
    files
}

fn assert_generated_matches(what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let status = mqtt().args(["generate", what]).arg(tmp.path()).status().unwrap();
    assert!(status.success(), "mqtt generate {what} failed");
    let fresh = read_tree(tmp.path());
    let committed = read_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join(what));
    assert!(!fresh.is_empty(), "mqtt generate {what} wrote nothing");
    let fresh_names: Vec<_> = fresh.keys().collect();
    let committed_names: Vec<_> = committed.keys().collect();
    assert_eq!(fresh_names, committed_names, "{what}/ lists other files; regenerate it");
    for (name, bytes) in &fresh {
        assert!(
            committed[name] == *bytes,
            "{what}/{name} is stale: run `cargo run -- generate {what} {what}`"
        );
    }
}

#[test]
fn committed_man_pages_are_current() {
    assert_generated_matches("man");
}

#[test]
fn committed_completions_are_current() {
    assert_generated_matches("completions");
}

/// The pages of the commands that connect say what they read besides their
/// options: the environment variables and the profile file.
#[test]
fn man_pages_of_connecting_commands_have_environment_and_files() {
    let man = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    for page in ["mqtt.1", "mqtt-pub.1", "mqtt-sub.1", "mqtt-bench.1", "mqtt-inspect.1"] {
        let text = std::fs::read_to_string(man.join(page)).unwrap();
        for needle in [".SH ENVIRONMENT", "MQTT_PORT", "MQTT_PASSWORD", ".SH FILES", "config.toml"]
        {
            assert!(text.contains(needle), "{page} lacks {needle}");
        }
    }
    let passwd = std::fs::read_to_string(man.join("mqtt-passwd.1")).unwrap();
    assert!(!passwd.contains(".SH ENVIRONMENT"), "passwd reads no MQTT_* variable");
}
