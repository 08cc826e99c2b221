//! The demo's computation on the host: CI compares this line with what the microcontroller
//! prints under qemu.
//!
//!     cargo run --example host --manifest-path firmware/Cargo.toml
use emvqr_firmware::{QrBuffer, Screen, run};

fn main() {
    let mut buffer = QrBuffer::new();
    let mut screen = Screen::new();
    match run(&mut buffer, &mut screen) {
        Ok(report) => println!("{report}"),
        Err(failure) => {
            eprintln!("{failure}");
            std::process::exit(1);
        }
    }
}
