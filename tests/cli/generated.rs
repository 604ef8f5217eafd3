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
