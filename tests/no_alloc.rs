//! A counting global allocator proves that parsing, encoding and rendering to text allocate
//! nothing.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use emvqr::Payload;

struct Counting;

thread_local! {
    /// Whether this thread is counting, and what it counted: per thread, so that tests running
    /// in parallel do not see each other's allocations.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    if COUNTING.with(Cell::get) {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn the_counter_sees_allocations() {
    // Without this, a broken counter would make the real test pass vacuously.
    assert_eq!(
        allocations_in(|| drop(std::hint::black_box(Box::new(7u64)))),
        1
    );
}

#[test]
fn parsing_allocates_nothing() {
    let payloads = common::payloads();
    assert!(payloads.len() > 80);
    let count = allocations_in(|| {
        for code in &payloads {
            for result in [Payload::parse(code), Payload::parse_lenient(code)] {
                match result {
                    Ok(payload) => {
                        let fields = payload.fields().count();
                        let accounts = payload.merchant_accounts().filter_map(|a| a.gui()).count();
                        let sub = payload
                            .additional_data()
                            .and_then(|d| d.reference_label())
                            .map_or(0, str::len);
                        let name = payload.merchant_name().map_or(0, str::len);
                        std::hint::black_box((
                            fields,
                            accounts,
                            sub,
                            name,
                            payload.deviations().len(),
                        ));
                    }
                    Err(error) => {
                        std::hint::black_box((error.kind(), error.offset(), error.path()));
                    }
                }
            }
        }
    });
    assert_eq!(count, 0, "parsing allocated {count} times");
}

#[test]
fn formatting_an_error_into_a_fixed_buffer_allocates_nothing() {
    use std::fmt::Write;
    let code = "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
    let mut buffer = heapless_string::Buffer::default();
    let count = allocations_in(|| {
        let error = Payload::parse(code).unwrap_err();
        write!(buffer, "{error}").unwrap();
    });
    assert_eq!(count, 0);
    assert!(buffer.as_str().contains("field 59"));
}

mod heapless_string {
    /// A fixed-capacity `fmt::Write` sink.
    pub struct Buffer {
        bytes: [u8; 512],
        len: usize,
    }

    impl Default for Buffer {
        fn default() -> Buffer {
            Buffer {
                bytes: [0; 512],
                len: 0,
            }
        }
    }

    impl Buffer {
        pub fn as_str(&self) -> &str {
            std::str::from_utf8(&self.bytes[..self.len]).unwrap()
        }
    }

    impl std::fmt::Write for Buffer {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let end = self.len + s.len();
            self.bytes
                .get_mut(self.len..end)
                .ok_or(std::fmt::Error)?
                .copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }
}

#[test]
fn encoding_allocates_nothing() {
    use emvqr::qr::{self, Buffer, Ecc, Options, QrCode, Segmentation};
    let payloads = common::payloads();
    let count = allocations_in(|| {
        for (i, code) in payloads.iter().enumerate() {
            let options = Options::new()
                .with_ecc(Ecc::ALL[i % 4])
                .with_mask(if i % 3 == 0 {
                    Some((i % 8) as u8)
                } else {
                    None
                })
                .with_segmentation(if i % 2 == 0 {
                    Segmentation::Optimal
                } else {
                    Segmentation::Byte
                });
            let symbol = QrCode::encode(code.as_bytes(), &options).unwrap();
            std::hint::black_box((symbol.version(), symbol.module(0, 0)));
        }
        // The caller's-buffer variant, and a version 40 symbol.
        let mut buffer = Buffer::<{ qr::buffer_words(10) }, { qr::buffer_bytes(10) }>::new();
        let short = payloads.iter().find(|p| p.len() < 200).unwrap();
        let symbol = QrCode::encode_in(
            short.as_bytes(),
            &Options::new().with_max_version(10),
            &mut buffer,
        )
        .unwrap();
        std::hint::black_box(symbol.mask());
        let big = [b'7'; 7000];
        std::hint::black_box(
            QrCode::encode(&big, &Options::new().with_ecc(Ecc::Low))
                .unwrap()
                .version(),
        );
    });
    assert_eq!(count, 0, "encoding allocated {count} times");
}

#[test]
fn rendering_to_text_and_svg_allocates_nothing() {
    use emvqr::qr::{Options, QrCode};
    use emvqr::render::{self, Background};
    let payloads = common::payloads();
    let symbols: Vec<QrCode> = payloads
        .iter()
        .map(|p| QrCode::encode(p.as_bytes(), &Options::default()).unwrap())
        .collect();
    let count = allocations_in(|| {
        for symbol in &symbols {
            let layout = emvqr::render::Layout::new();
            let mut text = heapless::String::<32768>::new();
            render::terminal(symbol, &layout, Background::Dark, &mut text).unwrap();
            let mut svg = heapless::String::<32768>::new();
            render::svg(symbol, &layout, &mut svg).unwrap();
            std::hint::black_box((text.len(), svg.len(), render::svg_len(symbol, &layout)));
        }
    });
    assert_eq!(count, 0);
}
