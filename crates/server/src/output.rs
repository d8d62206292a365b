//! What the commands print on stdout. A reader that went away (`switchboard pool list |
//! head -n 2`) ends the command quietly with success, instead of the panic `println!`
//! gives on a closed pipe. `serve` writes its own way: nothing printed may stop it.

use std::fmt;
use std::io::{self, Write};

/// Prints a line on stdout, like `println!`, but a closed stdout exits quietly.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// Writes one line; on a closed pipe the process exits 0 with nothing on stderr. Any other
/// write failure is reported once on stderr and ends the command with exit 1.
pub(crate) fn line(args: fmt::Arguments<'_>) {
    let mut stdout = io::stdout().lock();
    let written = stdout.write_fmt(args).and_then(|()| {
        stdout.write_all(b"\n")?;
        stdout.flush()
    });
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("switchboard: cannot write to stdout: {e}");
            std::process::exit(1);
        }
    }
}
