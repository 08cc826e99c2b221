//! A test PKI and HTTPS server for dynamic Pix: a CA and certificates made with rcgen from the
//! RSA keys beside this file, charges signed with ring, and a server on 127.0.0.1 that presents
//! a chosen chain for HOST and answers chosen paths. Shared by the library's tests
//! (tests/pix_location.rs) and the command line's (cli/tests/pix_resolve.rs).
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use emvqr::pix_location::{Date, TrustStore};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use ring::rand::SystemRandom;
use ring::signature::{self, RsaKeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

pub const HOST: &str = "pix.example.test";

/// Where the RSA keys are (generated once with `openssl genpkey`, 2048 bits): the root
/// crate's tests/pix_location, seen from the root crate or from the command line's.
fn keys() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let here = manifest.join("tests/pix_location");
    if here.is_dir() {
        here
    } else {
        manifest.join("../tests/pix_location")
    }
}

pub fn key(name: &str) -> KeyPair {
    let path = keys().join(format!("{name}.key.pem"));
    KeyPair::from_pem(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A CA, and the certificates it issues.
pub struct Authority {
    pub issuer: Issuer<'static, KeyPair>,
    pub der: Vec<u8>,
}

impl Authority {
    pub fn new(name: &str, key_name: &str) -> Authority {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = key(key_name);
        let der = params.self_signed(&key).unwrap().der().to_vec();
        Authority {
            issuer: Issuer::new(params, key),
            der,
        }
    }

    /// A leaf for `host` with `key_name`'s key; `tweak` changes its parameters.
    pub fn leaf(&self, host: &str, key_name: &str, tweak: impl Fn(&mut CertificateParams)) -> Leaf {
        let mut params = CertificateParams::new(vec![host.to_owned()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, host);
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        tweak(&mut params);
        let key = key(key_name);
        let der = params.signed_by(&key, &self.issuer).unwrap().der().to_vec();
        Leaf {
            chain: vec![der, self.der.clone()],
            pkcs8: key.serialize_der(),
        }
    }
}

/// A certificate chain (leaf first) and the leaf's private key.
#[derive(Clone)]
pub struct Leaf {
    pub chain: Vec<Vec<u8>>,
    pub pkcs8: Vec<u8>,
}

impl Leaf {
    pub fn der(&self) -> &[u8] {
        &self.chain[0]
    }

    /// The JWK Set of this key, `kid` k1, with its chain.
    pub fn jwks(&self) -> Vec<u8> {
        let pair = RsaKeyPair::from_pkcs8(&self.pkcs8).unwrap();
        let (n, e) = rsa_public(pair.public().as_ref());
        let x5c: Vec<String> = self.chain.iter().map(|der| STANDARD.encode(der)).collect();
        serde_json::json!({"keys": [{
            "kty": "RSA", "use": "sig", "kid": "k1",
            "n": URL_SAFE_NO_PAD.encode(n), "e": URL_SAFE_NO_PAD.encode(e), "x5c": x5c,
        }]})
        .to_string()
        .into_bytes()
    }

    /// `payload` signed with `alg` (RS256 or PS256) by this key, the header naming `jku`.
    pub fn sign(&self, alg: &str, jku: &str, payload: &serde_json::Value) -> String {
        let header = serde_json::json!({
            "alg": alg, "jku": jku, "kid": "k1",
            "x5t": URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, self.der())),
            "x5t#S256": URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, self.der())),
        });
        sign_with(&self.pkcs8, alg, &header, payload)
    }
}

pub fn sign_with(
    pkcs8: &[u8],
    alg: &str,
    header: &serde_json::Value,
    payload: &serde_json::Value,
) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let pair = RsaKeyPair::from_pkcs8(pkcs8).unwrap();
    let mut signature = vec![0; pair.public().modulus_len()];
    let padding: &dyn signature::RsaEncoding = match alg {
        "PS256" => &signature::RSA_PSS_SHA256,
        _ => &signature::RSA_PKCS1_SHA256,
    };
    pair.sign(
        padding,
        &SystemRandom::new(),
        input.as_bytes(),
        &mut signature,
    )
    .unwrap();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// n and e of a DER RSAPublicKey.
pub fn rsa_public(der: &[u8]) -> (Vec<u8>, Vec<u8>) {
    pub fn read(bytes: &[u8]) -> (&[u8], &[u8]) {
        let (len, at) = match bytes[1] {
            short if short < 0x80 => (usize::from(short), 2),
            long => {
                let count = usize::from(long & 0x7f);
                let len = bytes[2..2 + count]
                    .iter()
                    .fold(0, |len, &b| len << 8 | usize::from(b));
                (len, 2 + count)
            }
        };
        (&bytes[at..at + len], &bytes[at + len..])
    }
    let (sequence, _) = read(der);
    let (n, rest) = read(sequence);
    let (e, _) = read(rest);
    let trim = |b: &[u8]| b.iter().skip_while(|&&x| x == 0).copied().collect();
    (trim(n), trim(e))
}

/// What the test server answers for a path (without the query).
#[derive(Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Body,
}

#[derive(Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    /// This many bytes of `a`, written in chunks.
    Huge(usize),
}

pub fn jose(body: String) -> Answer {
    Answer {
        status: 200,
        content_type: "application/jose",
        body: Body::Bytes(body.into_bytes()),
    }
}

pub fn json(body: Vec<u8>) -> Answer {
    Answer {
        status: 200,
        content_type: "application/json",
        body: Body::Bytes(body),
    }
}

/// An HTTPS server on 127.0.0.1 presenting `tls` for HOST, answering `routes`; it records the
/// request targets.
pub struct Server {
    pub address: SocketAddr,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(tls: &Leaf, routes: HashMap<&'static str, Answer>) -> Server {
        let chain = tls
            .chain
            .iter()
            .map(|d| CertificateDer::from(d.clone()))
            .collect();
        let key = PrivateKeyDer::from(PrivatePkcs8KeyDer::from(tls.pkcs8.clone()));
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let routes = Arc::new(routes);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (config, routes, seen) =
                    (Arc::clone(&config), Arc::clone(&routes), Arc::clone(&seen));
                thread::spawn(move || {
                    let connection = rustls::ServerConnection::new(config).unwrap();
                    let mut tls = rustls::StreamOwned::new(connection, stream);
                    let mut reader = BufReader::new(&mut tls);
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() {
                        return; // the client refused our certificate
                    }
                    let target = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    loop {
                        let mut header = String::new();
                        if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                            break;
                        }
                    }
                    seen.lock().unwrap().push(target.clone());
                    let path = target.split('?').next().unwrap_or("/");
                    let answer = routes.get(path).cloned().unwrap_or(Answer {
                        status: 404,
                        content_type: "application/problem+json",
                        body: Body::Bytes(
                            br#"{"type":"https://pix.bcb.gov.br/api/v2/error/CobPayloadNaoEncontrado","title":"Cobran\u00e7a n\u00e3o encontrada.","status":404,"detail":"A cobran\u00e7a em quest\u00e3o n\u00e3o foi encontrada para a location requisitada."}"#.to_vec(),
                        ),
                    });
                    let len = match &answer.body {
                        Body::Bytes(bytes) => bytes.len(),
                        Body::Huge(len) => *len,
                    };
                    let head = format!(
                        "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n",
                        answer.status, answer.content_type
                    );
                    drop(reader);
                    let _ = tls.write_all(head.as_bytes());
                    match answer.body {
                        Body::Bytes(bytes) => {
                            let _ = tls.write_all(&bytes);
                        }
                        Body::Huge(len) => {
                            let chunk = vec![b'a'; 1 << 16];
                            let mut left = len;
                            while left > 0 {
                                let n = left.min(chunk.len());
                                if tls.write_all(&chunk[..n]).is_err() {
                                    return;
                                }
                                left -= n;
                            }
                        }
                    }
                    let _ = tls.flush();
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                    let mut rest = Vec::new();
                    let _ = tls.read_to_end(&mut rest);
                });
            }
        });
        Server { address, requests }
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

/// The test PKI: a trusted CA and what it issued, and an untrusted one.
pub struct Pki {
    pub trusted: Authority,
    pub leaf: Leaf,
}

pub fn pki() -> Pki {
    let trusted = Authority::new("emvqr test root", "ca");
    let leaf = trusted.leaf(HOST, "leaf", |_| {});
    Pki { trusted, leaf }
}

pub fn trust(pki: &Pki) -> TrustStore {
    let mut trust = TrustStore::empty();
    trust.add_der(pki.trusted.der.clone()).unwrap();
    trust
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_days(days),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}
