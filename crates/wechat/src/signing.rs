//! RSA keys and signatures, and WeChat Pay's message formats (fact sheet section 5):
//!
//! - SHA256withRSA (PKCS#1 v1.5, base64): the v3 `paySign`, the merchant's request
//!   `Authorization`, and the platform's `Wechatpay-Signature` on notifications;
//! - SHA256withRSA/PSS with a 20-byte salt: Soter's `resultJSONSignature` (UNVERIFIED: from
//!   Tencent's Soter server documentation, which names that scheme for `verify_signature`);
//! - the v2 `paySign` (MD5 or HMAC-SHA256 over the sorted fields and `&key=`);
//! - AEAD_AES_256_GCM under the APIv3 key: the `resource` of a payment notification.
//!
//! The superapp, the interface service and mock backends all use these functions, so the sides
//! agree by construction; the tests pin them to an independent implementation (Python
//! `cryptography`, tests/crypto).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use md5::{Digest as _, Md5};
use rsa::pkcs1v15;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::pss;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};
pub use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;

/// The default merchant's key (keys/README.md: published test keys).
pub const MERCHANT_TEST_KEY: &str = include_str!("../keys/merchant.pem");
/// The WeChat Pay platform's key, which signs notifications.
pub const PLATFORM_TEST_KEY: &str = include_str!("../keys/wechatpay-platform.pem");
/// The simulated device's Soter key.
pub const SOTER_TEST_KEY: &str = include_str!("../keys/soter-device.pem");

/// Soter's PSS salt length.
const SOTER_SALT_LEN: usize = 20;

/// A key, signature or cipher text that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// Not a PKCS#8 (`BEGIN PRIVATE KEY`) RSA key in PEM; the parser's reason.
    #[error("not an RSA private key in PEM: {0}")]
    Key(String),
    /// Signing failed (the key is too small for the digest).
    #[error("cannot sign: {0}")]
    Sign(String),
    /// A value is not base64.
    #[error("{0} is not valid base64")]
    Base64(&'static str),
    /// The APIv3 key is not 32 bytes.
    #[error("the APIv3 key must be 32 bytes, not {0}")]
    ApiV3Key(usize),
    /// The nonce is not 12 bytes.
    #[error("the nonce must be 12 bytes, not {0}")]
    Nonce(usize),
    /// Wrong key, nonce or associated data, or altered cipher text: the tag does not check.
    #[error("decryption failed: the authentication tag does not match (wrong APIv3 key, nonce or associated_data?)")]
    Tag,
}

/// A private key from PEM (PKCS#8, as `apiclient_key.pem`).
///
/// Parsing an RSA key (and its CRT precomputation) costs about a tenth of a millisecond; every
/// sandbox holds the same few keys (the published test keys, a profile's files), so each PEM text
/// is parsed once per process and shared.
///
/// # Errors
/// Not a PKCS#8 RSA private key.
pub fn private_key(pem: &str) -> Result<Arc<RsaPrivateKey>, SignError> {
    static PARSED: LazyLock<Mutex<HashMap<String, Arc<RsaPrivateKey>>>> =
        LazyLock::new(Mutex::default);
    let mut parsed = PARSED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(k) = parsed.get(pem) {
        return Ok(k.clone());
    }
    let key =
        RsaPrivateKey::from_pkcs8_pem(pem.trim()).map_err(|e| SignError::Key(e.to_string()))?;
    let key = Arc::new(key);
    parsed.insert(pem.to_string(), key.clone());
    Ok(key)
}

/// The public half of `key` as PEM (what a merchant uploads, what a verifier is given).
#[must_use]
pub fn public_pem(key: &RsaPrivateKey) -> String {
    RsaPublicKey::from(key)
        .to_public_key_pem(LineEnding::LF)
        .unwrap_or_default()
}

/// The private key as PKCS#8 PEM (for a merchant server outside wxbox).
#[must_use]
pub fn private_pem(key: &RsaPrivateKey) -> String {
    use rsa::pkcs8::EncodePrivateKey;
    key.to_pkcs8_pem(LineEnding::LF)
        .map(|p| p.to_string())
        .unwrap_or_default()
}

/// A certificate serial number for `key`, as WeChat Pay names keys (`serial_no`,
/// `Wechatpay-Serial`): 40 uppercase hex digits. wxbox has no certificates, so this is derived
/// from the public key, stable for a key.
#[must_use]
pub fn serial_of(key: &RsaPublicKey) -> String {
    let der = key
        .to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .unwrap_or_default();
    hex::encode_upper(&Sha256::digest(&der)[..20])
}

/// SHA256withRSA (PKCS#1 v1.5), base64.
///
/// # Errors
/// The key cannot sign (too small).
pub fn rsa_sign(key: &RsaPrivateKey, message: &str) -> Result<String, SignError> {
    let signer = pkcs1v15::SigningKey::<Sha256>::new(key.clone());
    let sig = signer
        .try_sign(message.as_bytes())
        .map_err(|e| SignError::Sign(e.to_string()))?;
    Ok(B64.encode(sig.to_bytes()))
}

/// Checks a SHA256withRSA (PKCS#1 v1.5) base64 signature.
#[must_use]
pub fn rsa_verify(key: &RsaPublicKey, message: &str, signature_b64: &str) -> bool {
    let Ok(bytes) = B64.decode(signature_b64.trim()) else {
        return false;
    };
    let Ok(sig) = pkcs1v15::Signature::try_from(bytes.as_slice()) else {
        return false;
    };
    pkcs1v15::VerifyingKey::<Sha256>::new(key.clone())
        .verify(message.as_bytes(), &sig)
        .is_ok()
}

/// SHA256withRSA/PSS (salt 20), base64: Soter's signature. The salt comes from `seed`, so a run
/// repeats.
///
/// # Errors
/// The key cannot sign.
pub fn pss_sign(key: &RsaPrivateKey, message: &str, seed: u64) -> Result<String, SignError> {
    let signer = pss::SigningKey::<Sha256>::new_with_salt_len(key.clone(), SOTER_SALT_LEN);
    let sig = signer
        .try_sign_with_rng(
            &mut SaltRng(crate::rng::SeededRng::new(seed)),
            message.as_bytes(),
        )
        .map_err(|e| SignError::Sign(e.to_string()))?;
    Ok(B64.encode(sig.to_bytes()))
}

/// Checks a SHA256withRSA/PSS (salt 20) base64 signature.
#[must_use]
pub fn pss_verify(key: &RsaPublicKey, message: &str, signature_b64: &str) -> bool {
    let Ok(bytes) = B64.decode(signature_b64.trim()) else {
        return false;
    };
    let Ok(sig) = pss::Signature::try_from(bytes.as_slice()) else {
        return false;
    };
    pss::VerifyingKey::<Sha256>::new_with_salt_len(key.clone(), SOTER_SALT_LEN)
        .verify(message.as_bytes(), &sig)
        .is_ok()
}

/// The seeded generator as the `rand_core` RNG the PSS signer wants. The salt only needs to be
/// unpredictable against forgery in real use; a sandbox wants it repeatable instead.
struct SaltRng(crate::rng::SeededRng);

impl rand_core::RngCore for SaltRng {
    fn next_u32(&mut self) -> u32 {
        #[allow(clippy::cast_possible_truncation)]
        let v = self.0.next_u64() as u32;
        v
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.0.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for SaltRng {}

/// The v3 `paySign` message: `appId\ntimeStamp\nnonceStr\npackage\n`.
#[must_use]
pub fn pay_sign_message(app_id: &str, time_stamp: &str, nonce_str: &str, package: &str) -> String {
    format!("{app_id}\n{time_stamp}\n{nonce_str}\n{package}\n")
}

/// The v3 request-signature message: `METHOD\nURL\ntimestamp\nnonce\nbody\n`, URL being the path
/// and query (WeChat Pay docs, "签名生成").
#[must_use]
pub fn request_message(
    method: &str,
    url: &str,
    timestamp: &str,
    nonce: &str,
    body: &str,
) -> String {
    format!("{method}\n{url}\n{timestamp}\n{nonce}\n{body}\n")
}

/// The notification (and response) signature message: `timestamp\nnonce\nbody\n`.
#[must_use]
pub fn notify_message(timestamp: &str, nonce: &str, body: &str) -> String {
    format!("{timestamp}\n{nonce}\n{body}\n")
}

/// The v2 `paySign`: the fields sorted by name, joined `k=v&...`, then `&key=API_KEY`; MD5, or
/// HMAC-SHA256 keyed by the API key; uppercase hex. Empty values are left out, as WeChat Pay v2
/// does. `None` for a sign type other than `MD5` / `HMAC-SHA256`.
#[must_use]
pub fn v2_sign(fields: &[(&str, &str)], api_key: &str, sign_type: &str) -> Option<String> {
    let mut sorted: Vec<&(&str, &str)> = fields.iter().filter(|(_, v)| !v.is_empty()).collect();
    sorted.sort_by_key(|(k, _)| *k);
    let joined = sorted
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let text = format!("{joined}&key={api_key}");
    match sign_type {
        "MD5" => Some(hex::encode_upper(Md5::digest(text.as_bytes()))),
        "HMAC-SHA256" => {
            let mac = <Hmac<Sha256> as Mac>::new_from_slice(api_key.as_bytes()).ok()?;
            Some(hex::encode_upper(
                mac.chain_update(text.as_bytes()).finalize().into_bytes(),
            ))
        }
        _ => None,
    }
}

fn gcm(api_v3_key: &str) -> Result<Aes256Gcm, SignError> {
    let key = api_v3_key.as_bytes();
    if key.len() != 32 {
        return Err(SignError::ApiV3Key(key.len()));
    }
    Aes256Gcm::new_from_slice(key).map_err(|_| SignError::ApiV3Key(key.len()))
}

/// Encrypts a notification resource: AEAD_AES_256_GCM, the APIv3 key's 32 bytes as the key, the
/// 12-character nonce and the associated data as UTF-8; base64 of cipher text and tag.
///
/// # Errors
/// A key that is not 32 bytes or a nonce that is not 12.
pub fn aead_encrypt(
    api_v3_key: &str,
    nonce: &str,
    associated_data: &str,
    plain: &str,
) -> Result<String, SignError> {
    let cipher = gcm(api_v3_key)?;
    if nonce.len() != 12 {
        return Err(SignError::Nonce(nonce.len()));
    }
    let out = cipher
        .encrypt(
            Nonce::from_slice(nonce.as_bytes()),
            Payload {
                msg: plain.as_bytes(),
                aad: associated_data.as_bytes(),
            },
        )
        .map_err(|_| SignError::Tag)?;
    Ok(B64.encode(out))
}

/// Decrypts a notification resource, as a merchant's server does.
///
/// # Errors
/// Bad key or nonce length, bad base64, or a tag that does not check.
pub fn aead_decrypt(
    api_v3_key: &str,
    nonce: &str,
    associated_data: &str,
    ciphertext_b64: &str,
) -> Result<String, SignError> {
    let cipher = gcm(api_v3_key)?;
    if nonce.len() != 12 {
        return Err(SignError::Nonce(nonce.len()));
    }
    let data = B64
        .decode(ciphertext_b64.trim())
        .map_err(|_| SignError::Base64("ciphertext"))?;
    let plain = cipher
        .decrypt(
            Nonce::from_slice(nonce.as_bytes()),
            Payload {
                msg: &data,
                aad: associated_data.as_bytes(),
            },
        )
        .map_err(|_| SignError::Tag)?;
    String::from_utf8(plain).map_err(|_| SignError::Tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::DecodePublicKey;

    #[test]
    fn the_test_keys_load_sign_and_verify() {
        for pem in [MERCHANT_TEST_KEY, PLATFORM_TEST_KEY, SOTER_TEST_KEY] {
            let key = private_key(pem).expect("test key loads");
            let public = RsaPublicKey::from_public_key_pem(&public_pem(&key))
                .expect("public half round-trips");
            let msg = pay_sign_message("wx1", "1710036000", "n", "prepay_id=wx1");
            let sig = rsa_sign(&key, &msg).expect("signs");
            assert!(rsa_verify(&public, &msg, &sig));
            assert!(!rsa_verify(&public, &format!("{msg}x"), &sig));
            let pss = pss_sign(&key, &msg, 7).expect("signs");
            assert_eq!(pss, pss_sign(&key, &msg, 7).expect("signs"), "repeatable");
            assert!(pss_verify(&public, &msg, &pss));
            assert!(!rsa_verify(&public, &msg, &pss), "PSS is not PKCS#1 v1.5");
            assert_eq!(serial_of(&public).len(), 40);
        }
        assert!(private_key("nope").is_err());
    }

    #[test]
    fn v2_signs_match_independent_computations() {
        let fields = [
            ("appId", "wxd678efh567hg6787"),
            ("timeStamp", "1490840662"),
            ("nonceStr", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"),
            ("package", "prepay_id=wx2017033010242291fcfe0db70013231072"),
            ("signType", "MD5"),
        ];
        // Computed with Python's hashlib / hmac over the same text.
        assert_eq!(
            v2_sign(&fields, "qazwsxedcrfvtgbyhnujmikolp111111", "MD5").as_deref(),
            Some("22D9B4E54AB1950F51E0649E8810ACD6")
        );
        let mut hmac_fields = fields;
        hmac_fields[4] = ("signType", "HMAC-SHA256");
        assert_eq!(
            v2_sign(
                &hmac_fields,
                "qazwsxedcrfvtgbyhnujmikolp111111",
                "HMAC-SHA256"
            )
            .as_deref(),
            Some("FB9D1EFB5C509131BBFF729F88A99CA2DE9B724D06D3B3262832A53083862BC0")
        );
        assert_eq!(v2_sign(&fields, "k", "RSA"), None);
    }

    #[test]
    fn aead_round_trips_and_checks_the_tag() {
        let key = "0123456789abcdef0123456789abcdef";
        let c = aead_encrypt(key, "0123456789ab", "transaction", "{\"a\":1}").expect("encrypts");
        assert_eq!(
            aead_decrypt(key, "0123456789ab", "transaction", &c).as_deref(),
            Ok("{\"a\":1}")
        );
        assert_eq!(
            aead_decrypt(key, "0123456789ab", "other", &c),
            Err(SignError::Tag)
        );
        assert_eq!(
            aead_encrypt("short", "0123456789ab", "", ""),
            Err(SignError::ApiV3Key(5))
        );
    }
}
