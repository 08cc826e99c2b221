//! Data encoding: the input bytes as QR segments (numeric, alphanumeric, byte), the version
//! that fits them, and the data codewords.
//!
//! [`Segmentation::Optimal`] chooses the mode of every byte by dynamic programming over the
//! cost of each mode (in sixths of a bit, so that numeric's 10 bits per 3 digits and
//! alphanumeric's 11 bits per 2 characters are exact), the way Nayuki's `QrSegmentAdvanced`
//! does for text. EMVCo payloads are mostly digits and uppercase letters, so mixing modes saves
//! one or two versions over a single byte segment.

use core::hint::select_unpredictable;

use super::ecc::Ecc;
use super::options::{Error, Options, Segmentation};
use super::version;

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
/// segments of an optimal segmentation are left in the caller's `marks` (see
/// [`optimal_modes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) version: u8,
    pub(crate) ecc: Ecc,
    pub(crate) bits: usize,
    pub(crate) segmentation: Segmentation,
}

/// Chooses the smallest version in the options' range that holds `data`, then raises the
/// error correction level while the data still fits (if `boost_ecc`). For an optimal
/// segmentation, `marks` (room for one byte per input byte: [`mark_words`]) receives the
/// segments.
pub(crate) fn plan(data: &[u8], options: &Options, marks: &mut [u64]) -> Result<Plan, Error> {
    let mut planned_class = None;
    let mut bits = None;
    let mut version = options.min_version;
    loop {
        bits = match options.segmentation {
            Segmentation::Byte => Mode::Byte.segment_bits(data.len(), version),
            Segmentation::Optimal => {
                if planned_class != Some(class(version)) {
                    let marks = marks
                        .get_mut(..mark_words(data.len()))
                        .ok_or(Error::BufferTooSmall)?;
                    optimal_modes(data, version, marks);
                    planned_class = Some(class(version));
                    bits = optimal_bits(marks, data.len(), version);
                }
                bits
            }
        };
        let capacity = version::data_bits_of(version, options.ecc);
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
            if higher.ordinal() > ecc.ordinal() && bits <= version::data_bits_of(version, higher) {
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

/// Marks, in the planner's marks, the last byte of a run (holding the run's back-pointers
/// while planning) and then of a segment (holding its mode).
const RUN_END: u8 = 0x80;

/// Words of marks for `len` input bytes. The planner keeps one byte per input byte, packed
/// eight to a word (byte i in bits 8·(i % 8) of word i / 8), so that the marks fit in the
/// symbol's own words, which are free until it is drawn.
pub(crate) const fn mark_words(len: usize) -> usize {
    len.div_ceil(8)
}

/// Byte `i` of `marks`.
fn mark(marks: &[u64], i: usize) -> u8 {
    marks
        .get(i / 8)
        .map_or(0, |word| (word >> (8 * (i % 8))) as u8)
}

/// Sets byte `i` of `marks`.
fn set_mark(marks: &mut [u64], i: usize, value: u8) {
    if let Some(word) = marks.get_mut(i / 8) {
        let shift = 8 * (i % 8);
        *word = *word & !(0xFF << shift) | u64::from(value) << shift;
    }
}

/// Bit k set if byte k of `word` has [`RUN_END`] set.
fn marker_bits(word: u64) -> u8 {
    let markers = (word >> 7) & 0x0101_0101_0101_0101;
    (markers.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The alphanumeric mode value of each byte (0 for the others): a load where a `match` would
/// branch on every character.
static ALPHANUMERIC: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if let Some(value) = alphanumeric_value(b as u8) {
            table[b] = value as u8;
        }
        b += 1;
    }
    table
};

/// The character class of a byte: 0 digit, 1 other alphanumeric character, 2 anything else.
static CLASS: [u8; 256] = {
    let mut table = [2u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_digit() {
            table[b] = 0;
        } else if alphanumeric_value(byte).is_some() {
            table[b] = 1;
        }
        b += 1;
    }
    table
};

/// Finds the cheapest segmentation of `data` at `version`'s character count sizes and leaves
/// it in `marks` ([`mark_words`] of them): the last byte of each segment holds [`RUN_END`] |
/// its mode, every other byte 0 ([`segments`] reads them back).
///
/// The cost model is Nayuki's: sixths of a bit per character (numeric 20, alphanumeric 33,
/// byte 48), the header of a new segment, and the running total rounded up to a whole bit
/// where a segment closes. The dynamic programme steps over runs of bytes of one class rather
/// than single bytes: a mode change strictly inside such a run is never cheaper than at its
/// edge (moving it gains at least 13/6 bit per byte against a rounding of at most 5/6), so the
/// optimum is the same and the loop-carried chain is per run.
///
/// Run edges are data, not control flow: payloads alternate classes every few bytes (a UUID
/// in a URL does so every one or two), and a loop that scans for the end of each run pays a
/// mispredicted branch per run. So the run ends of each 64-byte window are first gathered into
/// a bit mask, the programme visits its set bits, and the trace back visits the same ends,
/// found eight bytes at a time.
fn optimal_modes(data: &[u8], version: u8, marks: &mut [u64]) {
    const UNREACHABLE: u32 = u32::MAX / 4;
    const PER_CHAR: [u32; 3] = [20, 33, 48];
    let n = data.len().min(marks.len() * 8);
    let data = &data[..n];
    let marks = &mut marks[..mark_words(n)];
    marks.fill(0);
    let class = |byte: &u8| CLASS[usize::from(*byte)];
    let head = Mode::ALL.map(|m| (4 + m.count_bits(version) as u32) * 6);
    // (`div_ceil` computes a remainder too; one multiply-shift is shorter on the chain.)
    #[allow(clippy::manual_div_ceil)]
    let round_up = |cost: u32| (cost + 5) / 6 * 6;
    // `cost[m]`: the cheapest encoding so far that ends with an open segment of mode m.
    let mut cost = head;
    let mut run_start = 0;
    for (window, bytes) in data.chunks(64).enumerate() {
        let base = window * 64;
        // The class of each byte of the window and of the byte after it; class 3 past the
        // end of the data, so that the last run closes there. (A loop of its own: table
        // loads and stores, no loop-carried chain.)
        let mut classes = [3u8; 72];
        for (slot, byte) in classes.iter_mut().zip(bytes) {
            *slot = class(byte);
        }
        if let (Some(next), Some(slot)) = (data.get(base + 64), classes.get_mut(64)) {
            *slot = class(next);
        }
        // A run ends where a byte's class differs from its successor's: eight bytes a word.
        let mut ends = 0u64;
        for k in 0..8 {
            let word = |at: usize| {
                let eight: &[u8; 8] = classes[at..at + 8].try_into().unwrap_or(&[3; 8]);
                u64::from_le_bytes(*eight)
            };
            let differ = word(8 * k) ^ word(8 * k + 1);
            let differ = (differ | differ >> 1) & 0x0101_0101_0101_0101;
            ends |= (differ.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
        }
        ends = merge_short_runs(&mut classes, ends);
        while ends != 0 {
            let j = ends.trailing_zeros() as usize;
            ends &= ends - 1;
            let c = usize::from(classes[j]);
            let len = (base + j + 1 - run_start) as u32;
            run_start = base + j + 1;
            // Extend each open segment that can hold the run (modes below c cannot).
            // (A mask rather than a branch on the class, which is data.)
            let extended: [u32; 3] = core::array::from_fn(|m| {
                let open = u32::from(m >= c).wrapping_neg();
                (cost[m] + PER_CHAR[m] * len) & open | UNREACHABLE & !open
            });
            // Or close the cheapest after the run and open another (scalars, not an indexed
            // array: this is the loop-carried chain).
            // (Selects marked unpredictable: a branch on costs, which are data, would be
            // mispredicted on varied input. LLVM's x86 backend may still emit branches.)
            let [r0, r1, r2] = extended.map(round_up);
            let (source, switched) = select_unpredictable(r0 < r2, (0u8, r0), (2, r2));
            let (source, switched) =
                select_unpredictable(r1 < switched, (1, r1), (source, switched));
            let mut from = 0u8;
            for to in 0..3 {
                let reopened = switched + head[to];
                let switch = reopened < extended[to];
                cost[to] = select_unpredictable(switch, reopened, extended[to]);
                from |= select_unpredictable(switch, source, to as u8) << (2 * to);
            }
            // At the run's last byte: which mode the run was encoded in, for each mode left
            // open after it.
            set_mark(marks, base + j, from | RUN_END);
        }
    }
    // Trace back from the cheapest final mode: at each run end, step to the mode the run was
    // encoded in.
    let mut mode = 0u8;
    for m in 1..3u8 {
        if cost[usize::from(m)] < cost[usize::from(mode)] {
            mode = m;
        }
    }
    for window in (0..n.div_ceil(64)).rev() {
        // The window's back-pointers, copied: read from the marks, each would wait on the
        // rewrite of the run end after it in the same word. And its run ends, eight marker
        // bits (one word) at a time.
        let back: [u64; 8] =
            core::array::from_fn(|k| marks.get(window * 8 + k).copied().unwrap_or(0));
        let mut ends = 0u64;
        for (k, &word) in back.iter().enumerate() {
            ends |= u64::from(marker_bits(word)) << (8 * k);
        }
        // Step back run by run: a run's end becomes a segment's end where the mode changes
        // after it (or the data ends), and is cleared otherwise.
        while ends != 0 {
            let j = 63 - ends.leading_zeros() as usize;
            ends &= !(1 << j);
            let at = window * 64 + j;
            let run_mode = (mark(&back, j) >> (2 * mode)) & 3;
            let segment_end = run_mode != mode || at + 1 == n;
            set_mark(marks, at, if segment_end { run_mode | RUN_END } else { 0 });
            mode = run_mode;
        }
    }
}

/// Folds short runs into their neighbours before the dynamic programme sees them: payloads
/// with UUIDs and URLs alternate classes every byte or two, and each run is a step of the
/// programme's loop-carried chain.
///
/// A run of class c between runs of higher classes a and b (both in the window, so both
/// known) is given class min(a, b) — modes below it are ruled out — when it is short: at most
/// 2 digits, or 4 alphanumeric characters between byte runs. Encoding it in a mode m below
/// min(a, b) makes it a segment of its own, which the next run's segment follows; moving it
/// into its left neighbour's segment (mode p ≥ a, at most 48 sixths a character) saves the
/// header of mode m (84 sixths for numeric and 78 for alphanumeric, at the smallest count
/// fields) and costs (p − cost of m) per character plus at most 5 sixths of rounding: never
/// more for those lengths (28·2 + 5 ≤ 84, 15·4 + 5 ≤ 78, and for digits that alphanumeric
/// mode would hold, 15·2 + 5 ≤ 78). So an optimum remains. Two folded runs are never
/// neighbours (each has a lower class than the other), and the tests check the result against
/// the byte-by-byte programme.
///
/// `classes` holds the class of each byte of a window and `ends` marks each run's last byte
/// in it. Returns the ends that remain once runs of equal class are joined, and leaves at each
/// remaining end in `classes` the class of the run it closes.
fn merge_short_runs(classes: &mut [u8; 72], ends: u64) -> u64 {
    /// The longest run of each class folded (none of class 2, the highest).
    const LONGEST: [u8; 3] = [2, 4, 0];
    // The runs in order: each one's last byte and class. One slot more than a window has runs,
    // for the sentinel after the last.
    let mut last = [0u8; 65];
    let mut class = [0u8; 65];
    let mut runs = 0;
    let mut rest = ends;
    while rest != 0 {
        let j = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        last[runs] = j as u8;
        class[runs] = classes[j];
        runs += 1;
    }
    // Folded classes; the window's first and last runs have a neighbour outside it. (Selects,
    // not branches: whether a run folds is data.)
    let mut folded = class;
    for k in 1..runs.saturating_sub(1) {
        let (own, around) = (class[k], class[k - 1].min(class[k + 1]));
        let short = last[k] - last[k - 1] <= LONGEST[usize::from(own)];
        folded[k] = if own < around && short { around } else { own };
    }
    folded[runs] = u8::MAX;
    let mut kept = 0u64;
    for k in 0..runs {
        // An end stays unless the next run has the same (folded) class.
        let end = usize::from(last[k]);
        kept |= u64::from(folded[k + 1] != folded[k]) << end;
        classes[end] = folded[k];
    }
    kept
}

/// The segments [`optimal_modes`] left in `marks` for `len` input bytes: each as its byte
/// range and mode.
fn segments(
    marks: &[u64],
    len: usize,
) -> impl Iterator<Item = (core::ops::Range<usize>, Mode)> + '_ {
    let mut start = 0;
    core::iter::from_fn(move || {
        if start >= len {
            return None;
        }
        let mut word = start / 8;
        let mut ends = u32::from(marker_bits(*marks.get(word)?)) & (0xFF << (start % 8));
        while ends == 0 {
            word += 1;
            ends = u32::from(marker_bits(*marks.get(word)?));
        }
        let end = word * 8 + ends.trailing_zeros() as usize;
        let mode = Mode::from_index(mark(marks, end) & 3);
        let range = start..end + 1;
        start = end + 1;
        Some((range, mode))
    })
}

/// Total bits of the segmentation in `marks` at `version`, or `None` if a segment is too
/// long for its character count field.
fn optimal_bits(marks: &[u64], len: usize, version: u8) -> Option<usize> {
    let mut total = 0usize;
    for (range, mode) in segments(marks, len) {
        total += mode.segment_bits(range.len(), version)?;
    }
    Some(total)
}

/// Writes the data codewords for `plan` into `out` (exactly the version's data codewords):
/// the segments, the terminator, bit padding and the 0xEC/0x11 pad bytes.
pub(crate) fn write_data(data: &[u8], plan: &Plan, marks: &[u64], out: &mut [u8]) {
    let mut writer = BitWriter::new(out);
    match plan.segmentation {
        Segmentation::Byte => write_segment(&mut writer, Mode::Byte, data, plan.version),
        Segmentation::Optimal => {
            for (range, mode) in segments(marks, data.len()) {
                let chars = data.get(range).unwrap_or_default();
                write_segment(&mut writer, mode, chars, plan.version);
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
    writer.append(u64::from(mode.indicator()), 4);
    writer.append(chars.len() as u64, mode.count_bits(version));
    match mode {
        Mode::Byte => writer.append_bytes(chars),
        Mode::Numeric => {
            // Three digits make 10 bits; one or two left over, 4 or 7.
            let digit = |d: u8| u64::from(d - b'0');
            let rest = append_groups(writer, chars, 10, |[a, b, c]: &[u8; 3]| {
                digit(*a) * 100 + digit(*b) * 10 + digit(*c)
            });
            let value = rest.iter().fold(0, |acc, &d| acc * 10 + digit(d));
            writer.append(value, [0, 4, 7][rest.len()]);
        }
        Mode::Alphanumeric => {
            // Two characters make 11 bits; one left over, 6.
            let value = |c: u8| u64::from(ALPHANUMERIC[usize::from(c)]);
            let rest = append_groups(writer, chars, 11, |[a, b]: &[u8; 2]| {
                value(*a) * 45 + value(*b)
            });
            if let Some(&last) = rest.first() {
                writer.append(value(last), 6);
            }
        }
    }
}

/// Appends `chars` as groups of `N` characters worth `bits` bits each (their `value`), four
/// groups to an append; returns the characters left over (fewer than `N`).
fn append_groups<'c, const N: usize>(
    writer: &mut BitWriter<'_>,
    chars: &'c [u8],
    bits: usize,
    value: impl Fn(&[u8; N]) -> u64,
) -> &'c [u8] {
    let (groups, rest) = chars.as_chunks::<N>();
    let (quads, groups) = groups.as_chunks::<4>();
    for quad in quads {
        let word = quad.iter().fold(0, |acc, group| acc << bits | value(group));
        writer.append(word, 4 * bits);
    }
    for group in groups {
        writer.append(value(group), bits);
    }
    rest
}

/// Appends bits, most significant first, to a byte buffer through a 64-bit accumulator that
/// is stored eight bytes at a time.
struct BitWriter<'a> {
    out: &'a mut [u8],
    /// Bytes stored in `out`.
    written: usize,
    /// Bits not yet stored, first most significant (the rest zero).
    pending: u64,
    /// How many (always fewer than 64).
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

    /// Appends the low `count` bits of `value` (`count` ≤ 64; the bits above must be zero).
    #[inline]
    fn append(&mut self, value: u64, count: usize) {
        let free = 64 - self.pending_bits;
        if count < free {
            if count > 0 {
                self.pending |= value << (free - count);
                self.pending_bits += count;
            }
        } else {
            // The word fills up: store it and keep what spills over.
            let spill = count - free;
            let word = self.pending | value >> spill;
            if let Some(slot) = self
                .out
                .get_mut(self.written..)
                .and_then(|rest| rest.first_chunk_mut::<8>())
            {
                *slot = word.to_be_bytes();
            }
            self.written += 8;
            self.pending = if spill == 0 { 0 } else { value << (64 - spill) };
            self.pending_bits = spill;
        }
    }

    /// Appends whole bytes, eight at a time.
    fn append_bytes(&mut self, bytes: &[u8]) {
        let (words, rest) = bytes.as_chunks::<8>();
        for word in words {
            self.append(u64::from_be_bytes(*word), 64);
        }
        for &byte in rest {
            self.append(u64::from(byte), 8);
        }
    }

    /// Stores the pending bits, the last byte padded with zeros.
    fn flush(&mut self) {
        let bytes = self.pending_bits.div_ceil(8);
        let rest = self.out.get_mut(self.written..).unwrap_or_default();
        for (slot, byte) in rest.iter_mut().zip(self.pending.to_be_bytes()).take(bytes) {
            *slot = byte;
        }
        self.written += bytes;
        self.pending = 0;
        self.pending_bits = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mode of every byte, from the segments the planner leaves.
    fn modes_of(data: &[u8], version: u8) -> std::vec::Vec<u8> {
        let mut marks = std::vec![!0; mark_words(data.len())];
        optimal_modes(data, version, &mut marks);
        let mut modes = std::vec::Vec::new();
        for (range, mode) in segments(&marks, data.len()) {
            assert_eq!(range.start, modes.len(), "segments are contiguous");
            modes.extend(range.map(|_| mode as u8));
        }
        assert_eq!(modes.len(), data.len(), "segments cover the data");
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

    /// Nayuki's cost of a mode assignment, in sixths of a bit.
    fn model_cost(data: &[u8], modes: &[u8], version: u8) -> u32 {
        let head = |m: u8| (4 + Mode::from_index(m).count_bits(version) as u32) * 6;
        let per = [20, 33, 48];
        let mut total = 0u32;
        for (i, &m) in modes.iter().enumerate() {
            if i == 0 {
                total += head(m);
            } else if m != modes[i - 1] {
                total = total.div_ceil(6) * 6 + head(m);
            }
            assert!(
                CLASS[usize::from(data[i])] <= m,
                "mode {m} cannot hold {:?}",
                data[i] as char
            );
            total += per[usize::from(m)];
        }
        total
    }

    /// The per-byte dynamic programme: the optimal cost under the same model.
    fn per_byte_optimum(data: &[u8], version: u8) -> u32 {
        let head = Mode::ALL.map(|m| (4 + m.count_bits(version) as u32) * 6);
        let mut cost = head;
        for &b in data {
            let class = CLASS[usize::from(b)];
            let mut next = [u32::MAX / 4; 3];
            for m in usize::from(class)..3 {
                next[m] = cost[m] + [20, 33, 48][m];
            }
            let extended = next;
            for to in 0..3 {
                for from in extended {
                    next[to] = next[to].min(from.div_ceil(6) * 6 + head[to]);
                }
            }
            cost = next;
        }
        cost.into_iter().min().unwrap()
    }

    #[test]
    fn run_level_optimum_equals_the_per_byte_optimum() {
        let classes: [&[u8]; 3] = [
            b"0123456789",
            b"ABCDEFGHIJXYZ $%*+-./:",
            b"abcdefxyz\xc3\xa9",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 33) as usize % bound
        };
        for case in 0..3000 {
            // Runs of one class, mostly short (as in UUIDs and URLs), over several of the
            // planner's 64-byte windows for some cases.
            let len = 1 + case % if case % 5 == 0 { 300 } else { 90 };
            let mut data = std::vec::Vec::new();
            while data.len() < len {
                let class = classes[next(3)];
                let longest = if next(4) == 0 { 12 } else { 4 };
                let run = 1 + next(longest);
                data.extend((0..run).map(|_| class[next(class.len())]));
            }
            data.truncate(len);
            for version in [1, 10, 27] {
                let modes = modes_of(&data, version);
                if data.is_empty() {
                    continue;
                }
                assert_eq!(
                    model_cost(&data, &modes, version),
                    per_byte_optimum(&data, version),
                    "{:?}",
                    core::str::from_utf8(&data)
                );
            }
        }
    }

    #[test]
    fn bits_follow_the_standard_formulas() {
        assert_eq!(Mode::Numeric.segment_bits(8, 1), Some(4 + 10 + 20 + 7));
        assert_eq!(Mode::Alphanumeric.segment_bits(5, 1), Some(4 + 9 + 22 + 6));
        assert_eq!(Mode::Byte.segment_bits(3, 10), Some(4 + 16 + 24));
        assert_eq!(Mode::Numeric.segment_bits(1024, 1), None);
    }
}
