//! PNG (feature `png`): 1-bit grayscale, the smallest lossless picture of a QR code.

use std::io;

use super::Layout;
use crate::qr::QrCode;

/// Writes `code` as a 1-bit grayscale PNG, `layout.side(code)` pixels square.
///
/// This one allocates: the `png` crate compresses a whole image (at scale 8, a version 10
/// code is 520 × 520 pixels, 34 KB of packed rows).
///
/// ```
/// use emvqr::qr::{Options, QrCode};
/// use emvqr::render::{self, Layout};
///
/// let code = QrCode::encode(b"hello", &Options::default())?;
/// let mut file = Vec::new();
/// render::png(&code, &Layout::new().with_scale(8), &mut file)?;
/// assert!(file.starts_with(b"\x89PNG\r\n\x1a\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn png<S: AsRef<[u64]>, W: io::Write>(
    code: &QrCode<S>,
    layout: &Layout,
    out: W,
) -> io::Result<()> {
    let side = layout.side(code);
    // At most (177 + 510) × 255 pixels.
    let side_u32 = u32::try_from(side).map_err(io::Error::other)?;
    let mut encoder = ::png::Encoder::new(out, side_u32, side_u32);
    encoder.set_color(::png::ColorType::Grayscale);
    encoder.set_depth(::png::BitDepth::One);
    let mut writer = encoder.write_header().map_err(into_io)?;
    // Rows of packed bits, most significant first; 1 is white.
    let stride = side.div_ceil(8);
    let mut data = vec![0u8; stride * side];
    for (y, row) in data.chunks_exact_mut(stride).enumerate() {
        for x in 0..side {
            if !layout.is_dark(code, x, y)
                && let Some(byte) = row.get_mut(x / 8)
            {
                *byte |= 0x80 >> (x % 8);
            }
        }
    }
    writer.write_image_data(&data).map_err(into_io)?;
    writer.finish().map_err(into_io)
}

fn into_io(error: ::png::EncodingError) -> io::Error {
    match error {
        ::png::EncodingError::IoError(error) => error,
        other => io::Error::other(other),
    }
}
