//! Judges a bank problem's accepted and wrong-answer solutions through the
//! library facade, as a learning platform or a CI bot would.
//!
//!     cargo run -p judge --example judge_a_problem

use judge::{Grader, GraderConfig};

fn main() -> anyhow::Result<()> {
    let bank = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../problems");
    let grader = Grader::new(&GraderConfig::default())?;
    let problem = grader.load_problem(bank.join("token-bucket"))?;
    let mut out = std::io::stdout().lock();
    for solution in ["accepted/limiter.py", "wrong_answer/per_user_only.py"] {
        let source = std::fs::read_to_string(bank.join("token-bucket/submissions").join(solution))?;
        let report = grader.judge(&problem, "python", &source)?;
        std::io::Write::write_all(
            &mut out,
            format!(
                "{} ({}): {} on {} tests, max fuel {} of {}\n",
                problem.name(),
                solution,
                report.verdict,
                report.tests.len(),
                report.max_fuel(),
                report.fuel_limit,
            )
            .as_bytes(),
        )?;
    }
    Ok(())
}
