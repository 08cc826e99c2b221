//! The symbol drawn module by module, for targets where flash matters more than speed.
//!
//! After the data codewords are written, an encoder adds error correction, draws the function
//! patterns, places the codewords, scores the masks and applies the best. The word-parallel
//! path (`matrix`, `reed_solomon`, `penalty`) does that on whole rows at once, with tables and
//! a specialisation per row width; this one does it one module at a time, as ISO/IEC 18004
//! describes it, with no tables and one copy of the code. It is what small targets compile —
//! those without an operating system (`target_os = "none"`: microcontrollers), where the fast
//! path costs several times the flash of the rest of emvqr, and WebAssembly, where it would be
//! most of the download; everywhere else it is only compiled for the tests, which hold it to
//! the reference encoder module for module.
//!
//! It works in two matrices of the version (the symbol and the function-module map, rows of
//! `stride` words, bit x % 64 of word x / 64) and the codewords, nothing else.

use super::ecc::Ecc;
use super::options::Options;
use super::segment::Plan;
use super::version::{self, Blocks};

/// The penalty weights of ISO/IEC 18004 §7.8.3: runs of five or more (N1), 2 × 2 blocks (N2),
/// finder-like patterns (N3) and each 5 % of imbalance between dark and light (N4).
const N1: u32 = 3;
const N2: u32 = 3;
const N3: u32 = 40;
const N4: u32 = 10;

/// Error correction, patterns, placement and the mask, into `modules` and `function` (at
/// least a matrix of the planned version each) from `codewords`, which start with the data
/// codewords and have room for all of the version's. Returns the mask used.
pub(super) fn draw(
    options: &Options,
    plan: &Plan,
    modules: &mut [u64],
    function: &mut [u64],
    codewords: &mut [u8],
) -> u8 {
    let version = plan.version;
    let size = version::size(version);
    let stride = version::stride(version);
    let blocks = Blocks::of(version, plan.ecc);
    let total = version::raw_codewords(version).min(codewords.len());
    let codewords = &mut codewords[..total];
    error_correction(codewords, &blocks);
    let words = (size * stride).min(modules.len()).min(function.len());
    let mut symbol = Symbol {
        modules: &mut modules[..words],
        function: &mut function[..words],
        size,
        stride,
    };
    symbol.modules.fill(0);
    symbol.function.fill(0);
    symbol.draw_function_patterns(version);
    symbol.place(codewords, &blocks);
    let mask = match options.mask() {
        Some(mask) => mask,
        None => symbol.choose_mask(plan.ecc),
    };
    symbol.apply_mask(mask);
    symbol.draw_format(plan.ecc, mask);
    mask
}

/// Appends each block's error correction codewords after the data codewords: block b's at
/// `data_codewords + b × ecc`.
fn error_correction(codewords: &mut [u8], blocks: &Blocks) {
    let degree = blocks.ecc;
    // The generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)), its leading 1 left out,
    // highest remaining coefficient first. No level of any version has more than 30.
    let mut generator = [0u8; 30];
    let Some(generator) = generator.get_mut(..degree) else {
        return;
    };
    if let Some(last) = generator.last_mut() {
        *last = 1;
    }
    let mut root = 1u8;
    for _ in 0..degree {
        for j in 0..degree {
            let next = generator.get(j + 1).copied().unwrap_or(0);
            generator[j] = multiply(generator[j], root) ^ next;
        }
        root = multiply(root, 2);
    }
    let (data, ecc) = codewords.split_at_mut(blocks.data_codewords().min(codewords.len()));
    let ecc = ecc.get_mut(..blocks.ecc_codewords()).unwrap_or_default();
    for (b, remainder) in ecc.chunks_exact_mut(degree).enumerate() {
        remainder.fill(0);
        let start = blocks.data_start(b);
        for &byte in data
            .get(start..start + blocks.data_len(b))
            .unwrap_or_default()
        {
            // Divide by the generator: a shift register fed back through its coefficients,
            // shifted and fed in one pass.
            let factor = byte ^ remainder[0];
            for j in 0..degree {
                let next = remainder.get(j + 1).copied().unwrap_or(0);
                remainder[j] = next ^ multiply(generator[j], factor);
            }
        }
    }
}

/// The product of two elements of GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1, by shifts: Russian
/// peasant multiplication, reducing as the product grows.
fn multiply(x: u8, y: u8) -> u8 {
    let mut product = 0u32;
    for i in (0..8).rev() {
        product = (product << 1) ^ ((product >> 7) * 0x11D);
        product ^= u32::from(y >> i & 1) * u32::from(x);
    }
    product as u8
}

/// The codewords in transmission order: the i-th data codeword of each block in turn (long
/// blocks have one more), then the i-th error correction codeword of each block in turn.
struct Interleaved<'c> {
    codewords: &'c [u8],
    blocks: Blocks,
    /// The round (the i) and the block within it; rounds past the data's are error correction.
    round: usize,
    block: usize,
}

impl Iterator for Interleaved<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        let blocks = &self.blocks;
        let data_rounds = blocks.short_data + 1;
        loop {
            if self.block == blocks.count {
                self.block = 0;
                self.round += 1;
            }
            let (round, block) = (self.round, self.block);
            self.block += 1;
            if round < data_rounds {
                if round < blocks.data_len(block) {
                    return self
                        .codewords
                        .get(blocks.data_start(block) + round)
                        .copied();
                }
            } else {
                let i = round - data_rounds;
                if i >= blocks.ecc {
                    return None;
                }
                let at = blocks.data_codewords() + block * blocks.ecc + i;
                return self.codewords.get(at).copied();
            }
        }
    }
}

/// The symbol being drawn and its function-module map.
struct Symbol<'m> {
    modules: &'m mut [u64],
    function: &'m mut [u64],
    size: usize,
    stride: usize,
}

/// Bit `x` of row `y` in `words`: its word and its mask.
fn locate(stride: usize, x: usize, y: usize) -> (usize, u64) {
    (y * stride + x / 64, 1 << (x % 64))
}

impl Symbol<'_> {
    fn get(&self, x: usize, y: usize) -> bool {
        let (word, bit) = locate(self.stride, x, y);
        self.modules.get(word).is_some_and(|w| w & bit != 0)
    }

    fn is_function(&self, x: usize, y: usize) -> bool {
        let (word, bit) = locate(self.stride, x, y);
        self.function.get(word).is_some_and(|w| w & bit != 0)
    }

    fn set(&mut self, x: usize, y: usize, dark: bool) {
        let (word, bit) = locate(self.stride, x, y);
        if let Some(w) = self.modules.get_mut(word) {
            *w = if dark { *w | bit } else { *w & !bit };
        }
    }

    /// Sets a module and marks it as a function module. (Positions off the symbol, from
    /// patterns at its edge, are ignored.)
    fn set_function(&mut self, x: usize, y: usize, dark: bool) {
        if x >= self.size || y >= self.size {
            return;
        }
        self.set(x, y, dark);
        let (word, bit) = locate(self.stride, x, y);
        if let Some(w) = self.function.get_mut(word) {
            *w |= bit;
        }
    }

    /// Timing patterns, finder patterns with their separators, alignment patterns, the format
    /// areas (light for now) with the dark module, and the version information.
    fn draw_function_patterns(&mut self, version: u8) {
        let size = self.size;
        for i in 0..size {
            self.set_function(6, i, i % 2 == 0);
            self.set_function(i, 6, i % 2 == 0);
        }
        // A finder is dark at Chebyshev distance 0, 1 and 3 from its centre; the separator
        // (distance 4) is light.
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in 0..9usize {
                for dx in 0..9usize {
                    let distance = dx.abs_diff(4).max(dy.abs_diff(4));
                    if let (Some(x), Some(y)) = ((cx + dx).checked_sub(4), (cy + dy).checked_sub(4))
                    {
                        self.set_function(x, y, distance != 2 && distance != 4);
                    }
                }
            }
        }
        // Alignment patterns (dark at distance 0 and 2), except over the finders.
        let mut positions = [0; 7];
        let count = version::alignment_positions(version, &mut positions);
        for (i, &cx) in positions.iter().take(count).enumerate() {
            for (j, &cy) in positions.iter().take(count).enumerate() {
                let corner = (i == 0 && (j == 0 || j == count - 1)) || (i == count - 1 && j == 0);
                if corner {
                    continue;
                }
                for dy in 0..5usize {
                    for dx in 0..5usize {
                        let distance = dx.abs_diff(2).max(dy.abs_diff(2));
                        self.set_function(cx + dx - 2, cy + dy - 2, distance != 1);
                    }
                }
            }
        }
        // The format areas, reserved light until the mask is known; the dark module.
        version::draw_format_bits(0, size, |x, y, dark| self.set_function(x, y, dark));
        if version >= 7 {
            let bits = version::version_bits(version);
            for i in 0..18 {
                let dark = bits >> i & 1 != 0;
                let (a, b) = (size - 11 + i % 3, i / 3);
                self.set_function(a, b, dark);
                self.set_function(b, a, dark);
            }
        }
    }

    /// Places the codewords in the standard's zigzag: column pairs from the right, upwards
    /// then downwards, skipping the vertical timing column and the function modules. The
    /// remainder modules after the last codeword stay light.
    fn place(&mut self, codewords: &[u8], blocks: &Blocks) {
        let mut stream = Interleaved {
            codewords,
            blocks: *blocks,
            round: 0,
            block: 0,
        };
        let (mut byte, mut bits_left) = (0u8, 0);
        let size = self.size;
        let mut right = size - 1;
        loop {
            if right == 6 {
                right = 5;
            }
            let upward = (right + 1) & 2 == 0;
            for vertical in 0..size {
                let y = if upward {
                    size - 1 - vertical
                } else {
                    vertical
                };
                for x in [right, right - 1] {
                    if self.is_function(x, y) {
                        continue;
                    }
                    if bits_left == 0 {
                        byte = stream.next().unwrap_or(0);
                        bits_left = 8;
                    }
                    self.set(x, y, byte & 0x80 != 0);
                    byte <<= 1;
                    bits_left -= 1;
                }
            }
            if right <= 1 {
                break;
            }
            right -= 2;
        }
    }

    /// XORs mask pattern `mask` into every module that is not a function module (applying it
    /// twice undoes it).
    fn apply_mask(&mut self, mask: u8) {
        for y in 0..self.size {
            for x in 0..self.size {
                if !self.is_function(x, y) && mask_inverts(mask, x, y) {
                    let dark = self.get(x, y);
                    self.set(x, y, !dark);
                }
            }
        }
    }

    fn draw_format(&mut self, ecc: Ecc, mask: u8) {
        let size = self.size;
        version::draw_format_bits(version::format_bits(ecc, mask), size, |x, y, dark| {
            self.set(x, y, dark);
        });
    }

    /// Tries the eight masks, each with its format bits, and returns the first with the lowest
    /// penalty.
    fn choose_mask(&mut self, ecc: Ecc) -> u8 {
        let mut best = (u32::MAX, 0);
        for mask in 0..8 {
            self.apply_mask(mask);
            self.draw_format(ecc, mask);
            let score = self.penalty();
            if score < best.0 {
                best = (score, mask);
            }
            self.apply_mask(mask);
        }
        best.1
    }

    /// The penalty score of ISO/IEC 18004 §7.8.3 as the reference encoder computes it: runs
    /// and finder-like patterns along rows and columns (the light quiet zone counted beyond
    /// the edges), 2 × 2 blocks of one colour, and the imbalance of dark and light.
    fn penalty(&self) -> u32 {
        let size = self.size;
        let mut score = 0;
        for transposed in [false, true] {
            for line in 0..size {
                let mut runs = Runs::new(size);
                for i in 0..size {
                    let dark = if transposed {
                        self.get(line, i)
                    } else {
                        self.get(i, line)
                    };
                    score += runs.push(dark);
                }
                score += runs.finish();
            }
        }
        let mut dark = 0u32;
        for y in 0..size {
            for x in 0..size {
                let colour = self.get(x, y);
                dark += u32::from(colour);
                if x + 1 < size
                    && y + 1 < size
                    && colour == self.get(x + 1, y)
                    && colour == self.get(x, y + 1)
                    && colour == self.get(x + 1, y + 1)
                {
                    score += N2;
                }
            }
        }
        // Each full 5 % step that dark modules stray from half: the smallest k with
        // |dark / total − 1/2| ≤ (k + 1) / 20.
        let total = (size * size) as u32;
        let k = (dark * 20)
            .abs_diff(total * 10)
            .div_ceil(total)
            .saturating_sub(1);
        score + k * N4
    }
}

/// Whether mask `mask` inverts the module at column `x`, row `y` (ISO/IEC 18004 table 10).
fn mask_inverts(mask: u8, x: usize, y: usize) -> bool {
    let value = match mask {
        0 => (x + y) % 2,
        1 => y % 2,
        2 => x % 3,
        3 => (x + y) % 3,
        4 => (x / 3 + y / 2) % 2,
        5 => x * y % 2 + x * y % 3,
        6 => (x * y % 2 + x * y % 3) % 2,
        _ => ((x + y) % 2 + x * y % 3) % 2,
    };
    value == 0
}

/// The runs of one row or column, for the run (N1) and finder-like pattern (N3) penalties: the
/// current run and the lengths of the seven before it, newest first. A finder-like pattern is
/// dark-light-dark-light-dark in the proportions 1:1:3:1:1 with four light modules (or the
/// quiet zone) on one side and at least one on the other.
struct Runs {
    size: usize,
    dark: bool,
    length: usize,
    history: [usize; 7],
}

impl Runs {
    /// A line starts in the light quiet zone.
    fn new(size: usize) -> Runs {
        Runs {
            size,
            dark: false,
            length: 0,
            history: [0; 7],
        }
    }

    /// The next module of the line; returns the penalty it completes.
    fn push(&mut self, dark: bool) -> u32 {
        if dark == self.dark {
            self.length += 1;
            return match self.length {
                5 => N1,
                6.. => 1,
                _ => 0,
            };
        }
        self.record(self.length);
        let mut score = 0;
        if !self.dark {
            score = self.finder_like() * N3;
        }
        self.dark = dark;
        self.length = 1;
        score
    }

    /// The end of the line: the last run, then the light quiet zone after it.
    fn finish(mut self) -> u32 {
        let mut length = self.length;
        if self.dark {
            self.record(length);
            length = 0;
        }
        self.record(length + self.size);
        self.finder_like() * N3
    }

    fn record(&mut self, mut length: usize) {
        // The first run of a line, light, extends into the quiet zone before it.
        if self.history[0] == 0 {
            length += self.size;
        }
        let [a, b, c, d, e, f, _] = self.history;
        self.history = [length, a, b, c, d, e, f];
    }

    /// Finder-like patterns ending at the newest light run: 0, 1 or 2 (one per side that has
    /// the four light modules).
    fn finder_like(&self) -> u32 {
        // Newest first: the light run that closes the pattern, its five runs, the run before.
        let [closing, n, b, c, d, e, opening] = self.history;
        let core = n > 0 && b == n && c == n * 3 && d == n && e == n;
        u32::from(core && closing >= n * 4 && opening >= n)
            + u32::from(core && opening >= n * 4 && closing >= n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::{MAX_WORDS, QrCode, Segmentation, segment};

    /// The version, level, mask and modules (row-major) of `data` drawn by this module.
    fn encode(data: &[u8], options: &Options) -> (u8, Ecc, u8, std::vec::Vec<bool>) {
        let mut modules = std::vec![0u64; MAX_WORDS];
        let plan = segment::plan(data, options, &mut modules).unwrap();
        let mut codewords = std::vec![0u8; version::raw_codewords(40)];
        let data_codewords = Blocks::of(plan.version, plan.ecc).data_codewords();
        segment::write_data(data, &plan, &modules, &mut codewords[..data_codewords]);
        let mut function = std::vec![0u64; MAX_WORDS];
        let mask = draw(options, &plan, &mut modules, &mut function, &mut codewords);
        let (size, stride) = (version::size(plan.version), version::stride(plan.version));
        let bits = (0..size * size)
            .map(|i| modules[i / size * stride + i % size / 64] >> (i % size % 64) & 1 != 0)
            .collect();
        (plan.version, plan.ecc, mask, bits)
    }

    fn reference(data: &[u8], options: &Options) -> (u8, Ecc, u8, std::vec::Vec<bool>) {
        let ecc = [
            qrcodegen::QrCodeEcc::Low,
            qrcodegen::QrCodeEcc::Medium,
            qrcodegen::QrCodeEcc::Quartile,
            qrcodegen::QrCodeEcc::High,
        ];
        let code = qrcodegen::QrCode::encode_segments_advanced(
            &[qrcodegen::QrSegment::make_bytes(data)],
            ecc[options.ecc().ordinal()],
            qrcodegen::Version::new(options.min_version()),
            qrcodegen::Version::new(options.max_version()),
            options.mask().map(qrcodegen::Mask::new),
            options.boost_ecc(),
        )
        .unwrap();
        let size = code.size();
        let level = Ecc::ALL[ecc
            .iter()
            .position(|&e| e == code.error_correction_level())
            .unwrap()];
        let bits = (0..size * size)
            .map(|i| code.get_module(i % size, i / size))
            .collect();
        (code.version().value(), level, code.mask().value(), bits)
    }

    fn filler(len: usize, seed: u64) -> std::vec::Vec<u8> {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn every_version_equals_the_reference_encoder() {
        for version in 1..=40u8 {
            let ecc = Ecc::ALL[usize::from(version) % 4];
            let options = Options::new()
                .with_ecc(ecc)
                .with_min_version(version)
                .with_max_version(version)
                .with_segmentation(Segmentation::Byte);
            let len = crate::qr::byte_capacity(version, ecc).unwrap();
            let data = filler(len, u64::from(version));
            assert_eq!(
                encode(&data, &options),
                reference(&data, &options),
                "version {version}"
            );
        }
    }

    #[test]
    fn every_mask_and_level_equals_the_reference_encoder() {
        for version in [1, 7, 14] {
            for ecc in Ecc::ALL {
                for mask in 0..8 {
                    let options = Options::new()
                        .with_ecc(ecc)
                        .with_min_version(version)
                        .with_max_version(version)
                        .with_mask(Some(mask))
                        .with_boost_ecc(false)
                        .with_segmentation(Segmentation::Byte);
                    let room = crate::qr::byte_capacity(version, ecc).unwrap();
                    let data = filler(room - usize::from(mask), 7);
                    assert_eq!(
                        encode(&data, &options),
                        reference(&data, &options),
                        "{version} {ecc:?} {mask}"
                    );
                }
            }
        }
    }

    #[test]
    fn optimal_segments_draw_as_the_word_parallel_encoder_draws_them() {
        // Payload-like text: digits, capitals, URLs and UUIDs in lowercase, some UTF-8.
        let pieces: [&[u8]; 6] = [
            b"000201",
            b"26940014BR.GOV.BCB.PIX",
            b"pix-qr.mercadopago.com/instore/o/v2/",
            b"fdf9ece0-6137-4e1e",
            b"SAO PAULO",
            "BRASÍLIA".as_bytes(),
        ];
        for case in 0..60u64 {
            let mut data = std::vec::Vec::new();
            for (i, byte) in filler(6 + case as usize % 40, case).iter().enumerate() {
                data.extend_from_slice(pieces[(usize::from(*byte) + i) % pieces.len()]);
            }
            let options = Options::new().with_ecc(Ecc::ALL[case as usize % 4]);
            let fast = QrCode::encode(&data, &options).unwrap();
            let (version, ecc, mask, bits) = encode(&data, &options);
            assert_eq!(
                (version, ecc, mask),
                (fast.version(), fast.ecc(), fast.mask()),
                "case {case}"
            );
            let size = fast.size();
            for (i, &bit) in bits.iter().enumerate() {
                assert_eq!(
                    bit,
                    fast.module(i % size, i / size),
                    "case {case} module {i}"
                );
            }
        }
    }
}
