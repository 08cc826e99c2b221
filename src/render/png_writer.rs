//! PNG (feature `png`): 1-bit grayscale, the smallest lossless picture of a QR code.

use std::io::{self, Write};

use super::Layout;
use crate::qr::QrCode;

/// Writes `code` as a 1-bit grayscale PNG, `layout.side(code)` pixels square.
///
/// This one allocates: the `png` crate's compressor, and one row of packed pixels (the picture
/// is streamed row by row, so even the largest layout needs no more than 22 KB of rows).
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
    let mut stream = writer.stream_writer().map_err(into_io)?;
    // A row of packed bits, most significant first; 1 is white. Rows of the same module row
    // are equal, so each is packed once and written `scale` times.
    let scale = usize::from(layout.scale());
    let mut row = vec![0u8; side.div_ceil(8)];
    for y in (0..side).step_by(scale) {
        row.fill(0);
        for x in 0..side {
            if !layout.is_dark(code, x, y)
                && let Some(byte) = row.get_mut(x / 8)
            {
                *byte |= 0x80 >> (x % 8);
            }
        }
        for _ in 0..scale.min(side - y) {
            stream.write_all(&row)?;
        }
    }
    stream.finish().map_err(into_io)?;
    writer.finish().map_err(into_io)
}

fn into_io(error: ::png::EncodingError) -> io::Error {
    match error {
        ::png::EncodingError::IoError(error) => error,
        other => io::Error::other(other),
    }
}
