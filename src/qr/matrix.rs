//! The module matrix, bit-packed: row `y` is `stride` consecutive `u64` words, module `x` is bit
//! `x % 64` of word `x / 64` (1 = dark). Bits past the right edge stay 0 in the symbol and 1 in
//! the function-module map, so that masking never touches them.
//!
//! The set of function modules (finders, separators, timing, alignment, format and version
//! areas, the dark module) is symmetric about the main diagonal, so the same map serves the
//! transposed matrix used to score columns.

use super::Ecc;
use super::version::{self, Blocks};

/// A rectangular view of bit-packed rows.
pub(crate) struct Grid<'a> {
    pub(crate) words: &'a mut [u64],
    pub(crate) stride: usize,
    pub(crate) size: usize,
}

impl<'a> Grid<'a> {
    pub(crate) fn new(words: &'a mut [u64], version: u8) -> Grid<'a> {
        Grid {
            words,
            stride: version::stride(version),
            size: version::size(version),
        }
    }

    #[inline]
    pub(crate) fn get(&self, x: usize, y: usize) -> bool {
        self.words
            .get(y * self.stride + x / 64)
            .is_some_and(|w| w >> (x % 64) & 1 != 0)
    }

    #[inline]
    pub(crate) fn set(&mut self, x: usize, y: usize, dark: bool) {
        if let Some(word) = self.words.get_mut(y * self.stride + x / 64) {
            let bit = 1u64 << (x % 64);
            if dark {
                *word |= bit;
            } else {
                *word &= !bit;
            }
        }
    }

    /// Clears the rows in use; with `outside` set, the bits past the right edge are set to 1.
    pub(crate) fn clear(&mut self, outside: bool) {
        let used = self.size * self.stride;
        for (i, word) in self.words.iter_mut().take(used).enumerate() {
            let first = (i % self.stride) * 64;
            *word = if !outside || first + 64 <= self.size {
                0
            } else if first >= self.size {
                !0
            } else {
                !0 << (self.size - first)
            };
        }
    }
}

/// The symbol being built and its function-module map, drawn together.
pub(crate) struct Canvas<'a> {
    pub(crate) modules: Grid<'a>,
    pub(crate) function: Grid<'a>,
}

impl Canvas<'_> {
    fn set_function(&mut self, x: usize, y: usize, dark: bool) {
        self.modules.set(x, y, dark);
        self.function.set(x, y, true);
    }

    /// Draws every function pattern of `version`; the format areas get the bits of mask 0,
    /// to be replaced once the mask is chosen.
    pub(crate) fn draw_function_patterns(&mut self, version: u8, ecc: Ecc) {
        self.modules.clear(false);
        self.function.clear(true);
        let size = self.modules.size;
        for i in 0..size {
            self.set_function(6, i, i % 2 == 0);
            self.set_function(i, 6, i % 2 == 0);
        }
        self.draw_finder(3, 3);
        self.draw_finder(size - 4, 3);
        self.draw_finder(3, size - 4);
        let mut positions = [0; 7];
        let count = version::alignment_positions(version, &mut positions);
        for (i, &cx) in positions.iter().take(count).enumerate() {
            for (j, &cy) in positions.iter().take(count).enumerate() {
                let corner = (i == 0 && (j == 0 || j == count - 1)) || (i == count - 1 && j == 0);
                if !corner {
                    self.draw_alignment(cx, cy);
                }
            }
        }
        draw_format_bits(version::format_bits(ecc, 0), size, |x, y, dark| {
            self.set_function(x, y, dark)
        });
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

    /// A finder pattern centred at (x, y) with its separator, clipped to the symbol.
    fn draw_finder(&mut self, x: usize, y: usize) {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let (xx, yy) = (x as i32 + dx, y as i32 + dy);
                if (0..self.modules.size as i32).contains(&xx)
                    && (0..self.modules.size as i32).contains(&yy)
                {
                    let distance = dx.abs().max(dy.abs());
                    self.set_function(xx as usize, yy as usize, distance != 2 && distance != 4);
                }
            }
        }
    }

    fn draw_alignment(&mut self, x: usize, y: usize) {
        for dy in -2i32..=2 {
            for dx in -2i32..=2 {
                let dark = dx.abs().max(dy.abs()) != 1;
                self.set_function((x as i32 + dx) as usize, (y as i32 + dy) as usize, dark);
            }
        }
    }

    /// Places the codewords (interleaved) in the zigzag order of the standard, skipping
    /// function modules; remainder bits stay light.
    pub(crate) fn place(&mut self, codewords: Interleaved<'_>) {
        let size = self.modules.size;
        let mut bits = codewords.flat_map(|byte| (0..8).rev().map(move |i| byte >> i & 1 != 0));
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
                    if !self.function.get(x, y) {
                        match bits.next() {
                            Some(dark) => self.modules.set(x, y, dark),
                            None => return,
                        }
                    }
                }
            }
            if right < 2 {
                return;
            }
            right -= 2;
        }
    }
}

/// Writes the 15 format bits and the dark module through `set(x, y, dark)`.
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

/// The data and error correction codewords in transmission order: the i-th byte of every
/// block in turn, data first (long blocks carry one extra data byte), then the error
/// correction bytes the same way.
pub(crate) struct Interleaved<'a> {
    data: &'a [u8],
    ecc: &'a [u8],
    blocks: Blocks,
    next: usize,
}

impl<'a> Interleaved<'a> {
    pub(crate) fn new(data: &'a [u8], ecc: &'a [u8], blocks: Blocks) -> Interleaved<'a> {
        Interleaved {
            data,
            ecc,
            blocks,
            next: 0,
        }
    }
}

impl Iterator for Interleaved<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        let b = &self.blocks;
        let t = self.next;
        self.next += 1;
        let short_part = b.short_data * b.count;
        let data_total = b.data_codewords();
        if t < short_part {
            let block = t % b.count;
            self.data.get(b.data_start(block) + t / b.count).copied()
        } else if t < data_total {
            let block = b.short + (t - short_part);
            self.data.get(b.data_start(block) + b.short_data).copied()
        } else if t < data_total + b.ecc_codewords() {
            let u = t - data_total;
            self.ecc.get((u % b.count) * b.ecc + u / b.count).copied()
        } else {
            None
        }
    }
}

/// Writes the transpose of the `size` × `size` matrix `from` into `to` (same stride).
pub(crate) fn transpose(from: &[u64], to: &mut [u64], stride: usize, size: usize) {
    let mut tile = [0u64; 64];
    for row_block in 0..stride {
        for col_block in 0..stride {
            for (r, slot) in tile.iter_mut().enumerate() {
                let y = row_block * 64 + r;
                *slot = if y < size {
                    from.get(y * stride + col_block).copied().unwrap_or(0)
                } else {
                    0
                };
            }
            transpose_tile(&mut tile);
            for (c, word) in tile.iter().enumerate() {
                let x = col_block * 64 + c;
                if x < size
                    && let Some(slot) = to.get_mut(x * stride + row_block)
                {
                    *slot = *word;
                }
            }
        }
    }
}

/// Transposes a 64 × 64 bit matrix in place (bit c of word r ↔ bit r of word c), by swapping
/// ever smaller off-diagonal blocks.
fn transpose_tile(tile: &mut [u64; 64]) {
    let mut width = 32;
    let mut mask: u64 = 0x0000_0000_FFFF_FFFF;
    while width != 0 {
        let mut k = 0;
        while k < 64 {
            for r in k..k + width {
                let swap = ((tile[r] >> width) ^ tile[r + width]) & mask;
                tile[r] ^= swap << width;
                tile[r + width] ^= swap;
            }
            k += 2 * width;
        }
        width >>= 1;
        mask ^= mask << width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_tile_swaps_rows_and_columns() {
        let mut tile = [0u64; 64];
        for (r, word) in tile.iter_mut().enumerate() {
            *word = (r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        let original = tile;
        transpose_tile(&mut tile);
        for (r, row) in original.iter().enumerate() {
            for (c, column) in tile.iter().enumerate() {
                assert_eq!(column >> r & 1, row >> c & 1);
            }
        }
    }

    #[test]
    fn function_modules_are_symmetric() {
        for version in 1..=40 {
            let stride = version::stride(version);
            let size = version::size(version);
            let mut modules = std::vec![0u64; size * stride];
            let mut function = std::vec![0u64; size * stride];
            let mut canvas = Canvas {
                modules: Grid::new(&mut modules, version),
                function: Grid::new(&mut function, version),
            };
            canvas.draw_function_patterns(version, Ecc::Medium);
            for y in 0..size {
                for x in 0..size {
                    assert_eq!(
                        canvas.function.get(x, y),
                        canvas.function.get(y, x),
                        "v{version} ({x},{y})"
                    );
                }
            }
        }
    }
}
