//! The `judge` command line. `main` parses arguments, runs one subcommand and
//! turns a failure into a one-line message and a non-zero exit status.

mod bytesize;
mod cache;
mod contain;
mod languages;
mod precompile;
mod run;
mod serve;
mod test;
pub(crate) mod verify;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status for a judge fault (bad file, invalid module, I/O failure).
/// Usage errors exit with clap's status 2. What a guest does never changes
/// the exit status.
const JUDGE_ERROR: u8 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "judge",
    version,
    about = "Compile, run and judge untrusted code in a WebAssembly sandbox."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a program once in the sandbox and report how it ended.
    Run(run::RunArgs),
    /// List the languages, their toolchain versions, and what is not installed.
    Languages(languages::LanguagesArgs),
    /// Judge a solution against every test of a problem package.
    Test(test::TestArgs),
    /// Check problem packages and judge their example submissions (exit 1 on any mismatch).
    Verify(verify::VerifyArgs),
    /// Serve the judging API (embedded SQLite, bundled problems).
    Serve(serve::ServeArgs),
    /// Manage the service's API keys.
    Keys(serve::KeysArgs),
    /// Bring the database's schema up to date, then exit.
    Migrate(serve::MigrateArgs),
    /// Internal: apply rlimits, drop privileges, exec the rest (used to contain compilers).
    #[command(name = "__contain", hide = true)]
    Contain(contain::ContainArgs),
    /// Internal: compile one wasm module to native code into the module cache.
    #[command(name = "__precompile", hide = true)]
    Precompile(precompile::PrecompileArgs),
}

/// Runs the command line and returns the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::execute(&args),
        Command::Languages(args) => languages::execute(&args),
        Command::Test(args) => test::execute(&args),
        Command::Verify(args) => match verify::execute(&args) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(JUDGE_ERROR),
            Err(error) => Err(error),
        },
        Command::Serve(args) => serve::serve(&args),
        Command::Keys(args) => serve::keys(&args),
        Command::Migrate(args) => serve::migrate(&args),
        Command::Contain(args) => contain::execute(&args),
        Command::Precompile(args) => match precompile::execute(&args) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(precompile::REFUSED),
            Err(error) => Err(error),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`judge languages | head`): stop quietly, like ripgrep.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the whole context chain; some causes (a WAT parse
            // error with its source excerpt) span lines, folded here into one.
            let message = format!("{error:#}");
            let one_line: Vec<&str> = message.split_whitespace().collect();
            let _ = writeln!(std::io::stderr(), "judge: error: {}", one_line.join(" "));
            ExitCode::from(JUDGE_ERROR)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
