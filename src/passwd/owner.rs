//! Who owns a password file, and whether the broker's account can read it.
//!
//! Policy (documented in docs/passwd.md and `mqtt passwd --help`):
//! - an existing file keeps its owner, group and mode;
//! - a new file gets mode 0600 and the owner `--owner` names; without
//!   `--owner`, when run as root and a `mosquitto` account exists, the new
//!   file belongs to that account (mosquitto started as root reads the file
//!   after dropping to it), otherwise to whoever runs `mqtt passwd`;
//! - after writing, a file the `mosquitto` account could not read, when we
//!   run as root, or a file anyone may read, gets a warning.

use std::ffi::{CStr, CString};
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;

/// The account mosquitto drops to when started as root.
pub const BROKER_ACCOUNT: &str = "mosquitto";

/// A user id and group id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner {
    pub uid: u32,
    pub gid: u32,
}

/// The account `name` and its primary group, if it exists.
pub fn account(name: &str) -> Option<Owner> {
    let name = CString::new(name).ok()?;
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buffer = vec![0 as libc::c_char; 16 * 1024];
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and `buffer` outlives it;
    // the result is read only when `found` points at `entry`.
    let status = unsafe {
        libc::getpwnam_r(name.as_ptr(), &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut found)
    };
    (status == 0 && !found.is_null()).then_some(Owner { uid: entry.pw_uid, gid: entry.pw_gid })
}

/// The group `name`'s id, if it exists.
fn group(name: &str) -> Option<u32> {
    let name = CString::new(name).ok()?;
    let mut entry: libc::group = unsafe { std::mem::zeroed() };
    let mut buffer = vec![0 as libc::c_char; 16 * 1024];
    let mut found: *mut libc::group = std::ptr::null_mut();
    // SAFETY: as in `account`.
    let status = unsafe {
        libc::getgrnam_r(name.as_ptr(), &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut found)
    };
    (status == 0 && !found.is_null()).then_some(entry.gr_gid)
}

/// Parses `--owner USER[:GROUP]` (names or numbers); the group defaults to
/// the user's primary group.
pub fn parse_owner(spec: &str) -> Result<Owner, String> {
    let (user, group_name) = match spec.split_once(':') {
        Some((user, group)) => (user, Some(group)),
        None => (spec, None),
    };
    let by_name = account(user);
    let uid = match (user.parse::<u32>(), by_name) {
        (_, Some(owner)) => owner.uid,
        (Ok(uid), None) => uid,
        (Err(_), None) => return Err(format!("no user named {user:?}")),
    };
    let gid = match group_name {
        Some(name) => match (group(name), name.parse::<u32>()) {
            (Some(gid), _) | (None, Ok(gid)) => gid,
            (None, Err(_)) => return Err(format!("no group named {name:?}")),
        },
        None => by_name.map(|owner| owner.gid).unwrap_or(uid),
    };
    Ok(Owner { uid, gid })
}

/// Whether we run as root.
pub fn running_as_root() -> bool {
    // SAFETY: geteuid cannot fail and touches no memory of ours.
    unsafe { libc::geteuid() == 0 }
}

/// The owner a new file gets when `--owner` is not given.
pub fn default_new_owner() -> Option<Owner> {
    if running_as_root() {
        account(BROKER_ACCOUNT)
    } else {
        None
    }
}

/// Whether `owner` may read a file with this metadata (by its owner,
/// group or other bits; root reads everything).
pub fn can_read(metadata: &Metadata, owner: Owner) -> bool {
    let mode = metadata.mode();
    owner.uid == 0
        || (metadata.uid() == owner.uid && mode & 0o400 != 0)
        || (metadata.gid() == owner.gid && mode & 0o040 != 0)
        || mode & 0o004 != 0
}

/// What is worth a warning about the file as written, if anything.
pub fn warnings(metadata: &Metadata) -> Vec<String> {
    let mut found = Vec::new();
    if metadata.mode() & 0o004 != 0 {
        found.push("anyone on this machine can read it (and copy the hashes); chmod o-r it".into());
    }
    if running_as_root() {
        if let Some(broker) = account(BROKER_ACCOUNT) {
            if !can_read(metadata, broker) {
                found.push(format!(
                    "the {BROKER_ACCOUNT} account cannot read it, and mosquitto started as root \
                     reads it as {BROKER_ACCOUNT}; chown {BROKER_ACCOUNT} it (or use --owner on a new file)"
                ));
            }
        }
    }
    found
}

/// The name of the account `uid`, for messages.
pub fn user_name(uid: u32) -> String {
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buffer = vec![0 as libc::c_char; 16 * 1024];
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: as in `account`; the name is copied out before `buffer` drops.
    let status =
        unsafe { libc::getpwuid_r(uid, &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut found) };
    if status == 0 && !found.is_null() {
        // SAFETY: getpwuid_r set pw_name to a NUL-terminated string in `buffer`.
        return unsafe { CStr::from_ptr(entry.pw_name) }.to_string_lossy().into_owned();
    }
    uid.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_parse_by_name_and_number() {
        let root = parse_owner("root").unwrap();
        assert_eq!(root, Owner { uid: 0, gid: 0 });
        assert_eq!(parse_owner("0:0").unwrap(), Owner { uid: 0, gid: 0 });
        assert_eq!(parse_owner("root:root").unwrap(), Owner { uid: 0, gid: 0 });
        assert!(parse_owner("no-such-user-here").unwrap_err().contains("no user named"));
        assert!(parse_owner("root:no-such-group-here").unwrap_err().contains("no group named"));
        assert_eq!(user_name(0), "root");
    }
}
