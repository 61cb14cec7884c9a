//! The operator PIN, stored only as a salted, stretched hash in PHC string
//! form (`$pbkdf2-sha256$i=200000,l=32$<salt>$<hash>`), made and checked by
//! the RustCrypto password-hash implementation of PBKDF2 — whose comparison
//! of the result takes the same time however much of it matches.

use pbkdf2::password_hash::phc::{Output, PasswordHash, Salt};
use pbkdf2::{Params, PasswordHasher, PasswordVerifier, Pbkdf2};

/// The PBKDF2 work factor for new PIN hashes: slow enough to make guessing a
/// 6-digit PIN from a stolen config take hours, fast enough for one try.
const ROUNDS: u32 = 200_000;
/// Fewer rounds than this would make a stolen hash cheap to try: refused.
const MIN_ROUNDS: u32 = 1000;

/// A salted, stretched hash of the operator PIN.
#[derive(Debug, Clone)]
pub struct PinHash(PasswordHash);

impl PinHash {
    /// The PHC string, or the `pbkdf2-sha256$ROUNDS$SALT$HASH` (hex) form
    /// earlier versions of `kiosk pin` made, which halls' kiosk.ron files
    /// still hold: the same algorithm, spelt differently.
    pub fn parse(s: &str) -> Option<PinHash> {
        let hash = PasswordHash::new(s).ok().or_else(|| legacy(s))?;
        let params = Params::try_from(&hash).ok()?;
        let salted = hash.salt.as_ref().is_some_and(|salt| salt.len() >= 8);
        (params.rounds() >= MIN_ROUNDS && salted && hash.hash.is_some()).then_some(PinHash(hash))
    }

    /// A new hash of `pin` with a random salt, as a PHC string.
    pub fn generate(pin: &str) -> Result<String, String> {
        let params = Params::new_with_output_len(ROUNDS, 32).map_err(|e| e.to_string())?;
        Pbkdf2::from(params)
            .hash_password(pin.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| format!("cannot hash the PIN: {e}"))
    }

    pub fn verify(&self, pin: &str) -> bool {
        Pbkdf2::default()
            .verify_password(pin.as_bytes(), &self.0)
            .is_ok()
    }
}

/// The older hex spelling, read into the PHC form.
fn legacy(s: &str) -> Option<PasswordHash> {
    let mut parts = s.split('$');
    if parts.next()? != "pbkdf2-sha256" {
        return None;
    }
    let rounds: u32 = parts.next()?.parse().ok()?;
    let salt = hex::decode(parts.next()?).ok()?;
    let hash = hex::decode(parts.next()?).ok()?;
    if parts.next().is_some() || hash.len() != 32 {
        return None;
    }
    let params = Params::new_with_output_len(rounds, hash.len()).ok()?;
    Some(PasswordHash {
        algorithm: pbkdf2::Algorithm::Pbkdf2Sha256.into(),
        version: None,
        params: params.try_into().ok()?,
        salt: Some(Salt::new(&salt).ok()?),
        hash: Some(Output::new(&hash).ok()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_hash_is_a_phc_string_that_checks_the_pin() {
        let h = PinHash::generate("2468").unwrap();
        assert!(h.starts_with("$pbkdf2-sha256$i=200000,l=32$"), "{h}");
        assert!(!h.contains("2468"));
        let parsed = PinHash::parse(&h).unwrap();
        assert!(parsed.verify("2468"));
        assert!(!parsed.verify("2469"));
    }

    #[test]
    fn the_older_hex_form_still_opens_the_menu() {
        // The demo kiosk.ron's hash of 2468 before PHC strings.
        let old = "pbkdf2-sha256$200000$d00a6135e27b91af8f1f384e8bb117f3$08feaddc02367680019c6c20d98af6249b04547d9563a52437e81ea505ef7f08";
        let parsed = PinHash::parse(old).unwrap();
        assert!(parsed.verify("2468"));
        assert!(!parsed.verify("1357"));
    }

    #[test]
    fn weak_or_malformed_hashes_are_refused() {
        for bad in [
            "2468",
            "pbkdf2-sha256$10$zz$00",
            "pbkdf2-sha256$999$d00a6135e27b91af8f1f384e8bb117f3$08feaddc02367680019c6c20d98af6249b04547d9563a52437e81ea505ef7f08",
            "$pbkdf2-sha256$i=10,l=32$c2FsdHNhbHQ$AAAA",
            "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$AAAA",
        ] {
            assert!(PinHash::parse(bad).is_none(), "{bad}");
        }
    }
}
