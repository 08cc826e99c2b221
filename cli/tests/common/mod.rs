//! What the command-line tests share: reading the pictures `emvqr` draws back with a real QR
//! decoder (rqrr).
#![allow(dead_code)] // Each test file uses its own part.

/// Decodes a picture with rqrr.
pub fn scan(width: usize, height: usize, dark: impl Fn(usize, usize) -> bool) -> Vec<u8> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        if dark(x, y) { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "rqrr found {} symbols", grids.len());
    let mut out = Vec::new();
    grids[0].decode_to(&mut out).unwrap();
    out
}

/// Decodes terminal text drawn for `background` ("dark" or "light") as a screen shows it:
/// glyphs in the foreground colour, three pixels per half cell.
pub fn scan_terminal(picture: &str, background: &str) -> Vec<u8> {
    let lines: Vec<Vec<char>> = picture.lines().map(|l| l.chars().collect()).collect();
    let width = lines[0].len();
    let glyph_is_dark = background == "light";
    scan(3 * width, 6 * lines.len(), |x, y| {
        let c = lines[y / 6][x / 3];
        let lit = if (y / 3) % 2 == 0 {
            matches!(c, '█' | '▀')
        } else {
            matches!(c, '█' | '▄')
        };
        lit == glyph_is_dark
    })
}
