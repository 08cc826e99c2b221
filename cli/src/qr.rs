//! `emvqr qr`: check a payload, encode it with optimal segments and draw it.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use emvqr::qr::{Ecc, Options, QrCode};
use emvqr::render::{self, Background, Layout};
use emvqr::{ParseOptions, Payload};

use crate::{Failure, decode, input, out};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Level {
    /// About 7 % of the symbol can be damaged.
    L,
    /// About 15 % (the default).
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Unicode half blocks, for a terminal.
    Terminal,
    /// An SVG document.
    Svg,
    /// A 1-bit grayscale PNG image.
    Png,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Shade {
    /// Light text on a dark background: glyphs are the light modules.
    Dark,
    /// Dark text on a light background: glyphs are the dark modules.
    Light,
}

impl Shade {
    pub fn background(self) -> Background {
        match self {
            Shade::Dark => Background::Dark,
            Shade::Light => Background::Light,
        }
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The error correction level (raised for free when the data still fits).
    #[arg(long, value_enum, default_value = "m")]
    ecc: Level,
    /// The picture's format; by default the extension of -o, else terminal.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Pixels (SVG, PNG; default 8) or character columns (terminal; default 1) per module.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=64))]
    scale: Option<u8>,
    /// The quiet zone around the symbol, in modules (scanners need 4).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(0..=32))]
    border: u8,
    /// The terminal's background colour, so that the picture shows dark on light.
    #[arg(long, value_enum, default_value = "dark")]
    background: Shade,
    /// Write the picture to FILE instead of standard output (all or nothing; never through a
    /// symbolic link).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    force: bool,
    /// Draw a payload that breaks field rules (listed on stderr); structure and CRC must hold.
    #[arg(long, conflicts_with = "no_validate")]
    lenient: bool,
    /// Draw the text as it is, without checking it.
    #[arg(long)]
    no_validate: bool,
    /// The payload; `-` or nothing reads standard input (one trailing newline is ignored).
    payload: Option<String>,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let text = input::read_payload(args.payload.as_deref())?;
    check(&text, args)?;
    let options = Options::new().with_ecc(match args.ecc {
        Level::L => Ecc::Low,
        Level::M => Ecc::Medium,
        Level::Q => Ecc::Quartile,
        Level::H => Ecc::High,
    });
    let code = QrCode::encode(text.as_bytes(), &options)
        .map_err(|e| Failure::invalid(format!("cannot encode the payload: {e}")))?;
    let format = args
        .format
        .unwrap_or_else(|| format_of(args.output.as_ref()));
    let default_scale = if format == Format::Terminal { 1 } else { 8 };
    let layout = Layout::new()
        .with_scale(args.scale.unwrap_or(default_scale))
        .with_quiet_zone(args.border);
    let picture = match format {
        Format::Terminal => {
            let mut out = String::new();
            render::terminal(&code, &layout, args.background.background(), &mut out)
                .map_err(|_| Failure::invalid("cannot draw the code"))?;
            out.into_bytes()
        }
        Format::Svg => {
            let mut out = String::with_capacity(render::svg_len(&code, &layout));
            render::svg(&code, &layout, &mut out)
                .map_err(|_| Failure::invalid("cannot draw the code"))?;
            out.into_bytes()
        }
        Format::Png => {
            if args.output.is_none() && std::io::stdout().is_terminal() {
                return Err(Failure::usage(
                    "a PNG is binary: write it to a file with -o FILE, or redirect standard output",
                ));
            }
            let mut out = Vec::new();
            render::png(&code, &layout, &mut out)
                .map_err(|e| Failure::invalid(format!("cannot write the PNG: {e}")))?;
            out
        }
    };
    match &args.output {
        Some(path) => write_file(path, &picture, args.force)?,
        None => out::bytes(&picture)?,
    }
    out::note(&format!(
        "version {}, error correction {:?}, mask {}, {} × {} modules with the quiet zone",
        code.version(),
        code.ecc(),
        code.mask(),
        layout.modules_across(&code),
        layout.modules_across(&code),
    ));
    Ok(())
}

/// Writes `bytes` to `path` all or nothing: into a new file beside it, then renamed over it.
/// A symbolic link is refused (the picture would land wherever it points), and an existing
/// file is replaced only with `--force`.
fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    let name = path.display();
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Failure::usage(format!(
                "{name} is a symbolic link; give the file itself"
            )));
        }
        Ok(meta) if meta.is_dir() => {
            return Err(Failure::usage(format!("{name} is a directory")));
        }
        Ok(_) if !force => {
            return Err(Failure::usage(format!(
                "{name} exists; --force replaces it"
            )));
        }
        _ => {}
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temporary = directory.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(Failure::io(format!("cannot write {name}: {error}")));
    }
    Ok(())
}

/// Strict by default; `--lenient` lists what it tolerated, `--no-validate` says it did not look.
fn check(text: &str, args: &Args) -> Result<(), Failure> {
    if args.no_validate {
        out::note(
            "warning: not validated: this code may not scan as a payment or may pay the wrong account",
        );
        return Ok(());
    }
    let options = if args.lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    let payload =
        Payload::parse_with(text, &options).map_err(|e| decode::explain(text, &e, args.lenient))?;
    if payload.deviation_count() > 0 {
        out::note(&format!(
            "warning: validated leniently; {} rule(s) broken — payment apps may refuse this code:",
            payload.deviation_count()
        ));
        for deviation in payload.deviations() {
            out::note(&format!("  - {deviation}"));
        }
    }
    Ok(())
}

fn format_of(output: Option<&PathBuf>) -> Format {
    let extension = output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("svg") => Format::Svg,
        Some("png") => Format::Png,
        _ => Format::Terminal,
    }
}
