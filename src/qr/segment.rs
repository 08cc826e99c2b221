//! Data encoding: the input bytes as QR segments (numeric, alphanumeric, byte), the version
//! that fits them, and the data codewords.
//!
//! [`Segmentation::Optimal`] chooses the mode of every byte by dynamic programming over the
//! cost of each mode (in sixths of a bit, so that numeric's 10 bits per 3 digits and
//! alphanumeric's 11 bits per 2 characters are exact), the way Nayuki's `QrSegmentAdvanced`
//! does for text. EMVCo payloads are mostly digits and uppercase letters, so mixing modes saves
//! one or two versions over a single byte segment.

use super::version;
use super::{Ecc, Error, Options, Segmentation};

/// An encoding mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Numeric = 0,
    Alphanumeric = 1,
    Byte = 2,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Numeric, Mode::Alphanumeric, Mode::Byte];

    const fn indicator(self) -> u32 {
        match self {
            Mode::Numeric => 0b0001,
            Mode::Alphanumeric => 0b0010,
            Mode::Byte => 0b0100,
        }
    }

    /// Bits of the character count field at `version`.
    const fn count_bits(self, version: u8) -> usize {
        let class = class(version) as usize;
        match self {
            Mode::Numeric => [10, 12, 14][class],
            Mode::Alphanumeric => [9, 11, 13][class],
            Mode::Byte => [8, 16, 16][class],
        }
    }

    /// Bits to encode `count` characters in one segment of this mode, header included;
    /// `None` if the count does not fit the character count field.
    const fn segment_bits(self, count: usize, version: u8) -> Option<usize> {
        let count_bits = self.count_bits(version);
        if count >= 1 << count_bits {
            return None;
        }
        let payload = match self {
            Mode::Numeric => count / 3 * 10 + [0, 4, 7][count % 3],
            Mode::Alphanumeric => count / 2 * 11 + (count % 2) * 6,
            Mode::Byte => count * 8,
        };
        Some(4 + count_bits + payload)
    }

    /// Whether `byte` can be encoded in this mode.
    const fn accepts(self, byte: u8) -> bool {
        match self {
            Mode::Numeric => byte.is_ascii_digit(),
            Mode::Alphanumeric => alphanumeric_value(byte).is_some(),
            Mode::Byte => true,
        }
    }

    const fn from_index(index: u8) -> Mode {
        match index {
            0 => Mode::Numeric,
            1 => Mode::Alphanumeric,
            _ => Mode::Byte,
        }
    }
}

/// The character count field's size class: versions 1–9, 10–26, 27–40.
pub(crate) const fn class(version: u8) -> u8 {
    if version <= 9 {
        0
    } else if version <= 26 {
        1
    } else {
        2
    }
}

/// The alphanumeric mode value of `byte`: digits, uppercase letters, space and `$%*+-./:`.
const fn alphanumeric_value(byte: u8) -> Option<u32> {
    Some(match byte {
        b'0'..=b'9' => (byte - b'0') as u32,
        b'A'..=b'Z' => (byte - b'A') as u32 + 10,
        b' ' => 36,
        b'$' => 37,
        b'%' => 38,
        b'*' => 39,
        b'+' => 40,
        b'-' => 41,
        b'.' => 42,
        b'/' => 43,
        b':' => 44,
        _ => return None,
    })
}

/// The outcome of planning: the version and level to use and the data's size in bits. The
/// modes of an optimal segmentation are left in the caller's `modes` buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) version: u8,
    pub(crate) ecc: Ecc,
    pub(crate) bits: usize,
    pub(crate) segmentation: Segmentation,
}

/// Chooses the smallest version in the options' range that holds `data`, then raises the
/// error correction level while the data still fits (if `boost_ecc`). For an optimal
/// segmentation, `modes` (at least `data.len()` bytes) receives the mode of every byte.
pub(crate) fn plan(data: &[u8], options: &Options, modes: &mut [u8]) -> Result<Plan, Error> {
    let mut planned_class = None;
    let mut bits = None;
    let mut version = options.min_version;
    loop {
        bits = match options.segmentation {
            Segmentation::Byte => Mode::Byte.segment_bits(data.len(), version),
            Segmentation::Optimal => {
                if planned_class != Some(class(version)) {
                    let modes = modes.get_mut(..data.len()).ok_or(Error::BufferTooSmall)?;
                    optimal_modes(data, version, modes);
                    planned_class = Some(class(version));
                    bits = optimal_bits(modes, version);
                }
                bits
            }
        };
        let capacity = version::data_bits(version, options.ecc);
        match bits {
            Some(used) if used <= capacity => break,
            _ if version >= options.max_version => {
                return Err(Error::DataTooLong {
                    bits: bits.unwrap_or(usize::MAX),
                    capacity,
                });
            }
            _ => version += 1,
        }
    }
    let bits = bits.unwrap_or(0);
    let mut ecc = options.ecc;
    if options.boost_ecc {
        for higher in [Ecc::Medium, Ecc::Quartile, Ecc::High] {
            if higher.ordinal() > ecc.ordinal() && bits <= version::data_bits(version, higher) {
                ecc = higher;
            }
        }
    }
    Ok(Plan {
        version,
        ecc,
        bits,
        segmentation: options.segmentation,
    })
}

/// Fills `modes` with the cheapest mode for each byte at `version`'s character count sizes.
fn optimal_modes(data: &[u8], version: u8, modes: &mut [u8]) {
    // Costs in sixths of a bit. `cost[m]`: the cheapest encoding of the bytes so far that ends
    // with an open segment of mode `m` (possibly still empty).
    let head = Mode::ALL.map(|m| (4 + m.count_bits(version) as u32) * 6);
    let mut cost = head;
    // For each byte, for each mode `m` open after it: the mode the byte itself was encoded in,
    // two bits per `m` (3 = unreachable).
    for (&byte, came_from) in data.iter().zip(modes.iter_mut()) {
        const UNREACHABLE: u32 = u32::MAX / 2;
        let mut next = [UNREACHABLE; 3];
        let mut from = [3u8; 3];
        for m in Mode::ALL {
            if m.accepts(byte) {
                let per_char = match m {
                    Mode::Numeric => 20,
                    Mode::Alphanumeric => 33,
                    Mode::Byte => 48,
                };
                next[m as usize] = cost[m as usize] + per_char;
                from[m as usize] = m as u8;
            }
        }
        // Or close the segment after this byte and open another.
        let extended = next;
        for to in Mode::ALL {
            for m in Mode::ALL {
                if extended[m as usize] >= UNREACHABLE {
                    continue;
                }
                let switched = extended[m as usize].div_ceil(6) * 6 + head[to as usize];
                if switched < next[to as usize] {
                    next[to as usize] = switched;
                    from[to as usize] = m as u8;
                }
            }
        }
        cost = next;
        *came_from = from[0] | from[1] << 2 | from[2] << 4;
    }
    // Trace back from the cheapest final mode.
    let mut mode = 0u8;
    for m in 1..3u8 {
        if cost[m as usize] < cost[mode as usize] {
            mode = m;
        }
    }
    for entry in modes.iter_mut().rev() {
        mode = (*entry >> (2 * mode)) & 3;
        *entry = mode;
    }
}

/// Total bits of the segmentation in `modes` at `version`, or `None` if a segment is too long
/// for its character count field.
fn optimal_bits(modes: &[u8], version: u8) -> Option<usize> {
    let mut total = 0usize;
    for run in modes.chunk_by(|a, b| a == b) {
        let mode = Mode::from_index(*run.first()?);
        total += mode.segment_bits(run.len(), version)?;
    }
    Some(total)
}

/// Writes the data codewords for `plan` into `out` (exactly the version's data codewords):
/// the segments, the terminator, bit padding and the 0xEC/0x11 pad bytes.
pub(crate) fn write_data(data: &[u8], plan: &Plan, modes: &[u8], out: &mut [u8]) {
    let mut writer = BitWriter::new(out);
    match plan.segmentation {
        Segmentation::Byte => write_segment(&mut writer, Mode::Byte, data, plan.version),
        Segmentation::Optimal => {
            let mut start = 0;
            for run in modes
                .get(..data.len())
                .unwrap_or_default()
                .chunk_by(|a, b| a == b)
            {
                let end = start + run.len();
                let mode = Mode::from_index(run.first().copied().unwrap_or(2));
                write_segment(
                    &mut writer,
                    mode,
                    data.get(start..end).unwrap_or_default(),
                    plan.version,
                );
                start = end;
            }
        }
    }
    let capacity = writer.capacity_bits();
    let terminator = (capacity - writer.len()).min(4);
    writer.append(0, terminator);
    writer.append(0, (8 - writer.len() % 8) % 8);
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if writer.len() >= capacity {
            break;
        }
        writer.append(pad, 8);
    }
    writer.flush();
}

fn write_segment(writer: &mut BitWriter<'_>, mode: Mode, chars: &[u8], version: u8) {
    writer.append(mode.indicator(), 4);
    writer.append(chars.len() as u32, mode.count_bits(version));
    match mode {
        Mode::Byte => {
            for &byte in chars {
                writer.append(u32::from(byte), 8);
            }
        }
        Mode::Numeric => {
            for group in chars.chunks(3) {
                let value = group
                    .iter()
                    .fold(0, |acc, &d| acc * 10 + u32::from(d - b'0'));
                writer.append(value, group.len() * 3 + 1);
            }
        }
        Mode::Alphanumeric => {
            for pair in chars.chunks(2) {
                let value = pair
                    .iter()
                    .fold(0, |acc, &c| acc * 45 + alphanumeric_value(c).unwrap_or(0));
                writer.append(value, pair.len() * 5 + 1);
            }
        }
    }
}

/// Appends bits, most significant first, to a byte buffer through a 64-bit accumulator.
struct BitWriter<'a> {
    out: &'a mut [u8],
    /// Bytes written to `out`.
    written: usize,
    pending: u64,
    pending_bits: usize,
}

impl<'a> BitWriter<'a> {
    fn new(out: &'a mut [u8]) -> BitWriter<'a> {
        BitWriter {
            out,
            written: 0,
            pending: 0,
            pending_bits: 0,
        }
    }

    fn len(&self) -> usize {
        self.written * 8 + self.pending_bits
    }

    fn capacity_bits(&self) -> usize {
        self.out.len() * 8
    }

    /// Appends the low `count` bits of `value` (`count` ≤ 32).
    #[inline]
    fn append(&mut self, value: u32, count: usize) {
        self.pending = (self.pending << count) | u64::from(value);
        self.pending_bits += count;
        while self.pending_bits >= 8 {
            self.pending_bits -= 8;
            if let Some(slot) = self.out.get_mut(self.written) {
                *slot = (self.pending >> self.pending_bits) as u8;
            }
            self.written += 1;
        }
        self.pending &= (1 << self.pending_bits) - 1;
    }

    fn flush(&mut self) {
        if self.pending_bits > 0 {
            let bits = self.pending_bits;
            self.append(0, 8 - bits);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modes_of(data: &[u8], version: u8) -> std::vec::Vec<u8> {
        let mut modes = std::vec![0; data.len()];
        optimal_modes(data, version, &mut modes);
        modes
    }

    #[test]
    fn digits_stay_numeric_and_lowercase_goes_to_byte_mode() {
        assert_eq!(modes_of(b"0123456789", 1), [0; 10]);
        assert_eq!(modes_of(b"abc", 1), [2; 3]);
        assert_eq!(modes_of(b"HELLO WORLD", 1), [1; 11]);
    }

    #[test]
    fn a_short_digit_run_inside_letters_is_not_worth_a_segment() {
        // Switching to numeric for two digits costs more than it saves.
        let modes = modes_of(b"ABCDEFGH12IJKLMNOP", 1);
        assert!(modes.iter().all(|&m| m == 1));
    }

    #[test]
    fn bits_follow_the_standard_formulas() {
        assert_eq!(Mode::Numeric.segment_bits(8, 1), Some(4 + 10 + 20 + 7));
        assert_eq!(Mode::Alphanumeric.segment_bits(5, 1), Some(4 + 9 + 22 + 6));
        assert_eq!(Mode::Byte.segment_bits(3, 10), Some(4 + 16 + 24));
        assert_eq!(Mode::Numeric.segment_bits(1024, 1), None);
    }
}
