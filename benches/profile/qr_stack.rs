//! Measures the stack one encoding needs: `cargo run --release --example qr_stack -- <how>
//! <len>`, where `how` is `encode`, `encode_in20`, `encode_in20_byte`, `encode_in40` or
//! `encode_in40_byte` and `len` a payload length (of `a`s, so byte and optimal segmentations
//! give the same version).
//!
//! Each probe runs in a child process: a thread with a 256 KiB stack first recurses through
//! `depth` frames of a known size, then encodes. The deepest recursion that does not overflow
//! the stack, found by bisection, against the same for a run that does not encode, gives the
//! encoder's stack to within one frame (its size is printed). The `QrCode` that `encode`
//! returns is in the caller's frame and counted separately (4,248 bytes); `Buffer`s are on the
//! heap.
use std::hint::black_box;
use std::process::Command;

use emvqr::qr::{self, Buffer, Ecc, Error, Options, QrCode, Segmentation};

type Buffer20 = Buffer<{ qr::buffer_words(20) }, { qr::buffer_bytes(20) }>;
type Buffer40 = Buffer<{ qr::buffer_words(40) }, { qr::buffer_bytes(40) }>;

const THREAD_STACK: usize = 256 * 1024;

fn version_in<const W: usize, const B: usize>(
    data: &[u8],
    options: &Options,
    buffer: &mut Buffer<W, B>,
) -> u8 {
    QrCode::encode_in(data, options, buffer).map_or(0, |code| code.version())
}

/// Encodes as `how` says, through opaque function pointers (nothing inlined into the caller).
fn run(how: &str, data: &[u8], buffers: &mut (Box<Buffer20>, Box<Buffer40>)) -> u8 {
    let optimal = Options::new().with_ecc(Ecc::Low);
    let byte = optimal.with_segmentation(Segmentation::Byte);
    let encode: fn(&[u8], &Options) -> Result<QrCode, Error> = black_box(QrCode::encode);
    let in20: fn(&[u8], &Options, &mut Buffer20) -> u8 = black_box(version_in);
    let in40: fn(&[u8], &Options, &mut Buffer40) -> u8 = black_box(version_in);
    match how {
        "encode" => encode(data, &optimal).map_or(0, |code| code.version()),
        "encode_in20" => in20(data, &optimal, &mut buffers.0),
        "encode_in20_byte" => in20(data, &byte, &mut buffers.0),
        "encode_in40" => in40(data, &optimal, &mut buffers.1),
        "encode_in40_byte" => in40(data, &byte, &mut buffers.1),
        _ => 0,
    }
}

/// Recurses `depth` frames, then runs the encoding; returns the frame's address (to size it).
#[inline(never)]
fn descend(
    depth: usize,
    how: &str,
    data: &[u8],
    buffers: &mut (Box<Buffer20>, Box<Buffer40>),
) -> usize {
    let frame = black_box([0u8; 64]);
    if depth == 0 {
        black_box(run(how, data, buffers));
        return black_box(&frame).as_ptr() as usize;
    }
    black_box(descend(depth - 1, how, data, buffers)) + usize::from(frame[0])
}

fn probe(how: &str, len: usize, depth: usize) -> bool {
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--probe", how, &len.to_string(), &depth.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    status.success()
}

/// The deepest recursion that still completes.
fn deepest(how: &str, len: usize) -> usize {
    let (mut fits, mut overflows) = (0, THREAD_STACK / 16);
    while overflows - fits > 1 {
        let middle = (fits + overflows) / 2;
        if probe(how, len, middle) {
            fits = middle;
        } else {
            overflows = middle;
        }
    }
    fits
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--probe") {
        let (how, len, depth) = (
            args[1].clone(),
            args[2].parse().unwrap(),
            args[3].parse().unwrap(),
        );
        let handle = std::thread::Builder::new()
            .stack_size(THREAD_STACK)
            .spawn(move || {
                let data = vec![b'a'; len];
                let mut buffers = (Box::new(Buffer::new()), Box::new(Buffer::new()));
                descend(depth, &how, &data, &mut buffers)
            })
            .unwrap();
        handle.join().unwrap();
        return;
    }
    let how = args.first().cloned().unwrap_or_else(|| "encode".into());
    let len: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(187);
    let data = vec![b'a'; len];
    let mut buffers = (Box::new(Buffer::new()), Box::new(Buffer::new()));
    let version = run(&how, &data, &mut buffers);
    // Two frames' addresses apart give the frame size.
    let mut none = (Box::new(Buffer::new()), Box::new(Buffer::new()));
    let frame = descend(0, "none", &[], &mut none) - descend(1, "none", &[], &mut none);
    let baseline = deepest("none", len);
    let with = deepest(&how, len);
    println!(
        "{how} {len} bytes (version {version}): {} bytes of stack (± {frame}, the frame size)",
        (baseline - with) * frame
    );
}
