//! The `pub -l` line reader: standard input split into messages as lines
//! arrive, on a thread of its own so a slow or interactive producer never
//! blocks the connection (keep-alive, acknowledgements).
//!
//! Policy, as mosquitto_pub: the `\n` is removed and nothing else (a `\r`
//! stays, so bytes round-trip); an empty line is a zero-length message; a
//! last line without a newline is still sent. Lines are handed over in
//! batches of whatever one `read` returned, so an interactive line goes out
//! at once while a pipe is processed in bulk. Line slices share the read
//! buffer (no copy per line).

use std::io::Read;

use bytes::{Bytes, BytesMut};
use tokio::sync::mpsc;

/// Bytes read from the input per `read` call, at most.
const READ_CHUNK: usize = 64 * 1024;

/// Starts a thread that reads `input` and sends batches of lines; the
/// channel closes at end of input. A read error is sent as the last item.
pub fn spawn_line_reader<R: Read + Send + 'static>(
    input: R,
    capacity: usize,
) -> mpsc::Receiver<std::io::Result<Vec<Bytes>>> {
    let (sender, receiver) = mpsc::channel(capacity);
    std::thread::Builder::new()
        .name("stdin-lines".into())
        .spawn(move || {
            if let Err(err) = read_lines(input, |batch| sender.blocking_send(Ok(batch)).is_ok()) {
                let _ = sender.blocking_send(Err(err));
            }
        })
        .expect("spawn the stdin reader thread");
    receiver
}

/// Reads `input` to its end, calling `deliver` with each batch of lines.
/// Stops early (Ok) when `deliver` returns false.
pub fn read_lines<R: Read>(
    mut input: R,
    mut deliver: impl FnMut(Vec<Bytes>) -> bool,
) -> std::io::Result<()> {
    let mut buffer = BytesMut::with_capacity(READ_CHUNK);
    // Bytes at the front of `buffer` already known to hold no newline.
    let mut scanned = 0;
    loop {
        let start = buffer.len();
        buffer.resize(start + READ_CHUNK, 0);
        let read = match input.read(&mut buffer[start..]) {
            Ok(read) => read,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {
                buffer.truncate(start);
                continue;
            }
            Err(err) => return Err(err),
        };
        buffer.truncate(start + read);
        if read == 0 {
            if !buffer.is_empty() {
                deliver(vec![buffer.split().freeze()]);
            }
            return Ok(());
        }
        let mut batch = Vec::new();
        while let Some(offset) = buffer[scanned..].iter().position(|&byte| byte == b'\n') {
            let mut line = buffer.split_to(scanned + offset + 1);
            line.truncate(line.len() - 1);
            batch.push(line.freeze());
            scanned = 0;
        }
        scanned = buffer.len();
        if !batch.is_empty() && !deliver(batch) {
            return Ok(());
        }
        if buffer.capacity() - buffer.len() < READ_CHUNK {
            buffer.reserve(READ_CHUNK);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use bytes::Bytes;

    use super::read_lines;

    fn collect(input: impl Read) -> Vec<Bytes> {
        let mut lines = Vec::new();
        read_lines(input, |batch| {
            lines.extend(batch);
            true
        })
        .unwrap();
        lines
    }

    #[test]
    fn splits_on_newline_only_and_keeps_empty_lines() {
        let lines = collect(&b"a\r\nb\n\nlast"[..]);
        assert_eq!(
            lines,
            vec![Bytes::from("a\r"), Bytes::from("b"), Bytes::new(), Bytes::from("last")]
        );
        assert!(collect(&b""[..]).is_empty());
        assert_eq!(collect(&b"\n"[..]), vec![Bytes::new()]);
    }

    /// A reader returning one byte per call: lines spanning many reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            match self.0.split_first() {
                Some((first, rest)) => {
                    out[0] = *first;
                    self.0 = rest;
                    Ok(1)
                }
                None => Ok(0),
            }
        }
    }

    #[test]
    fn lines_split_across_reads_and_long_lines() {
        assert_eq!(collect(Trickle(b"ab\ncd\n")), vec![Bytes::from("ab"), Bytes::from("cd")]);
        let long = vec![b'x'; 300_000];
        let mut input = long.clone();
        input.extend_from_slice(b"\n\xff\x00bin\n");
        let lines = collect(&input[..]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], long);
        assert_eq!(lines[1], Bytes::from_static(b"\xff\x00bin"));
    }

    #[test]
    fn stops_when_the_consumer_is_gone() {
        let mut calls = 0;
        read_lines(Trickle(b"a\nb\nc\n"), |_| {
            calls += 1;
            false
        })
        .unwrap();
        assert_eq!(calls, 1);
    }
}
