//! The Kattis default output validator: token comparison with the flags
//! `case_sensitive`, `space_change_sensitive`, `float_absolute_tolerance ε`,
//! `float_relative_tolerance ε` and `float_tolerance ε`.

use anyhow::Context;

/// The default validator's settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    /// Tokens must match byte for byte (otherwise ASCII case is ignored).
    pub case_sensitive: bool,
    /// Whitespace must match the answer's exactly.
    pub space_change_sensitive: bool,
    /// Numbers within this absolute error are accepted.
    pub absolute_tolerance: Option<f64>,
    /// Numbers within this relative error are accepted.
    pub relative_tolerance: Option<f64>,
}

impl Flags {
    /// Parses validator arguments, refusing unknown or repeated ones.
    pub fn parse(args: &[String]) -> anyhow::Result<Self> {
        let mut flags = Flags::default();
        let mut tolerance = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let name = arg.as_str();
            let mut epsilon = |slot: &mut Option<f64>| -> anyhow::Result<()> {
                anyhow::ensure!(slot.is_none(), "validator flag {name} is given twice");
                let text = args
                    .next()
                    .with_context(|| format!("validator flag {name} needs a value"))?;
                let value = text
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .with_context(|| {
                        format!("validator flag {name}: '{text}' is not a tolerance")
                    })?;
                *slot = Some(value);
                Ok(())
            };
            match name {
                "case_sensitive" => flags.case_sensitive = true,
                "space_change_sensitive" => flags.space_change_sensitive = true,
                "float_absolute_tolerance" => epsilon(&mut flags.absolute_tolerance)?,
                "float_relative_tolerance" => epsilon(&mut flags.relative_tolerance)?,
                "float_tolerance" => epsilon(&mut tolerance)?,
                other => anyhow::bail!("unknown default validator flag '{other}'"),
            }
        }
        if let Some(value) = tolerance {
            anyhow::ensure!(
                flags.absolute_tolerance.is_none() && flags.relative_tolerance.is_none(),
                "validator flag float_tolerance cannot be combined with the other tolerances"
            );
            flags.absolute_tolerance = Some(value);
            flags.relative_tolerance = Some(value);
        }
        Ok(flags)
    }
}

/// Compares a submission's output with the answer. `Err` carries the judge
/// message saying where they differ.
pub fn check(output: &[u8], answer: &[u8], flags: &Flags) -> Result<(), String> {
    if flags.space_change_sensitive {
        let (output_space, answer_space) = (spaces(output), spaces(answer));
        if let Some(i) = output_space
            .iter()
            .zip(&answer_space)
            .position(|(a, b)| a != b)
        {
            return Err(format!("whitespace differs before token {}", i + 1));
        }
        if output_space.len() != answer_space.len() {
            return Err("whitespace differs at the end of the output".into());
        }
    }
    let mut output_tokens = tokens(output);
    let mut answer_tokens = tokens(answer);
    let mut index = 0;
    loop {
        index += 1;
        match (output_tokens.next(), answer_tokens.next()) {
            (None, None) => return Ok(()),
            (Some(_), None) => {
                return Err(format!("more output than expected: token {index} is extra"));
            }
            (None, Some(expected)) => {
                return Err(format!(
                    "output ended early: token {index} should be '{}'",
                    show(expected)
                ));
            }
            (Some(got), Some(expected)) => {
                if !token_matches(got, expected, flags) {
                    return Err(format!(
                        "token {index}: expected '{}', got '{}'",
                        show(expected),
                        show(got)
                    ));
                }
            }
        }
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\n' | b'\r' | b'\t' | 0x0b | 0x0c)
}

fn tokens(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|b| is_space(*b)).filter(|t| !t.is_empty())
}

/// The whitespace runs before, between and after the tokens (the first and
/// last may be empty).
fn spaces(text: &[u8]) -> Vec<&[u8]> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut in_token = false;
    for (i, &byte) in text.iter().enumerate() {
        if is_space(byte) {
            if in_token {
                start = i;
                in_token = false;
            }
        } else if !in_token {
            runs.push(&text[start..i]);
            in_token = true;
        }
    }
    runs.push(if in_token { &[] } else { &text[start..] });
    runs
}

fn token_matches(got: &[u8], expected: &[u8], flags: &Flags) -> bool {
    let tolerant = flags.absolute_tolerance.is_some() || flags.relative_tolerance.is_some();
    if tolerant && let Some(answer) = parse_float(expected) {
        let Some(value) = parse_float(got) else {
            return false;
        };
        let error = (value - answer).abs();
        let absolute = flags.absolute_tolerance.is_some_and(|eps| error <= eps);
        let relative = flags
            .relative_tolerance
            .is_some_and(|eps| error <= eps * answer.abs());
        return absolute || relative || value == answer;
    }
    if flags.case_sensitive {
        got == expected
    } else {
        got.eq_ignore_ascii_case(expected)
    }
}

/// A float in the format's grammar: sign, digits with an optional point, an
/// optional exponent. No `inf`, `nan` or hex, which Rust's parser would take.
fn parse_float(token: &[u8]) -> Option<f64> {
    let valid = token
        .iter()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(b))
        && token.iter().any(u8::is_ascii_digit);
    if !valid {
        return None;
    }
    std::str::from_utf8(token).ok()?.parse().ok()
}

fn show(token: &[u8]) -> String {
    let text = String::from_utf8_lossy(token);
    if text.chars().count() > 40 {
        format!("{}...", text.chars().take(40).collect::<String>())
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(args: &str) -> Flags {
        Flags::parse(
            &args
                .split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>(),
        )
        .unwrap()
    }

    #[test]
    fn by_default_whitespace_and_case_are_ignored() {
        let f = Flags::default();
        assert!(check(b"  Hello\n\nWORLD 3", b"hello world\n3\n", &f).is_ok());
        assert!(
            check(b"hello", b"hello world", &f)
                .unwrap_err()
                .contains("ended early")
        );
        assert!(check(b"a b c", b"a b", &f).unwrap_err().contains("extra"));
        assert!(
            check(b"1.0", b"1", &f)
                .unwrap_err()
                .contains("expected '1'")
        );
    }

    #[test]
    fn case_sensitive_compares_bytes() {
        assert!(check(b"Yes", b"YES", &flags("case_sensitive")).is_err());
        assert!(check(b"YES", b"YES", &flags("case_sensitive")).is_ok());
    }

    #[test]
    fn space_change_sensitive_compares_every_whitespace_run() {
        let f = flags("space_change_sensitive");
        assert!(check(b"1 2\n", b"1 2\n", &f).is_ok());
        assert!(check(b"1  2\n", b"1 2\n", &f).is_err());
        assert!(check(b"1 2", b"1 2\n", &f).is_err());
        assert!(check(b" 1 2\n", b"1 2\n", &f).is_err());
        assert!(check(b"1\n2\n", b"1 2\n", &f).is_err());
    }

    #[test]
    fn float_tolerances() {
        let abs = flags("float_absolute_tolerance 1e-6");
        assert!(check(b"0.3333336", b"0.333333", &abs).is_ok());
        assert!(check(b"0.33334", b"0.333333", &abs).is_err());
        let rel = flags("float_relative_tolerance 1e-3");
        assert!(check(b"1000.9", b"1000", &rel).is_ok());
        assert!(check(b"1.01", b"1", &rel).is_err());
        let both = flags("float_tolerance 1e-3");
        assert!(check(b"1000.9 0.0005", b"1000 0", &both).is_ok());
        // Non-numeric answer tokens still compare as strings, and a word
        // where a number is expected is wrong.
        assert!(check(b"YES 2.0001", b"yes 2", &both).is_ok());
        assert!(check(b"two", b"2", &both).is_err());
        assert!(check(b"nan", b"2", &both).is_err());
    }

    #[test]
    fn bad_flags_are_refused() {
        for args in [
            "float_tolerance",
            "float_tolerance x",
            "float_tolerance 1 float_absolute_tolerance 1",
            "float_absolute_tolerance 1 float_tolerance 1",
            "wiggle",
        ] {
            let list: Vec<String> = args.split_whitespace().map(String::from).collect();
            assert!(Flags::parse(&list).is_err(), "{args}");
        }
    }
}
