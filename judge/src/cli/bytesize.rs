//! Byte counts as people type them: `268435456`, `256M`, `256MiB`, `1G`.

/// Parses a byte count with an optional binary suffix (K, M, G, with or
/// without `iB`/`B`; case-insensitive).
pub(crate) fn parse(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(digits_end);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a byte count (examples: 268435456, 256M, 1GiB)"))?;
    let shift = match suffix.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("'{text}' has an unknown unit (use K, M or G)")),
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("'{text}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn plain_numbers_and_binary_suffixes_are_bytes() {
        assert_eq!(parse("4096"), Ok(4096));
        assert_eq!(parse("256M"), Ok(256 << 20));
        assert_eq!(parse("256MiB"), Ok(256 << 20));
        assert_eq!(parse("1g"), Ok(1 << 30));
        assert_eq!(parse("64kb"), Ok(64 << 10));
    }

    #[test]
    fn junk_and_overflow_are_refused_with_a_reason() {
        assert!(parse("").unwrap_err().contains("not a byte count"));
        assert!(parse("12 parsecs").unwrap_err().contains("unknown unit"));
        assert!(parse("99999999999999999999G").is_err());
        assert!(parse("20000000000G").unwrap_err().contains("too large"));
    }
}
