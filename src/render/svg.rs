//! SVG: one path for the dark modules over a light square, in module units.

use core::fmt::{self, Write};

use super::Layout;
use crate::qr::QrCode;

/// Writes `code` as an SVG document: a light square the size of the picture and one path of
/// the dark modules, `shape-rendering="crispEdges"` so that edges stay sharp at any scale.
/// The `viewBox` counts modules; `width` and `height` are `layout.side(code)` pixels.
///
/// Every run of dark modules in a row is one `M x y h n v1 H x z` rectangle, so a version 10
/// code is about 10 KB. [`svg_len`] says exactly how long before writing, to size a
/// `heapless::String`.
///
/// ```
/// use emvqr::qr::{Options, QrCode};
/// use emvqr::render::{self, Layout};
///
/// let code = QrCode::encode(b"hello", &Options::default())?;
/// let mut svg = String::new();
/// render::svg(&code, &Layout::new().with_scale(10), &mut svg).unwrap();
/// assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="290" height="290" viewBox="0 0 29 29""#));
/// // The top-left finder pattern starts with a run of 7 dark modules at (4, 4).
/// assert!(svg.contains(r#"d="M4 4h7v1H4z"#));
/// # Ok::<(), emvqr::qr::Error>(())
/// ```
pub fn svg<S: AsRef<[u64]>, W: Write>(
    code: &QrCode<S>,
    layout: &Layout,
    out: &mut W,
) -> fmt::Result {
    let across = layout.modules_across(code);
    let pixels = layout.side(code);
    let quiet = usize::from(layout.quiet_zone());
    write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pixels}\" height=\"{pixels}\" \
         viewBox=\"0 0 {across} {across}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{across}\" height=\"{across}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    )?;
    let size = code.size();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.module(x, y) {
                x += 1;
            }
            let left = start + quiet;
            write!(out, "M{left} {}h{}v1H{left}z", y + quiet, x - start)?;
        }
    }
    out.write_str("\"/></svg>\n")
}

/// The length in bytes of what [`svg`] writes for `code` and `layout`.
pub fn svg_len<S: AsRef<[u64]>>(code: &QrCode<S>, layout: &Layout) -> usize {
    let mut counter = Counter(0);
    // Counting never fails.
    let _ = svg(code, layout, &mut counter);
    counter.0
}

/// A `fmt::Write` that only counts bytes.
struct Counter(usize);

impl Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}
