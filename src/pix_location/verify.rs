//! The verification of a location's JWS: the header's algorithm and key set, the key's
//! certificate chain to a trusted root, the thumbprints, and the signature.

use std::string::String;
use std::vec::Vec;
use std::{fmt, format};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::digest;
use rustls_pki_types::{CertificateDer, ServerName, SignatureVerificationAlgorithm, UnixTime};
use webpki::{EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeIdIter, KeyUsage};

use super::Failure;
use super::der::certificate_facts;
use super::jws::{Jws, parse_jwks};
use super::location::{Location, is_dns_name};

/// The signature algorithms a location's JWS may use: RSA keys, PKCS #1 v1.5 or PSS, with
/// SHA-256. Both occur in real codes, and banks that refuse either fail real codes
/// (`bacen/pix-api` issues 188, 662); `none` and HMAC are never accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// `RS256`: RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// `PS256`: RSASSA-PSS with SHA-256.
    Ps256,
}

impl Algorithm {
    /// The algorithm named `alg`, if it is allowed.
    pub fn from_name(alg: &str) -> Option<Algorithm> {
        match alg {
            "RS256" => Some(Algorithm::Rs256),
            "PS256" => Some(Algorithm::Ps256),
            _ => None,
        }
    }

    /// Its JOSE name.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Rs256 => "RS256",
            Algorithm::Ps256 => "PS256",
        }
    }

    fn verification(self) -> &'static dyn SignatureVerificationAlgorithm {
        match self {
            Algorithm::Rs256 => webpki::ring::RSA_PKCS1_2048_8192_SHA256,
            Algorithm::Ps256 => webpki::ring::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
        }
    }
}

/// What the signing certificate's extended key usage must allow.
enum Purpose {
    /// TLS server authentication (an absent extension allows it too).
    ServerAuth,
    /// Anything: only a malformed extension is refused.
    Any,
}

impl ExtendedKeyUsageValidator for Purpose {
    fn validate(&self, mut purposes: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        match self {
            Purpose::ServerAuth => KeyUsage::server_auth().validate(purposes),
            Purpose::Any => purposes.try_for_each(|purpose| purpose.map(drop)),
        }
    }
}

/// The algorithms a certificate chain may be signed with.
static CHAIN_ALGORITHMS: &[&dyn SignatureVerificationAlgorithm] = &[
    webpki::ring::ECDSA_P256_SHA256,
    webpki::ring::ECDSA_P256_SHA384,
    webpki::ring::ECDSA_P384_SHA256,
    webpki::ring::ECDSA_P384_SHA384,
    webpki::ring::ED25519,
    webpki::ring::RSA_PKCS1_2048_8192_SHA256,
    webpki::ring::RSA_PKCS1_2048_8192_SHA384,
    webpki::ring::RSA_PKCS1_2048_8192_SHA512,
    webpki::ring::RSA_PKCS1_3072_8192_SHA384,
    webpki::ring::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
    webpki::ring::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
    webpki::ring::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
];

/// The roots a certificate chain must reach: Mozilla's (the web's, as browsers trust them),
/// and any the caller adds (a private PKI, the BCB's CERTQRC list, tests). TLS to a
/// location and to its key set is checked against the same roots.
#[derive(Clone, Debug)]
pub struct TrustStore {
    roots: Vec<CertificateDer<'static>>,
}

impl TrustStore {
    /// Mozilla's roots (`webpki-root-certs`).
    pub fn web() -> TrustStore {
        TrustStore {
            roots: webpki_root_certs::TLS_SERVER_ROOT_CERTS.to_vec(),
        }
    }

    /// No roots: only those added will be trusted.
    pub fn empty() -> TrustStore {
        TrustStore { roots: Vec::new() }
    }

    /// Adds a root, DER.
    pub fn add_der(&mut self, der: Vec<u8>) -> Result<(), Failure> {
        let certificate = CertificateDer::from(der);
        webpki::anchor_from_trusted_cert(&certificate).map_err(|e| {
            Failure::Certificate(format!("a root to add is not a usable certificate: {e:?}"))
        })?;
        self.roots.push(certificate);
        Ok(())
    }

    /// Adds every certificate of `pem` (`-----BEGIN CERTIFICATE-----` blocks); how many.
    pub fn add_pem(&mut self, pem: &str) -> Result<usize, Failure> {
        const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
        const END: &str = "-----END CERTIFICATE-----";
        let mut added = 0;
        let mut rest = pem;
        while let Some(start) = rest.find(BEGIN) {
            let body = &rest[start + BEGIN.len()..];
            let end = body
                .find(END)
                .ok_or_else(|| Failure::Certificate("a PEM block has no END line".into()))?;
            let text: String = body[..end]
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let der = STANDARD
                .decode(text)
                .map_err(|_| Failure::Certificate("a PEM block is not base64".into()))?;
            self.add_der(der)?;
            added += 1;
            rest = &body[end + END.len()..];
        }
        if added == 0 {
            return Err(Failure::Certificate(
                "no certificate in the PEM text".into(),
            ));
        }
        Ok(added)
    }

    /// The roots, DER.
    pub fn certificates(&self) -> &[CertificateDer<'static>] {
        &self.roots
    }
}

/// A check passed, for people: what was checked and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What was checked: `"alg"`, `"jku"`, `"x5t#S256"`, `"chain"`, `"signature"`, …
    pub check: &'static str,
    /// What was found.
    pub detail: String,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.check, self.detail)
    }
}

/// What a verified JWS showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The algorithm that signed it.
    pub algorithm: Algorithm,
    /// The checks it passed, in order.
    pub steps: Vec<Step>,
}

/// Checks a location's JWS against its key set and the trust store; sans-IO: the caller
/// fetches (or [`Resolver`](super::Resolver) does).
#[derive(Clone, Debug)]
pub struct Verifier {
    trust: TrustStore,
    key_set_on_any_host: bool,
    any_extended_key_usage: bool,
}

impl Verifier {
    /// A verifier trusting `trust`'s roots, with the strict choices: the key set on the
    /// location's host, the signing certificate for TLS servers.
    pub fn new(trust: TrustStore) -> Verifier {
        Verifier {
            trust,
            key_set_on_any_host: false,
            any_extended_key_usage: false,
        }
    }

    /// Accepts a `jku` on another host than the location's (the signing certificate must
    /// then name the `jku`'s host). Off by default: the Manual de Segurança §4.2, as the Banco
    /// Central quotes it, puts the key set on the site of the location's certificate; the
    /// manual itself could not be read to confirm there is no exception.
    pub fn allow_key_set_on_other_hosts(mut self) -> Verifier {
        self.key_set_on_any_host = true;
        self
    }

    /// Accepts a signing certificate whose extended key usage does not include TLS server
    /// authentication (when it has the extension at all). Off by default: the manual's §5.1,
    /// as quoted, asks for a certificate from a widely known CA with Key Usage digital
    /// signature, which in practice is a TLS server certificate; the stricter reading is kept.
    pub fn allow_any_extended_key_usage(mut self) -> Verifier {
        self.any_extended_key_usage = true;
        self
    }

    /// The roots.
    pub fn trust(&self) -> &TrustStore {
        &self.trust
    }

    /// Reads `body`, the answer of `location`, as a JWS and checks its header: an allowed
    /// `alg`, and a `jku` on `https://` at the location's own host (the key set must be hosted
    /// on the site of the location's certificate: Manual de Segurança do Pix §4.2, as quoted
    /// in `bacen/pix-api` issue 67). The `jku` is what to fetch next.
    pub fn header(&self, location: &Location, body: &[u8]) -> Result<(Jws, Vec<Step>), Failure> {
        let jws = Jws::parse(body)?;
        let mut steps = vec![Step {
            check: "JWS",
            detail: format!("a compact JWS of {} bytes", body.len()),
        }];
        let header = jws.header();
        let algorithm = Algorithm::from_name(&header.alg)
            .ok_or_else(|| Failure::Algorithm(header.alg.clone()))?;
        steps.push(Step {
            check: "alg",
            detail: format!("{} is allowed", algorithm.name()),
        });
        let host = jku_host(&header.jku)?;
        if !self.key_set_on_any_host && !host.eq_ignore_ascii_case(location.host()) {
            return Err(Failure::JkuHost {
                jku_host: host.into(),
                location_host: location.host().into(),
            });
        }
        steps.push(Step {
            check: "jku",
            detail: if host.eq_ignore_ascii_case(location.host()) {
                format!("{} is on the location's host", header.jku)
            } else {
                format!("{} is on {host}, another host (allowed)", header.jku)
            },
        });
        Ok((jws, steps))
    }

    /// Verifies `jws` (from [`header`](Self::header)) with `jwks`, the key set its `jku`
    /// served, at `now`: the key its `kid` names, the thumbprints against the key's leaf
    /// certificate, the key against the leaf's, the leaf's chain to a trusted root (valid at
    /// `now`, naming the location's host, for TLS servers), its Key Usage (digital signature:
    /// Manual de Segurança §5.1, as quoted in `bacen/pix-api` issue 317), and the signature.
    pub fn verify(
        &self,
        location: &Location,
        jws: &Jws,
        jwks: &[u8],
        now: UnixTime,
    ) -> Result<Verified, Failure> {
        let header = jws.header();
        let algorithm = Algorithm::from_name(&header.alg)
            .ok_or_else(|| Failure::Algorithm(header.alg.clone()))?;
        let keys = parse_jwks(jwks)?;
        let mut steps = Vec::new();
        let candidates: Vec<_> = keys
            .iter()
            .filter(|key| key.kid.as_deref() == Some(header.kid.as_str()))
            .collect();
        let Some(&first) = candidates.first() else {
            let kids: Vec<&str> = keys.iter().filter_map(|k| k.kid.as_deref()).collect();
            return Err(Failure::KeyNotFound {
                kid: header.kid.clone(),
                kids: kids.join(", "),
            });
        };
        // Several keys may share a kid; the thumbprint says which.
        let key = candidates
            .iter()
            .find(|key| {
                key.x5c.first().is_some_and(|leaf| {
                    header
                        .x5t
                        .as_deref()
                        .is_none_or(|t| t == sha1(leaf).as_ref())
                        && header
                            .x5t_s256
                            .as_deref()
                            .is_none_or(|t| t == sha256(leaf).as_ref())
                })
            })
            .unwrap_or(&first);
        steps.push(Step {
            check: "kid",
            detail: format!("{} is in the key set", header.kid),
        });
        let leaf = key.x5c.first().ok_or_else(|| Failure::NoChain {
            kid: header.kid.clone(),
        })?;
        for (name, stated, computed) in [
            ("x5t", header.x5t.as_deref(), sha1(leaf).as_ref().to_vec()),
            (
                "x5t#S256",
                header.x5t_s256.as_deref(),
                sha256(leaf).as_ref().to_vec(),
            ),
        ] {
            let Some(stated) = stated else { continue };
            if stated != computed.as_slice() {
                return Err(Failure::Thumbprint {
                    name,
                    stated: URL_SAFE_NO_PAD.encode(stated),
                    computed: URL_SAFE_NO_PAD.encode(&computed),
                });
            }
            steps.push(Step {
                check: name,
                detail: format!(
                    "{} is the {} of the x5c leaf",
                    URL_SAFE_NO_PAD.encode(stated),
                    if name == "x5t" { "SHA-1" } else { "SHA-256" }
                ),
            });
        }
        let facts = certificate_facts(leaf).ok_or_else(|| {
            Failure::Certificate("the x5c leaf is not an X.509 certificate".into())
        })?;
        match (&key.rsa, &facts.rsa_key) {
            (Some(jwk), Some(certificate)) if jwk == certificate => {}
            (None, _) => return Err(Failure::KeyType(key.kty.clone())),
            (Some(_), None) => {
                return Err(Failure::Certificate(
                    "the x5c leaf's key is not an RSA key (rsaEncryption)".into(),
                ));
            }
            _ => return Err(Failure::KeyMismatch),
        }
        steps.push(Step {
            check: "key",
            detail: "the JWK's n and e are the leaf certificate's RSA key".into(),
        });
        let certificate = CertificateDer::from(leaf.as_slice());
        let end_entity = EndEntityCert::try_from(&certificate)
            .map_err(|e| Failure::Certificate(format!("the x5c leaf: {e:?}")))?;
        let anchors: Vec<_> = self
            .trust
            .roots
            .iter()
            .filter_map(|root| webpki::anchor_from_trusted_cert(root).ok())
            .collect();
        let intermediates: Vec<CertificateDer<'_>> = key
            .x5c
            .iter()
            .skip(1)
            .map(|der| CertificateDer::from(der.as_slice()))
            .collect();
        end_entity
            .verify_for_usage(
                CHAIN_ALGORITHMS,
                &anchors,
                &intermediates,
                now,
                if self.any_extended_key_usage {
                    Purpose::Any
                } else {
                    Purpose::ServerAuth
                },
                None,
                None,
            )
            .map_err(|e| Failure::Untrusted(describe_chain_error(&e)))?;
        steps.push(Step {
            check: "chain",
            detail: format!(
                "the leaf chains to a trusted root ({} intermediate(s) given) and is valid now",
                intermediates.len()
            ),
        });
        // The key set's host: the location's, unless another was allowed (checked again here,
        // for callers that did not go through `header`).
        let signer = jku_host(&header.jku)?;
        if !self.key_set_on_any_host && !signer.eq_ignore_ascii_case(location.host()) {
            return Err(Failure::JkuHost {
                jku_host: signer.into(),
                location_host: location.host().into(),
            });
        }
        let name =
            ServerName::try_from(signer).map_err(|_| Failure::NameMismatch(signer.into()))?;
        end_entity
            .verify_is_valid_for_subject_name(&name)
            .map_err(|_| Failure::NameMismatch(signer.into()))?;
        steps.push(Step {
            check: "name",
            detail: format!("the leaf certificate names {signer}"),
        });
        if !facts.allows_digital_signature() {
            return Err(Failure::KeyUsage);
        }
        steps.push(Step {
            check: "key usage",
            detail: "the leaf allows digital signatures".into(),
        });
        end_entity
            .verify_signature(
                algorithm.verification(),
                jws.signing_input(),
                jws.signature(),
            )
            .map_err(|_| Failure::Signature(algorithm.name()))?;
        steps.push(Step {
            check: "signature",
            detail: format!(
                "{} over header.payload verifies with the leaf's key",
                algorithm.name()
            ),
        });
        Ok(Verified { algorithm, steps })
    }
}

/// The host of a `jku`, which must be `https://host/…` with a DNS host and no port or
/// credentials.
fn jku_host(jku: &str) -> Result<&str, Failure> {
    let rest = jku
        .strip_prefix("https://")
        .ok_or_else(|| Failure::Jku(format!("{jku} is not an https:// address")))?;
    // The rest is sent as the request's target: printable ASCII that a URL may hold
    // unescaped, no fragment.
    if let Some(bad) = rest
        .chars()
        .find(|c| !c.is_ascii_graphic() || "\"<>\\^`{|}#".contains(*c))
    {
        return Err(Failure::Jku(format!(
            "{}: {:?} may not appear in it",
            crate::Escaped(jku),
            bad
        )));
    }
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    if !is_dns_name(host) {
        return Err(Failure::Jku(format!(
            "{jku}: the host {host:?} is not a DNS name (no port, credentials or IP literal)"
        )));
    }
    Ok(host)
}

fn sha1(bytes: &[u8]) -> digest::Digest {
    digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, bytes)
}

fn sha256(bytes: &[u8]) -> digest::Digest {
    digest::digest(&digest::SHA256, bytes)
}

fn describe_chain_error(error: &webpki::Error) -> String {
    use webpki::Error as E;
    match error {
        E::UnknownIssuer => {
            "the chain does not reach a trusted root (its issuer is not among the roots, and x5c lacks the intermediates)".into()
        }
        E::CertExpired { .. } => "a certificate of the chain has expired".into(),
        E::CertNotValidYet { .. } => "a certificate of the chain is not valid yet".into(),
        E::RequiredEkuNotFoundContext(_) => {
            "a certificate of the chain is not for TLS servers (extended key usage)".into()
        }
        E::CaUsedAsEndEntity => "the leaf certificate is a CA certificate".into(),
        other => format!("the chain does not verify: {other:?}"),
    }
}

/// The time now, as the chain check needs it.
pub fn now() -> UnixTime {
    UnixTime::now()
}
