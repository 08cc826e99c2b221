//! Per-version facts of ISO/IEC 18004: sizes, error correction blocks, capacities, alignment
//! pattern positions, and the BCH-coded format and version information.

use super::ecc::Ecc;

/// The smallest and largest QR versions.
pub const MIN: u8 = 1;
/// The largest QR version (177 × 177 modules).
pub const MAX: u8 = 40;

/// Side length in modules.
pub const fn size(version: u8) -> usize {
    version as usize * 4 + 17
}

/// `u64` words per row of a bit-packed matrix.
pub const fn stride(version: u8) -> usize {
    size(version).div_ceil(64)
}

/// Error correction codewords per block, by version (index 1–40) and level (L, M, Q, H):
/// ISO/IEC 18004 table 9.
#[rustfmt::skip]
const ECC_PER_BLOCK: [[u8; 4]; 41] = [
    [0, 0, 0, 0],
    [7, 10, 13, 17],   [10, 16, 22, 28],  [15, 26, 18, 22],  [20, 18, 26, 16],  [26, 24, 18, 22],
    [18, 16, 24, 28],  [20, 18, 18, 26],  [24, 22, 22, 26],  [30, 22, 20, 24],  [18, 26, 24, 28],
    [20, 30, 28, 24],  [24, 22, 26, 28],  [26, 22, 24, 22],  [30, 24, 20, 24],  [22, 24, 30, 24],
    [24, 28, 24, 30],  [28, 28, 28, 28],  [30, 26, 28, 28],  [28, 26, 26, 26],  [28, 26, 30, 28],
    [28, 26, 28, 30],  [28, 28, 30, 24],  [30, 28, 30, 30],  [30, 28, 30, 30],  [26, 28, 30, 30],
    [28, 28, 28, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],
    [30, 28, 30, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],
    [30, 28, 30, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],  [30, 28, 30, 30],
];

/// Error correction blocks, by version (index 1–40) and level (L, M, Q, H): ISO/IEC 18004
/// table 9.
#[rustfmt::skip]
const BLOCKS: [[u8; 4]; 41] = [
    [0, 0, 0, 0],
    [1, 1, 1, 1],      [1, 1, 1, 1],      [1, 1, 2, 2],      [1, 2, 2, 4],      [1, 2, 4, 4],
    [2, 4, 4, 4],      [2, 4, 6, 5],      [2, 4, 6, 6],      [2, 5, 8, 8],      [4, 5, 8, 8],
    [4, 5, 8, 11],     [4, 8, 10, 11],    [4, 9, 12, 16],    [4, 9, 16, 16],    [6, 10, 12, 18],
    [6, 10, 17, 16],   [6, 11, 16, 19],   [6, 13, 18, 21],   [7, 14, 21, 25],   [8, 16, 20, 25],
    [8, 17, 23, 25],   [9, 17, 23, 34],   [9, 18, 25, 30],   [10, 20, 27, 32],  [12, 21, 29, 35],
    [12, 23, 34, 37],  [12, 25, 34, 40],  [13, 26, 35, 42],  [14, 28, 38, 45],  [15, 29, 40, 48],
    [16, 31, 43, 51],  [17, 33, 45, 54],  [18, 35, 48, 57],  [19, 37, 51, 60],  [19, 38, 53, 63],
    [20, 40, 56, 66],  [21, 43, 59, 70],  [22, 45, 62, 74],  [24, 47, 65, 77],  [25, 49, 68, 81],
];

/// How a version's codewords split into error correction blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocks {
    /// Number of blocks.
    pub count: usize,
    /// Blocks with the shorter data length (they come first).
    pub short: usize,
    /// Data codewords in a short block; long blocks have one more.
    pub short_data: usize,
    /// Error correction codewords per block.
    pub ecc: usize,
}

impl Blocks {
    /// The block layout of `version` at `ecc`.
    pub const fn of(version: u8, ecc: Ecc) -> Blocks {
        let v = version as usize;
        let count = BLOCKS[v][ecc.ordinal()] as usize;
        let ecc_len = ECC_PER_BLOCK[v][ecc.ordinal()] as usize;
        let raw = raw_codewords(version);
        Blocks {
            count,
            short: count - raw % count,
            short_data: raw / count - ecc_len,
            ecc: ecc_len,
        }
    }

    /// Total data codewords.
    pub const fn data_codewords(&self) -> usize {
        self.short_data * self.count + (self.count - self.short)
    }

    /// Total error correction codewords.
    pub const fn ecc_codewords(&self) -> usize {
        self.ecc * self.count
    }

    /// Data codewords in block `block`.
    pub const fn data_len(&self, block: usize) -> usize {
        self.short_data + if block < self.short { 0 } else { 1 }
    }

    /// Where block `block`'s data starts in the data codewords.
    pub const fn data_start(&self, block: usize) -> usize {
        block * self.short_data + block.saturating_sub(self.short)
    }
}

/// Modules available for data and error correction, after the function patterns (the
/// remainder bits included).
pub const fn raw_data_modules(version: u8) -> usize {
    let v = version as usize;
    let mut modules = (16 * v + 128) * v + 64;
    if v >= 2 {
        let alignments = v / 7 + 2;
        modules -= (25 * alignments - 10) * alignments - 55;
        if v >= 7 {
            modules -= 36;
        }
    }
    modules
}

/// All codewords of a version (data and error correction).
pub const fn raw_codewords(version: u8) -> usize {
    raw_data_modules(version) / 8
}

/// Data capacity in bits at `ecc`.
pub const fn data_bits(version: u8, ecc: Ecc) -> usize {
    Blocks::of(version, ecc).data_codewords() * 8
}

/// [`data_bits`] of every version (index 0 unused) at each level, for the planner, which
/// tries version after version.
static DATA_BITS: [[u16; MAX as usize + 1]; 4] = {
    let mut table = [[0u16; MAX as usize + 1]; 4];
    let mut level = 0;
    while level < 4 {
        let mut version = MIN;
        while version <= MAX {
            table[level][version as usize] = data_bits(version, Ecc::ALL[level]) as u16;
            version += 1;
        }
        level += 1;
    }
    table
};

/// [`data_bits`], read from a table.
pub(crate) fn data_bits_of(version: u8, ecc: Ecc) -> usize {
    DATA_BITS[ecc.ordinal()]
        .get(usize::from(version))
        .map_or(0, |&bits| usize::from(bits))
}

/// The centre coordinates of the alignment patterns (the same list for rows and columns),
/// written into `out`; returns how many there are (0 for version 1, at most 7).
pub fn alignment_positions(version: u8, out: &mut [usize; 7]) -> usize {
    if version == 1 {
        return 0;
    }
    let v = usize::from(version);
    let count = v / 7 + 2;
    // The spacing, rounded to an even number; the formula reproduces the standard's table,
    // including the irregular version 32.
    let step = (v * 8 + count * 3 + 5) / (count * 4 - 4) * 2;
    let last = size(version) - 7;
    out[0] = 6;
    for i in 1..count {
        out[count - i] = last - (i - 1) * step;
    }
    count
}

/// The 15 format bits for `ecc` and `mask`: BCH(15,5) with the 0x5412 XOR.
pub const fn format_bits(ecc: Ecc, mask: u8) -> u32 {
    let data = (ecc.format_bits() << 3) | mask as u32;
    let mut remainder = data;
    let mut i = 0;
    while i < 10 {
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
        i += 1;
    }
    ((data << 10) | (remainder & 0x3FF)) ^ 0x5412
}

/// Writes the 15 format bits (both copies) and the dark module through `set(x, y, dark)`.
pub(crate) fn draw_format_bits(bits: u32, size: usize, mut set: impl FnMut(usize, usize, bool)) {
    let bit = |i: usize| bits >> i & 1 != 0;
    // Around the top-left finder.
    for i in 0..6 {
        set(8, i, bit(i));
    }
    set(8, 7, bit(6));
    set(8, 8, bit(7));
    set(7, 8, bit(8));
    for i in 9..15 {
        set(14 - i, 8, bit(i));
    }
    // Beside the top-right and bottom-left finders.
    for i in 0..8 {
        set(size - 1 - i, 8, bit(i));
    }
    for i in 8..15 {
        set(8, size - 15 + i, bit(i));
    }
    set(8, size - 8, true);
}

/// The 18 version bits (versions 7 and up): BCH(18,6).
pub const fn version_bits(version: u8) -> u32 {
    let mut remainder = version as u32;
    let mut i = 0;
    while i < 12 {
        remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
        i += 1;
    }
    ((version as u32) << 12) | (remainder & 0xFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacities_match_the_standard() {
        // ISO/IEC 18004 table 7, a few rows: data codewords at L, M, Q, H.
        for (version, expected) in [
            (1, [19, 16, 13, 9]),
            (10, [274, 216, 154, 122]),
            (40, [2956, 2334, 1666, 1276]),
        ] {
            let got = Ecc::ALL.map(|ecc| Blocks::of(version, ecc).data_codewords());
            assert_eq!(got, expected, "version {version}");
        }
        assert_eq!(raw_codewords(40), 3706);
    }

    #[test]
    fn alignment_positions_match_the_standard() {
        let mut out = [0; 7];
        let n = alignment_positions(32, &mut out);
        assert_eq!(&out[..n], &[6, 34, 60, 86, 112, 138]);
        let n = alignment_positions(7, &mut out);
        assert_eq!(&out[..n], &[6, 22, 38]);
        let n = alignment_positions(40, &mut out);
        assert_eq!(&out[..n], &[6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn format_and_version_bits_match_known_values() {
        // ISO/IEC 18004 table C.1 and D.1.
        assert_eq!(format_bits(Ecc::Low, 0), 0b111_0111_1100_0100);
        assert_eq!(format_bits(Ecc::Medium, 0), 0b101_0100_0001_0010);
        assert_eq!(version_bits(7), 0x07C94);
    }
}
