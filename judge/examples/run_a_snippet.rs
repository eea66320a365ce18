//! Runs a snippet once on some input through the library facade, as a
//! playground's Run button would.
//!
//!     cargo run -p judge --example run_a_snippet

use judge::{Grader, GraderConfig};

fn main() -> anyhow::Result<()> {
    let grader = Grader::new(&GraderConfig::default())?;
    let ran = grader.run("python", "print(input()[::-1])", "judge\n")?;
    let outcome = ran.outcome.expect("the snippet compiles");
    let mut out = std::io::stdout().lock();
    std::io::Write::write_all(
        &mut out,
        format!(
            "stdout: {:?}\nended: {} after {} fuel, {} bytes of memory\n",
            String::from_utf8_lossy(&ran.stdout),
            outcome.termination,
            outcome.fuel,
            outcome.peak_memory_bytes
        )
        .as_bytes(),
    )?;
    Ok(())
}
