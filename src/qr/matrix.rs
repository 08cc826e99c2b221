//! The module matrix, bit-packed: a line is `W` consecutive `u64` words, module `i` of the line
//! is bit `i % 64` of word `i / 64` (1 = dark). `W` is 1 up to version 11, 2 up to 27, 3 above.
//!
//! Function patterns are drawn with word operations. The set of function modules (finders,
//! separators, timing, alignment, format and version areas, the dark module) is symmetric
//! about the diagonal, and so are their colours except in the format areas, which are redrawn
//! for every mask. So the drawn rows double as the columns of the transposed matrix: the data
//! is placed there, one column pair at a time, and one transposition gives the rows.
//!
//! In the function-module map, bits past the right edge are set, so that masking and
//! placement never reach them.

use super::version::{self, Blocks};

/// One row (or one column, in the transposed matrix).
pub(crate) type Line<const W: usize> = [u64; W];

/// The first `size` bits set.
pub(crate) fn valid<const W: usize>(size: usize) -> Line<W> {
    let mut out = [0; W];
    for (i, word) in out.iter_mut().enumerate() {
        let first = i * 64;
        *word = if first + 64 <= size {
            !0
        } else if first >= size {
            0
        } else {
            (1 << (size - first)) - 1
        };
    }
    out
}

#[inline]
pub(crate) fn get<const W: usize>(line: &Line<W>, i: usize) -> bool {
    line.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 != 0)
}

#[inline]
pub(crate) fn set<const W: usize>(line: &mut Line<W>, i: usize, dark: bool) {
    if let Some(word) = line.get_mut(i / 64) {
        let bit = 1u64 << (i % 64);
        if dark {
            *word |= bit;
        } else {
            *word &= !bit;
        }
    }
}

/// Overwrites `width` (≤ 57) modules of `line` from `start` with the low bits of `bits`.
fn put<const W: usize>(line: &mut Line<W>, start: usize, width: usize, bits: u64) {
    let field = (1u64 << width) - 1;
    let (word, shift) = (start / 64, start % 64);
    if let Some(w) = line.get_mut(word) {
        *w = (*w & !(field << shift)) | ((bits & field) << shift);
    }
    if shift + width > 64
        && let Some(w) = line.get_mut(word + 1)
    {
        let spill = 64 - shift;
        *w = (*w & !(field >> spill)) | ((bits & field) >> spill);
    }
}

/// Sets `width` bits of `line` from `start` (for the function map).
fn mark<const W: usize>(line: &mut Line<W>, start: usize, width: usize) {
    put(line, start, width, !0);
}

/// A finder pattern's rows, 7 modules each (bit i = module i).
const FINDER: [u64; 7] = [0x7F, 0x41, 0x5D, 0x5D, 0x5D, 0x41, 0x7F];
/// An alignment pattern's rows, 5 modules each.
const ALIGNMENT: [u64; 5] = [0x1F, 0x11, 0x15, 0x11, 0x1F];

/// Draws the function patterns of `version` into `modules` and marks them in `function`.
/// The format areas are marked but left light (they change with the mask); the dark module is
/// drawn.
pub(crate) fn draw_function_patterns<const W: usize>(
    modules: &mut [Line<W>],
    function: &mut [Line<W>],
    version: u8,
) {
    let size = version::size(version);
    // Every line starts light, with the modules past the edge in the map; then the timing
    // patterns: row 6 and column 6 (bit 6 of the first word), dark on even positions.
    let outside = valid::<W>(size).map(|w| !w);
    let even = [0x5555_5555_5555_5555u64; W];
    for (y, (row, map)) in modules
        .iter_mut()
        .zip(function.iter_mut())
        .take(size)
        .enumerate()
    {
        if y == 6 {
            *row = and(even, valid(size));
            *map = [!0; W];
        } else {
            *row = [0; W];
            row[0] = u64::from(y % 2 == 0) << 6;
            *map = outside;
            map[0] |= 1 << 6;
        }
    }
    // Finder patterns with their separators (the 8 × 8 corners).
    for (x, y) in [(0, 0), (size - 7, 0), (0, size - 7)] {
        let separator_x = if x == 0 { 0 } else { size - 8 };
        let separator_y = if y == 0 { 0 } else { size - 8 };
        for r in 0..8 {
            let line = separator_y + r;
            if let (Some(row), Some(map)) = (modules.get_mut(line), function.get_mut(line)) {
                put(row, separator_x, 8, 0);
                mark(map, separator_x, 8);
            }
        }
        for (r, &bits) in FINDER.iter().enumerate() {
            if let Some(row) = modules.get_mut(y + r) {
                put(row, x, 7, bits);
            }
        }
    }
    // Alignment patterns, except where they would overlap finders.
    let mut positions = [0; 7];
    let count = version::alignment_positions(version, &mut positions);
    for (i, &cx) in positions.iter().take(count).enumerate() {
        for (j, &cy) in positions.iter().take(count).enumerate() {
            let corner = (i == 0 && (j == 0 || j == count - 1)) || (i == count - 1 && j == 0);
            if corner {
                continue;
            }
            for (r, &bits) in ALIGNMENT.iter().enumerate() {
                if let (Some(row), Some(map)) =
                    (modules.get_mut(cy - 2 + r), function.get_mut(cy - 2 + r))
                {
                    put(row, cx - 2, 5, bits);
                    mark(map, cx - 2, 5);
                }
            }
        }
    }
    // Format areas: row 8 and column 8 next to the finders; and the dark module.
    for y in (0..=8).chain(size - 8..size) {
        if let Some(map) = function.get_mut(y) {
            set(map, 8, true);
        }
    }
    if let Some(map) = function.get_mut(8) {
        mark(map, 0, 9);
        mark(map, size - 8, 8);
    }
    if let Some(row) = modules.get_mut(size - 8) {
        set(row, 8, true);
    }
    // Version information (7 and up): two blocks, mirror images. Bit i is at column
    // size − 11 + i % 3 of row i / 3 (top right), and at column i / 3 of row size − 11 + i % 3
    // (bottom left).
    if version >= 7 {
        let bits = u64::from(version::version_bits(version));
        for y in 0..6 {
            if let (Some(row), Some(map)) = (modules.get_mut(y), function.get_mut(y)) {
                put(row, size - 11, 3, bits >> (3 * y));
                mark(map, size - 11, 3);
            }
        }
        for k in 0..3 {
            let line = (0..6).fold(0, |line, x| line | (bits >> (3 * x + k) & 1) << x);
            let y = size - 11 + k;
            if let (Some(row), Some(map)) = (modules.get_mut(y), function.get_mut(y)) {
                put(row, 0, 6, line);
                mark(map, 0, 6);
            }
        }
    }
}

#[inline(always)]
fn and<const W: usize>(a: Line<W>, b: Line<W>) -> Line<W> {
    let mut out = a;
    for (o, b) in out.iter_mut().zip(b) {
        *o &= b;
    }
    out
}

// ------------------------------------------------------------------ placement

/// Places the codewords in the standard's zigzag order into `columns` (the transposed
/// matrix: line x is column x, bit y is row y), skipping function modules; remainder modules
/// stay light. `function` is the function-module map (symmetric, so its line x serves as
/// column x).
///
/// Stream bits alternate right, left, right, … in rows where both modules of a pair are free,
/// so there each column takes every other bit: `stream` is split into its even and odd bits
/// beforehand. In most pairs every row has both modules free or neither; each column then
/// takes its bits in one piece per word of rows, spread over its free rows. The other pairs
/// (beside alignment patterns and version areas) are walked in runs of rows of one kind:
/// both free, one free, neither.
pub(crate) fn place<const W: usize>(
    columns: &mut [Line<W>],
    function: &[Line<W>],
    size: usize,
    stream: &mut Stream<'_>,
) {
    let valid = valid::<W>(size);
    let mut right = size - 1;
    loop {
        if right == 6 {
            right = 5;
        }
        let upward = (right + 1) & 2 == 0;
        let free = |x: usize| {
            function
                .get(x)
                .map_or([0; W], |f| and(f.map(|w| !w), valid))
        };
        let (free_right, free_left) = (free(right), free(right - 1));
        let (lower, upper) = columns.split_at_mut(right);
        if let (Some(left), Some(right_column)) = (lower.last_mut(), upper.first_mut()) {
            place_pair(
                right_column,
                left,
                free_right,
                free_left,
                size,
                upward,
                stream,
            );
        }
        if right < 2 {
            return;
        }
        right -= 2;
    }
}

fn place_pair<const W: usize>(
    right: &mut Line<W>,
    left: &mut Line<W>,
    free_right: Line<W>,
    free_left: Line<W>,
    size: usize,
    upward: bool,
    stream: &mut Stream<'_>,
) {
    let both = and(free_right, free_left);
    let mut single = 0;
    for i in 0..W {
        single |= free_right[i] ^ free_left[i];
    }
    if single == 0 {
        // Most pairs: every row takes two bits (right, left) or none, so each column takes
        // every other stream bit, in its free rows in the walk's order. Per word of rows:
        // the first bits go to the bottom row going up (most significant first: as taken),
        // to the top row going down (reversed).
        for k in 0..W {
            let word = if upward { W - 1 - k } else { k };
            let rows = both[word];
            let count = rows.count_ones() as usize;
            if count == 0 {
                continue;
            }
            let (to_right, to_left) = stream.take_pairs(count);
            let (to_right, to_left) = if upward {
                (to_right, to_left)
            } else {
                (reverse(to_right, count), reverse(to_left, count))
            };
            let (to_right, to_left) = scatter(to_right, to_left, rows);
            right[word] |= to_right;
            left[word] |= to_left;
        }
        return;
    }
    // Rows with no free module (past the edge too: a run there only ends the walk), and rows
    // where only one column is free (beside alignment patterns and version areas).
    let mut neither = [0; W];
    let mut right_only = [0; W];
    let mut left_only = [0; W];
    for i in 0..W {
        neither[i] = !(free_right[i] | free_left[i]);
        right_only[i] = free_right[i] & !free_left[i];
        left_only[i] = free_left[i] & !free_right[i];
    }
    // The rows from y on, in the walk's direction, whose bit in `line` is set.
    let run_of = |line: &Line<W>, y: usize| {
        if upward {
            ones_downward(line, y)
        } else {
            ones_upward(line, y)
        }
    };
    let row = |done: usize| if upward { size - 1 - done } else { done };
    let mut done = 0;
    while done < size {
        done += run_of(&neither, row(done));
        if done >= size {
            break;
        }
        let y = row(done);
        // Each run is placed at once. Going up, its first row is the bottom one, y, which
        // takes the first (most significant) bits; going down, it is the top row, y, so the
        // bits are reversed.
        let run;
        if get(&both, y) {
            // Stream bits alternate right, left: pair j of the run is bit run − 1 − j of each
            // half.
            run = run_of(&both, y).min(64).min(size - done);
            let (to_right, to_left) = stream.take_pairs(run);
            let (start, to_right, to_left) = if upward {
                (y + 1 - run, to_right, to_left)
            } else {
                (y, reverse(to_right, run), reverse(to_left, run))
            };
            deposit(right, start, to_right);
            deposit(left, start, to_left);
        } else {
            let (column, only) = if get(&free_right, y) {
                (&mut *right, &right_only)
            } else {
                (&mut *left, &left_only)
            };
            run = run_of(only, y).min(64).min(size - done);
            let bits = stream.take(run);
            let (start, bits) = if upward {
                (y + 1 - run, bits)
            } else {
                (y, reverse(bits, run))
            };
            deposit(column, start, bits);
        }
        done += run;
    }
}

/// Spreads the low bits of `a` and of `b` over the set bits of `rows`, in order (a deposit,
/// one run of set bits at a time: a column's free rows form a few runs).
fn scatter(mut a: u64, mut b: u64, mut rows: u64) -> (u64, u64) {
    let (mut out_a, mut out_b) = (0, 0);
    while rows != 0 {
        let start = rows.trailing_zeros();
        let run = (!(rows >> start)).trailing_zeros();
        let field = u64::MAX.checked_shr(64 - run).unwrap_or(0);
        out_a |= (a & field) << start;
        out_b |= (b & field) << start;
        a = a.checked_shr(run).unwrap_or(0);
        b = b.checked_shr(run).unwrap_or(0);
        rows &= !(field << start);
    }
    (out_a, out_b)
}

/// Set bits of `line` from `y` upwards (y, y + 1, …) until the first clear one.
fn ones_upward<const W: usize>(line: &Line<W>, y: usize) -> usize {
    let mut count = 0;
    let (mut word, mut shift) = (y / 64, y % 64);
    while let Some(&w) = line.get(word) {
        let run = (w >> shift).trailing_ones() as usize;
        count += run;
        if run < 64 - shift {
            break;
        }
        word += 1;
        shift = 0;
    }
    count
}

/// Set bits of `line` from `y` downwards (y, y − 1, …) until the first clear one.
fn ones_downward<const W: usize>(line: &Line<W>, y: usize) -> usize {
    let mut count = 0;
    let (mut word, mut top) = (y / 64, y % 64);
    while let Some(&w) = line.get(word) {
        let run = (w << (63 - top)).leading_ones() as usize;
        count += run;
        if run < top + 1 || word == 0 {
            break;
        }
        word -= 1;
        top = 63;
    }
    count
}

/// Moves the even bits of `x` (0, 2, 4, …) to the low half, in order.
fn compress_even(x: u64) -> u64 {
    let mut x = x & 0x5555_5555_5555_5555;
    x = (x | x >> 1) & 0x3333_3333_3333_3333;
    x = (x | x >> 2) & 0x0F0F_0F0F_0F0F_0F0F;
    x = (x | x >> 4) & 0x00FF_00FF_00FF_00FF;
    x = (x | x >> 8) & 0x0000_FFFF_0000_FFFF;
    (x | x >> 16) & 0x0000_0000_FFFF_FFFF
}

/// The low `count` bits of `x` in reverse order.
fn reverse(x: u64, count: usize) -> u64 {
    if count == 0 {
        0
    } else {
        x.reverse_bits() >> (64 - count)
    }
}

/// ORs `bits` into `line` from bit `start`.
fn deposit<const W: usize>(line: &mut Line<W>, start: usize, bits: u64) {
    let (word, shift) = (start / 64, start % 64);
    if let Some(w) = line.get_mut(word) {
        *w |= bits << shift;
    }
    if shift != 0
        && let Some(w) = line.get_mut(word + 1)
    {
        *w |= bits >> (64 - shift);
    }
}

/// Writes the codewords in transmission order into `out` as a packed bit string (the first bit
/// is the most significant bit of word 0): the i-th byte of every block in turn, data first
/// (long blocks carry one extra data byte), then the error correction bytes the same way,
/// and two or three zero words after them, to an even count ([`Stream`] reads the remainder
/// bits, fewer than 8, as zeros).
/// `out` needs that room (a matrix of the version always has it).
///
/// The order is a transposition (blocks × rounds to rounds × blocks), done on words: eight
/// rounds of up to eight blocks are loaded as eight words and transposed as an 8 × 8 byte
/// matrix, which gives eight rounds' bytes of those blocks.
pub(crate) fn interleave(data: &[u8], ecc: &[u8], blocks: &Blocks, out: &mut [u64]) {
    let data_len = blocks.data_codewords();
    let words = stream_words(blocks);
    let out = out.get_mut(..words).unwrap_or_default();
    // The rounds every block has, then the extra byte of each long block; then the error
    // correction rounds.
    let data_rounds = Rounds {
        count: blocks.count,
        rounds: blocks.short_data,
        base: 0,
    };
    let long_bytes = (blocks.short..blocks.count).map(|block| {
        data.get(blocks.data_start(block) + blocks.short_data)
            .copied()
            .unwrap_or(0)
    });
    let ecc_rounds = Rounds {
        count: blocks.count,
        rounds: blocks.ecc,
        base: data_len,
    };
    if blocks.count <= 8 {
        // One group: each batch's rounds follow each other in the stream, so they are
        // appended in registers (ORing into memory would chain every word's two writes).
        let mut stream = Appender {
            out,
            next: 0,
            word: 0,
            used: 0,
        };
        data_rounds.append(data, |block| blocks.data_start(block), &mut stream);
        for byte in long_bytes {
            stream.append(u64::from(byte) << 56, 8);
        }
        ecc_rounds.append(ecc, |block| block * blocks.ecc, &mut stream);
        stream.finish();
    } else {
        out.fill(0);
        data_rounds.scatter(data, |block| blocks.data_start(block), out);
        let last_round = blocks.short_data * blocks.count;
        for (i, byte) in long_bytes.enumerate() {
            put_bits(out, (last_round + i) * 8, u64::from(byte) << 56);
        }
        ecc_rounds.scatter(ecc, |block| block * blocks.ecc, out);
    }
}

/// `rounds` bytes from each of `count` blocks, to be written round by round from byte `base`
/// of the stream.
struct Rounds {
    count: usize,
    rounds: usize,
    base: usize,
}

impl Rounds {
    /// Calls `write(round, first_block, blocks, bytes)` for up to eight rounds' bytes of up
    /// to eight blocks at a time (first byte most significant; block b's bytes start at
    /// `start(b)` in `source`), rounds in order within each group of blocks.
    fn transposed(
        &self,
        source: &[u8],
        start: impl Fn(usize) -> usize,
        mut write: impl FnMut(usize, usize, usize, u64),
    ) {
        for first_round in (0..self.rounds).step_by(8) {
            let batch = (self.rounds - first_round).min(8);
            for first_block in (0..self.count).step_by(8) {
                let group = (self.count - first_block).min(8);
                // Row k: eight rounds of block first_block + k.
                let mut matrix = [0u64; 8];
                for (k, row) in matrix.iter_mut().take(group).enumerate() {
                    *row = load_be(source, start(first_block + k) + first_round);
                }
                transpose_bytes(&mut matrix);
                // Row k now: round first_round + k of each block of the group.
                for (k, &row) in matrix.iter().take(batch).enumerate() {
                    write(first_round + k, first_block, group, row);
                }
            }
        }
    }

    /// Appends the rounds to `stream` (at most eight blocks: one group).
    fn append(&self, source: &[u8], start: impl Fn(usize) -> usize, stream: &mut Appender<'_>) {
        self.transposed(source, start, |_, _, group, row| {
            stream.append(row, 8 * group);
        });
    }

    /// ORs the rounds into their places in `out` (zeroed).
    fn scatter(&self, source: &[u8], start: impl Fn(usize) -> usize, out: &mut [u64]) {
        self.transposed(source, start, |round, first_block, _, row| {
            let at = self.base + round * self.count + first_block;
            put_bits(out, at * 8, row);
        });
    }
}

/// Appends bit strings to `out`, a word at a time.
struct Appender<'a> {
    out: &'a mut [u64],
    next: usize,
    /// The bits of the word being filled, first most significant.
    word: u64,
    used: usize,
}

impl Appender<'_> {
    /// Appends the first `count` (1 to 64) bits of `bits`; the rest must be zero.
    #[inline]
    fn append(&mut self, bits: u64, count: usize) {
        self.word |= bits >> self.used;
        let filled = self.used + count;
        if filled >= 64 {
            if let Some(slot) = self.out.get_mut(self.next) {
                *slot = self.word;
            }
            self.next += 1;
            self.word = if self.used == 0 {
                0
            } else {
                bits << (64 - self.used)
            };
            self.used = filled - 64;
        } else {
            self.used = filled;
        }
    }

    /// Writes the partial word and zeros to the end of `out`.
    fn finish(self) {
        let rest = self.out.get_mut(self.next..).unwrap_or_default();
        if let Some((first, zeros)) = rest.split_first_mut() {
            *first = self.word;
            zeros.fill(0);
        }
    }
}

/// Eight bytes of `source` from `at` as a big-endian word (zeros past its end).
fn load_be(source: &[u8], at: usize) -> u64 {
    let rest = source.get(at..).unwrap_or_default();
    match rest.first_chunk::<8>() {
        Some(eight) => u64::from_be_bytes(*eight),
        None => {
            let mut bytes = [0u8; 8];
            bytes[..rest.len()].copy_from_slice(rest);
            u64::from_be_bytes(bytes)
        }
    }
}

/// Transposes an 8 × 8 byte matrix held as eight big-endian rows, by swapping ever smaller
/// off-diagonal blocks (4 × 4, 2 × 2, then single bytes).
#[inline(always)]
fn transpose_bytes(rows: &mut [u64; 8]) {
    /// Swaps the upper-right block of width `width` bits of row pair (a, b) with the
    /// lower-left one; `mask` covers the blocks kept in `a`.
    #[inline(always)]
    fn swap(rows: &mut [u64; 8], a: usize, b: usize, width: u32, mask: u64) {
        let (x, y) = (rows[a], rows[b]);
        rows[a] = (x & mask) | ((y >> width) & !mask);
        rows[b] = ((x << width) & mask) | (y & !mask);
    }
    const HALVES: u64 = 0xFFFF_FFFF_0000_0000;
    const QUARTERS: u64 = 0xFFFF_0000_FFFF_0000;
    const EIGHTHS: u64 = 0xFF00_FF00_FF00_FF00;
    swap(rows, 0, 4, 32, HALVES);
    swap(rows, 1, 5, 32, HALVES);
    swap(rows, 2, 6, 32, HALVES);
    swap(rows, 3, 7, 32, HALVES);
    swap(rows, 0, 2, 16, QUARTERS);
    swap(rows, 1, 3, 16, QUARTERS);
    swap(rows, 4, 6, 16, QUARTERS);
    swap(rows, 5, 7, 16, QUARTERS);
    swap(rows, 0, 1, 8, EIGHTHS);
    swap(rows, 2, 3, 8, EIGHTHS);
    swap(rows, 4, 5, 8, EIGHTHS);
    swap(rows, 6, 7, 8, EIGHTHS);
}

/// ORs `bits` (first bit most significant) into the stream `out` from bit `at`.
fn put_bits(out: &mut [u64], at: usize, bits: u64) {
    let (word, shift) = (at / 64, at % 64);
    if let Some(w) = out.get_mut(word) {
        *w |= bits >> shift;
    }
    if shift != 0
        && let Some(w) = out.get_mut(word + 1)
    {
        *w |= bits << (64 - shift);
    }
}

/// Words of the packed bit string [`interleave`] writes for `blocks`: the codewords, then
/// zeros to an even count of at least two more.
pub(crate) const fn stream_words(blocks: &Blocks) -> usize {
    ((blocks.data_codewords() + blocks.ecc_codewords()).div_ceil(8) + 2).next_multiple_of(2)
}

/// The codeword stream, split into its even and its odd bits for placement.
///
/// Placement hands stream bits to a column pair alternately, right and left, so in a run of
/// rows where both columns are free the right column takes every other bit. Splitting the
/// whole stream once, a word pair at a time, replaces a de-interleave per run.
pub(crate) struct Stream<'a> {
    /// Word 2k holds bits 128k, 128k + 2, … 128k + 126 of the stream, word 2k + 1 bits
    /// 128k + 1, … 128k + 127; first bit most significant.
    words: &'a [u64],
    /// The next stream bit.
    position: usize,
}

impl<'a> Stream<'a> {
    /// Splits, in place, the packed bit string [`interleave`] wrote into `words` (its
    /// [`stream_words`], an even count).
    pub(crate) fn split(words: &'a mut [u64]) -> Stream<'a> {
        let (pairs, _) = words.as_chunks_mut::<2>();
        for pair in pairs {
            let [a, b] = *pair;
            // Stream bit 0 is a word's most significant bit, 63: even stream bits are the odd
            // bits of the words.
            *pair = [
                compress_even(a >> 1) << 32 | compress_even(b >> 1),
                compress_even(a) << 32 | compress_even(b),
            ];
        }
        Stream { words, position: 0 }
    }

    /// `count` (1 to 64) bits of one half, from its bit `at`, the first most significant.
    #[inline]
    fn half(&self, odd: usize, at: usize, count: usize) -> u64 {
        let (word, shift) = (at / 64, at % 64);
        let high = self.words.get(2 * word + odd).copied().unwrap_or(0);
        let low = self.words.get(2 * word + 2 + odd).copied().unwrap_or(0);
        // (`low >> 1 >> (63 − shift)`: a shift by 64 − shift would overflow at 0.)
        let window = high << shift | low >> 1 >> (63 - shift);
        window >> (64 - count)
    }

    /// The next `2 · count` stream bits (`count` 1 to 64) as two strings: the bits in even
    /// steps from the first, and those from the second; first bits most significant.
    #[inline]
    pub(crate) fn take_pairs(&mut self, count: usize) -> (u64, u64) {
        let (first, second) = (self.position, self.position + 1);
        self.position += 2 * count;
        (
            self.half(first % 2, first / 2, count),
            self.half(second % 2, second / 2, count),
        )
    }

    /// The next `count` (1 to 64) stream bits, the first most significant: a bit at a time,
    /// for the few short runs of rows where only one column of a pair is free.
    pub(crate) fn take(&mut self, count: usize) -> u64 {
        let mut bits = 0;
        for at in self.position..self.position + count {
            bits = bits << 1 | self.half(at % 2, at / 2, 1);
        }
        self.position += count;
        bits
    }
}

// ------------------------------------------------------------------ transposition

/// Writes the transpose of the `size` × `size` matrix `from` into `to`.
pub(crate) fn transpose<const W: usize>(from: &[Line<W>], to: &mut [Line<W>], size: usize) {
    let mut tile = [0u64; 64];
    for row_block in 0..W {
        for col_block in 0..W {
            for (r, slot) in tile.iter_mut().enumerate() {
                *slot = from
                    .get(row_block * 64 + r)
                    .filter(|_| row_block * 64 + r < size)
                    .map_or(0, |line| line[col_block]);
            }
            transpose_tile(&mut tile);
            for (c, word) in tile.iter().enumerate() {
                let x = col_block * 64 + c;
                if x < size
                    && let Some(line) = to.get_mut(x)
                {
                    line[row_block] = *word;
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

    /// Words that look random enough: a multiplicative hash of their index.
    fn scrambled(i: usize) -> u64 {
        (i as u64 + 1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(i as u32 % 64)
    }

    #[test]
    fn scatter_spreads_the_low_bits_over_the_set_bits_in_order() {
        for i in 0..2000 {
            let (a, b) = (scrambled(3 * i), scrambled(3 * i + 1));
            // Masks of few long runs, as columns have, and of many short ones.
            let rows = match i % 3 {
                0 => scrambled(3 * i + 2),
                1 => !0u64 >> (i % 64) << (i % 7) & !(0x1F << (i % 50)),
                _ => !0,
            };
            let (mut want_a, mut want_b, mut next) = (0, 0, 0);
            for bit in 0..64 {
                if rows >> bit & 1 != 0 {
                    want_a |= (a >> next & 1) << bit;
                    want_b |= (b >> next & 1) << bit;
                    next += 1;
                }
            }
            assert_eq!(scatter(a, b, rows), (want_a, want_b), "rows {rows:064b}");
        }
    }

    #[test]
    fn a_split_stream_gives_back_its_bits_in_order() {
        let original: std::vec::Vec<u64> = (0..20).map(scrambled).collect();
        let bit = |at: usize| original.get(at / 64).map_or(0, |w| w >> (63 - at % 64) & 1);
        let mut words = original.clone();
        let mut stream = Stream::split(&mut words);
        let mut at = 0;
        for count in (1..=64).cycle().step_by(7).take(40) {
            if count % 2 == 0 {
                let (even, odd) = stream.take_pairs(count / 2);
                for j in 0..count / 2 {
                    let shift = count / 2 - 1 - j;
                    assert_eq!(even >> shift & 1, bit(at + 2 * j), "bit {}", at + 2 * j);
                    assert_eq!(odd >> shift & 1, bit(at + 2 * j + 1));
                }
            } else {
                let bits = stream.take(count);
                for j in 0..count {
                    assert_eq!(bits >> (count - 1 - j) & 1, bit(at + j), "bit {}", at + j);
                }
            }
            at += count;
        }
        assert!(at > 1000);
    }

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

    fn check_symmetry<const W: usize>(version: u8) {
        let size = version::size(version);
        let mut modules = std::vec![[0u64; W]; size];
        let mut function = std::vec![[0u64; W]; size];
        draw_function_patterns(&mut modules, &mut function, version);
        for y in 0..size {
            for x in 0..size {
                assert_eq!(
                    get(&function[y], x),
                    get(&function[x], y),
                    "v{version} function ({x},{y})"
                );
                let format_area = x == 8 || y == 8;
                if !format_area {
                    assert_eq!(
                        get(&modules[y], x),
                        get(&modules[x], y),
                        "v{version} colour ({x},{y})"
                    );
                }
            }
        }
    }

    #[test]
    fn function_patterns_are_symmetric_outside_the_format_areas() {
        for version in 1..=40 {
            match version::stride(version) {
                1 => check_symmetry::<1>(version),
                2 => check_symmetry::<2>(version),
                _ => check_symmetry::<3>(version),
            }
        }
    }

    #[test]
    fn runs_are_counted_across_words() {
        let line: Line<2> = [!0 << 60, 0b111];
        assert_eq!(ones_upward(&line, 60), 7);
        assert_eq!(ones_downward(&line, 66), 7);
        assert_eq!(ones_downward(&line, 63), 4);
    }
}
