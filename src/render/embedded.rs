//! `embedded-graphics` (feature `embedded-graphics`): draw a code on a firmware display.

use embedded_graphics_core::Drawable;
use embedded_graphics_core::draw_target::DrawTarget;
use embedded_graphics_core::geometry::{Dimensions, Point, Size};
use embedded_graphics_core::pixelcolor::PixelColor;
use embedded_graphics_core::primitives::Rectangle;

use super::Layout;
use crate::qr::QrCode;

/// A QR code as an `embedded-graphics` [`Drawable`], quiet zone included, drawn in one
/// `fill_contiguous` call (displays with a native rectangle fill send it in one transfer).
///
/// The colours are explicit because "on" means different things on different panels: on a
/// monochrome OLED a lit pixel is light, so dark modules are `BinaryColor::Off`.
///
/// ```
/// use embedded_graphics::mock_display::MockDisplay;
/// use embedded_graphics::pixelcolor::BinaryColor;
/// use embedded_graphics::prelude::*;
/// use emvqr::qr::{Options, QrCode};
/// use emvqr::render::{Layout, QrDrawable};
///
/// let code = QrCode::encode(b"hello", &Options::default())?;
/// let mut display = MockDisplay::new();
/// let layout = Layout::new().with_quiet_zone(2);
/// QrDrawable::new(&code, layout, BinaryColor::Off, BinaryColor::On)
///     .at(Point::new(1, 1))
///     .draw(&mut display)
///     .unwrap();
/// assert_eq!(display.get_pixel(Point::new(1, 1)), Some(BinaryColor::On)); // quiet zone
/// assert_eq!(display.get_pixel(Point::new(3, 3)), Some(BinaryColor::Off)); // finder
/// # Ok::<(), emvqr::qr::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct QrDrawable<'c, S, C> {
    code: &'c QrCode<S>,
    layout: Layout,
    top_left: Point,
    dark: C,
    light: C,
}

impl<'c, S: AsRef<[u64]>, C: PixelColor> QrDrawable<'c, S, C> {
    /// `code` drawn with `layout` (pixels per module, quiet zone) at the origin.
    pub fn new(code: &'c QrCode<S>, layout: Layout, dark: C, light: C) -> Self {
        QrDrawable {
            code,
            layout,
            top_left: Point::zero(),
            dark,
            light,
        }
    }

    /// The same drawing with its top-left corner (quiet zone included) at `top_left`.
    #[must_use]
    pub fn at(self, top_left: Point) -> Self {
        QrDrawable { top_left, ..self }
    }
}

impl<S: AsRef<[u64]>, C: PixelColor + core::fmt::Debug> core::fmt::Debug for QrDrawable<'_, S, C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("QrDrawable")
            .field("code", self.code)
            .field("layout", &self.layout)
            .field("top_left", &self.top_left)
            .field("dark", &self.dark)
            .field("light", &self.light)
            .finish()
    }
}

impl<S: AsRef<[u64]>, C: PixelColor> Dimensions for QrDrawable<'_, S, C> {
    fn bounding_box(&self) -> Rectangle {
        // At most (177 + 510) × 255 pixels.
        let side = u32::try_from(self.layout.side(self.code)).unwrap_or(u32::MAX);
        Rectangle::new(self.top_left, Size::new_equal(side))
    }
}

impl<S: AsRef<[u64]>, C: PixelColor> Drawable for QrDrawable<'_, S, C> {
    type Color = C;
    type Output = ();

    fn draw<D: DrawTarget<Color = C>>(&self, target: &mut D) -> Result<(), D::Error> {
        let side = self.layout.side(self.code);
        let colors = (0..side).flat_map(move |y| {
            (0..side).map(move |x| {
                if self.layout.is_dark(self.code, x, y) {
                    self.dark
                } else {
                    self.light
                }
            })
        });
        target.fill_contiguous(&self.bounding_box(), colors)
    }
}
