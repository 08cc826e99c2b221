//! The checksum of field 63: CRC-16/CCITT-FALSE (ISO/IEC 13239; polynomial 0x1021, initial value
//! 0xFFFF, no reflection, no final XOR), computed over the UTF-8 bytes of everything before the
//! four CRC digits, `6304` included.
//!
//! ```
//! // The check value of the CRC catalogue.
//! assert_eq!(emvqr::crc16::checksum(b"123456789"), 0x29B1);
//! assert_eq!(emvqr::crc16::to_hex(0x07B), *b"007B");
//! ```

/// The CRC engine, with the crc crate's fastest table (slice-by-16, 8 KiB).
static ENGINE: crc::Crc<u16, crc::Table<16>> =
    crc::Crc::<u16, crc::Table<16>>::new(&crc::CRC_16_IBM_3740);

/// The CRC-16/CCITT-FALSE of `bytes`.
pub fn checksum(bytes: &[u8]) -> u16 {
    ENGINE.checksum(bytes)
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
