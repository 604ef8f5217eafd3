//! Diagnostics on stderr: warnings, progress and the `-d` trace.
//!
//! Policy: a diagnostic never changes the outcome of a command. When stderr
//! is closed or full (`2>/dev/full`, `|& grep -m1`), the line is dropped and
//! the command goes on to exit with the code its work earned, as it does
//! when a reader closes stdout. `eprintln!` would panic instead, so the
//! binary uses these macros for every line it writes to stderr.

/// `eprintln!` that ignores a failed write.
macro_rules! diag {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprint!` that ignores a failed write.
macro_rules! diag_partial {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, $($arg)*);
        let _ = stderr.flush();
    }};
}
