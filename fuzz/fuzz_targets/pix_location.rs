//! The parsers of what a dynamic Pix location serves, fed hostile bytes: the compact JWS, the
//! JWK Set, each charge schema, and locations. None may panic, and what each accepts must hold
//! its invariants.
#![no_main]

use emvqr::pix_location::{Charge, ChargeKind, Date, Jws, Location, parse_jwks};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    match selector % 6 {
        0 => {
            if let Ok(jws) = Jws::parse(input) {
                let header = jws.header();
                assert!(header.x5t.is_some() || header.x5t_s256.is_some());
                assert!(jws.signing_input().iter().filter(|&&b| b == b'.').count() == 1);
            }
        }
        1 => {
            if let Ok(keys) = parse_jwks(input) {
                for key in keys {
                    assert!(key.kty != "RSA" || key.rsa.is_some());
                }
            }
        }
        2 => {
            let _ = Charge::parse(ChargeKind::Cob, input);
        }
        3 => {
            let _ = Charge::parse(ChargeKind::CobV, input);
        }
        4 => {
            let _ = Charge::parse(ChargeKind::Rec, input);
        }
        _ => {
            let Ok(text) = std::str::from_utf8(input) else {
                return;
            };
            if let Ok(location) = Location::new(text, false) {
                assert!(location.as_str().chars().count() <= 77);
                assert!(location.url(&Default::default()).starts_with("https://"));
            }
            if let Some(date) = Date::parse(text) {
                assert_eq!(date.to_string(), text);
            }
        }
    }
});
