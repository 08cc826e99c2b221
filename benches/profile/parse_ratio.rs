//! emvqr's strict parse against pix-brcode-parser, interleaved: round after round, a batch of
//! each, timed back to back, so that the ratio of a round is measured under one machine state.
//! Prints the median time of each and the median of the per-round ratios, then the ratio of
//! the fastest rounds (the least disturbed by other work on the machine).
//!
//!     cargo run --release --example parse_ratio [ROUNDS]
//!
//! On a shared, noisy machine this ratio moves far less than two criterion benchmarks run
//! seconds apart; criterion stays the report of record (`benches/parse.rs`).
use std::hint::black_box;
use std::time::Instant;

#[path = "../inputs.rs"]
mod inputs;

const BATCH: u32 = 20_000;

fn batch(parse: impl Fn(&str) -> bool, code: &str) -> f64 {
    let start = Instant::now();
    for _ in 0..BATCH {
        black_box(parse(black_box(code)));
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(BATCH)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(41);
    let code = inputs::PIX_DYNAMIC_187;
    let emvqr = |code: &str| emvqr::Payload::parse(code).is_ok();
    let peer = |code: &str| pix_brcode_parser::parse_brcode(code).is_ok();
    // The peer refuses this code (uppercase GUI, dynamic URL) after walking it, as in
    // benches/parse.rs: its time is time-to-error.
    assert!(emvqr(code), "emvqr must read the code");
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternate which goes first, so that neither always runs on a warmer machine.
        let (a, b) = if round % 2 == 0 {
            let a = batch(emvqr, code);
            (a, batch(peer, code))
        } else {
            let b = batch(peer, code);
            (batch(emvqr, code), b)
        };
        ours.push(a);
        theirs.push(b);
        ratios.push(b / a);
    }
    let fastest = |times: &[f64]| times.iter().copied().fold(f64::INFINITY, f64::min);
    let best = fastest(&theirs) / fastest(&ours);
    println!(
        "emvqr strict {:.0} ns, pix-brcode-parser {:.0} ns, ratio {:.1}x (medians of {rounds} \
         rounds); fastest rounds {:.0} ns and {:.0} ns, ratio {best:.1}x",
        median(&mut ours),
        median(&mut theirs),
        median(&mut ratios),
        fastest(&ours),
        fastest(&theirs),
    );
}
