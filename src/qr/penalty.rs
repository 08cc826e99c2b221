//! The eight data masks and the penalty that chooses between them, computed on whole rows.
//!
//! The penalty is the standard's (ISO/IEC 18004 §7.8.3) as qrcodegen computes it, to the point:
//!
//! - **N1**: each run of five or more same-coloured modules in a row or column scores
//!   3 + (length − 5).
//! - **N2**: each 2 × 2 block of one colour scores 3.
//! - **N3**: each finder-like pattern dark–light–dark–dark–dark–light–dark with proportions
//!   1:1:3:1:1 (at any scale n) scores 40 per side that has at least 4n light modules, when the
//!   other side has at least n (so a pattern with light on both sides scores 80); the area
//!   outside the symbol counts as light.
//! - **N4**: 10 per 5 % that the dark share strays from 50 %.
//!
//! qrcodegen walks the matrix module by module and keeps a history of run lengths. Here each
//! row is one to three `u64` words and every rule is a handful of shifts, ANDs and popcounts
//! per row: a run of five is `r & r>>1 & r>>2 & r>>3 & r>>4`; a finder pattern is the AND of
//! its seven shifted module tests. Columns are scored the same way on the transposed matrix.

/// Whether mask `mask` inverts the module at (x, y), as the standard writes the conditions.
#[allow(clippy::manual_is_multiple_of)]
const fn inverts(mask: usize, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (x / 3 + y / 2) % 2 == 0,
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3) % 2 == 0,
        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
    }
}

/// Every mask repeats every 12 rows (and columns).
pub(crate) const PERIOD: usize = 12;

/// `ROWS[mask][y % 12][w]`: the inversion pattern of row y, word w.
pub(crate) static ROWS: [[[u64; 3]; PERIOD]; 8] = patterns(false);
/// `COLUMNS[mask][x % 12][w]`: the pattern of column x, bit y of word w (rows of the transposed
/// matrix).
pub(crate) static COLUMNS: [[[u64; 3]; PERIOD]; 8] = patterns(true);

#[allow(clippy::indexing_slicing)] // compile time
const fn patterns(transposed: bool) -> [[[u64; 3]; PERIOD]; 8] {
    let mut table = [[[0u64; 3]; PERIOD]; 8];
    let mut mask = 0;
    while mask < 8 {
        let mut line = 0;
        while line < PERIOD {
            let mut i = 0;
            while i < 192 {
                let (x, y) = if transposed { (line, i) } else { (i, line) };
                if inverts(mask, x, y) {
                    table[mask][line][i / 64] |= 1 << (i % 64);
                }
                i += 1;
            }
            line += 1;
        }
        mask += 1;
    }
    table
}

// ------------------------------------------------------------------ row arithmetic

use super::matrix::{Line as Row, valid};

/// Module x of the result is module x + k of `a` (k < 64); past the end comes `fill`.
#[inline(always)]
fn shr<const W: usize>(a: Row<W>, k: u32, fill: bool) -> Row<W> {
    let mut out = [0; W];
    for i in 0..W {
        let above = if i + 1 < W {
            a[i + 1]
        } else if fill {
            !0
        } else {
            0
        };
        out[i] = (a[i] >> k) | (above << (64 - k));
    }
    out
}

/// Module x of the result is module x − k of `a` (k < 64); before the start comes `fill`.
#[inline(always)]
fn shl<const W: usize>(a: Row<W>, k: u32, fill: bool) -> Row<W> {
    let mut out = [0; W];
    for i in 0..W {
        let below = if i > 0 {
            a[i - 1]
        } else if fill {
            !0
        } else {
            0
        };
        out[i] = (a[i] << k) | (below >> (64 - k));
    }
    out
}

#[inline(always)]
fn and<const W: usize>(a: Row<W>, b: Row<W>) -> Row<W> {
    let mut out = a;
    for i in 0..W {
        out[i] &= b[i];
    }
    out
}

#[inline(always)]
fn or<const W: usize>(a: Row<W>, b: Row<W>) -> Row<W> {
    let mut out = a;
    for i in 0..W {
        out[i] |= b[i];
    }
    out
}

#[inline(always)]
fn not<const W: usize>(a: Row<W>) -> Row<W> {
    a.map(|w| !w)
}

#[inline(always)]
fn is_zero<const W: usize>(a: Row<W>) -> bool {
    a.iter().all(|&w| w == 0)
}

#[inline(always)]
fn count<const W: usize>(a: Row<W>) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

/// The counts [`line_penalty`] leaves for the caller: N1's run bits (1 point each) and run
/// starts (2 more each).
#[derive(Clone, Copy, Default)]
struct Counts {
    runs: u32,
    starts: u32,
}

impl Counts {
    fn points(self) -> u32 {
        self.runs + 2 * self.starts
    }
}

// ------------------------------------------------------------------ the rules

/// Constants for one symbol size.
struct Shape<const W: usize> {
    size: usize,
    /// Modules 0..size.
    valid: Row<W>,
    /// Modules 0..size−1 (where a 2 × 2 block can start).
    valid_but_last: Row<W>,
}

/// N1 and N3 of one line (a row, or a column of the transposed matrix); `line` has no bits
/// past the edge. N1 goes into `counts`; N3 is returned.
#[inline(always)]
fn line_penalty<const W: usize>(line: Row<W>, shape: &Shape<W>, counts: &mut Counts) -> u32 {
    let dark = line;
    let light = and(not(line), shape.valid);
    // N1: runs of five. A run of length L ≥ 5 leaves L − 4 bits in `five`; its first bit marks
    // its start. Dark and light runs of five never touch, so one word holds both.
    let five = |a: Row<W>| {
        let two = and(a, shr(a, 1, false));
        and(and(two, shr(two, 2, false)), shr(a, 4, false))
    };
    let runs = or(five(dark), five(light));
    let starts = and(runs, not(shl(runs, 1, false)));
    counts.runs += count(runs);
    counts.starts += count(starts);
    let mut penalty = 0;

    // N3 at scale 1: dark at +0, +2, +3, +4, +6; light at −1, +1, +5, +7 (outside is light).
    let outside_light = not(line);
    let core = and(
        and(
            and(dark, shr(outside_light, 1, true)),
            and(shr(dark, 2, false), shr(dark, 3, false)),
        ),
        and(
            and(shr(dark, 4, false), shr(outside_light, 5, true)),
            and(
                shr(dark, 6, false),
                and(shr(outside_light, 7, true), shl(outside_light, 1, true)),
            ),
        ),
    );
    if !is_zero(core) {
        let before = and(
            and(shl(outside_light, 1, true), shl(outside_light, 2, true)),
            and(shl(outside_light, 3, true), shl(outside_light, 4, true)),
        );
        let after = and(
            and(shr(outside_light, 7, true), shr(outside_light, 8, true)),
            and(shr(outside_light, 9, true), shr(outside_light, 10, true)),
        );
        penalty += 40 * (count(and(core, before)) + count(and(core, after)));
    }
    // Larger scales need a dark run of 3n ≥ 6 modules with n ≥ 2 light modules on each side.
    // Runs of six are common in data; with the light around them, rare: test for both first.
    let two = and(dark, shr(dark, 1, false));
    let four = and(two, shr(two, 2, false));
    let six = and(four, shr(two, 4, false));
    if !is_zero(six) {
        // A run of six or more starts here (light before) with light two before that, …
        let light_before = and(shl(outside_light, 1, true), shl(outside_light, 2, true));
        let starts = and(six, light_before);
        // … and one ends here (six dark up to here) with light the next two.
        let light_after = and(shr(outside_light, 1, true), shr(outside_light, 2, true));
        let ends = and(shl(six, 5, false), light_after);
        if !is_zero(starts) && !is_zero(ends) {
            penalty += 40 * larger_finder_patterns(line, six, shape.size);
        }
    }
    penalty
}

/// N3 patterns at scales n ≥ 2, counted like qrcodegen: one for light ≥ 4n after and ≥ n
/// before, one for light ≥ 4n before and ≥ n after. Each maximal dark run of 3n modules is a
/// candidate centre; the rest of the pattern is checked module by module. `six` marks where
/// six dark modules start.
#[cold]
fn larger_finder_patterns<const W: usize>(line: Row<W>, six: Row<W>, size: usize) -> u32 {
    let dark = |i: isize| {
        i >= 0 && (i as usize) < size && line[i as usize / 64] >> (i as usize % 64) & 1 != 0
    };
    // Modules [from, to) all of one colour; outside the symbol is light.
    let all = |from: isize, to: isize, want_dark: bool| (from..to).all(|i| dark(i) == want_dark);
    // Light modules from `i` in direction `step`, up to `limit` (outside counts as light).
    let light_run = |mut i: isize, step: isize, limit: usize| {
        let mut run = 0;
        while run < limit && !dark(i) {
            run += 1;
            i += step;
        }
        run
    };
    let starts = and(six, not(shl(line, 1, false)));
    let mut found = 0;
    for (w, &word) in starts.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            let first_dark = w * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let length = run_length(&line, first_dark) as isize;
            if length % 3 != 0 {
                continue;
            }
            let start = first_dark as isize;
            let n = length / 3;
            let (first, last) = (start - 2 * n, start + 5 * n); // the pattern is [first, last)
            let shape = all(first, start - n, true)
                && all(start - n, start, false)
                && all(start + 3 * n, start + 4 * n, false)
                && all(start + 4 * n, last, true)
                && !dark(first - 1)
                && !dark(last);
            if !shape {
                continue;
            }
            let limit = 4 * n as usize;
            let before = light_run(first - 1, -1, limit);
            let after = light_run(last, 1, limit);
            let n = n as usize;
            found +=
                u32::from(after >= 4 * n && before >= n) + u32::from(before >= 4 * n && after >= n);
        }
    }
    found
}

/// Consecutive set bits of `line` from bit `from` upwards.
fn run_length<const W: usize>(line: &Row<W>, from: usize) -> usize {
    let mut length = 0;
    let (mut word, mut shift) = (from / 64, from % 64);
    while let Some(&w) = line.get(word) {
        let run = (w >> shift).trailing_ones() as usize;
        length += run;
        if run < 64 - shift {
            break;
        }
        word += 1;
        shift = 0;
    }
    length
}

/// The symbol at one moment of the mask search: the unmasked modules (rows and transposed),
/// the function-module map, all with `W` words per line.
pub(crate) struct Unmasked<'a, const W: usize> {
    pub(crate) rows: &'a [Row<W>],
    pub(crate) columns: &'a [Row<W>],
    pub(crate) function: &'a [Row<W>],
}

/// The penalty of the symbol with `mask` applied (format bits for that mask already drawn).
pub(crate) fn penalty<const W: usize>(symbol: &Unmasked<'_, W>, mask: usize, size: usize) -> u32 {
    let shape = Shape::<W> {
        size,
        valid: valid(size),
        valid_but_last: valid(size - 1),
    };
    let row_patterns = &ROWS[mask];
    let column_patterns = &COLUMNS[mask];
    let masked = |line: Row<W>, pattern: &[u64; 3], function: Row<W>| {
        let mut out = line;
        for i in 0..W {
            out[i] ^= pattern[i] & !function[i];
        }
        out
    };
    let mut penalty = 0;
    let mut counts = Counts::default();
    let (mut dark, mut blocks) = (0, 0);
    let mut previous: Option<Row<W>> = None;
    let mut phase = 0;
    for (row, function) in symbol.rows.iter().zip(symbol.function).take(size) {
        let line = masked(*row, &row_patterns[phase], *function);
        penalty += line_penalty(line, &shape, &mut counts);
        dark += count(line);
        if let Some(above) = previous {
            // N2: a 2 × 2 block is a pair of vertically equal modules next to another.
            let same = and(
                not(or(and(above, not(line)), and(not(above), line))),
                shape.valid,
            );
            let level = not(or(
                and(line, not(shr(line, 1, false))),
                and(not(line), shr(line, 1, false)),
            ));
            blocks += count(and(
                and(same, shr(same, 1, false)),
                and(level, shape.valid_but_last),
            ));
        }
        previous = Some(line);
        phase = if phase + 1 == PERIOD { 0 } else { phase + 1 };
    }
    phase = 0;
    for (column, function) in symbol.columns.iter().zip(symbol.function).take(size) {
        let line = masked(*column, &column_patterns[phase], *function);
        penalty += line_penalty(line, &shape, &mut counts);
        phase = if phase + 1 == PERIOD { 0 } else { phase + 1 };
    }
    penalty += counts.points() + 3 * blocks;
    // N4: k = the number of 5 % steps away from half dark, rounded up, minus one.
    let total = (size * size) as u32;
    let k = (dark * 20).abs_diff(total * 10).div_ceil(total) - 1;
    penalty + k * 10
}
