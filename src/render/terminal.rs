//! Text for terminals: two rows of modules per line, drawn with Unicode half blocks.

use core::fmt;

use super::Layout;
use crate::qr::QrCode;

/// The colour the terminal paints behind the text.
///
/// Glyphs are drawn in the foreground colour. On a light background they show the dark
/// modules; on a dark background they must show the light ones, so that the screen still
/// reads dark on light — which is what every scanner expects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Background {
    /// Dark text on a light background: glyphs are dark modules.
    Light,
    /// Light text on a dark background (most terminals today): glyphs are light modules and
    /// the quiet zone is drawn too.
    #[default]
    Dark,
}

/// Writes `code` as lines of `▀`, `▄`, `█` and spaces, each line ending in `\n`.
///
/// A character cell is twice as tall as it is wide, so a half block is a square module: a
/// version 10 code (57 modules) with the 4-module quiet zone is 65 columns wide and 33 lines
/// tall, inside an 80 × 24… terminal's width. Each module is `layout.scale()` columns wide.
///
/// ```
/// use emvqr::qr::{Options, QrCode};
/// use emvqr::render::{self, Background, Layout};
///
/// let code = QrCode::encode(b"hello", &Options::default())?;
/// let mut light = String::new();
/// render::terminal(&code, &Layout::new(), Background::Light, &mut light).unwrap();
/// // The first lines are quiet zone: blank on a light background…
/// assert_eq!(light.lines().next(), Some(" ".repeat(29).as_str()));
/// let mut dark = String::new();
/// render::terminal(&code, &Layout::new(), Background::Dark, &mut dark).unwrap();
/// // …and drawn as light blocks on a dark one.
/// assert_eq!(dark.lines().next(), Some("█".repeat(29).as_str()));
/// # Ok::<(), emvqr::qr::Error>(())
/// ```
pub fn terminal<S: AsRef<[u64]>, W: fmt::Write>(
    code: &QrCode<S>,
    layout: &Layout,
    background: Background,
    out: &mut W,
) -> fmt::Result {
    let side = layout.side(code);
    for top in (0..side).step_by(2) {
        let has_lower = top + 1 < side;
        for x in 0..side {
            let upper = layout.is_dark(code, x, top);
            let lower = layout.is_dark(code, x, top + 1);
            // Which halves of the cell get the foreground colour. Below the last row (an odd
            // number of rows) the terminal's own background shows.
            let (lit_upper, lit_lower) = match background {
                Background::Light => (upper, has_lower && lower),
                Background::Dark => (!upper, has_lower && !lower),
            };
            out.write_char(match (lit_upper, lit_lower) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            })?;
        }
        out.write_char('\n')?;
    }
    Ok(())
}
