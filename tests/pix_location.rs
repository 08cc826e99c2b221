//! Dynamic Pix resolution against a local HTTPS server of the tests' own: a test CA and
//! certificates made here (rcgen, with the RSA keys beside this file), charges signed here
//! (ring), and every way a location's answer can be wrong, each with the failure it must
//! name. Then the public examples of the Pix API's `openapi.yaml` that can be checked offline.
#![cfg(feature = "pix-location-ureq")]

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use emvqr::Payload;
use emvqr::build::PixBuilder;
use emvqr::pix_location::{
    Charge, ChargeKind, ChargeStatus, CobvQuery, Concern, Date, Error, Failure, Jws, Location,
    MunicipalityCode, Resolver, Verifier, locations,
};
use rcgen::KeyUsagePurpose;
use ring::signature;

#[path = "support/pix_server.rs"]
mod pix_server;

use pix_server::*;

const TXID: &str = "fc9a4366ff3d4964b5dbc6c91a8722d3";

fn cob(status: &str, created: i64, expires: u32) -> serde_json::Value {
    serde_json::json!({
        "calendario": {"criacao": rfc3339(created), "apresentacao": rfc3339(now()), "expiracao": expires},
        "txid": TXID, "revisao": 0, "status": status,
        "valor": {"original": "150.00"},
        "chave": "7407c9c8-f78b-11ea-adc1-0242ac120002",
        "solicitacaoPagador": "Pedido 1042",
    })
}

/// Serves `jws` at the cob location and `jwks` at /jwks; resolves it.
fn resolve_cob(
    pki: &Pki,
    jws: String,
    jwks: Vec<u8>,
) -> Result<emvqr::pix_location::Resolved, Error> {
    let server = Server::start(
        &pki.leaf,
        HashMap::from([("/qr/v2/9d36b84f", jose(jws)), ("/jwks", json(jwks))]),
    );
    let resolver = Resolver::new(trust(pki)).with_connect_to(HOST, server.address);
    let location = Location::new(&format!("{HOST}/qr/v2/9d36b84f"), false).unwrap();
    resolver.resolve(&location, &CobvQuery::default())
}

fn jku() -> String {
    format!("https://{HOST}/jwks")
}

fn refusal(result: Result<emvqr::pix_location::Resolved, Error>) -> Failure {
    match result {
        Err(Error::Refused { failure, .. }) => failure,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn rs256_and_ps256_charges_verify() {
    let pki = pki();
    for alg in ["RS256", "PS256"] {
        let jws = pki.leaf.sign(alg, &jku(), &cob("ATIVA", now() - 60, 3600));
        let resolved = resolve_cob(&pki, jws, pki.leaf.jwks()).unwrap();
        assert_eq!(resolved.algorithm.name(), alg);
        let Charge::Cob(charge) = &resolved.charge else {
            panic!("{:?}", resolved.charge)
        };
        assert_eq!(
            (charge.txid.as_str(), charge.amount.as_str()),
            (TXID, "150.00")
        );
        assert_eq!(charge.status, ChargeStatus::Active);
        assert!(resolved.charge.concerns(now(), None).is_empty());
        let checks: Vec<&str> = resolved.steps.iter().map(|s| s.check).collect();
        assert_eq!(
            checks,
            [
                "TLS",
                "JWS",
                "alg",
                "jku",
                "kid",
                "x5t",
                "x5t#S256",
                "key",
                "chain",
                "name",
                "key usage",
                "signature",
                "schema"
            ]
        );
    }
}

#[test]
fn a_payload_changed_after_signing_is_refused() {
    let pki = pki();
    let jws = pki.leaf.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
    let tampered = cob("ATIVA", now(), 3600)
        .to_string()
        .replace("150.00", "1.50");
    parts[1] = URL_SAFE_NO_PAD.encode(tampered);
    let failure = refusal(resolve_cob(&pki, parts.join("."), pki.leaf.jwks()));
    assert_eq!(failure, Failure::Signature("RS256"));
    assert!(failure.to_string().contains("changed after signing"));
}

#[test]
fn a_wrong_thumbprint_is_named_with_both_values() {
    let pki = pki();
    let other = pki.trusted.leaf(HOST, "other", |_| {});
    let header = serde_json::json!({
        "alg": "RS256", "jku": jku(), "kid": "k1",
        "x5t#S256": URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, other.der())),
    });
    let jws = sign_with(
        &pki.leaf.pkcs8,
        "RS256",
        &header,
        &cob("ATIVA", now(), 3600),
    );
    let failure = refusal(resolve_cob(&pki, jws, pki.leaf.jwks()));
    let Failure::Thumbprint {
        name,
        stated,
        computed,
    } = &failure
    else {
        panic!("{failure:?}")
    };
    assert_eq!(*name, "x5t#S256");
    assert_eq!(
        *stated,
        URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, other.der()))
    );
    assert_eq!(
        *computed,
        URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, pki.leaf.der()))
    );
    assert!(failure.to_string().contains(&format!(
        "the header's x5t#S256 is {stated}, but the SHA-256 of the x5c leaf"
    )));
}

#[test]
fn alg_none_and_hmac_are_refused() {
    let pki = pki();
    for alg in ["none", "HS256"] {
        let header = serde_json::json!({"alg": alg, "jku": jku(), "kid": "k1", "x5t": URL_SAFE_NO_PAD.encode([0u8; 20])});
        let jws = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(cob("ATIVA", now(), 3600).to_string())
        );
        assert_eq!(
            refusal(resolve_cob(&pki, jws, pki.leaf.jwks())),
            Failure::Algorithm(alg.into())
        );
    }
}

#[test]
fn a_key_set_on_another_host_or_a_leaf_for_another_host_is_refused() {
    let pki = pki();
    let jws = pki.leaf.sign(
        "RS256",
        "https://keys.example.test/jwks",
        &cob("ATIVA", now(), 3600),
    );
    assert_eq!(
        refusal(resolve_cob(&pki, jws, pki.leaf.jwks())),
        Failure::JkuHost {
            jku_host: "keys.example.test".into(),
            location_host: HOST.into()
        }
    );
    // The signing certificate is for another host, though served from the right one.
    let elsewhere = pki.trusted.leaf("other.example.test", "other", |_| {});
    let jws = elsewhere.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    assert_eq!(
        refusal(resolve_cob(&pki, jws, elsewhere.jwks())),
        Failure::NameMismatch(HOST.into())
    );
}

#[test]
fn the_strict_choices_are_options() {
    let pki = pki();
    // A key set on another host, signed by a certificate for that host.
    let keys_host = "keys.example.test";
    let signer = pki.trusted.leaf(keys_host, "other", |_| {});
    let jws = signer.sign(
        "RS256",
        &format!("https://{keys_host}/jwks"),
        &cob("ATIVA", now(), 3600),
    );
    let location_server = Server::start(&pki.leaf, HashMap::from([("/qr/v2/1", jose(jws))]));
    let keys_server = Server::start(&signer, HashMap::from([("/jwks", json(signer.jwks()))]));
    let location = Location::new(&format!("{HOST}/qr/v2/1"), false).unwrap();
    let resolver = |verifier: Verifier| {
        Resolver::with_verifier(verifier)
            .with_connect_to(HOST, location_server.address)
            .with_connect_to(keys_host, keys_server.address)
    };
    let strict = resolver(Verifier::new(trust(&pki))).resolve(&location, &CobvQuery::default());
    assert!(matches!(refusal(strict), Failure::JkuHost { .. }));
    let relaxed = resolver(Verifier::new(trust(&pki)).allow_key_set_on_other_hosts())
        .resolve(&location, &CobvQuery::default())
        .unwrap();
    assert!(
        relaxed
            .steps
            .iter()
            .any(|s| s.detail == format!("the leaf certificate names {keys_host}"))
    );

    // A signing certificate for TLS clients only.
    let client_only = pki.trusted.leaf(HOST, "other", |params| {
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    });
    let jws = client_only.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    let Failure::Untrusted(why) = refusal(resolve_cob(&pki, jws.clone(), client_only.jwks()))
    else {
        panic!()
    };
    assert!(why.contains("not for TLS servers"), "{why}");
    let server = Server::start(
        &pki.leaf,
        HashMap::from([
            ("/qr/v2/9d36b84f", jose(jws)),
            ("/jwks", json(client_only.jwks())),
        ]),
    );
    let location = Location::new(&format!("{HOST}/qr/v2/9d36b84f"), false).unwrap();
    Resolver::with_verifier(Verifier::new(trust(&pki)).allow_any_extended_key_usage())
        .with_connect_to(HOST, server.address)
        .resolve(&location, &CobvQuery::default())
        .unwrap();
}

#[test]
fn a_signing_chain_to_an_untrusted_root_or_without_digital_signature_is_refused() {
    let pki = pki();
    let rogue = Authority::new("not a trusted root", "rogue").leaf(HOST, "other", |_| {});
    let jws = rogue.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    let Failure::Untrusted(why) = refusal(resolve_cob(&pki, jws, rogue.jwks())) else {
        panic!()
    };
    assert!(why.contains("does not reach a trusted root"), "{why}");

    let no_signature = pki.trusted.leaf(HOST, "other", |params| {
        params.key_usages = vec![KeyUsagePurpose::KeyEncipherment];
    });
    let jws = no_signature.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    assert_eq!(
        refusal(resolve_cob(&pki, jws, no_signature.jwks())),
        Failure::KeyUsage
    );

    let expired = pki.trusted.leaf(HOST, "other", |params| {
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2021, 1, 1);
    });
    let jws = expired.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    let Failure::Untrusted(why) = refusal(resolve_cob(&pki, jws, expired.jwks())) else {
        panic!()
    };
    assert!(why.contains("expired"), "{why}");

    // A JWK that is not its own certificate's key.
    let mut jwks: serde_json::Value = serde_json::from_slice(&pki.leaf.jwks()).unwrap();
    let other_jwks: serde_json::Value = serde_json::from_slice(&no_signature.jwks()).unwrap();
    jwks["keys"][0]["n"] = other_jwks["keys"][0]["n"].clone();
    let jws = pki.leaf.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    assert_eq!(
        refusal(resolve_cob(&pki, jws, jwks.to_string().into_bytes())),
        Failure::KeyMismatch
    );
}

#[test]
fn an_untrusted_tls_certificate_is_a_transport_failure() {
    let pki = pki();
    let rogue = Authority::new("not a trusted root", "rogue").leaf(HOST, "other", |_| {});
    let jws = pki.leaf.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    let server = Server::start(&rogue, HashMap::from([("/qr/v2/1", jose(jws))]));
    let resolver = Resolver::new(trust(&pki)).with_connect_to(HOST, server.address);
    let location = Location::new(&format!("{HOST}/qr/v2/1"), false).unwrap();
    let error = resolver
        .resolve(&location, &CobvQuery::default())
        .unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
    assert!(
        server.requests().is_empty(),
        "no request was sent over the untrusted connection"
    );
}

#[test]
fn expired_and_concluded_charges_are_not_payable() {
    let pki = pki();
    let jws = pki
        .leaf
        .sign("RS256", &jku(), &cob("ATIVA", now() - 2 * 86_400, 3600));
    let resolved = resolve_cob(&pki, jws, pki.leaf.jwks()).unwrap();
    let concerns = resolved.charge.concerns(now(), None);
    assert!(
        matches!(concerns[..], [Concern::Expired { at }] if at == now() - 2 * 86_400 + 3600 || at == now() - 2 * 86_400 + 3599)
    );
    assert!(concerns[0].blocks_payment());

    let jws = pki
        .leaf
        .sign("RS256", &jku(), &cob("CONCLUIDA", now(), 3600));
    let resolved = resolve_cob(&pki, jws, pki.leaf.jwks()).unwrap();
    assert_eq!(
        resolved.charge.concerns(now(), None),
        [Concern::NotActive("CONCLUIDA".into())]
    );
}

#[test]
fn a_cobv_is_asked_with_cod_mun_and_dpp() {
    let pki = pki();
    let charge = serde_json::json!({
        "calendario": {"criacao": rfc3339(now()), "apresentacao": rfc3339(now()), "dataDeVencimento": Date::in_brasilia(now()).plus(10).to_string(), "validadeAposVencimento": 30},
        "devedor": {"cnpj": "12ABC34501DE35", "nome": "Empresa de Alimentos SA"},
        "recebedor": {"cnpj": "60701190000104", "nome": "Empresa de Abastecimento SA", "logradouro": "Rua 20", "cidade": "Belo Horizonte", "uf": "MG", "cep": "30110000"},
        "txid": TXID, "revisao": 1, "status": "ATIVA",
        "valor": {"original": "123.45", "multa": "15.00", "final": "140.45"},
        "chave": "7407c9c8-f78b-11ea-adc1-0242ac120002",
    });
    let jws = pki.leaf.sign("PS256", &jku(), &charge);
    let server = Server::start(
        &pki.leaf,
        HashMap::from([
            ("/qr/v2/cobv/77aa", jose(jws)),
            ("/jwks", json(pki.leaf.jwks())),
        ]),
    );
    let code = PixBuilder::new_dynamic(&format!("{HOST}/qr/v2/cobv/77aa"), "LOJA", "RECIFE")
        .build()
        .unwrap();
    let payload = Payload::parse(&code).unwrap();
    let query = CobvQuery {
        cod_mun: Some(MunicipalityCode::new("3550308").unwrap()),
        dpp: Date::parse("2026-12-10"),
    };
    let resolver = Resolver::new(trust(&pki)).with_connect_to(HOST, server.address);
    let resolutions = resolver.resolve_payload(&payload, &query);
    assert_eq!(resolutions.len(), 1);
    assert_eq!(resolutions[0].path.to_string(), "26.25");
    let resolved = resolutions[0].result.as_ref().unwrap();
    assert_eq!(resolved.location.kind(), ChargeKind::CobV);
    let Charge::CobV(cobv) = &resolved.charge else {
        panic!()
    };
    assert_eq!(
        (cobv.amount.as_str(), cobv.amount.cents()),
        ("140.45", 14045)
    );
    assert_eq!(cobv.days_after_due, 30);
    assert_eq!(
        server.requests()[0],
        "/qr/v2/cobv/77aa?codMun=3550308&DPP=2026-12-10"
    );
    assert!(MunicipalityCode::new("355030").is_err() && MunicipalityCode::new("9950308").is_err());
}

#[test]
fn a_recurrence_is_read_from_its_template() {
    let pki = pki();
    let rec = serde_json::json!({
        "idRec": "RN123456782024011577825445612",
        "vinculo": {"contrato": "5582610", "devedor": {"cpf": "45164632481", "nome": "Fulano de Tal"}, "objeto": "Streaming"},
        "calendario": {"dataInicial": "2024-04-01", "periodicidade": "MENSAL"},
        "politicaRetentativa": "NAO_PERMITE",
        "valor": {"valorRec": "35.00"},
        "recebedor": {"cnpj": "28765007802371", "nome": "Startup Musical", "ispbParticipante": "12345678"},
        "atualizacao": [{"status": "CRIADA", "data": "2024-03-20T10:12:07.567Z"}],
    });
    let jws = pki.leaf.sign("RS256", &jku(), &rec);
    let server = Server::start(
        &pki.leaf,
        HashMap::from([
            ("/qr/v2/rec/5e1a", jose(jws)),
            ("/jwks", json(pki.leaf.jwks())),
        ]),
    );
    let code =
        PixBuilder::new_recurrence(&format!("{HOST}/qr/v2/rec/5e1a"), "STARTUP", "SAO PAULO")
            .build()
            .unwrap();
    let payload = Payload::parse(&code).unwrap();
    let resolver = Resolver::new(trust(&pki)).with_connect_to(HOST, server.address);
    let resolutions = resolver.resolve_payload(&payload, &CobvQuery::default());
    assert_eq!(resolutions[0].path.to_string(), "80.25");
    let resolved = resolutions[0].result.as_ref().unwrap();
    let Charge::Rec(rec) = &resolved.charge else {
        panic!()
    };
    assert_eq!(
        (
            rec.id.as_str(),
            rec.periodicity.as_str(),
            rec.status.as_str()
        ),
        ("RN123456782024011577825445612", "MENSAL", "CRIADA")
    );
    assert_eq!(rec.amount.as_ref().map(|m| m.as_str()), Some("35.00"));
}

#[test]
fn a_60_mb_answer_is_not_read() {
    let pki = pki();
    let huge = Answer {
        status: 200,
        content_type: "application/jose",
        body: Body::Huge(60 << 20),
    };
    let server = Server::start(&pki.leaf, HashMap::from([("/qr/v2/big", huge)]));
    let resolver = Resolver::new(trust(&pki))
        .with_connect_to(HOST, server.address)
        .with_timeout(Duration::from_secs(20));
    let location = Location::new(&format!("{HOST}/qr/v2/big"), false).unwrap();
    let failure = refusal(resolver.resolve(&location, &CobvQuery::default()));
    assert_eq!(
        failure,
        Failure::TooLarge {
            what: "JWS",
            limit: 64 * 1024
        }
    );
}

#[test]
fn a_charge_that_is_gone_says_so() {
    let pki = pki();
    let server = Server::start(&pki.leaf, HashMap::new());
    let resolver = Resolver::new(trust(&pki)).with_connect_to(HOST, server.address);
    let location = Location::new(&format!("{HOST}/qr/v2/gone"), false).unwrap();
    let error = resolver
        .resolve(&location, &CobvQuery::default())
        .unwrap_err();
    let Error::Status { status, detail, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 404);
    assert_eq!(
        detail,
        "Cobrança não encontrada. A cobrança em questão não foi encontrada para a location requisitada."
    );
    assert!(!error.is_transport());
}

#[test]
fn keys_are_chosen_by_kid_and_thumbprint_and_need_a_chain() {
    let pki = pki();
    // Two keys named k1: the one whose leaf the header's thumbprints name is used.
    let other = pki.trusted.leaf(HOST, "other", |_| {});
    let mut jwks: serde_json::Value = serde_json::from_slice(&other.jwks()).unwrap();
    let ours: serde_json::Value = serde_json::from_slice(&pki.leaf.jwks()).unwrap();
    jwks["keys"]
        .as_array_mut()
        .unwrap()
        .push(ours["keys"][0].clone());
    let jws = pki.leaf.sign("RS256", &jku(), &cob("ATIVA", now(), 3600));
    resolve_cob(&pki, jws.clone(), jwks.to_string().into_bytes()).unwrap();
    // A key without x5c.
    let mut bare = ours.clone();
    bare["keys"][0].as_object_mut().unwrap().remove("x5c");
    assert_eq!(
        refusal(resolve_cob(
            &pki,
            jws.clone(),
            bare.to_string().into_bytes()
        )),
        Failure::NoChain { kid: "k1".into() }
    );
    // No key named k1.
    let mut renamed = ours.clone();
    renamed["keys"][0]["kid"] = "k2".into();
    assert_eq!(
        refusal(resolve_cob(&pki, jws, renamed.to_string().into_bytes())),
        Failure::KeyNotFound {
            kid: "k1".into(),
            kids: "k2".into()
        }
    );
    // A jku written in capitals is the same host; a jku with a space in it is refused.
    let jws = pki.leaf.sign(
        "RS256",
        "https://PIX.Example.TEST/jwks",
        &cob("ATIVA", now(), 3600),
    );
    let server = Server::start(
        &pki.leaf,
        HashMap::from([
            ("/qr/v2/9d36b84f", jose(jws)),
            ("/jwks", json(pki.leaf.jwks())),
        ]),
    );
    let location = Location::new(&format!("{HOST}/qr/v2/9d36b84f"), false).unwrap();
    Resolver::new(trust(&pki))
        .with_connect_to(HOST, server.address)
        .resolve(&location, &CobvQuery::default())
        .unwrap();
    let jws = pki.leaf.sign(
        "RS256",
        &format!("https://{HOST}/jw ks"),
        &cob("ATIVA", now(), 3600),
    );
    assert!(matches!(
        refusal(resolve_cob(&pki, jws, pki.leaf.jwks())),
        Failure::Jku(_)
    ));
}

#[test]
fn due_dates_and_expiry_at_their_edges() {
    let cobv = |due: &str, days: u32| {
        let json = serde_json::json!({
            "calendario": {"criacao": "2026-01-01T00:00:00-03:00", "apresentacao": "2026-01-01T00:00:00Z", "dataDeVencimento": due, "validadeAposVencimento": days},
            "devedor": {"cpf": "12345678909", "nome": "Fulano"},
            "recebedor": {"cnpj": "60701190000104", "nome": "Loja", "logradouro": "Rua 1", "cidade": "Recife", "uf": "PE", "cep": "50000000"},
            "txid": TXID, "revisao": 0, "status": "ATIVA", "valor": {"final": "10.00"},
            "chave": "7407c9c8-f78b-11ea-adc1-0242ac120002",
        });
        Charge::parse(ChargeKind::CobV, json.to_string().as_bytes()).unwrap()
    };
    // Payable through 2028-02-29 + 1 = 2028-03-01 in Brasília: 2028-03-02T02:59:59Z is still
    // 1 March there; 03:00:00Z is 2 March.
    let charge = cobv("2028-02-29", 1);
    let last_moment = 1_835_578_799; // 2028-03-02T02:59:59Z
    assert!(charge.concerns(last_moment, None).is_empty());
    assert_eq!(
        charge.concerns(last_moment + 1, None),
        [Concern::PastDue {
            last_day: Date::parse("2028-03-01").unwrap()
        }]
    );
    // A cob expires after criacao + expiracao, not at it; offsets are read.
    let Charge::Cob(immediate) = Charge::parse(
        ChargeKind::Cob,
        cob("ATIVA", 0, 60)
            .to_string()
            .replace("1970-01-01T00:00:00Z", "1969-12-31T21:00:00-03:00")
            .as_bytes(),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(immediate.created, 0);
    let charge = Charge::Cob(immediate);
    assert!(charge.concerns(60, None).is_empty());
    assert_eq!(charge.concerns(61, None), [Concern::Expired { at: 60 }]);
    // Offsets out of range, and dates far away, are refused or held without overflow.
    for bad in [
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00+-1:-5",
        "2026-01-01T00:00:00+01:60",
    ] {
        let json = cob("ATIVA", 0, 60)
            .to_string()
            .replace("1970-01-01T00:00:00Z", bad);
        assert_eq!(
            Charge::parse(ChargeKind::Cob, json.as_bytes())
                .unwrap_err()
                .path,
            "calendario.criacao",
            "{bad}"
        );
    }
    assert!(charge.concerns(i64::MIN, None).is_empty());
    assert_eq!(charge.concerns(i64::MAX, None).len(), 1);
    let _ = Date::from_days(i64::MAX).plus(i64::MAX).to_string();
}

#[test]
fn locations_are_checked_before_any_connection() {
    for (text, why) in [
        ("https://pix.example.com/qr/1", "no https://"),
        ("pix.example.com", "not a host alone"),
        ("192.168.0.1/qr/1", "is not a DNS name"),
        ("pix.example.com:8443/qr/1", "':' at byte 15"),
        ("user@pix.example.com/qr/1", "'@' at byte 4"),
        ("pix.example.com/qr/1?x=1", "'?' at byte 20"),
        ("0x7f.0x1/qr/1", "is not a DNS name"),
        ("127.0.0.1/qr/1", "is not a DNS name"),
    ] {
        let error = Location::new(text, false).unwrap_err();
        assert!(error.to_string().contains(why), "{text}: {error}");
    }
    let long = format!("pix.example.com/{}", "a".repeat(62));
    assert!(
        Location::new(&long, false)
            .unwrap_err()
            .to_string()
            .contains("78")
    );
    let static_code = PixBuilder::new_static("fulano@example.com", "F", "B")
        .build()
        .unwrap();
    assert!(locations(&Payload::parse(&static_code).unwrap()).is_empty());
}

#[test]
fn the_qr_fields_a_dynamic_code_overrides_are_reported() {
    let charge = Charge::parse(
        ChargeKind::Cob,
        cob("ATIVA", now(), 3600).to_string().as_bytes(),
    )
    .unwrap();
    let mut builder = PixBuilder::new_dynamic("pix.example.com/qr/v2/1", "LOJA", "RECIFE");
    let amount = emvqr::amount::Amount::parse("9.99").unwrap();
    builder.amount(&amount);
    let code = builder.build().unwrap();
    let payload = Payload::parse(&code).unwrap();
    let concerns = charge.concerns(now(), Some(&payload));
    assert_eq!(
        concerns,
        [Concern::Ignored {
            path: "54",
            value: "9.99".into()
        }]
    );
    assert!(!concerns[0].blocks_payment());
}

// The public examples of bacen/pix-api's openapi.yaml (2.9.0): their JSON objects, and their
// compact JWS strings, whose signatures (by the RFC 7517 example key) cannot be tied to a
// certificate, so only their structure and schemas are checked.

const OPENAPI_COB_JWS: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXUyIsImtpZCI6IjIwMTEtMDQtMjkiLCJqa3UiOiJodHRwczovL3Rvb2xzLmlldGYub3JnL2h0bWwvcmZjNzUxNyIsIng1dCI6IkFwcGVuZGl4QUV4YW1wbGVBMUpXS1NSc2FLZXkifQ.eyJjYWxlbmRhcmlvIjp7ImNyaWFjYW8iOiIyMDIwLTA5LTE1VDE5OjM5OjU0LjAxM1oiLCJhcHJlc2VudGFjYW8iOiIyMDIwLTA0LTAxVDE4OjAwOjAwWiIsImV4cGlyYWNhbyI6IjM2MDAifSwidHhpZCI6ImZjOWE0MzY2ZmYzZDQ5NjRiNWRiYzZjOTFhODcyMmQzIiwicmV2aXNhbyI6IjMiLCJzdGF0dXMiOiJBVElWQSIsInZhbG9yIjp7Im9yaWdpbmFsIjoiNTAwLjAwIn0sImNoYXZlIjoiNzQwN2M5YzgtZjc4Yi0xMWVhLWFkYzEtMDI0MmFjMTIwMDAyIiwic29saWNpdGFjYW9QYWdhZG9yIjoiSW5mb3JtYXIgY2FydGFvIGZpZGVsaWRhZGUiLCJpbmZvQWRpY2lvbmFpcyI6W3sibm9tZSI6InF1YW50aWRhZGUiLCJ2YWxvciI6IjIifV19.qI7NUrYkwcgXmyoyOjt2YLQyhxH-lPdr3xQ7RId9TDXZ-MlWmPJkUScjuo1Nz_EvlSotbWDGOxErBXHeTLHOQM-9T7lBmG5iw6uEX7L5U72XiganIm80EZCFD1vBPq9j89i4cP2U2Yv21TTt8JLhjA57KHLOSlj-KB5UAKCH-MX3AORFcrXFrYL2rrSQDe-lFNtdyPRwLQHIrhkQ6RR2FPhynzUG0401LScS9mWLLYbYzhzwtP5lk07Ryf4MZq86ihmOLFZXkIiW7pbSd8QfD5Dvj28XebLQi_bam9wInqKB--57_N741BskCN_TXf0EHbQ1qjNTgiT8Y1GIrA4pFA";

/// The RFC 7517 Appendix A.1 RSA key, which signed the API's cob and cobv examples.
const RFC7517_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

#[test]
fn the_openapi_cob_jws_is_refused_for_its_header_and_its_payload_reads() {
    // Its x5t is 21 bytes: not a SHA-1 thumbprint.
    let failure = Jws::parse(OPENAPI_COB_JWS.as_bytes()).unwrap_err();
    assert_eq!(
        failure.to_string(),
        "x5t decodes to 21 bytes; a SHA-1 thumbprint has 20"
    );
    // Its signature is the RFC 7517 key's over the first two parts.
    let (input, signature) = OPENAPI_COB_JWS.rsplit_once('.').unwrap();
    let key = signature::RsaPublicKeyComponents {
        n: URL_SAFE_NO_PAD.decode(RFC7517_N).unwrap(),
        e: vec![1, 0, 1],
    };
    key.verify(
        &signature::RSA_PKCS1_2048_8192_SHA256,
        input.as_bytes(),
        &URL_SAFE_NO_PAD.decode(signature).unwrap(),
    )
    .unwrap();
    // Its payload writes revisao and expiracao as strings, which are read.
    let payload = URL_SAFE_NO_PAD
        .decode(input.split('.').nth(1).unwrap())
        .unwrap();
    let Charge::Cob(cob) = Charge::parse(ChargeKind::Cob, &payload).unwrap() else {
        panic!()
    };
    assert_eq!(
        (cob.revision, cob.expires_after, cob.amount.as_str()),
        (3, 3600, "500.00")
    );
}

#[test]
fn the_openapi_payload_examples_follow_their_schemas() {
    let cob = r#"{"calendario": {"criacao": "2020-09-15T19:39:54.013Z", "apresentacao": "2020-04-01T18:00:00Z", "expiracao": 3600}, "txid": "fc9a4366ff3d4964b5dbc6c91a8722d3", "revisao": 3, "status": "ATIVA", "valor": {"original": "500.00", "modalidadeAlteracao": 0}, "chave": "7407c9c8-f78b-11ea-adc1-0242ac120002", "solicitacaoPagador": "Informar cartao fidelidade", "infoAdicionais": [{"nome": "quantidade", "valor": "2"}]}"#;
    let cobv = r#"{"calendario": {"criacao": "2020-09-15T19:39:54.013Z", "apresentacao": "2020-04-01T18:00:00Z", "dataDeVencimento": "2020-12-31", "validadeAposVencimento": 30}, "devedor": {"cnpj": "56989000019533", "nome": "Empresa de Alimentos SA"}, "recebedor": {"logradouro": "Rua 20 Numero 70, Bairro Luz", "cidade": "Belo Horizonte", "uf": "MG", "cep": "55120750", "cnpj": "58900633120711", "nome": "Empresa de Abastecimento SA"}, "txid": "fc9a4366ff3d4964b5dbc6c91a8722d3", "revisao": 3, "status": "ATIVA", "valor": {"original": "123.45", "multa": "15.00", "juros": "2.00", "final": "140.45"}, "chave": "7407c9c8-f78b-11ea-adc1-0242ac120002", "solicitacaoPagador": "Informar cartao fidelidade", "infoAdicionais": [{"nome": "quantidade", "valor": "2"}]}"#;
    let rec = r#"{"idRec": "RN123456782024011577825445612", "vinculo": {"contrato": "5582610", "devedor": {"cpf": "45164632481", "nome": "Fulano de Tal"}, "objeto": "Serviço de Streamming de Música."}, "calendario": {"dataFinal": "2025-04-01", "dataInicial": "2024-04-01", "periodicidade": "MENSAL"}, "politicaRetentativa": "NAO_PERMITE", "valor": {"valorRec": "35.00"}, "recebedor": {"cnpj": "28765007802371", "nome": "Startup Musical", "ispbParticipante": "12345678"}, "atualizacao": [{"status": "CRIADA", "data": "2024-03-20T10:12:07.567Z"}]}"#;
    let Charge::Cob(parsed) = Charge::parse(ChargeKind::Cob, cob.as_bytes()).unwrap() else {
        panic!()
    };
    assert_eq!(parsed.created, 1_600_198_794);
    assert_eq!(parsed.info, [("quantidade".to_owned(), "2".to_owned())]);
    // The examples are dated 2020 and 2025: today they are expired and ended.
    assert!(matches!(
        Charge::parse(ChargeKind::Cob, cob.as_bytes())
            .unwrap()
            .concerns(now(), None)[..],
        [Concern::Expired { .. }]
    ));
    // The examples' documents have wrong check digits (the schema asks only for the pattern).
    let cobv_charge = Charge::parse(ChargeKind::CobV, cobv.as_bytes()).unwrap();
    assert_eq!(
        cobv_charge.concerns(now(), None),
        [
            Concern::PastDue {
                last_day: Date::parse("2021-01-30").unwrap()
            },
            Concern::CheckDigits {
                party: "devedor",
                document: "56989000019533".into()
            },
            Concern::CheckDigits {
                party: "recebedor",
                document: "58900633120711".into()
            },
        ]
    );
    let rec_charge = Charge::parse(ChargeKind::Rec, rec.as_bytes()).unwrap();
    assert_eq!(
        rec_charge.concerns(now(), None),
        [
            Concern::Ended {
                last: Date::parse("2025-04-01").unwrap()
            },
            Concern::CheckDigits {
                party: "vinculo.devedor",
                document: "45164632481".into()
            },
            Concern::CheckDigits {
                party: "recebedor",
                document: "28765007802371".into()
            },
        ]
    );
    // The signed cobv example writes "140,45"; the signed rec example misspells periodicidade.
    let error = Charge::parse(
        ChargeKind::CobV,
        cobv.replace("\"140.45\"", "\"140,45\"").as_bytes(),
    )
    .unwrap_err();
    assert_eq!(error.path, "valor.final");
    let error = Charge::parse(
        ChargeKind::Rec,
        rec.replace("periodicidade", "peridiocidade").as_bytes(),
    )
    .unwrap_err();
    assert_eq!(error.to_string(), "calendario.periodicidade: is required");
    // A CPF that is not 11 digits.
    let error = Charge::parse(
        ChargeKind::Rec,
        rec.replace("45164632481", "4516463248X").as_bytes(),
    )
    .unwrap_err();
    assert_eq!(error.path, "vinculo.devedor.cpf");
}
