//! Markers: the opaque tokens that chain the pages of a Huawei listing, bound to the query that
//! issued them.

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

/// A marker: 4 bytes of offset (masked with part of the binding) and 8 bytes of binding, in hex.
pub(crate) fn encode_marker(offset: usize, binding: &[u8; 12]) -> String {
    let offset = u32::try_from(offset).unwrap_or(u32::MAX).to_be_bytes();
    let mut bytes = [0u8; 12];
    for i in 0..4 {
        bytes[i] = offset[i] ^ binding[8 + i];
    }
    bytes[4..].copy_from_slice(&binding[..8]);
    hex::encode(bytes)
}

/// The offset of a marker, if it was issued for `binding`.
pub(crate) fn decode_marker(marker: &str, binding: &[u8; 12]) -> Option<usize> {
    let bytes = hex::decode(marker).ok()?;
    if bytes.len() != 12 || bytes[4..] != binding[..8] {
        return None;
    }
    let mut offset = [0u8; 4];
    for i in 0..4 {
        offset[i] = bytes[i] ^ binding[8 + i];
    }
    usize::try_from(u32::from_be_bytes(offset)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_are_bound() {
        let a = [1u8; 12];
        let b = [2u8; 12];
        for offset in [0, 1, 100, 999_999, u32::MAX as usize] {
            let marker = encode_marker(offset, &a);
            assert_eq!(marker.len(), 24);
            assert_eq!(decode_marker(&marker, &a), Some(offset));
            assert_eq!(decode_marker(&marker.to_uppercase(), &a), Some(offset));
            assert_eq!(decode_marker(&marker, &b), None);
        }
        assert_eq!(decode_marker("zz", &a), None);
    }
}
