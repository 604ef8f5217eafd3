//! `mqtt passwd`: mosquitto_passwd's interface, plus `--verify`, `--list`
//! and `-c -`, on top of [`crate::passwd`].
//!
//! Policy: check everything that can be checked (arguments, user name, the
//! file's lines) before prompting for a password and before writing; write
//! through [`StoredFile::replace`] only, so any failure leaves the file as it
//! was. Messages go to stderr; only `--list` output and `-c -` go to stdout.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::passwd::PasswdArgs;
use crate::exit::{coded, usage, Exit};
use crate::passwd::file::{Credential, PasswordFile, Problem, SetOutcome};
use crate::passwd::hash::{Algorithm, HashError, PasswordHash, DEFAULT_ITERATIONS};
use crate::passwd::input::{read_password, InputError};
use crate::passwd::owner::{self, default_new_owner, Owner};
use crate::passwd::secret::Secret;
use crate::passwd::store::{StoreError, StoredFile};
use crate::passwd::{check_username, display_name, MAX_FIELD_LEN};

mod list;

/// What the command line asks for, once its arguments are checked.
enum Action {
    Set { user: String, password: Option<Secret>, create: bool },
    Delete { user: String },
    HashPlainText,
    Verify { user: String, password: Option<Secret> },
    List { json: bool },
}

/// Runs `mqtt passwd`.
pub fn run(args: PasswdArgs) -> anyhow::Result<ExitCode> {
    let action = action(&args)?;
    let iterations = iterations(&args, &action)?;
    let file = args.file.as_path();
    match action {
        Action::Set { user, password, create } => {
            let owner = args.owner.or_else(default_new_owner);
            set(file, &user, password, create, args.algorithm, iterations, owner)
        }
        Action::Delete { user } => delete(file, &user),
        Action::HashPlainText => hash_plain_text(file, args.algorithm, iterations),
        Action::Verify { user, password } => verify(file, &user, password),
        Action::List { json } => list::run(file, &open(file, false)?, json),
    }
}

/// Checks which positional arguments the chosen mode takes.
fn action(args: &PasswdArgs) -> anyhow::Result<Action> {
    // clap's `requires` alone let `-b FILE USER PASSWORD --json` through.
    if args.json && !args.list {
        return Err(usage("--json works only with --list"));
    }
    let to_stdout = args.file.as_os_str() == "-";
    if to_stdout && !args.create {
        return Err(usage("FILE `-` (standard output) works only with -c"));
    }
    let takes_user = !(args.hash_plain_text || args.list);
    if !takes_user {
        let flag = if args.list { "--list" } else { "-U" };
        if args.user.is_some() || args.password.is_some() {
            return Err(usage(format!("{flag} takes FILE only")));
        }
        return Ok(if args.list {
            Action::List { json: args.json }
        } else {
            Action::HashPlainText
        });
    }
    let user = args.user.clone().ok_or_else(|| usage("USER is missing after FILE"))?;
    check_username(&user).map_err(|reason| usage(format!("invalid user name: {reason}")))?;
    match (args.batch, &args.password) {
        (true, None) => return Err(usage("-b needs PASSWORD after USER")),
        (false, Some(_)) => {
            return Err(usage("PASSWORD on the command line needs -b (batch mode)"));
        }
        _ => {}
    }
    let password = args.password.clone();
    Ok(if args.delete {
        Action::Delete { user }
    } else if args.verify {
        Action::Verify { user, password }
    } else {
        Action::Set { user, password, create: args.create }
    })
}

fn iterations(args: &PasswdArgs, action: &Action) -> anyhow::Result<u32> {
    let hashes = matches!(action, Action::Set { .. } | Action::HashPlainText);
    match args.iterations {
        Some(_) if !hashes => Err(usage("-I/--iterations applies only when setting passwords")),
        Some(_) if args.algorithm != Algorithm::Sha512Pbkdf2 => Err(usage(format!(
            "-I/--iterations applies to sha512-pbkdf2 only, not {}",
            args.algorithm
        ))),
        Some(count) => Ok(count),
        None => Ok(DEFAULT_ITERATIONS),
    }
}

fn open(file: &Path, may_be_missing: bool) -> anyhow::Result<StoredFile> {
    StoredFile::open(file, may_be_missing).map_err(store_error)
}

fn store_error(err: StoreError) -> anyhow::Error {
    let code = match err {
        StoreError::NotFound(_) => Exit::NoInput,
        _ => Exit::IoError,
    };
    coded(code, err.to_string())
}

fn input_error(err: InputError) -> anyhow::Error {
    let code = match err {
        InputError::Io(_) => Exit::IoError,
        InputError::Mismatch | InputError::NoInput => Exit::Usage,
    };
    coded(code, err.to_string())
}

/// `FILE:LINE: reason (user NAME)`.
fn describe(file: &Path, problem: &Problem) -> String {
    let user = match &problem.username {
        Some(name) => format!(" (user '{}')", display_name(name)),
        None => String::new(),
    };
    format!("{}:{}: {}{user}", file.display(), problem.line, problem.reason)
}

/// Fails with every problem line unless there are none.
fn refuse_problems(file: &Path, problems: &[Problem]) -> anyhow::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = problems.iter().map(|problem| describe(file, problem)).collect();
    Err(coded(
        Exit::DataError,
        format!(
            "{} has {} line(s) mosquitto cannot use; fix or remove them first, nothing was changed:\n  {}",
            file.display(),
            problems.len(),
            list.join("\n  ")
        ),
    ))
}

fn warn(message: impl std::fmt::Display) {
    diag!("mqtt passwd: {message}");
}

/// Warns when the file as written is one the broker cannot read, or one
/// anyone can (see [`crate::passwd::owner`]).
fn warn_unreadable(file: &Path, stored: &StoredFile) {
    let Ok(metadata) = stored.metadata_now() else { return };
    for problem in owner::warnings(&metadata) {
        warn(format!(
            "warning: {} (owner {}, mode {:04o}): {problem}",
            file.display(),
            owner::user_name(std::os::unix::fs::MetadataExt::uid(&metadata)),
            std::os::unix::fs::MetadataExt::mode(&metadata) & 0o7777
        ));
    }
}

/// Warns about plain-text lines of other users: mosquitto refuses them.
fn warn_plain_text(file: &Path, parsed: &PasswordFile, user: &[u8]) {
    for problem in parsed.problems(true) {
        if problem.username.as_deref() != Some(user) && problem.reason.starts_with("plain-text") {
            warn(format!("warning: {}; run `mqtt passwd -U` to hash it", describe(file, &problem)));
        }
    }
}

fn new_password(password: Option<Secret>) -> anyhow::Result<Secret> {
    let password = match password {
        Some(password) => password,
        None => read_password(true).map_err(input_error)?,
    };
    if password.is_empty() {
        return Err(usage("the password is empty"));
    }
    if password.len() > MAX_FIELD_LEN {
        return Err(usage(format!("the password is longer than {MAX_FIELD_LEN} bytes")));
    }
    Ok(password)
}

fn hash_field(algorithm: Algorithm, iterations: u32, password: &Secret) -> anyhow::Result<String> {
    Ok(PasswordHash::create(algorithm, iterations, password.expose())?.to_string())
}

fn set(
    file: &Path,
    user: &str,
    password: Option<Secret>,
    create: bool,
    algorithm: Algorithm,
    iterations: u32,
    new_owner: Option<Owner>,
) -> anyhow::Result<ExitCode> {
    let to_stdout = create && file.as_os_str() == "-";
    let stored =
        if to_stdout { None } else { Some(open(file, create)?.with_new_file_owner(new_owner)) };
    let mut parsed = PasswordFile::default();
    if !create {
        let existing = stored.as_ref().map(StoredFile::contents).unwrap_or_default();
        parsed = PasswordFile::parse(existing);
        let problems: Vec<Problem> = parsed
            .problems(false)
            .into_iter()
            .filter(|problem| problem.username.as_deref() != Some(user.as_bytes()))
            .collect();
        refuse_problems(file, &problems)?;
        warn_plain_text(file, &parsed, user.as_bytes());
    }
    let password = new_password(password)?;
    let outcome = parsed.set(user.as_bytes(), || hash_field(algorithm, iterations, &password))?;
    let contents = parsed.to_bytes();
    let Some(stored) = stored else {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&contents)
            .and_then(|()| stdout.flush())
            .context("cannot write to stdout")?;
        return Ok(ExitCode::SUCCESS);
    };
    if create && stored.exists() {
        let replaced = PasswordFile::parse(stored.contents()).entries().count();
        warn(format!("replaced {} (it had {replaced} user line(s))", file.display()));
    }
    stored.replace(&contents).map_err(store_error)?;
    warn_unreadable(file, &stored);
    match outcome {
        SetOutcome::Added => warn(format!("added user '{user}' ({algorithm})")),
        SetOutcome::Updated(1) => {
            warn(format!("updated the password of user '{user}' ({algorithm})"))
        }
        SetOutcome::Updated(lines) => warn(format!(
            "updated the password of user '{user}' on all {lines} of its lines ({algorithm})"
        )),
    }
    Ok(ExitCode::SUCCESS)
}

fn delete(file: &Path, user: &str) -> anyhow::Result<ExitCode> {
    let stored = open(file, false)?;
    let mut parsed = PasswordFile::parse(stored.contents());
    let problems: Vec<Problem> = parsed
        .problems(false)
        .into_iter()
        .filter(|problem| problem.username.as_deref() != Some(user.as_bytes()))
        .collect();
    refuse_problems(file, &problems)?;
    let removed = parsed.delete(user.as_bytes());
    if removed == 0 {
        return Err(coded(Exit::NoUser, format!("user '{user}' is not in {}", file.display())));
    }
    stored.replace(&parsed.to_bytes()).map_err(store_error)?;
    warn_unreadable(file, &stored);
    warn(format!("deleted user '{user}' ({removed} line(s))"));
    Ok(ExitCode::SUCCESS)
}

fn hash_plain_text(file: &Path, algorithm: Algorithm, iterations: u32) -> anyhow::Result<ExitCode> {
    let stored = open(file, false)?;
    let mut parsed = PasswordFile::parse(stored.contents());
    refuse_problems(file, &parsed.problems(false))?;
    let hashed = parsed.hash_plain_text(|password| {
        if password.len() > MAX_FIELD_LEN {
            return Err(coded(Exit::DataError, "a plain-text password is longer than 65535 bytes"));
        }
        hash_field(algorithm, iterations, password)
    })?;
    if hashed.is_empty() {
        warn(format!("no plain-text passwords in {}; nothing changed", file.display()));
        return Ok(ExitCode::SUCCESS);
    }
    stored.replace(&parsed.to_bytes()).map_err(store_error)?;
    warn_unreadable(file, &stored);
    warn(format!("hashed the passwords of {} user line(s) ({algorithm})", hashed.len()));
    Ok(ExitCode::SUCCESS)
}

fn verify(file: &Path, user: &str, password: Option<Secret>) -> anyhow::Result<ExitCode> {
    let stored = open(file, false)?;
    let parsed = PasswordFile::parse(stored.contents());
    let lines: Vec<usize> = parsed.entries_of(user.as_bytes()).map(|entry| entry.line).collect();
    if lines.len() > 1 {
        warn(format!(
            "warning: user '{user}' is on lines {lines:?} of {}; mosquitto uses the last",
            file.display()
        ));
    }
    let Some(entry) = parsed.entries_of(user.as_bytes()).last() else {
        return Err(coded(Exit::NoUser, format!("user '{user}' is not in {}", file.display())));
    };
    let at = format!("{}:{}", file.display(), entry.line);
    let hash = match &entry.entry.credential {
        Credential::Hash(hash) => hash,
        Credential::Plain(_) => {
            return Err(coded(
                Exit::DataError,
                format!("{at}: user '{user}' has a plain-text password, which mosquitto refuses; run `mqtt passwd -U` first"),
            ));
        }
        Credential::Empty => {
            return Err(coded(Exit::DataError, format!("{at}: user '{user}' has no password")));
        }
        Credential::Invalid(err) => {
            return Err(coded(Exit::DataError, format!("{at}: user '{user}': {err}")));
        }
    };
    let password = match password {
        Some(password) => password,
        None => read_password(false).map_err(input_error)?,
    };
    let matches = hash
        .verify(password.expose())
        .map_err(|err: HashError| coded(Exit::DataError, format!("{at}: user '{user}': {err}")))?;
    if matches {
        warn(format!("the password of user '{user}' matches"));
        Ok(ExitCode::SUCCESS)
    } else {
        warn(format!("the password of user '{user}' does not match"));
        Ok(Exit::Failure.into())
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::cli::Cli;

    #[test]
    fn debug_of_the_parsed_command_line_hides_the_password() {
        let cli =
            Cli::try_parse_from(["mqtt", "passwd", "-b", "file", "alice", "hunter2"]).unwrap();
        let debug = format!("{cli:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("alice"), "{debug}");
    }
}
