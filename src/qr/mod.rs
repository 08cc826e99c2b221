//! QR code encoding: bytes → a matrix of modules, `no_std`, no heap, no `unsafe`.
//!
//! The output equals the reference encoder, Nayuki's qrcodegen, module for module when both
//! are given the same byte segment, level, version range, mask and boost flag
//! ([`Segmentation::Byte`]); the default [`Segmentation::Optimal`] mixes numeric, alphanumeric
//! and byte segments and usually reaches a smaller version for EMVCo payloads.
//!
//! ```
//! use emvqr::qr::{Ecc, Options, QrCode};
//!
//! let code = QrCode::encode(b"00020101021226940014BR.GOV.BCB.PIX", &Options::default())?;
//! assert_eq!((code.version(), code.size()), (2, 25));
//! assert!(code.module(0, 0)); // the top-left finder's corner is dark
//! # Ok::<(), emvqr::qr::Error>(())
//! ```
//!
//! # Speed, and flash on microcontrollers
//!
//! Choosing the mask dominates an encoder's time: qrcodegen scores the eight masked symbols
//! module by module. Here rows are bit-packed words, the penalty rules are word operations on
//! whole rows (see `penalty.rs`), columns are scored on a transposed copy, and Reed–Solomon
//! uses per-generator product tables. The pipeline: `segment` plans segments and version, then
//! `parallel` draws: `reed_solomon` adds error correction, `matrix` draws and places, `penalty`
//! picks the mask.
//!
//! That speed costs size: about 60 KB of code on a Cortex-M4, one copy per row width. On small
//! targets — without an operating system (`target_os = "none"`), where a QR encoder must fit
//! in a few kilobytes of flash, and WebAssembly, where the module is downloaded — the second
//! half is `compact` instead: the same steps module by module, as the standard states them, in
//! under 16 KiB with the planner. Both draw the same symbol: the tests hold `compact` to
//! qrcodegen and to the word-parallel path, CI compares the demo run on an emulated Cortex-M3
//! with the host's, and the JavaScript package's answers with the command's. The choice is the
//! target's, not a feature, so
//! that it cannot change between two builds of one program.
//!
//! # Memory
//!
//! [`QrCode`] owns its modules in a fixed array that fits version 40 (4,248 bytes). Encoding
//! also needs the function-module map, a transposed copy of the symbol (word-parallel path
//! only) and the codewords.
//! [`QrCode::encode`] keeps them on the stack, in a frame sized for the word width the version
//! needs. Firmware with little RAM gives [`QrCode::encode_in`] its own [`Buffer`], sized with
//! [`buffer_words`] and [`buffer_bytes`] for the largest version it will draw, and the symbol
//! stays in that buffer.
//!
//! An optimal segmentation plans with one byte per input byte; it keeps them in the symbol's
//! own words, which are free until the symbol is drawn, so both segmentations need the same
//! memory.
//!
//! Stack measured by `benches/profile/qr_stack.rs` (x86-64, release: the deepest recursion of a known
//! frame that still completes, with and without the encoding, to within 96 bytes):
//!
//! | call | up to version | stack | buffer | in all |
//! |---|---|---|---|---|
//! | `QrCode::encode` | 11 | 8,160 B | – | 12.4 KB with the 4,248-byte result |
//! | `QrCode::encode` | 27 (so 20) | 11,904 B | – | 16.2 KB with the result |
//! | `QrCode::encode` | 40 | 18,624 B | – | 22.9 KB with the result |
//! | `QrCode::encode_in` | 20 | 1,920 B | 5,741 B | 7.5 KiB |
//! | `QrCode::encode_in` | 40 | 2,016 B | 16,450 B | 18.0 KiB |
//!
//! `encode` keeps the arrays for its word width in one frame, and builds the symbol in a local
//! that it then returns; `encode_in` works in the caller's [`Buffer`] and returns a code that
//! borrows it.

// The encoder indexes fixed-size arrays with positions derived from the version tables, after
// the options are validated; the exhaustive comparison with qrcodegen over every version,
// level and mask and the `qr_vs_qrcodegen` fuzz target exercise every bound. Narrowing casts
// are of values whose range the tables fix (bytes of a word, counts under 2^16).
#![allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]

#[cfg(any(target_os = "none", target_family = "wasm", test))]
mod compact;
mod ecc;
#[cfg(not(any(target_os = "none", target_family = "wasm")))]
mod matrix;
mod options;
#[cfg(not(any(target_os = "none", target_family = "wasm")))]
mod parallel;
#[cfg(not(any(target_os = "none", target_family = "wasm")))]
mod penalty;
#[cfg(not(any(target_os = "none", target_family = "wasm")))]
mod reed_solomon;
mod segment;
mod version;

use core::fmt;

pub use ecc::Ecc;
pub use options::{Error, Options, Segmentation};
use version::Blocks;

/// The most bytes one byte-mode segment carries at `version` (1–40) and `ecc`: what a payload
/// of that many bytes needs at most, whatever its characters. `None` outside 1–40.
///
/// ```
/// use emvqr::qr::{byte_capacity, Ecc};
/// assert_eq!(byte_capacity(10, Ecc::Medium), Some(213));
/// assert_eq!(byte_capacity(41, Ecc::Medium), None);
/// ```
pub fn byte_capacity(version: u8, ecc: Ecc) -> Option<usize> {
    if !(version::MIN..=version::MAX).contains(&version) {
        return None;
    }
    let count_bits = if version <= 9 { 8 } else { 16 };
    Some((version::data_bits(version, ecc) - 4 - count_bits) / 8)
}

/// `u64` words of one bit matrix of `version`.
pub const fn matrix_words(version: u8) -> usize {
    version::size(version) * version::stride(version)
}

/// Words of a [`QrCode`]'s own storage: one matrix of version 40.
pub const MAX_WORDS: usize = matrix_words(version::MAX);

/// The longest input any QR code holds: 7,089 digits at 40-L.
pub const MAX_DATA_LEN: usize = 7089;

/// Words a [`Buffer`] needs for versions up to `max_version`: the symbol and the
/// function-module map, and where the word-parallel encoder runs (every target with an
/// operating system) the transposed symbol, which also holds its Reed–Solomon tables from
/// version 12 up.
///
/// ```
/// # #[cfg(not(any(target_os = "none", target_family = "wasm")))]
/// assert_eq!(emvqr::qr::buffer_words(10), 171);
/// ```
pub const fn buffer_words(max_version: u8) -> usize {
    MATRICES * matrix_words(max_version)
}

/// Matrices an encoding works in: the symbol, the function-module map and, for the
/// word-parallel encoder, the transposed symbol.
const MATRICES: usize = if cfg!(any(target_os = "none", target_family = "wasm")) {
    2
} else {
    3
};

/// Bytes a [`Buffer`] needs for versions up to `max_version`: its codewords. (An optimal
/// segmentation is planned in the words.)
///
/// ```
/// assert_eq!(emvqr::qr::buffer_bytes(10), 346);
/// ```
pub const fn buffer_bytes(max_version: u8) -> usize {
    version::raw_codewords(max_version)
}

/// Caller-owned working memory for [`QrCode::encode_in`], sized with [`buffer_words`] and
/// [`buffer_bytes`] for the largest version the firmware will draw.
///
/// ```
/// use emvqr::qr::{self, Buffer, Options, QrCode};
///
/// static PAYLOAD: &[u8] = b"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
/// let mut buffer = Buffer::<{ qr::buffer_words(10) }, { qr::buffer_bytes(10) }>::new();
/// let options = Options::new().with_max_version(10);
/// let code = QrCode::encode_in(PAYLOAD, &options, &mut buffer)?;
/// assert_eq!(code.version(), 7);
/// # Ok::<(), emvqr::qr::Error>(())
/// ```
pub struct Buffer<const WORDS: usize, const BYTES: usize> {
    words: [u64; WORDS],
    bytes: [u8; BYTES],
}

impl<const WORDS: usize, const BYTES: usize> Buffer<WORDS, BYTES> {
    /// A zeroed buffer.
    pub const fn new() -> Self {
        Buffer {
            words: [0; WORDS],
            bytes: [0; BYTES],
        }
    }
}

impl<const WORDS: usize, const BYTES: usize> Default for Buffer<WORDS, BYTES> {
    fn default() -> Self {
        Self::new()
    }
}

/// An encoded QR code: the version, level and mask, and its modules.
///
/// `S` is where the modules live: the default, a fixed array that fits version 40, or a
/// caller's [`Buffer`] (see [`QrCode::encode_in`]).
#[derive(Clone, PartialEq, Eq)]
pub struct QrCode<S = [u64; MAX_WORDS]> {
    modules: S,
    version: u8,
    ecc: Ecc,
    mask: u8,
}

impl QrCode {
    /// Encodes `data`.
    ///
    /// ```
    /// use emvqr::qr::{Ecc, Options, QrCode, Segmentation};
    ///
    /// let data = b"00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
    /// let smallest = QrCode::encode(data, &Options::default())?;
    /// let bytes = QrCode::encode(data, &Options::new().with_segmentation(Segmentation::Byte))?;
    /// assert!(smallest.version() < bytes.version());
    /// let fixed = QrCode::encode(data, &Options::new().with_mask(Some(3)).with_ecc(Ecc::Low).with_boost_ecc(false))?;
    /// assert_eq!((fixed.mask(), fixed.ecc()), (3, Ecc::Low));
    /// # Ok::<(), emvqr::qr::Error>(())
    /// ```
    pub fn encode(data: &[u8], options: &Options) -> Result<QrCode, Error> {
        options.validate()?;
        let mut code = QrCode {
            modules: [0; MAX_WORDS],
            version: options.min_version,
            ecc: options.ecc,
            mask: 0,
        };
        // An optimal segmentation is planned in the symbol's own words, free until it is
        // drawn; only inputs longer than 4,248 bytes (digits, at version 27 and up) need
        // words of their own.
        let plan = match options.segmentation {
            Segmentation::Optimal if segment::mark_words(data.len()) > MAX_WORDS => {
                return encode_long(data, options);
            }
            _ => segment::plan(data, options, &mut code.modules)?,
        };
        code.finish(data, options, &plan, None);
        Ok(code)
    }

    /// Draws the planned symbol into `self.modules`, whose start holds the plan's marks
    /// unless they are in `marks`.
    fn finish(
        &mut self,
        data: &[u8],
        options: &Options,
        plan: &segment::Plan,
        marks: Option<&[u64]>,
    ) {
        self.version = plan.version;
        self.ecc = plan.ecc;
        // Working memory sized by the words per row the version needs.
        self.mask = match version::stride(plan.version) {
            1 => encode_on_stack::<1, { matrix_words(11) }, { version::raw_codewords(11) }>(
                data,
                options,
                plan,
                marks,
                &mut self.modules,
            ),
            2 => encode_on_stack::<2, { matrix_words(27) }, { version::raw_codewords(27) }>(
                data,
                options,
                plan,
                marks,
                &mut self.modules,
            ),
            _ => encode_on_stack::<3, MAX_WORDS, { version::raw_codewords(40) }>(
                data,
                options,
                plan,
                marks,
                &mut self.modules,
            ),
        };
    }
}

/// [`QrCode::encode`] for an optimal segmentation of an input too long to plan in the symbol's
/// words.
#[inline(never)]
fn encode_long(data: &[u8], options: &Options) -> Result<QrCode, Error> {
    let mut marks = [0u64; segment::mark_words(MAX_DATA_LEN)];
    let marks = marks
        .get_mut(..segment::mark_words(data.len()))
        .ok_or(Error::DataTooLong {
            bits: usize::MAX,
            capacity: version::data_bits(options.max_version, options.ecc),
        })?;
    let plan = segment::plan(data, options, marks)?;
    let mut code = QrCode {
        modules: [0; MAX_WORDS],
        version: plan.version,
        ecc: plan.ecc,
        mask: 0,
    };
    code.finish(data, options, &plan, Some(marks));
    Ok(code)
}

// Not inlined: each word width keeps its own stack frame, sized for its largest version, so
// that small symbols do not pay for version 40's arrays.
#[inline(never)]
fn encode_on_stack<const W: usize, const WORDS: usize, const CODEWORDS: usize>(
    data: &[u8],
    options: &Options,
    plan: &segment::Plan,
    marks: Option<&[u64]>,
    modules: &mut [u64],
) -> u8 {
    let mut function = [0u64; WORDS];
    let mut codewords = [0u8; CODEWORDS];
    let data_codewords = codewords
        .get_mut(..Blocks::of(plan.version, plan.ecc).data_codewords())
        .unwrap_or_default();
    match marks {
        Some(marks) => segment::write_data(data, plan, marks, data_codewords),
        None => {
            segment::write_data(data, plan, modules, data_codewords);
            clear_marks(plan, data, modules);
        }
    }
    #[cfg(not(any(target_os = "none", target_family = "wasm")))]
    let mask = {
        let mut transposed = [0u64; WORDS];
        let work = parallel::Work {
            modules,
            function: &mut function,
            transposed: &mut transposed,
            codewords: &mut codewords,
        };
        parallel::draw::<W>(options, plan, work)
    };
    #[cfg(any(target_os = "none", target_family = "wasm"))]
    let mask = compact::draw(options, plan, modules, &mut function, &mut codewords);
    mask
}

/// Zeroes the marks an optimal segmentation left at the start of `words` (the symbol's rows
/// are drawn over them, but words past the symbol would keep them).
fn clear_marks(plan: &segment::Plan, data: &[u8], words: &mut [u64]) {
    if plan.segmentation == Segmentation::Optimal {
        let used = segment::mark_words(data.len()).min(words.len());
        words[..used].fill(0);
    }
}

impl<'b> QrCode<&'b [u64]> {
    /// Encodes `data` using only the caller's `buffer`: nothing on the stack but a few hundred
    /// bytes of locals. The code borrows its modules from the buffer.
    pub fn encode_in<const WORDS: usize, const BYTES: usize>(
        data: &[u8],
        options: &Options,
        buffer: &'b mut Buffer<WORDS, BYTES>,
    ) -> Result<QrCode<&'b [u64]>, Error> {
        options.validate()?;
        let Buffer { words, bytes } = buffer;
        // An optimal segmentation is planned in the words, free until the symbol is drawn.
        let plan = segment::plan(data, options, words)?;
        let matrix = matrix_words(plan.version);
        let blocks = Blocks::of(plan.version, plan.ecc);
        if bytes.len() < version::raw_codewords(plan.version) || words.len() < MATRICES * matrix {
            return Err(Error::BufferTooSmall);
        }
        segment::write_data(
            data,
            &plan,
            words,
            bytes.get_mut(..blocks.data_codewords()).unwrap_or_default(),
        );
        clear_marks(&plan, data, words);
        let (modules, rest) = words.split_at_mut(matrix);
        #[cfg(not(any(target_os = "none", target_family = "wasm")))]
        let mask = {
            let (function, transposed) = rest.split_at_mut(matrix);
            let work = parallel::Work {
                modules,
                function,
                transposed,
                codewords: bytes,
            };
            match version::stride(plan.version) {
                1 => parallel::draw::<1>(options, &plan, work),
                2 => parallel::draw::<2>(options, &plan, work),
                _ => parallel::draw::<3>(options, &plan, work),
            }
        };
        #[cfg(any(target_os = "none", target_family = "wasm"))]
        let mask = compact::draw(options, &plan, modules, rest, bytes);
        Ok(QrCode {
            modules: &words[..matrix],
            version: plan.version,
            ecc: plan.ecc,
            mask,
        })
    }
}

impl<S: AsRef<[u64]>> QrCode<S> {
    /// The version, 1–40.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Modules per side: 21 to 177.
    pub fn size(&self) -> usize {
        version::size(self.version)
    }

    /// The error correction level used (possibly boosted above the one asked for).
    pub fn ecc(&self) -> Ecc {
        self.ecc
    }

    /// The mask used, 0–7.
    pub fn mask(&self) -> u8 {
        self.mask
    }

    /// Whether the module at column `x`, row `y` is dark; `false` outside the symbol.
    pub fn module(&self, x: usize, y: usize) -> bool {
        let size = self.size();
        if x >= size || y >= size {
            return false;
        }
        let stride = version::stride(self.version);
        self.modules
            .as_ref()
            .get(y * stride + x / 64)
            .is_some_and(|w| w >> (x % 64) & 1 != 0)
    }

    /// Row `y` as bit-packed words (bit `x % 64` of word `x / 64` is module x), for renderers
    /// that draw whole rows.
    pub fn row(&self, y: usize) -> &[u64] {
        let stride = version::stride(self.version);
        self.modules
            .as_ref()
            .get(y * stride..(y + 1) * stride)
            .unwrap_or_default()
    }
}

impl<S: AsRef<[u64]>> fmt::Debug for QrCode<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QrCode")
            .field("version", &self.version)
            .field("ecc", &self.ecc)
            .field("mask", &self.mask)
            .finish_non_exhaustive()
    }
}
