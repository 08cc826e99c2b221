//! Draw a payment code in the terminal and write it as an SVG file.
//!
//!     cargo run --example draw                    # draws and writes pix.svg in a temp dir
//!     cargo run --example draw -- code.svg        # writes code.svg
use emvqr::Payload;
use emvqr::qr::{Ecc, Options, QrCode};
use emvqr::render::{self, Background, Layout};

const PIX: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000\
                   5204000053039865406123.455802BR5913Fulano de Tal6008BRASILIA\
                   62070503***6304A5A2";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Check before drawing: a picture of a broken code is worse than no picture.
    let payload = Payload::parse(PIX)?;
    // Level M is what most payment apps print; the encoder raises it when the version has room.
    let code = QrCode::encode(
        payload.as_str().as_bytes(),
        &Options::new().with_ecc(Ecc::Medium),
    )?;
    println!(
        "version {}, level {:?}, mask {}",
        code.version(),
        code.ecc(),
        code.mask()
    );

    // Two modules per character cell; say which background the terminal has.
    let mut text = String::new();
    render::terminal(&code, &Layout::new(), Background::Dark, &mut text)?;
    print!("{text}");

    let mut svg = String::with_capacity(render::svg_len(&code, &Layout::new().with_scale(8)));
    render::svg(&code, &Layout::new().with_scale(8), &mut svg)?;
    let path = std::env::args_os()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("pix.svg"));
    std::fs::write(&path, svg)?;
    println!("wrote {}", path.display());
    Ok(())
}
