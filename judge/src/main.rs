//! The `judge` binary: everything lives in the library so tests and embedders share it.

use std::process::ExitCode;

fn main() -> ExitCode {
    judge::main()
}
