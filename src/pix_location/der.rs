//! The two facts of an X.509 certificate that the chain check (rustls-webpki) does not give:
//! its RSA public key, to compare with the JWKS key, and its Key Usage, which must allow
//! digital signatures. A bounded DER reader, enough for certificates and nothing more.

/// One DER element: its tag and contents.
#[derive(Clone, Copy)]
struct Element<'a> {
    tag: u8,
    contents: &'a [u8],
}

/// Reads the element at the start of `input`: it and the rest.
fn element(input: &[u8]) -> Option<(Element<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    // Multi-byte tags never occur in the parts read here.
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let (digits, rest) = rest.split_at_checked(count)?;
        let len = digits
            .iter()
            .fold(0usize, |len, &b| (len << 8) | usize::from(b));
        (len, rest)
    };
    let (contents, rest) = rest.split_at_checked(len)?;
    Some((Element { tag, contents }, rest))
}

/// The elements of a constructed element's contents, in order.
fn children(contents: &[u8]) -> impl Iterator<Item = Element<'_>> {
    let mut rest = contents;
    core::iter::from_fn(move || {
        let (next, after) = element(rest)?;
        rest = after;
        Some(next)
    })
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const BOOLEAN: u8 = 0x01;
/// `[3]`, explicit: the extensions of a v3 certificate.
const EXTENSIONS: u8 = 0xa3;
/// 1.2.840.113549.1.1.1, rsaEncryption.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// 2.5.29.15, keyUsage.
const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];

/// What is read of a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CertificateFacts {
    /// The RSA modulus and exponent, without leading zeros; `None` for another key type.
    pub rsa_key: Option<(Vec<u8>, Vec<u8>)>,
    /// The Key Usage bits (bit 0, digitalSignature, is `0x80` of the first byte), `None`
    /// without the extension.
    pub key_usage: Option<u16>,
}

impl CertificateFacts {
    /// Whether Key Usage allows digital signatures.
    pub fn allows_digital_signature(&self) -> bool {
        self.key_usage.is_some_and(|bits| bits & 0x8000 != 0)
    }
}

/// Reads `der`, a certificate: `None` when it is not one.
pub(crate) fn certificate_facts(der: &[u8]) -> Option<CertificateFacts> {
    let (certificate, _) = element(der)?;
    let tbs = children(certificate.contents).next()?;
    if certificate.tag != SEQUENCE || tbs.tag != SEQUENCE {
        return None;
    }
    let mut fields = children(tbs.contents).peekable();
    // version [0] is optional; then serial, signature, issuer, validity, subject, SPKI.
    if fields.peek()?.tag == 0xa0 {
        fields.next();
    }
    let spki = fields.nth(5)?;
    let rsa_key = rsa_key(spki);
    let key_usage = fields
        .find(|field| field.tag == EXTENSIONS)
        .and_then(|extensions| key_usage(extensions.contents));
    Some(CertificateFacts { rsa_key, key_usage })
}

fn rsa_key(spki: Element<'_>) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut parts = children(spki.contents);
    let algorithm = parts.next()?;
    let oid = children(algorithm.contents).next()?;
    if oid.tag != OID || oid.contents != RSA_ENCRYPTION {
        return None;
    }
    let key = parts.next()?;
    if key.tag != BIT_STRING {
        return None;
    }
    let (&unused, bits) = key.contents.split_first()?;
    if unused != 0 {
        return None;
    }
    let (sequence, _) = element(bits)?;
    let mut integers = children(sequence.contents);
    let (n, e) = (integers.next()?, integers.next()?);
    if n.tag != INTEGER || e.tag != INTEGER {
        return None;
    }
    Some((unsigned(n.contents).to_vec(), unsigned(e.contents).to_vec()))
}

/// A DER INTEGER's magnitude, without the leading zero bytes.
pub(crate) fn unsigned(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

fn key_usage(extensions: &[u8]) -> Option<u16> {
    let list = children(extensions).next()?;
    children(list.contents).find_map(|extension| {
        let mut parts = children(extension.contents);
        let oid = parts.next()?;
        if oid.tag != OID || oid.contents != KEY_USAGE {
            return None;
        }
        let mut value = parts.next()?;
        if value.tag == BOOLEAN {
            value = parts.next()?;
        }
        if value.tag != OCTET_STRING {
            return None;
        }
        let (bits, _) = element(value.contents)?;
        if bits.tag != BIT_STRING {
            return None;
        }
        let (_, flags) = bits.contents.split_first()?;
        let high = u16::from(*flags.first().unwrap_or(&0));
        let low = u16::from(*flags.get(1).unwrap_or(&0));
        Some(high << 8 | low)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_or_foreign_input_is_not_a_certificate() {
        assert_eq!(certificate_facts(&[]), None);
        assert_eq!(certificate_facts(&[0x30, 0x82, 0xff]), None);
        assert_eq!(certificate_facts(&[0x30, 0x03, 0x02, 0x01, 0x00]), None);
        assert_eq!(certificate_facts(&[0x1f, 0x00]), None);
    }

    #[test]
    fn every_mozilla_root_reads_as_a_ca_with_its_key() {
        let mut rsa = 0;
        for root in webpki_root_certs::TLS_SERVER_ROOT_CERTS {
            let facts = certificate_facts(root.as_ref()).expect("a root certificate");
            // keyCertSign (bit 5) where Key Usage is given; never digitalSignature alone.
            if let Some(bits) = facts.key_usage {
                assert_ne!(bits & 0x0400, 0, "{bits:#06x}");
            }
            if let Some((n, e)) = &facts.rsa_key {
                rsa += 1;
                assert!(n.len() >= 256 && n[0] != 0 && !e.is_empty());
            }
        }
        assert!(rsa > 50, "{rsa} RSA roots");
    }

    proptest::proptest! {
        #[test]
        fn damaged_certificates_never_panic(
            root in 0..webpki_root_certs::TLS_SERVER_ROOT_CERTS.len(),
            at in 0usize..2000,
            byte in proptest::prelude::any::<u8>(),
            cut in 0usize..2000,
        ) {
            let mut der = webpki_root_certs::TLS_SERVER_ROOT_CERTS[root].as_ref().to_vec();
            let at = at % der.len();
            der[at] = byte;
            der.truncate(cut.max(1).min(der.len()));
            let _ = certificate_facts(&der);
        }
    }

    #[test]
    fn integers_lose_their_sign_byte() {
        assert_eq!(unsigned(&[0, 0x80, 1]), &[0x80, 1]);
        assert_eq!(unsigned(&[1, 0, 1]), &[1, 0, 1]);
    }
}
