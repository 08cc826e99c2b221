//! What to encode with ([`Options`]) and why encoding failed ([`Error`]).

use core::fmt;

use super::ecc::Ecc;
use super::version;

/// How the data is split into segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Segmentation {
    /// Numeric, alphanumeric and byte segments mixed for the fewest bits (the default).
    #[default]
    Optimal,
    /// One byte-mode segment, exactly as qrcodegen's `QrSegment::make_bytes`.
    Byte,
}

/// Encoding options: [`Options::new`] (the default) is ECC M, versions 1–40, automatic mask,
/// boosted level, optimal segmentation; the `with_` methods change one setting each.
/// `QrCode::encode` checks them (a version range outside 1–40, a
/// mask above 7).
///
/// ```
/// use emvqr::qr::{Ecc, Options, Segmentation};
///
/// let options = Options::new().with_ecc(Ecc::Quartile).with_max_version(10).with_mask(Some(2));
/// assert_eq!((options.ecc(), options.max_version(), options.mask()), (Ecc::Quartile, 10, Some(2)));
/// assert_eq!(Options::default().segmentation(), Segmentation::Optimal);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Options {
    pub(crate) ecc: Ecc,
    pub(crate) min_version: u8,
    pub(crate) max_version: u8,
    pub(crate) mask: Option<u8>,
    pub(crate) boost_ecc: bool,
    pub(crate) segmentation: Segmentation,
}

impl Default for Options {
    fn default() -> Options {
        Options::new()
    }
}

impl Options {
    /// ECC M, versions 1–40, automatic mask, boosted level, optimal segmentation.
    pub const fn new() -> Options {
        Options {
            ecc: Ecc::Medium,
            min_version: version::MIN,
            max_version: version::MAX,
            mask: None,
            boost_ecc: true,
            segmentation: Segmentation::Optimal,
        }
    }

    /// The minimum error correction level.
    #[must_use]
    pub const fn with_ecc(self, ecc: Ecc) -> Options {
        Options { ecc, ..self }
    }

    /// The smallest version to use (1–40).
    #[must_use]
    pub const fn with_min_version(self, min_version: u8) -> Options {
        Options {
            min_version,
            ..self
        }
    }

    /// The largest version to use (1–40, at least the smallest): a firmware's buffer size.
    #[must_use]
    pub const fn with_max_version(self, max_version: u8) -> Options {
        Options {
            max_version,
            ..self
        }
    }

    /// A fixed mask (0–7), or `None` to choose the one with the lowest penalty.
    #[must_use]
    pub const fn with_mask(self, mask: Option<u8>) -> Options {
        Options { mask, ..self }
    }

    /// Whether to raise the level while the data still fits the chosen version.
    #[must_use]
    pub const fn with_boost_ecc(self, boost_ecc: bool) -> Options {
        Options { boost_ecc, ..self }
    }

    /// How to split the data into segments.
    #[must_use]
    pub const fn with_segmentation(self, segmentation: Segmentation) -> Options {
        Options {
            segmentation,
            ..self
        }
    }

    /// The minimum error correction level.
    pub const fn ecc(&self) -> Ecc {
        self.ecc
    }

    /// The smallest version to use.
    pub const fn min_version(&self) -> u8 {
        self.min_version
    }

    /// The largest version to use.
    pub const fn max_version(&self) -> u8 {
        self.max_version
    }

    /// The fixed mask, if any.
    pub const fn mask(&self) -> Option<u8> {
        self.mask
    }

    /// Whether the level is raised while the data still fits.
    pub const fn boost_ecc(&self) -> bool {
        self.boost_ecc
    }

    /// How the data is split into segments.
    pub const fn segmentation(&self) -> Segmentation {
        self.segmentation
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
