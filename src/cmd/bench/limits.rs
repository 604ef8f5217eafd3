//! File descriptors: one per connection, so a large run raises its own
//! `RLIMIT_NOFILE` soft limit to the hard limit, and refuses to start (with
//! what to do about it) when even that is too low.

use crate::exit::{coded, Exit};

/// Descriptors kept for everything that is not a connection (runtime,
/// output files, the timer, stdio).
const SPARE: u64 = 64;

/// Makes room for `connections` sockets.
pub fn raise_fd_limit(connections: u64) -> anyhow::Result<()> {
    let needed = connections + SPARE;
    let Some((soft, hard)) = current() else { return Ok(()) };
    if needed <= soft {
        return Ok(());
    }
    let raised = if hard > soft && set(hard, hard) { hard } else { soft };
    if needed <= raised {
        return Ok(());
    }
    Err(coded(
        Exit::Failure,
        format!(
            "{connections} connections need about {needed} file descriptors, but this process may \
             open only {raised} (hard limit {hard}); raise the hard limit (e.g. `ulimit -Hn {needed}` \
             as root, LimitNOFILE= in a systemd unit, nofile in /etc/security/limits.conf) or use \
             fewer connections per process (--shard)"
        ),
    ))
}

#[cfg(unix)]
fn current() -> Option<(u64, u64)> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes one rlimit into the valid pointer.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    // rlim_t is u64 on Linux but not everywhere.
    #[allow(clippy::unnecessary_cast)]
    Some((limit.rlim_cur as u64, limit.rlim_max as u64))
}

#[cfg(unix)]
fn set(soft: u64, hard: u64) -> bool {
    let limit = libc::rlimit { rlim_cur: soft as libc::rlim_t, rlim_max: hard as libc::rlim_t };
    // SAFETY: setrlimit reads one rlimit from the valid pointer.
    unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 }
}

#[cfg(not(unix))]
fn current() -> Option<(u64, u64)> {
    None
}

#[cfg(not(unix))]
fn set(_soft: u64, _hard: u64) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_need_is_met_and_an_impossible_one_is_explained() {
        raise_fd_limit(10).unwrap();
        let (_, hard) = current().unwrap();
        if hard < u64::MAX - SPARE {
            let error = raise_fd_limit(hard).unwrap_err().to_string();
            assert!(error.contains("file descriptors") && error.contains("--shard"), "{error}");
        }
    }
}
