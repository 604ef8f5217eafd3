//! `mqtt passwd --list`: users and their hash types, as text or JSON.
//!
//! Text: one line per user line of the file, tab-separated `user`, `hash`
//! (`sha512-pbkdf2`, `sha512`, `argon2id`, `plain` or `invalid`) and
//! parameters (`iterations=N`, `m=…,t=…,p=…` or `-`). JSON: an array of
//! objects with `user`, `line`, `hash` and the parameters as numbers
//! (`iterations`; `memory_kib`, `time_cost`, `parallelism`), plus `problem`
//! for an invalid line. Lines with no user are warnings on stderr.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::passwd::display_name;
use crate::passwd::file::{Credential, PasswordFile};
use crate::passwd::hash::PasswordHash;
use crate::passwd::store::StoredFile;

/// One user line, as `--list --json` prints it.
#[derive(Serialize)]
struct Listed {
    user: String,
    line: usize,
    hash: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    iterations: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory_kib: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_cost: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parallelism: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

impl Listed {
    fn parameters(&self) -> String {
        match (self.iterations, self.memory_kib, self.time_cost, self.parallelism) {
            (Some(iterations), ..) => format!("iterations={iterations}"),
            (None, Some(memory), Some(time), Some(lanes)) => {
                format!("m={memory},t={time},p={lanes}")
            }
            _ => "-".to_string(),
        }
    }
}

/// Prints the users of `stored`; problems go to stderr as warnings.
pub fn run(file: &Path, stored: &StoredFile, json: bool) -> anyhow::Result<ExitCode> {
    let parsed = PasswordFile::parse(stored.contents());
    let listed: Vec<Listed> = parsed
        .entries()
        .map(|numbered| {
            let mut listed = Listed {
                user: String::from_utf8_lossy(&numbered.entry.username).into_owned(),
                line: numbered.line,
                hash: "invalid",
                iterations: None,
                memory_kib: None,
                time_cost: None,
                parallelism: None,
                problem: None,
            };
            match &numbered.entry.credential {
                Credential::Hash(hash) => {
                    listed.hash = hash.algorithm().name();
                    match hash {
                        PasswordHash::Sha512 { .. } => {}
                        PasswordHash::Sha512Pbkdf2 { iterations, .. } => {
                            listed.iterations = Some(*iterations);
                        }
                        PasswordHash::Argon2id { memory_kib, time_cost, parallelism, .. } => {
                            listed.memory_kib = Some(*memory_kib);
                            listed.time_cost = Some(*time_cost);
                            listed.parallelism = Some(*parallelism);
                        }
                    }
                }
                Credential::Plain(_) => listed.hash = "plain",
                Credential::Empty => listed.problem = Some("no password after `:`".into()),
                Credential::Invalid(err) => listed.problem = Some(err.to_string()),
            }
            listed
        })
        .collect();
    for problem in parsed.problems(true) {
        let user = problem.username.as_deref().map(display_name);
        let user = user.map(|name| format!(" (user '{name}')")).unwrap_or_default();
        diag!(
            "mqtt passwd: warning: {}:{}: {}{user}",
            file.display(),
            problem.line,
            problem.reason
        );
    }
    let mut stdout = std::io::stdout().lock();
    if json {
        // Serialized first, so that a closed stdout is a plain io::Error
        // (which `main` treats as success), not a serde_json one.
        let mut text = serde_json::to_vec_pretty(&listed).context("cannot encode JSON")?;
        text.push(b'\n');
        stdout.write_all(&text).context("cannot write to stdout")?;
    } else {
        for entry in &listed {
            writeln!(
                stdout,
                "{}\t{}\t{}",
                display_name(entry.user.as_bytes()),
                entry.hash,
                entry.parameters()
            )
            .context("cannot write to stdout")?;
        }
    }
    stdout.flush().context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
