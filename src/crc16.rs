//! The checksum of field 63: CRC-16/CCITT-FALSE (ISO/IEC 13239; polynomial 0x1021, initial value
//! 0xFFFF, no reflection, no final XOR), computed over the UTF-8 bytes of everything before the
//! four CRC digits, `6304` included.
//!
//! ```
//! // The check value of the CRC catalogue.
//! assert_eq!(emvqr::crc16::checksum(b"123456789"), 0x29B1);
//! assert_eq!(emvqr::crc16::to_hex(0x07B), *b"007B");
//! ```

/// The generator polynomial, x¹⁶ + x¹² + x⁵ + 1, without its top bit.
const POLY: u16 = 0x1021;

/// The CRC-16/CCITT-FALSE of `bytes`.
///
/// Two implementations give the same value, chosen by the target: where size is what a
/// program lacks, on targets without an operating system (`target_os = "none"`:
/// microcontrollers) and on WebAssembly, a 32-byte table and two steps a byte; elsewhere,
/// sixteen 256-entry tables (8 KiB) that fold sixteen bytes in one step.
pub fn checksum(bytes: &[u8]) -> u16 {
    #[cfg(any(target_os = "none", target_family = "wasm"))]
    let crc = nibbles::checksum(bytes);
    #[cfg(not(any(target_os = "none", target_family = "wasm")))]
    let crc = sliced::checksum(bytes);
    crc
}

/// Sixteen bytes a step, for speed.
#[cfg(any(not(any(target_os = "none", target_family = "wasm")), test))]
mod sliced {
    use super::POLY;

    /// `TABLES[k][b]`: what byte `b` followed by `k` zero bytes adds to a register that starts at
    /// zero. Sixteen tables (8 KiB), built at compile time, so that a run of up to 16 bytes is
    /// folded into the register in one step: each byte's lookup is independent of the others, and
    /// the register enters only through the first two bytes.
    // Compile time: an index out of bounds would fail the build; `byte` < 256 and the top byte of a
    // u16 fit their casts.
    #[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
    static TABLES: [[u16; 256]; 16] = {
        let mut tables = [[0u16; 256]; 16];
        let mut byte = 0;
        while byte < 256 {
            let mut crc = (byte as u16) << 8;
            let mut bit = 0;
            while bit < 8 {
                crc = if crc & 0x8000 != 0 {
                    crc << 1 ^ POLY
                } else {
                    crc << 1
                };
                bit += 1;
            }
            tables[0][byte] = crc;
            byte += 1;
        }
        let mut k = 1;
        while k < 16 {
            let mut byte = 0;
            while byte < 256 {
                // One more zero byte: the register shifts a byte out and that byte's table entry in.
                let previous = tables[k - 1][byte];
                tables[k][byte] = previous << 8 ^ tables[0][(previous >> 8) as usize];
                byte += 1;
            }
            k += 1;
        }
        tables
    };

    /// The CRC-16/CCITT-FALSE of `bytes`, sixteen bytes a step.
    pub(super) fn checksum(bytes: &[u8]) -> u16 {
        let (blocks, tail) = bytes.as_chunks::<16>();
        let crc = blocks.iter().fold(0xFFFF, |crc, block| fold_in(crc, block));
        // The tail in one step too, not byte after byte: a payload's is usually 2–15 bytes, and a
        // chain of dependent lookups that long takes as long as all the blocks before it.
        fold_in(crc, tail)
    }

    /// The register after `run`: byte `j` of `n` goes through table `n − 1 − j`, the first two with
    /// the register's bytes folded in. (Runs of 16 bytes or fewer.)
    #[inline(always)]
    fn fold_in(crc: u16, run: &[u8]) -> u16 {
        let [high, low] = crc.to_be_bytes();
        let Some((&[first, second], rest)) = run.split_first_chunk::<2>() else {
            // Zero or one byte: shifted through the register.
            return run.iter().fold(crc, |crc, &byte| {
                crc << 8 ^ entry(0, crc.to_be_bytes()[0] ^ byte)
            });
        };
        // The bytes after the second do not depend on the register, so they are folded first: the
        // processor looks them up while the previous step is still under way, and only the last
        // two lookups wait for the register.
        let independent = rest
            .iter()
            .rev()
            .enumerate()
            .fold(0, |folded, (table, &byte)| folded ^ entry(table, byte));
        independent ^ entry(rest.len(), second ^ low) ^ entry(rest.len() + 1, first ^ high)
    }

    #[inline(always)]
    fn entry(table: usize, byte: u8) -> u16 {
        TABLES
            .get(table)
            .and_then(|table| table.get(usize::from(byte)))
            .copied()
            .unwrap_or(0)
    }
}

/// Four bits a step, for flash.
#[cfg(any(target_os = "none", target_family = "wasm", test))]
mod nibbles {
    use super::POLY;

    /// What each 4-bit value shifted out of the register's top adds back.
    // Compile time: `nibble` < 16 fits a u16, and the index stays in bounds.
    #[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
    static TABLE: [u16; 16] = {
        let mut table = [0u16; 16];
        let mut nibble = 0;
        while nibble < 16 {
            let mut crc = (nibble as u16) << 12;
            let mut bit = 0;
            while bit < 4 {
                crc = if crc & 0x8000 != 0 {
                    crc << 1 ^ POLY
                } else {
                    crc << 1
                };
                bit += 1;
            }
            table[nibble] = crc;
            nibble += 1;
        }
        table
    };

    /// The CRC-16/CCITT-FALSE of `bytes`, a nibble a step.
    pub(super) fn checksum(bytes: &[u8]) -> u16 {
        bytes.iter().fold(0xFFFF, |crc, &byte| {
            let crc = crc ^ u16::from(byte) << 8;
            let crc = crc << 4 ^ step(crc >> 12);
            crc << 4 ^ step(crc >> 12)
        })
    }

    fn step(nibble: u16) -> u16 {
        TABLE.get(usize::from(nibble)).copied().unwrap_or(0)
    }
}

/// The four uppercase hexadecimal digits EMVCo writes for `crc`, leading zeros kept.
pub const fn to_hex(crc: u16) -> [u8; 4] {
    const fn digit(nibble: u16) -> u8 {
        let nibble = (nibble & 0xF) as u8;
        if nibble < 10 {
            b'0' + nibble
        } else {
            b'A' + nibble - 10
        }
    }
    [
        digit(crc >> 12),
        digit(crc >> 8),
        digit(crc >> 4),
        digit(crc),
    ]
}

/// Reads four hexadecimal digits, either case; `None` if any is not a hex digit.
pub(crate) fn from_hex(digits: &[u8]) -> Option<u16> {
    let [a, b, c, d] = digits else { return None };
    let mut value = 0u16;
    for &digit in [a, b, c, d] {
        let nibble = match digit {
            b'0'..=b'9' => digit - b'0',
            b'A'..=b'F' => digit - b'A' + 10,
            b'a'..=b'f' => digit - b'a' + 10,
            _ => return None,
        };
        value = value << 4 | u16::from(nibble);
    }
    Some(value)
}

/// What the CRC of a payload says, read without the TLV walk: the payload's last eight
/// characters must be `6304` and four hex digits. `None` when they are not.
///
/// Useful to explain a payload that does not parse: its CRC may still match, which says the
/// generator wrote it this way, or not, which says it was changed afterwards.
///
/// ```
/// let check = emvqr::crc16::check_tail("00020101021229370016A0000006770101110113006680111111153037645802TH540520.156304FFFF").unwrap();
/// assert_eq!((check.stated, check.computed), (0xFFFF, 0x42BE));
/// assert!(!check.matches());
/// ```
pub fn check_tail(payload: &str) -> Option<TailCheck> {
    let bytes = payload.as_bytes();
    let digits_at = bytes.len().checked_sub(4)?;
    let covered = bytes.get(..digits_at)?;
    if !covered.ends_with(b"6304") {
        return None;
    }
    let stated = from_hex(bytes.get(digits_at..)?)?;
    Some(TailCheck {
        stated,
        computed: checksum(covered),
        offset: digits_at,
    })
}

/// The result of [`check_tail`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TailCheck {
    /// The CRC written in the payload.
    pub stated: u16,
    /// The CRC of its content.
    pub computed: u16,
    /// Byte offset of the four CRC digits.
    pub offset: usize,
}

impl TailCheck {
    /// Whether the written CRC is right.
    pub const fn matches(&self) -> bool {
        self.stated == self.computed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The crc crate's CRC-16/IBM-3740 (the catalogue's name for CCITT-FALSE) as the oracle.
    static ORACLE: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_IBM_3740);

    #[test]
    fn both_checksums_agree_with_the_crc_crate_at_every_length_and_on_every_byte() {
        // Every length up to 600 (all tail sizes after every block count), pseudo-random bytes.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let bytes: std::vec::Vec<u8> = (0..600)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        for len in 0..=bytes.len() {
            let oracle = ORACLE.checksum(&bytes[..len]);
            assert_eq!(sliced::checksum(&bytes[..len]), oracle, "length {len}");
            assert_eq!(nibbles::checksum(&bytes[..len]), oracle, "length {len}");
        }
        // Each byte value in each position of a block and of a tail.
        for len in [1, 2, 15, 16, 17, 31] {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut data = std::vec![b'0'; len];
                    data[at] = byte;
                    let oracle = ORACLE.checksum(&data);
                    assert_eq!(sliced::checksum(&data), oracle, "{len} {at} {byte}");
                    assert_eq!(nibbles::checksum(&data), oracle, "{len} {at} {byte}");
                }
            }
        }
    }
}
