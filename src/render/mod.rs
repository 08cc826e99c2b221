//! Drawing a [`QrCode`]: text for terminals, SVG, PNG and embedded displays.
//!
//! Every renderer reads the same [`Layout`]: the size of a module (pixels, SVG units or
//! character cells) and the quiet zone, the light margin a scanner needs around the symbol
//! (ISO/IEC 18004 asks for 4 modules, the default). Dark modules are drawn dark on light; the
//! terminal renderer can invert its glyphs for dark-background terminals so that what the
//! screen shows is still dark on light.
//!
//! The terminal and SVG renderers write into any [`core::fmt::Write`] — a `heapless::String`
//! on firmware, a `String` on a server — and allocate nothing themselves:
//!
//! ```
//! use emvqr::qr::{Options, QrCode};
//! use emvqr::render::{self, Background, Layout};
//!
//! let code = QrCode::encode(b"00020101021126580014br.gov.bcb.pix", &Options::default())?;
//! let mut text = heapless::String::<2048>::new();
//! render::terminal(&code, &Layout::new(), Background::Light, &mut text).unwrap();
//! // Version 2: 25 modules and 4 on each side, 33 columns, 17 lines of two rows each.
//! assert_eq!(code.version(), 2);
//! assert_eq!(text.lines().count(), 17);
//! assert!(text.lines().all(|line| line.chars().count() == 33));
//!
//! let mut svg = heapless::String::<8192>::new();
//! render::svg(&code, &Layout::new().with_scale(8), &mut svg).unwrap();
//! assert!(svg.starts_with("<svg") && svg.matches("<path").count() == 1);
//! assert_eq!(svg.len(), render::svg_len(&code, &Layout::new().with_scale(8)));
//! # Ok::<(), emvqr::qr::Error>(())
//! ```
//!
//! With feature `png`, [`png()`] writes a 1-bit grayscale PNG; with feature
//! `embedded-graphics`, [`QrDrawable`] draws on any `DrawTarget`.

#[cfg(feature = "embedded-graphics")]
mod embedded;
#[cfg(feature = "png")]
mod png_writer;
mod svg;
mod terminal;

#[cfg(feature = "embedded-graphics")]
pub use embedded::QrDrawable;
#[cfg(feature = "png")]
pub use png_writer::png;
pub use svg::{svg, svg_len};
pub use terminal::{Background, terminal};

use crate::qr::QrCode;

/// How big a module is and how wide the quiet zone around the symbol.
///
/// ```
/// use emvqr::qr::{Options, QrCode};
/// use emvqr::render::Layout;
///
/// let code = QrCode::encode(b"hello", &Options::default())?;
/// let layout = Layout::new().with_scale(4).with_quiet_zone(2);
/// assert_eq!(layout.modules_across(&code), 21 + 2 * 2);
/// assert_eq!(layout.side(&code), (21 + 2 * 2) * 4);
/// // The top-left pixel is quiet zone; the finder pattern starts 2 modules in.
/// assert!(!layout.is_dark(&code, 0, 0));
/// assert!(layout.is_dark(&code, 2 * 4, 2 * 4));
/// # Ok::<(), emvqr::qr::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Layout {
    scale: u8,
    quiet_zone: u8,
}

impl Default for Layout {
    fn default() -> Self {
        Layout::new()
    }
}

impl Layout {
    /// One unit per module and the 4-module quiet zone of ISO/IEC 18004.
    pub const fn new() -> Layout {
        Layout {
            scale: 1,
            quiet_zone: 4,
        }
    }

    /// Units (pixels, SVG user units, character cells) per module side; 0 counts as 1.
    #[must_use]
    pub const fn with_scale(self, scale: u8) -> Layout {
        Layout {
            scale: if scale == 0 { 1 } else { scale },
            ..self
        }
    }

    /// The light margin around the symbol, in modules. Scanners need 4; less may still work
    /// when the code sits on a light background anyway.
    #[must_use]
    pub const fn with_quiet_zone(self, modules: u8) -> Layout {
        Layout {
            quiet_zone: modules,
            ..self
        }
    }

    /// Units per module side, at least 1.
    pub const fn scale(&self) -> u8 {
        self.scale
    }

    /// The quiet zone, in modules.
    pub const fn quiet_zone(&self) -> u8 {
        self.quiet_zone
    }

    /// Modules across the picture: the symbol and the quiet zone on both sides.
    pub fn modules_across<S: AsRef<[u64]>>(&self, code: &QrCode<S>) -> usize {
        // Saturating: on a 16-bit target the largest layouts do not fit a usize.
        code.size().saturating_add(2 * usize::from(self.quiet_zone))
    }

    /// The picture's side in units: at most (177 + 2 × 255) × 255.
    pub fn side<S: AsRef<[u64]>>(&self, code: &QrCode<S>) -> usize {
        self.modules_across(code)
            .saturating_mul(usize::from(self.scale))
    }

    /// Whether the unit at column `x`, row `y` of the picture is dark (`false` in the quiet
    /// zone and outside the picture).
    pub fn is_dark<S: AsRef<[u64]>>(&self, code: &QrCode<S>, x: usize, y: usize) -> bool {
        let module = |unit: usize| {
            (unit / usize::from(self.scale)).checked_sub(usize::from(self.quiet_zone))
        };
        match (module(x), module(y)) {
            (Some(mx), Some(my)) => code.module(mx, my),
            _ => false,
        }
    }
}
