//! What every `/v1` listing shares: its page size (`limit`, 1 to 100,
//! default 20) and its opaque cursor, the `seq` to continue below, named
//! by the listing so that one listing's cursor is refused by another.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::http::error::ApiError;

/// The page size asked for, checked.
pub(super) fn limit(asked: Option<u32>) -> Result<u32, ApiError> {
    let limit = asked.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid-query",
            "limit must be 1 to 100",
        ));
    }
    Ok(limit)
}

/// The cursor of `listing` that continues below `seq`.
pub(super) fn encode(listing: &str, seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{listing}:{seq}"))
}

/// The `seq` a cursor of `listing` continues below, or `400`.
pub(super) fn decode(listing: &str, cursor: &str) -> Result<i64, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix(listing)?.strip_prefix(':')?.parse().ok())
        .ok_or_else(|| {
            ApiError::bad_request("invalid-cursor", "the cursor is not one this API gave")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(decode("v1", &encode("v1", 42)).unwrap(), 42);
        assert!(decode("v1", "42").is_err());
        assert!(decode("v1", &URL_SAFE_NO_PAD.encode("v2:1")).is_err());
        // One listing's cursor is not another's.
        assert!(decode("pads", &encode("v1", 42)).is_err());
    }

    #[test]
    fn a_page_holds_1_to_100() {
        assert_eq!(limit(None).unwrap(), 20);
        assert_eq!(limit(Some(100)).unwrap(), 100);
        assert!(limit(Some(0)).is_err() && limit(Some(101)).is_err());
    }
}
