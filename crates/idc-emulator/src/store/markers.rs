//! Markers: the opaque tokens that chain the pages of a Huawei listing, bound to the query that
//! issued them. A marker carries the sort key after the last item served (for a listing of rows,
//! the row's sequence number plus one), not an offset: the next page starts at the first item
//! whose key is at least that, so a row that exists throughout a listing is served exactly once
//! however many rows are added or removed between its pages.

use sha2::{Digest, Sha256};

/// What a marker is bound to: a hash of the operation and its filters (not of `limit`, which a
/// client may change between pages).
pub(crate) fn binding(parts: &[&str]) -> [u8; 12] {
    let mut hasher = Sha256::new();
    // Each part hashed with its length: parts never run into each other.
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut binding = [0; 12];
    binding.copy_from_slice(&digest[..12]);
    binding
}

/// A marker: 4 bytes of the next sort key (masked with part of the binding) and 8 bytes of
/// binding, in hex.
pub(crate) fn encode_marker(next: u32, binding: &[u8; 12]) -> String {
    let offset = next.to_be_bytes();
    let mut bytes = [0u8; 12];
    for i in 0..4 {
        bytes[i] = offset[i] ^ binding[8 + i];
    }
    bytes[4..].copy_from_slice(&binding[..8]);
    hex::encode(bytes)
}

/// The next sort key of a marker, if it was issued for `binding`.
pub(crate) fn decode_marker(marker: &str, binding: &[u8; 12]) -> Option<u32> {
    let bytes = hex::decode(marker).ok()?;
    if bytes.len() != 12 || bytes[4..] != binding[..8] {
        return None;
    }
    let mut offset = [0u8; 4];
    for i in 0..4 {
        offset[i] = bytes[i] ^ binding[8 + i];
    }
    Some(u32::from_be_bytes(offset))
}

/// The page of `items` (ascending by `key`) that starts at sort key `from`, with at most `limit`
/// items, and the sort key after it when items follow.
pub(crate) fn window<T>(
    items: &[T],
    key: impl Fn(usize, &T) -> u32,
    from: u32,
    limit: usize,
) -> (std::ops::Range<usize>, Option<u32>) {
    // The first item whose key is at least `from` (the keys ascend): a binary search.
    let (mut start, mut high) = (0, items.len());
    while start < high {
        let middle = start + (high - start) / 2;
        if key(middle, &items[middle]) < from {
            start = middle + 1;
        } else {
            high = middle;
        }
    }
    let end = start.saturating_add(limit).min(items.len());
    let next = match end.checked_sub(1) {
        Some(last) if end < items.len() && end > start => {
            Some(key(last, &items[last]).saturating_add(1))
        }
        _ if end < items.len() => Some(from),
        _ => None,
    };
    (start..end, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_are_bound() {
        let a = [1u8; 12];
        let b = [2u8; 12];
        for offset in [0, 1, 100, 999_999, u32::MAX] {
            let marker = encode_marker(offset, &a);
            assert_eq!(marker.len(), 24);
            assert_eq!(decode_marker(&marker, &a), Some(offset));
            assert_eq!(decode_marker(&marker.to_uppercase(), &a), Some(offset));
            assert_eq!(decode_marker(&marker, &b), None);
        }
        assert_eq!(decode_marker("zz", &a), None);
    }
}
