//! The firmware demo: parse, build, encode and draw with nothing but the stack and static
//! memory, then print the result and the stack each step used (semihosting, under qemu).
//!
//!     cargo run --release --bin demo --target thumbv7m-none-eabi
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use emvqr::qr::{self, Buffer, Ecc, Options, QrCode};
use emvqr_firmware::{MAX_VERSION, PAYLOAD, QrBuffer, Screen, build, parse, run};

/// The encoder's working memory and the display buffer: static, not on the stack.
static mut BUFFER: QrBuffer = QrBuffer::new();
static mut SCREEN: Screen = Screen::new();

#[entry]
fn main() -> ! {
    // SAFETY: main runs once, without interrupts; these are its only references.
    let (buffer, screen) = unsafe {
        (
            &mut *core::ptr::addr_of_mut!(BUFFER),
            &mut *core::ptr::addr_of_mut!(SCREEN),
        )
    };
    match run(buffer, screen) {
        Ok(report) => hprintln!("{}", report),
        Err(failure) => {
            hprintln!("error: {}", failure);
            debug::exit(debug::EXIT_FAILURE);
        }
    }
    // The worst case of each step, by stack painting.
    let parse_stack = stack_used(|| black_box(parse(black_box(PAYLOAD))).is_ok());
    let build_stack = stack_used(|| black_box(build()).is_ok());
    // The largest code the buffer holds: version 20 at level L, in bytes.
    let largest = [b'x'; 858];
    let encode_stack = stack_used(|| {
        let options = Options::new()
            .with_ecc(Ecc::Low)
            .with_min_version(MAX_VERSION)
            .with_max_version(MAX_VERSION);
        QrCode::encode_in(black_box(&largest), &options, buffer)
            .is_ok_and(|c| c.version() == MAX_VERSION)
    });
    let buffer_bytes = core::mem::size_of::<QrBuffer>();
    hprintln!(
        "stack: parse={} build={} encode_in(v{})={} buffer={}",
        parse_stack,
        build_stack,
        MAX_VERSION,
        encode_stack,
        buffer_bytes
    );
    let _ = (qr::MAX_WORDS, core::mem::size_of::<Buffer<1, 1>>());
    debug::exit(debug::EXIT_SUCCESS);
    loop {}
}

/// A word no program writes by chance.
const PAINT: u32 = 0xC0DE_F00D;

unsafe extern "C" {
    /// cortex-m-rt: the first free byte of RAM after .data and .bss; the stack grows down
    /// towards it.
    static mut __sheap: u32;
}

/// The bytes of stack `step` used: the stack below this frame is painted, `step` runs, and the
/// lowest word it changed marks its depth. Panics when `step` fails, since its stack would then
/// not be the one measured.
#[inline(never)]
fn stack_used(step: impl FnOnce() -> bool) -> usize {
    let top = cortex_m::register::msp::read() as usize;
    let bottom = core::ptr::addr_of_mut!(__sheap) as usize;
    // Leave this frame and paint_stack's own frame alone.
    let margin = 256;
    paint_stack(bottom, top - margin);
    let ok = step();
    assert!(ok, "the measured step failed");
    let mut address = bottom;
    // SAFETY: [bottom, top) is RAM between the statics and the stack pointer.
    while address < top && unsafe { core::ptr::read_volatile(address as *const u32) } == PAINT {
        address += 4;
    }
    top - address
}

#[inline(never)]
fn paint_stack(from: usize, to: usize) {
    let mut address = from;
    while address < to {
        // SAFETY: unused RAM below the stack pointer, above the statics.
        unsafe { core::ptr::write_volatile(address as *mut u32, PAINT) };
        address += 4;
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    hprintln!("panic: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
