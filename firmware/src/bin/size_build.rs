//! Flash of the builder: a static Pix code with an amount, `PixBuilder` to a `heapless::String`.
#![no_std]
#![no_main]

use core::hint::black_box;

use emvqr::amount::Amount;
use emvqr::build::PixBuilder;

#[cortex_m_rt::entry]
fn main() -> ! {
    let amount = Amount::from_minor_units(black_box(350), 2);
    let mut builder = PixBuilder::new_static(
        black_box("+5511943214321"),
        black_box("MAQUINA 42"),
        black_box("SAO PAULO"),
    );
    if let Ok(amount) = &amount {
        builder.amount(amount);
    }
    black_box(builder.build().map(|code| code.len()).ok());
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
