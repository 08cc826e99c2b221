//! `emvqr`: decode, check, build and draw EMVCo merchant-presented payment QR codes.
//!
//! Exit codes: 0 success, 1 the payload (or the request) is invalid, 2 bad usage.

mod build;
mod decode;
mod input;
mod json;
mod mp;
mod qr;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "emvqr",
    version,
    about = "Read, check, build and draw EMVCo payment QR codes (Pix, Mercado Pago, PayNow, PromptPay, QRIS, …)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode a payload and check it against the EMVCo rules: prints the field tree.
    Decode(decode::Args),
    /// Write a payload (the last line of the output), refusing fields that break a rule.
    #[command(subcommand)]
    Build(build::Kind),
    /// Check a payload and draw it as a QR code: in the terminal, or as an SVG or PNG file.
    Qr(qr::Args),
    /// Mercado Pago's in-store orders: create one and show its QR code, check whether it was
    /// paid (the token comes from MP_ACCESS_TOKEN).
    #[command(subcommand)]
    Mp(mp::Mp),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Decode(args) => decode::run(&args),
        Command::Build(kind) => build::run(&kind),
        Command::Qr(args) => qr::run(&args),
        Command::Mp(command) => mp::run(&command),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report();
            ExitCode::from(failure.code)
        }
    }
}

/// Why a command failed: lines for stderr and the exit code.
pub struct Failure {
    pub code: u8,
    pub lines: Vec<String>,
}

impl Failure {
    /// An invalid payload or request (exit 1).
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            lines: vec![format!("error: {}", message.into())],
        }
    }

    /// Bad usage (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            lines: vec![format!("error: {}", message.into())],
        }
    }

    /// Adds a `note:` line.
    pub fn note(mut self, message: impl Into<String>) -> Failure {
        self.lines.push(format!("note: {}", message.into()));
        self
    }

    fn report(&self) {
        for line in &self.lines {
            eprintln!("{line}");
        }
    }
}
