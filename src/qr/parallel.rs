//! The symbol drawn a row of words at a time, for speed: error correction with product
//! tables (`reed_solomon`), function patterns and placement on bit-packed rows (`matrix`), and
//! the penalty of each mask on whole rows and on a transposed copy (`penalty`). `W` is the
//! version's words per row, so that each row width gets code of its own. Targets without an
//! operating system draw with `compact` instead, one module at a time; both give the same
//! symbol.

use super::ecc::Ecc;
use super::options::Options;
use super::version::{self, Blocks};
use super::{matrix, penalty, reed_solomon, segment};

/// The buffers one encoding works in, each sized for at least the planned version.
pub(super) struct Work<'w> {
    pub(super) modules: &'w mut [u64],
    pub(super) function: &'w mut [u64],
    pub(super) transposed: &'w mut [u64],
    pub(super) codewords: &'w mut [u8],
}

/// Everything after the data codewords (which `work.codewords` starts with): error
/// correction, drawing, placement, the mask. `W` is the version's words per row. Returns the
/// mask used.
pub(super) fn draw<const W: usize>(options: &Options, plan: &segment::Plan, work: Work<'_>) -> u8 {
    let version = plan.version;
    let size = version::size(version);
    let blocks = Blocks::of(version, plan.ecc);
    let total = version::raw_codewords(version);
    let (data_codewords, ecc_codewords) = work
        .codewords
        .split_at_mut(blocks.data_codewords().min(total));
    reed_solomon::error_correction(data_codewords, &blocks, ecc_codewords, work.transposed);

    let rows = lines::<W>(work.modules, size);
    let columns = lines::<W>(work.transposed, size);
    let function = lines::<W>(work.function, size);
    matrix::draw_function_patterns(rows, function, version);
    // The drawn patterns are symmetric (the format areas aside, which are redrawn later), so
    // they are also the columns; place the data there, then transpose into rows.
    columns.copy_from_slice(rows);
    // Until the transposition below, the rows are free: they hold the codeword stream.
    let scratch = rows.as_flattened_mut();
    matrix::interleave(data_codewords, ecc_codewords, &blocks, scratch);
    let mut stream = matrix::Stream::split(&mut scratch[..matrix::stream_words(&blocks)]);
    matrix::place(columns, function, size, &mut stream);
    matrix::transpose(columns, rows, size);

    let mask = match options.mask {
        Some(mask) => mask,
        None => choose_mask(rows, columns, function, size, plan.ecc),
    };
    apply_mask(rows, function, mask);
    draw_format(rows, None, size, plan.ecc, mask);
    mask
}

/// The first `size` lines of `W` words in `words`.
fn lines<const W: usize>(words: &mut [u64], size: usize) -> &mut [matrix::Line<W>] {
    let (lines, _) = words.as_chunks_mut::<W>();
    let available = lines.len();
    &mut lines[..size.min(available)]
}

/// Draws the format bits (and the dark module) into the rows and, if given, the columns.
fn draw_format<const W: usize>(
    rows: &mut [matrix::Line<W>],
    mut columns: Option<&mut [matrix::Line<W>]>,
    size: usize,
    ecc: Ecc,
    mask: u8,
) {
    version::draw_format_bits(version::format_bits(ecc, mask), size, |x, y, dark| {
        if let Some(row) = rows.get_mut(y) {
            matrix::set(row, x, dark);
        }
        if let Some(column) = columns.as_deref_mut().and_then(|c| c.get_mut(x)) {
            matrix::set(column, y, dark);
        }
    });
}

/// Scores the eight masks and returns the first with the lowest penalty.
fn choose_mask<const W: usize>(
    rows: &mut [matrix::Line<W>],
    columns: &mut [matrix::Line<W>],
    function: &[matrix::Line<W>],
    size: usize,
    ecc: Ecc,
) -> u8 {
    let mut best = (u32::MAX, 0u8);
    for mask in 0..8u8 {
        // The format bits depend on the mask; they are function modules, so masking leaves
        // them alone, but the penalty sees them.
        draw_format(rows, Some(columns), size, ecc, mask);
        let symbol = penalty::Unmasked {
            rows,
            columns,
            function,
        };
        let score = penalty::penalty(&symbol, usize::from(mask), size);
        if score < best.0 {
            best = (score, mask);
        }
    }
    best.1
}

/// XORs the mask pattern into every non-function module.
fn apply_mask<const W: usize>(
    rows: &mut [matrix::Line<W>],
    function: &[matrix::Line<W>],
    mask: u8,
) {
    let patterns = &penalty::ROWS[usize::from(mask & 7)];
    let mut phase = 0;
    for (row, function) in rows.iter_mut().zip(function) {
        let pattern = &patterns[phase];
        for i in 0..W {
            row[i] ^= pattern[i] & !function[i];
        }
        phase = if phase + 1 == penalty::PERIOD {
            0
        } else {
            phase + 1
        };
    }
}
