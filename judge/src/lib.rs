//! The coding-round judge: the `judge` command line, and (as issues land) the
//! service that compiles, runs and checks submissions in the [`sandbox`].
//!
//! Start at [`cli`]: each subcommand is one file under `cli/`.

pub mod cli;
