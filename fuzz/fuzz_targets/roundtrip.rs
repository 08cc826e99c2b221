//! Structured fields → build → parse → the same fields; and the parsed payload builds back to
//! the same string. Whatever the builder accepts must parse; what it refuses, it names.
#![no_main]

use arbitrary::Arbitrary;
use emvqr::build::{Builder, Order};
use emvqr::{ParseOptions, Payload, TagPath};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Field {
    ids: (u8, Option<u8>, Option<u8>),
    value: String,
}

#[derive(Arbitrary, Debug)]
struct Input {
    as_given: bool,
    lenient: bool,
    fields: Vec<Field>,
}

fn path(ids: (u8, Option<u8>, Option<u8>)) -> TagPath {
    let mut path = TagPath::new(ids.0 % 100);
    for id in [ids.1, ids.2].into_iter().flatten() {
        // Three levels at most, so a child always exists here.
        if let Some(child) = path.child(id % 100) {
            path = child;
        }
    }
    path
}

fuzz_target!(|input: Input| {
    let options = if input.lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    let mut builder = Builder::new();
    builder.options(options);
    if input.as_given {
        builder.order(Order::AsGiven);
    }
    let mut expected: Vec<(TagPath, &str)> = Vec::new();
    for field in &input.fields {
        let path = path(field.ids);
        builder.field(path, &field.value);
        expected.retain(|(p, _)| *p != path);
        expected.push((path, &field.value));
    }
    let mut out = [0u8; 4096];
    let text = match builder.build_into(&mut out) {
        Ok(text) => text,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    let payload = Payload::parse_with(text, &options).expect("what the builder writes parses");
    for (path, value) in expected {
        let ids = path.ids();
        let mut field = payload.get(ids[0]).expect("every root field is there");
        for &id in &ids[1..] {
            field = field.subfield(id).expect("every sub-field is there");
        }
        assert_eq!(field.value(), value);
    }
    let mut again = [0u8; 4096];
    assert_eq!(
        Builder::from_payload(&payload).build_into(&mut again).ok(),
        Some(text)
    );
});
