//! The open-data crypto WeChat uses between the superapp and a developer's server (fact sheet
//! section 5): AES-128-CBC with PKCS#7 under the session key, the rawData signature, and the
//! session-key check signature. Shared by the simulated superapp (which encrypts) and the
//! interface service and mock backends (which check and decrypt), so both sides agree by
//! construction and the tests pin them to the official vectors.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};
use sha2::Sha256;

type Enc = cbc::Encryptor<aes::Aes128>;
type Dec = cbc::Decryptor<aes::Aes128>;

/// Why open data could not be decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// A value is not base64.
    #[error("{what} is not valid base64")]
    Base64 {
        /// `sessionKey`, `encryptedData` or `iv`.
        what: &'static str,
    },
    /// The key or iv does not decode to 16 bytes.
    #[error("{what} must decode to 16 bytes, not {len}")]
    Length {
        /// `sessionKey` or `iv`.
        what: &'static str,
        /// What it decoded to.
        len: usize,
    },
    /// Wrong key or iv, or a corrupted message: the padding does not check.
    #[error("decryption failed: bad padding (wrong session key or iv?)")]
    Padding,
    /// The plain text is not UTF-8 JSON.
    #[error("decrypted data is not JSON: {0}")]
    Json(String),
}

/// Base64 (standard alphabet, padded), as WeChat writes keys, ivs and cipher texts.
#[must_use]
pub fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

fn key16(what: &'static str, text: &str) -> Result<[u8; 16], CryptoError> {
    let bytes = B64
        .decode(text.trim())
        .map_err(|_| CryptoError::Base64 { what })?;
    <[u8; 16]>::try_from(bytes.as_slice()).map_err(|_| CryptoError::Length {
        what,
        len: bytes.len(),
    })
}

/// Encrypts `plain` as WeChat's open data: AES-128-CBC, PKCS#7, key and iv given raw.
/// Returns base64 cipher text.
#[must_use]
pub fn encrypt(key: &[u8; 16], iv: &[u8; 16], plain: &[u8]) -> String {
    let out = Enc::new(key.into(), iv.into()).encrypt_padded_vec_mut::<Pkcs7>(plain);
    b64(&out)
}

/// Decrypts open data as a developer's server does (WXBizDataCrypt.decryptData): session key,
/// encryptedData and iv all base64.
///
/// # Errors
/// Bad base64, a key or iv that is not 16 bytes, bad padding, or plain text that is not JSON.
pub fn decrypt(
    session_key: &str,
    encrypted_data: &str,
    iv: &str,
) -> Result<serde_json::Value, CryptoError> {
    let key = key16("sessionKey", session_key)?;
    let iv = key16("iv", iv)?;
    let data = B64
        .decode(encrypted_data.trim())
        .map_err(|_| CryptoError::Base64 {
            what: "encryptedData",
        })?;
    let plain = Dec::new((&key).into(), (&iv).into())
        .decrypt_padded_vec_mut::<Pkcs7>(&data)
        .map_err(|_| CryptoError::Padding)?;
    serde_json::from_slice(&plain).map_err(|e| CryptoError::Json(e.to_string()))
}

/// The rawData signature: lowercase hex `sha1(rawData + session_key)`, the session key as its
/// base64 text (fact sheet section 5).
#[must_use]
pub fn raw_data_signature(raw_data: &str, session_key_b64: &str) -> String {
    let mut h = Sha1::new();
    h.update(raw_data.as_bytes());
    h.update(session_key_b64.as_bytes());
    hex::encode(h.finalize())
}

/// The checkSessionKey signature: lowercase hex HMAC-SHA256 over the empty string, keyed by the
/// session key's base64 text as UTF-8 (not decoded), per the fact sheet section 4.
#[must_use]
pub fn session_key_signature(session_key_b64: &str) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    match Hmac::<Sha256>::new_from_slice(session_key_b64.as_bytes()) {
        Ok(mac) => hex::encode(mac.finalize().into_bytes()),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The official vector (WeChat's WXBizDataCrypt demo, also wechatpy tests/test_crypto.py).
    const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
    const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";
    const DATA: &str = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

    #[test]
    fn decrypts_the_official_vector() {
        let v = decrypt(KEY, DATA, IV).expect("official vector decrypts");
        assert_eq!(v["openId"], "oGZUI0egBJY1zhBYw2KhdUfwVJJE");
        assert_eq!(v["nickName"], "Band");
        assert_eq!(v["unionId"], "ocMvos6NjeKLIBqg5Mr9QjxrP1FA");
        assert_eq!(v["watermark"]["appid"], "wx4f4bc4dec97d474b");
        assert_eq!(v["watermark"]["timestamp"], 1_477_314_187);
    }

    #[test]
    fn round_trips_and_rejects_a_wrong_key() {
        let key = [7u8; 16];
        let iv = [9u8; 16];
        let text = r#"{"a":"数据","watermark":{"appid":"wx1","timestamp":1}}"#;
        let c = encrypt(&key, &iv, text.as_bytes());
        let v = decrypt(&b64(&key), &c, &b64(&iv)).expect("round trip");
        assert_eq!(v["a"], "数据");
        let wrong = decrypt(&b64(&[8u8; 16]), &c, &b64(&iv));
        assert!(wrong.is_err(), "{wrong:?}");
        assert_eq!(
            decrypt("YWI=", &c, &b64(&iv)),
            Err(CryptoError::Length {
                what: "sessionKey",
                len: 2
            })
        );
    }

    #[test]
    fn signatures_match_independent_computations() {
        // Computed with Python's hashlib / hmac.
        assert_eq!(
            raw_data_signature("abc", "key"),
            "9d8012e71d1125f5a0f01ea2469b2bf5df949142"
        );
        assert_eq!(
            session_key_signature(KEY),
            "7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735"
        );
    }
}
