//! The scheme views and builders: arbitrary text → every recognised view and every accessor
//! (never a panic); structured inputs → the Pix (composite codes, alphanumeric CNPJ keys,
//! Saque) and KHQR builders → what they write parses strictly and reads back the same.
#![no_main]

use arbitrary::Arbitrary;
use emvqr::Payload;
use emvqr::amount::{Amount, Currency};
use emvqr::build::{KhqrBuilder, PixBuilder};
use emvqr::schemes::{self, Scheme};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct PixInput {
    key: Option<String>,
    url: Option<String>,
    recurrence: Option<String>,
    fss: Option<String>,
    info: Option<String>,
    cents: u32,
    name: String,
    city: String,
}

#[derive(Arbitrary, Debug)]
struct KhqrInput {
    merchant: bool,
    account: String,
    merchant_id: String,
    bank: String,
    dollars: bool,
    units: u32,
    created: u64,
    expires: u64,
    name: String,
    city: String,
}

#[derive(Arbitrary, Debug)]
enum Input {
    Text(String),
    Pix(PixInput),
    Khqr(KhqrInput),
}

fn views(payload: &Payload<'_>) {
    for scheme in schemes::recognise(payload) {
        let _ = scheme.to_string();
        match scheme {
            Scheme::Pix(pix) => {
                let _ = (pix.key_kind(), pix.recurrence(), pix.journey(), pix.txid());
            }
            Scheme::Khqr(khqr) => {
                let _ = (khqr.created_at(), khqr.expires_at(), khqr.merchant_id());
            }
            Scheme::BreB(breb) => {
                let _ = (breb.key(), breb.transaction_id(), breb.security());
            }
            Scheme::KeQr(keqr) => {
                let _ = keqr.provider_account();
            }
            _ => {}
        }
    }
}

fuzz_target!(|input: Input| match input {
    Input::Text(text) => {
        if let Ok(payload) = Payload::parse_lenient(&text) {
            views(&payload);
        }
    }
    Input::Pix(pix) => {
        let mut builder = match (&pix.key, &pix.url, &pix.recurrence) {
            (Some(key), _, _) => PixBuilder::new_static(key, &pix.name, &pix.city),
            (None, Some(url), _) => PixBuilder::new_dynamic(url, &pix.name, &pix.city),
            (None, None, Some(location)) => {
                PixBuilder::new_recurrence(location, &pix.name, &pix.city)
            }
            (None, None, None) => return,
        };
        if let (Some(location), true) = (&pix.recurrence, pix.key.is_some() || pix.url.is_some()) {
            builder.recurrence(location);
        }
        if let Some(fss) = &pix.fss {
            builder.fss(fss);
        }
        if let Some(info) = &pix.info {
            builder.info(info);
        }
        let amount = Amount::from_minor_units(u64::from(pix.cents), Currency::BRL.exponent).ok();
        if let Some(amount) = &amount {
            builder.amount(amount);
        }
        // The Pix builder checks its fields as it writes them; the general builder, with the
        // parser's check, must agree (its own refusals of over-long keys come first and have
        // no offset).
        let built = builder.build();
        match &built {
            Err(error) if !error.has_offset() => assert!(builder.to_builder().build().is_err()),
            _ => assert_eq!(built, builder.to_builder().build()),
        }
        let Ok(code) = built else { return };
        let payload = Payload::parse(&code).expect("what the builder writes parses strictly");
        let view = schemes::pix::Pix::find(&payload).expect("a Pix code reads as Pix");
        assert_eq!(view.key(), pix.key.as_deref());
        if pix.key.is_none() {
            assert_eq!(view.url(), pix.url.as_deref());
        }
        assert_eq!(view.recurrence(), pix.recurrence.as_deref());
        views(&payload);
    }
    Input::Khqr(khqr) => {
        let mut builder = if khqr.merchant {
            KhqrBuilder::merchant(
                &khqr.account,
                &khqr.merchant_id,
                &khqr.bank,
                &khqr.name,
                &khqr.city,
            )
        } else {
            KhqrBuilder::individual(&khqr.account, &khqr.name, &khqr.city)
        };
        let currency = if khqr.dollars {
            Currency::USD
        } else {
            Currency::KHR
        };
        builder
            .currency(currency)
            .created_at(khqr.created)
            .expires_at(khqr.expires);
        let amount = Amount::from_minor_units(u64::from(khqr.units), currency.exponent).ok();
        if let Some(amount) = &amount {
            builder.amount(amount);
        }
        let Ok(code) = builder.build() else { return };
        let payload = Payload::parse(&code).expect("what the builder writes parses strictly");
        let view = schemes::khqr::Khqr::find(&payload).expect("a KHQR code reads as KHQR");
        assert_eq!(view.account_id(), Some(khqr.account.as_str()));
        assert_eq!(view.expires_at(), Some(khqr.expires));
        views(&payload);
    }
});
