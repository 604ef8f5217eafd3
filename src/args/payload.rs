//! Message payloads from the command line: a file (`-f`) or all of
//! standard input (`-s`), read before any connection and refused when no
//! PUBLISH could carry them. Shared by `pub` and `rr`.

use std::io::Read;
use std::path::Path;

use bytes::Bytes;

use crate::exit::usage;

/// The largest payload a PUBLISH can hold (remaining length 268,435,455
/// less a little header room).
pub const MAX_PAYLOAD: usize = 268_435_455 - 65_535 - 1024;

/// Reads `path` (given with `flag`) whole; a file too large for any
/// PUBLISH is refused before it is read.
pub fn read_file(path: &Path, flag: &str) -> anyhow::Result<Bytes> {
    let shown = format!("{flag} {}", path.display());
    let file = std::fs::File::open(path).map_err(|err| usage(format!("{shown}: {err}")))?;
    let size = file.metadata().map_err(|err| usage(format!("{shown}: {err}")))?.len();
    if size > MAX_PAYLOAD as u64 {
        return Err(too_large(&shown, size, false));
    }
    read_payload(file, &shown)
}

/// Reads a whole payload, stopping as soon as it is longer than any
/// PUBLISH can carry (a pipe has no size to check first).
pub fn read_payload(input: impl Read, what: &str) -> anyhow::Result<Bytes> {
    let mut bytes = Vec::new();
    input
        .take(MAX_PAYLOAD as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| usage(format!("{what}: {err}")))?;
    if bytes.len() > MAX_PAYLOAD {
        return Err(too_large(what, bytes.len() as u64, true));
    }
    Ok(Bytes::from(bytes))
}

/// `size` is exact unless `cut_short`, when reading stopped there.
pub fn too_large(what: &str, size: u64, cut_short: bool) -> anyhow::Error {
    let more = if cut_short { " or more" } else { "" };
    usage(format!(
        "{what}: the message is {size} bytes{more}; MQTT packets carry at most {MAX_PAYLOAD}"
    ))
}
