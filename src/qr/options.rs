//! What to encode with ([`Options`]) and why encoding failed ([`Error`]).

use core::fmt;

use super::ecc::Ecc;
use super::version;

/// How the data is split into segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Segmentation {
    /// Numeric, alphanumeric and byte segments mixed for the fewest bits (the default).
    #[default]
    Optimal,
    /// One byte-mode segment, exactly as qrcodegen's `QrSegment::make_bytes`.
    Byte,
}

/// Encoding options; [`Options::default`] is ECC M, versions 1–40, automatic mask, boosted
/// level, optimal segmentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Options {
    /// The minimum error correction level.
    pub ecc: Ecc,
    /// The smallest version to use (1–40).
    pub min_version: u8,
    /// The largest version to use (1–40, at least `min_version`).
    pub max_version: u8,
    /// A fixed mask (0–7), or `None` to choose the one with the lowest penalty.
    pub mask: Option<u8>,
    /// Raise the level while the data still fits the chosen version.
    pub boost_ecc: bool,
    /// How to split the data into segments.
    pub segmentation: Segmentation,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            ecc: Ecc::Medium,
            min_version: version::MIN,
            max_version: version::MAX,
            mask: None,
            boost_ecc: true,
            segmentation: Segmentation::Optimal,
        }
    }
}

impl Options {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        let range = version::MIN..=version::MAX;
        if !range.contains(&self.min_version)
            || !range.contains(&self.max_version)
            || self.min_version > self.max_version
        {
            return Err(Error::InvalidVersionRange {
                min: self.min_version,
                max: self.max_version,
            });
        }
        match self.mask {
            Some(mask) if mask > 7 => Err(Error::InvalidMask(mask)),
            _ => Ok(()),
        }
    }
}

/// Why encoding failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The data does not fit the largest allowed version at the requested level.
    DataTooLong {
        /// Bits the data needs (`usize::MAX` when a segment is too long to count).
        bits: usize,
        /// Data bits of the largest allowed version.
        capacity: usize,
    },
    /// The version range is empty or outside 1–40.
    InvalidVersionRange {
        /// The requested minimum.
        min: u8,
        /// The requested maximum.
        max: u8,
    },
    /// A mask outside 0–7.
    InvalidMask(u8),
    /// The caller's `Buffer` is too small for the version the data needs.
    BufferTooSmall,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::DataTooLong { bits, capacity } if bits == usize::MAX => {
                write!(
                    f,
                    "the data is too long for a QR code (the largest allowed version holds {capacity} bits)"
                )
            }
            Error::DataTooLong { bits, capacity } => write!(
                f,
                "the data needs {bits} bits; the largest allowed version holds {capacity}"
            ),
            Error::InvalidVersionRange { min, max } => {
                write!(
                    f,
                    "invalid version range {min}-{max}: versions run from 1 to 40"
                )
            }
            Error::InvalidMask(mask) => write!(f, "invalid mask {mask}: masks run from 0 to 7"),
            Error::BufferTooSmall => {
                f.write_str("the buffer is too small for the version this data needs")
            }
        }
    }
}

impl core::error::Error for Error {}
