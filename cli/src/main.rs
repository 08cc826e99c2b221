//! `emvqr`: decode, check, build and draw EMVCo merchant-presented payment QR codes.
//!
//! Exit codes: 0 success; 1 an invalid payload, a request the API refused, or output that
//! could not be written; 2 bad usage or unreadable input; 3 a transport failure (connection,
//! timeout, deadline, an answer that is not the API's); 141 standard output closed (a pipe
//! whose reader left), quietly.

mod build;
mod check;
mod decode;
mod input;
mod mp;
mod out;
mod pix;
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
    /// Check a file of payloads, one per line: prints `LINE: error` for each invalid one, then
    /// `N valid, M invalid`; exit 1 when any is invalid.
    Check(check::Args),
    /// Write a payload (the last line of the output), refusing fields that break a rule.
    #[command(subcommand)]
    Build(build::Kind),
    /// Check a payload and draw it as a QR code: in the terminal, or as an SVG or PNG file.
    Qr(qr::Args),
    /// Mercado Pago: QR orders (create, show, wait until paid, cancel, refund), stores and
    /// points of sale, a webhook listener, and the legacy in-store API (the token comes from
    /// MP_ACCESS_TOKEN, the webhook secret from MP_WEBHOOK_SECRET).
    #[command(subcommand)]
    Mp(mp::Mp),
    /// Dynamic Pix: fetch and verify the charge behind a code's locations.
    #[command(subcommand)]
    Pix(pix::Pix),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Decode(args) => decode::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Build(kind) => build::run(&kind),
        Command::Qr(args) => qr::run(&args),
        Command::Mp(command) => mp::run(&command),
        Command::Pix(command) => pix::run(&command),
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
    fn error(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            lines: vec![format!("error: {}", message.into())],
        }
    }

    /// An invalid payload, or a request the API refused (exit 1).
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure::error(1, message)
    }

    /// Output that could not be written: a full disk, a file that cannot be replaced (exit 1).
    pub fn io(message: impl Into<String>) -> Failure {
        Failure::error(1, message)
    }

    /// Bad usage, or input that cannot be read (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::error(2, message)
    }

    /// The network, a timeout, the deadline, or an answer that is not the API's (exit 3).
    pub fn transport(message: impl Into<String>) -> Failure {
        Failure::error(3, message)
    }

    /// Standard output was closed: nothing more to say, to anyone (exit 141, as a shell
    /// reports a program that a closed pipe stopped).
    pub fn closed_pipe() -> Failure {
        Failure::silent(141)
    }

    /// An exit code with nothing more to say: what went wrong is already on standard output.
    pub fn silent(code: u8) -> Failure {
        Failure {
            code,
            lines: Vec::new(),
        }
    }

    /// Adds a `note:` line.
    pub fn note(mut self, message: impl Into<String>) -> Failure {
        self.lines.push(format!("note: {}", message.into()));
        self
    }

    fn report(&self) {
        for line in &self.lines {
            out::note(line);
        }
    }
}
