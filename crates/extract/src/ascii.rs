//! ASCII byte classes, sixteen bytes at once (SSE2 on x86-64, through `wide`, in safe
//! code): the pre-filter, the tokenizer and the sentence loop read every byte of a text,
//! and these are their inner loops.

use wide::i8x16;

/// The sixteen bytes of `chunk` as signed lanes.
#[inline(always)]
fn lanes(chunk: [u8; 16]) -> i8x16 {
    i8x16::new(chunk.map(|b| b as i8))
}

/// A bit per byte of `chunk` that is an ASCII letter or digit, bit `k` for byte `k`.
/// Letters are the bytes that, with bit 0x20 set, lie in `a..=z`, digits those in
/// `0..=9`; each range is moved to the bottom of the signed bytes and compared once.
#[inline(always)]
pub(crate) fn alnum_bits16(chunk: [u8; 16]) -> u32 {
    let x = lanes(chunk);
    let letter = in_range16(x | i8x16::splat(0x20), b'a', 26);
    (letter | in_range16(x, b'0', 10)).to_bitmask()
}

/// The lanes of `x` that hold one of the `len` bytes from `first` on: the range moved to
/// the bottom of the signed bytes and compared once.
#[inline(always)]
fn in_range16(x: i8x16, first: u8, len: i8) -> i8x16 {
    (x + i8x16::splat(0x80u8.wrapping_sub(first) as i8)).simd_lt(i8x16::splat(-128 + len))
}

/// Whether `bytes` holds an ASCII digit.
pub(crate) fn has_digit(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(16);
    let found = chunks.by_ref().any(|chunk| {
        let chunk: [u8; 16] = chunk.try_into().expect("chunks of sixteen bytes");
        in_range16(lanes(chunk), b'0', 10).to_bitmask() != 0
    });
    found || chunks.remainder().iter().any(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_bytes_at_once_tell_letters_and_digits_as_std_does() {
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut bytes = [b'-'; 16];
                bytes[at] = b;
                let expected = u32::from(b.is_ascii_alphanumeric()) << at;
                assert_eq!(alnum_bits16(bytes), expected, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn has_digit_finds_a_digit_anywhere() {
        for len in 0..40 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = b;
                    assert_eq!(
                        has_digit(&bytes),
                        b.is_ascii_digit(),
                        "{b:#x} at {at} of {len}"
                    );
                }
            }
            assert!(!has_digit(&vec![b'x'; len]));
        }
    }
}
