//! Seeded randomness for codes and keys (SplitMix64: tiny, fast, and the same on every run for
//! the same seed), and the stable openid derivation.

/// A seeded generator.
#[derive(Debug, Clone)]
pub struct SeededRng(u64);

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl SeededRng {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        SeededRng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 16 random bytes (a session key).
    pub fn bytes16(&mut self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        out[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        out
    }

    /// A 32-character code like WeChat's login codes.
    pub fn code(&mut self) -> String {
        (0..32)
            .map(|_| {
                #[allow(clippy::cast_possible_truncation)]
                let i = (self.next_u64() % ALPHABET.len() as u64) as usize;
                char::from(ALPHABET[i])
            })
            .collect()
    }
}

fn fnv1a(data: &[u8], basis: u64) -> u64 {
    data.iter().fold(basis, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A 28-character openid (`o` + 27), stable for one user in one app, different across apps.
#[must_use]
pub fn openid(user: &str, appid: &str) -> String {
    let key = format!("{user}\u{0}{appid}");
    let mut rng = SeededRng::new(fnv1a(key.as_bytes(), 0xCBF2_9CE4_8422_2325));
    let mut s = String::from("o");
    s.push_str(&rng.code()[..27]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_codes_and_openids_differ_per_app() {
        let (mut a, mut b) = (SeededRng::new(7), SeededRng::new(7));
        assert_eq!(a.code(), b.code());
        assert_ne!(a.code(), SeededRng::new(8).code());
        assert_eq!(openid("u", "wx1"), openid("u", "wx1"));
        assert_ne!(openid("u", "wx1"), openid("u", "wx2"));
        assert_eq!(openid("u", "wx1").len(), 28);
    }
}
