//! `mqtt passwd`'s command line: the arguments and the long help.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

use clap::builder::{OsStringValueParser, TypedValueParser};

use crate::passwd::hash::Algorithm;
use crate::passwd::owner::{parse_owner, Owner};
use crate::passwd::secret::Secret;

/// Arguments of `mqtt passwd`; the command's own help is [`LONG_ABOUT`].
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "mqtt passwd [-H ALGORITHM] [-I COUNT] [-c | -D] FILE USER\n       \
                      mqtt passwd [-H ALGORITHM] [-I COUNT] [-c] -b FILE USER PASSWORD\n       \
                      mqtt passwd -U [-H ALGORITHM] [-I COUNT] FILE\n       \
                      mqtt passwd --verify [-b] FILE USER [PASSWORD]\n       \
                      mqtt passwd --list [--json] FILE",
    after_long_help = AFTER_LONG_HELP
)]
pub struct PasswdArgs {
    /// Create a new file, replacing FILE if it exists (as mosquitto_passwd -c).
    /// FILE `-` prints the new file to stdout instead.
    #[arg(short = 'c', long)]
    pub create: bool,

    /// Delete USER from FILE (every line of that user).
    #[arg(short = 'D', long, conflicts_with_all = ["create", "batch", "hash_plain_text", "verify", "list"])]
    pub delete: bool,

    /// Batch mode: the password is the PASSWORD argument. Beware: other
    /// users can see it in the process list, and it lands in shell history.
    #[arg(short = 'b', long)]
    pub batch: bool,

    /// Hash every plain-text password in FILE (a file of `user:password`
    /// lines). Lines already hashed are left as they are, so unlike
    /// mosquitto_passwd -U it is safe to run twice. Blanks around a
    /// password are trimmed, as mosquitto does.
    #[arg(short = 'U', long, conflicts_with_all = ["create", "batch", "verify", "list"])]
    pub hash_plain_text: bool,

    /// The hash for new passwords.
    #[arg(short = 'H', long = "hash", value_name = "ALGORITHM", default_value = "sha512-pbkdf2")]
    pub algorithm: Algorithm,

    /// PBKDF2 iterations for sha512-pbkdf2 [default: 1000]. mosquitto_passwd
    /// 2.0 writes 101, 2.1 writes 1000. More is slower to guess but costs the
    /// broker as much CPU at every connect.
    #[arg(short = 'I', long, value_name = "COUNT",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(i32::MAX)))]
    pub iterations: Option<u32>,

    /// Check USER's password instead of setting it: exit 0 when it
    /// matches, 1 when it does not.
    #[arg(long, conflicts_with_all = ["create", "list"])]
    pub verify: bool,

    /// List the users in FILE with their hash types and parameters
    /// (tab-separated: user, hash, parameters).
    #[arg(long, conflicts_with_all = ["create", "batch"])]
    pub list: bool,

    /// With --list: print a JSON array of
    /// `{"user", "line", "hash", …parameters}` objects.
    #[arg(long, requires = "list")]
    pub json: bool,

    /// Owner of a new FILE, USER[:GROUP] [default: when run as root and a
    /// `mosquitto` account exists, that account; else whoever runs this].
    /// An existing file keeps its owner and mode.
    #[arg(long, value_name = "USER[:GROUP]", value_parser = parse_owner)]
    pub owner: Option<Owner>,

    /// The password file; `-` with -c prints to stdout.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The user name: not empty, no `:`, no control characters.
    #[arg(value_name = "USER")]
    pub user: Option<String>,

    /// The password, with -b only.
    #[arg(value_name = "PASSWORD", allow_hyphen_values = true,
          value_parser = OsStringValueParser::new().map(secret_from_arg))]
    pub password: Option<Secret>,
}

/// The long description of `mqtt passwd` (`--help` and the man page).
pub const LONG_ABOUT: &str = "\
Create and edit mosquitto password files.

Works like mosquitto_passwd, and writes files that mosquitto reads: `mqtt passwd FILE USER` \
adds USER or changes their password, asking for it twice on the terminal. When stdin is not \
a terminal, the password is its first line (a second line, if any, must repeat it). Beyond \
mosquitto_passwd: --verify checks a password, --list shows the users and their hashes, \
`-c -` prints a new file instead of writing one, and -U is safe to run twice.

Safety: FILE is replaced atomically (a temporary file in the same directory, synced, then \
renamed), keeping its permissions and owner. New files get mode 0600; run as root, a new file \
belongs to the `mosquitto` account when there is one (mosquitto started as root reads the \
file as that account), or to --owner. A file mosquitto could not read, or anyone could, is \
reported. Comments, blank \
lines, line endings and the order of lines are kept. A line mosquitto cannot use is \
reported by its number and blocks any change (except to that user's own lines); on any \
error FILE is left exactly as it was. Passwords are never printed.";

const AFTER_LONG_HELP: &str = "\
Examples:
  Create a file with one user, asking for the password:
      mqtt passwd -c /etc/mosquitto/passwd alice
  Add or update a user, password from the command line or from stdin:
      mqtt passwd -b /etc/mosquitto/passwd bob s3cret
      printf '%s\\n' \"$PW\" | mqtt passwd /etc/mosquitto/passwd carol
  Delete a user:
      mqtt passwd -D /etc/mosquitto/passwd bob
  Check a password (exit 0 when it matches):
      mqtt passwd --verify /etc/mosquitto/passwd alice < password.txt
  List users and hash types as JSON:
      mqtt passwd --list --json /etc/mosquitto/passwd
  Hash a file of user:password lines in place:
      mqtt passwd -U passwords.txt

Exit status:
  0   success (--verify: the password matches)
  1   --verify: the password does not match; other unexpected failures
  2   usage error: bad arguments, bad user name, empty or mismatched password
  65  FILE has lines mosquitto cannot use (reported by line number)
  66  FILE does not exist (use -c to create it)
  67  USER is not in FILE (-D, --verify)
  74  FILE could not be read or written; it is unchanged";

fn secret_from_arg(arg: OsString) -> Secret {
    Secret::new(arg.into_vec())
}
