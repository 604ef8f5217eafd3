//! Password hashes in the three formats mosquitto reads and writes.
//!
//! | algorithm | field after `user:` | readable by |
//! |---|---|---|
//! | `sha512` | `$6$<salt>$<hash>`: SHA-512(password ‖ salt) | every mosquitto |
//! | `sha512-pbkdf2` | `$7$<iterations>$<salt>$<hash>`: PBKDF2-HMAC-SHA512 | mosquitto ≥ 2.0 |
//! | `argon2id` | `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>` (PHC) | mosquitto ≥ 2.1 built `WITH_ARGON2` |
//!
//! Policy. What we write is what mosquitto writes: `$6$`/`$7$` with a 12-byte
//! salt (mosquitto 2.0 rejects any other length; 2.1 also takes 64) and a
//! 64-byte hash in padded standard base64; argon2id with mosquitto 2.1's
//! parameters (m=47104 KiB, t=1, p=1, 64-byte salt, 64-byte hash, unpadded
//! base64, as libargon2's encoder writes). What we read is what the broker
//! reads; anything else with a known prefix is corrupt, never "plain text",
//! so that `-U` can't hash a hash twice. The salt comes from the operating
//! system's random source (`getrandom`).
//!
//! mosquitto 2.1.0–2.1.2 compile argon2 out ("disable until separate password
//! handling thread is implemented", upstream commit 1662641b); a build with
//! `WITH_ARGON2` reads and writes the format above. Checked by hand against
//! such a build of 2.1.2: its hashes verify here (vectors in the tests) and
//! its broker accepts ours.

use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use sha2::{Digest, Sha512};

/// `sha512-pbkdf2` iterations written by default. mosquitto 2.0's
/// `mosquitto_passwd` writes 101 and 2.1's writes 1000; mosquitto 2.0.11
/// accepts any count from 1 up (tested with 1, 1000 and 100 000 in
/// the passwd tests). Every CONNECT costs the broker one hash on its single
/// thread, and the cost grows with the count, so we follow 2.1, which went
/// from 210 000 back to 1000 for that reason (upstream commit 1662641b);
/// `-I` raises it.
pub const DEFAULT_ITERATIONS: u32 = 1000;

/// Largest iteration count mosquitto can store (it parses a C `int`).
pub const MAX_ITERATIONS: u32 = i32::MAX as u32;

/// Salt length for `$6$` and `$7$`: the only length mosquitto 2.0 accepts.
const SHA512_SALT_LEN: usize = 12;
/// mosquitto 2.1 writes 64-byte salts for `$6$` and `$7$`.
const SHA512_LONG_SALT_LEN: usize = 64;
/// SHA-512 output length; mosquitto rejects any other hash length.
const SHA512_HASH_LEN: usize = 64;

/// mosquitto 2.1's argon2id parameters (`libcommon/password_common.c`).
const ARGON2_MEMORY_KIB: u32 = 47104;
const ARGON2_TIME_COST: u32 = 1;
const ARGON2_PARALLELISM: u32 = 1;
const ARGON2_SALT_LEN: usize = 64;
const ARGON2_HASH_LEN: usize = 64;
/// Refuse to verify argon2id hashes asking for more memory than this (4 GiB):
/// a hostile file must not make us abort on allocation.
const ARGON2_MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;

/// Standard base64 that decodes with or without padding (mosquitto pads,
/// libargon2 doesn't) and encodes with padding (as mosquitto does).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
/// Unpadded standard base64, as in PHC strings.
const BASE64_NO_PAD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A hashing algorithm mosquitto understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// PBKDF2-HMAC-SHA512 (`$7$`): mosquitto 2.0 and newer
    /// read it.
    #[value(name = "sha512-pbkdf2")]
    Sha512Pbkdf2,
    /// Salted SHA-512 (`$6$`): every mosquitto reads it, 1.6 and older
    /// read nothing else. Weak: a single fast hash.
    #[value(name = "sha512")]
    Sha512,
    /// Argon2id (`$argon2id$`, mosquitto 2.1's parameters): only mosquitto
    /// 2.1 and newer built with argon2 support read it (upstream's 2.1.0 to
    /// 2.1.2 builds leave it out).
    #[value(name = "argon2id")]
    Argon2id,
}

impl Algorithm {
    /// The name used on the command line and in `--list`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha512Pbkdf2 => "sha512-pbkdf2",
            Algorithm::Sha512 => "sha512",
            Algorithm::Argon2id => "argon2id",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a hash could not be read, made or checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// The field has a known prefix but does not decode.
    #[error("corrupt {algorithm} hash: {reason}")]
    Corrupt { algorithm: Algorithm, reason: String },
    /// The field looks like `$id$…` for an id mosquitto does not know. The
    /// id is named only when it is a well-known scheme: an unknown one might
    /// be part of a plain-text password.
    #[error(
        "unsupported hash scheme {} (mosquitto reads $6$, $7$ and $argon2id$)",
        .0.as_deref().map(|id| format!("`${id}$`")).unwrap_or_else(|| "`$…$`".into())
    )]
    UnknownScheme(Option<String>),
    /// The operating system's random source failed.
    #[error("cannot get random bytes for the salt: {0}")]
    Random(String),
    /// The argon2 implementation refused its input.
    #[error("argon2id: {0}")]
    Argon2(String),
}

/// A decoded password hash: everything needed to verify a password.
#[derive(Clone, PartialEq, Eq)]
pub enum PasswordHash {
    /// `$6$salt$hash`.
    Sha512 { salt: Vec<u8>, hash: Vec<u8> },
    /// `$7$iterations$salt$hash`.
    Sha512Pbkdf2 { iterations: u32, salt: Vec<u8>, hash: Vec<u8> },
    /// `$argon2id$v=…$m=…,t=…,p=…$salt$hash`.
    Argon2id {
        version: u32,
        memory_kib: u32,
        time_cost: u32,
        parallelism: u32,
        salt: Vec<u8>,
        hash: Vec<u8>,
    },
}

impl fmt::Debug for PasswordHash {
    /// Shows the parameters only: a hash is not a password, but it is still
    /// material for an offline guessing attack.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PasswordHash({})", self.algorithm())
    }
}

impl PasswordHash {
    /// Decodes a password field. `Ok(None)` means it is not a hash at all
    /// (a plain-text password, as `-U` expects).
    pub fn parse(field: &[u8]) -> Result<Option<PasswordHash>, HashError> {
        if let Some(rest) = field.strip_prefix(b"$6$") {
            return parse_sha512(rest).map(Some);
        }
        if let Some(rest) = field.strip_prefix(b"$7$") {
            return parse_pbkdf2(rest).map(Some);
        }
        if let Some(rest) = field.strip_prefix(b"$argon2id$") {
            return parse_argon2id(rest).map(Some);
        }
        if let Some(scheme) = crypt_scheme(field) {
            return Err(HashError::UnknownScheme(scheme));
        }
        Ok(None)
    }

    /// Hashes `password` with a fresh random salt. `iterations` is used by
    /// `sha512-pbkdf2` only.
    pub fn create(
        algorithm: Algorithm,
        iterations: u32,
        password: &[u8],
    ) -> Result<PasswordHash, HashError> {
        match algorithm {
            Algorithm::Sha512 => {
                let salt = random_salt(SHA512_SALT_LEN)?;
                let hash = sha512_salted(password, &salt);
                Ok(PasswordHash::Sha512 { salt, hash })
            }
            Algorithm::Sha512Pbkdf2 => {
                let salt = random_salt(SHA512_SALT_LEN)?;
                let hash = pbkdf2_sha512(password, &salt, iterations);
                Ok(PasswordHash::Sha512Pbkdf2 { iterations, salt, hash })
            }
            Algorithm::Argon2id => {
                let salt = random_salt(ARGON2_SALT_LEN)?;
                let mut created = PasswordHash::Argon2id {
                    version: 0x13,
                    memory_kib: ARGON2_MEMORY_KIB,
                    time_cost: ARGON2_TIME_COST,
                    parallelism: ARGON2_PARALLELISM,
                    salt,
                    hash: vec![0; ARGON2_HASH_LEN],
                };
                let hash = created.compute(password)?;
                if let PasswordHash::Argon2id { hash: slot, .. } = &mut created {
                    *slot = hash;
                }
                Ok(created)
            }
        }
    }

    /// True when `password` hashes to this hash (compared in constant time).
    pub fn verify(&self, password: &[u8]) -> Result<bool, HashError> {
        let computed = self.compute(password)?;
        Ok(constant_time_eq(&computed, self.hash()))
    }

    /// The algorithm of this hash.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            PasswordHash::Sha512 { .. } => Algorithm::Sha512,
            PasswordHash::Sha512Pbkdf2 { .. } => Algorithm::Sha512Pbkdf2,
            PasswordHash::Argon2id { .. } => Algorithm::Argon2id,
        }
    }

    fn hash(&self) -> &[u8] {
        match self {
            PasswordHash::Sha512 { hash, .. }
            | PasswordHash::Sha512Pbkdf2 { hash, .. }
            | PasswordHash::Argon2id { hash, .. } => hash,
        }
    }

    /// Hashes `password` with this hash's salt and parameters.
    fn compute(&self, password: &[u8]) -> Result<Vec<u8>, HashError> {
        match self {
            PasswordHash::Sha512 { salt, .. } => Ok(sha512_salted(password, salt)),
            PasswordHash::Sha512Pbkdf2 { iterations, salt, .. } => {
                Ok(pbkdf2_sha512(password, salt, *iterations))
            }
            PasswordHash::Argon2id { version, memory_kib, time_cost, parallelism, salt, hash } => {
                let params = argon2_params(*memory_kib, *time_cost, *parallelism, hash.len())?;
                let version = argon2_version(*version)?;
                let hasher = argon2::Argon2::new(argon2::Algorithm::Argon2id, version, params);
                let mut out = vec![0; hash.len()];
                hasher
                    .hash_password_into(password, salt, &mut out)
                    .map_err(|err| HashError::Argon2(err.to_string()))?;
                Ok(out)
            }
        }
    }
}

impl fmt::Display for PasswordHash {
    /// The password field exactly as mosquitto writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordHash::Sha512 { salt, hash } => {
                write!(f, "$6${}${}", BASE64.encode(salt), BASE64.encode(hash))
            }
            PasswordHash::Sha512Pbkdf2 { iterations, salt, hash } => {
                write!(f, "$7${iterations}${}${}", BASE64.encode(salt), BASE64.encode(hash))
            }
            PasswordHash::Argon2id { version, memory_kib, time_cost, parallelism, salt, hash } => {
                write!(
                    f,
                    "$argon2id$v={version}$m={memory_kib},t={time_cost},p={parallelism}${}${}",
                    BASE64_NO_PAD.encode(salt),
                    BASE64_NO_PAD.encode(hash)
                )
            }
        }
    }
}

fn sha512_salted(password: &[u8], salt: &[u8]) -> Vec<u8> {
    let mut digest = Sha512::new();
    digest.update(password);
    digest.update(salt);
    digest.finalize().to_vec()
}

fn pbkdf2_sha512(password: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
    let mut out = vec![0; SHA512_HASH_LEN];
    pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, iterations, &mut out);
    out
}

fn random_salt(len: usize) -> Result<Vec<u8>, HashError> {
    let mut salt = vec![0; len];
    getrandom::fill(&mut salt).map_err(|err| HashError::Random(err.to_string()))?;
    Ok(salt)
}

/// No early exit on the first differing byte (hygiene; the lengths are public).
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    let difference = left.iter().zip(right).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    std::hint::black_box(difference) == 0
}

fn corrupt(algorithm: Algorithm, reason: impl Into<String>) -> HashError {
    HashError::Corrupt { algorithm, reason: reason.into() }
}

/// Splits the part after the `$id$` prefix into exactly `count` fields.
fn fields(rest: &[u8], algorithm: Algorithm, count: usize) -> Result<Vec<&str>, HashError> {
    let text = std::str::from_utf8(rest).map_err(|_| corrupt(algorithm, "not ASCII"))?;
    let parts: Vec<&str> = text.split('$').collect();
    if parts.len() != count || parts.iter().any(|part| part.is_empty()) {
        return Err(corrupt(
            algorithm,
            format!("expected {count} `$`-separated fields after the prefix"),
        ));
    }
    Ok(parts)
}

fn decode(
    engine: &GeneralPurpose,
    text: &str,
    algorithm: Algorithm,
    what: &str,
) -> Result<Vec<u8>, HashError> {
    engine.decode(text).map_err(|_| corrupt(algorithm, format!("{what} is not valid base64")))
}

fn sha512_salt(text: &str, algorithm: Algorithm) -> Result<Vec<u8>, HashError> {
    let salt = decode(&BASE64, text, algorithm, "salt")?;
    if salt.len() != SHA512_SALT_LEN && salt.len() != SHA512_LONG_SALT_LEN {
        return Err(corrupt(algorithm, format!("salt is {} bytes, not 12 or 64", salt.len())));
    }
    Ok(salt)
}

fn sha512_hash(text: &str, algorithm: Algorithm) -> Result<Vec<u8>, HashError> {
    let hash = decode(&BASE64, text, algorithm, "hash")?;
    if hash.len() != SHA512_HASH_LEN {
        return Err(corrupt(algorithm, format!("hash is {} bytes, not 64", hash.len())));
    }
    Ok(hash)
}

fn parse_sha512(rest: &[u8]) -> Result<PasswordHash, HashError> {
    let algorithm = Algorithm::Sha512;
    let parts = fields(rest, algorithm, 2)?;
    Ok(PasswordHash::Sha512 {
        salt: sha512_salt(parts[0], algorithm)?,
        hash: sha512_hash(parts[1], algorithm)?,
    })
}

fn parse_pbkdf2(rest: &[u8]) -> Result<PasswordHash, HashError> {
    let algorithm = Algorithm::Sha512Pbkdf2;
    let parts = fields(rest, algorithm, 3)?;
    let iterations =
        parse_number(parts[0]).filter(|count| (1..=MAX_ITERATIONS).contains(count)).ok_or_else(
            || corrupt(algorithm, "iteration count is not a number from 1 to 2147483647"),
        )?;
    Ok(PasswordHash::Sha512Pbkdf2 {
        iterations,
        salt: sha512_salt(parts[1], algorithm)?,
        hash: sha512_hash(parts[2], algorithm)?,
    })
}

fn parse_argon2id(rest: &[u8]) -> Result<PasswordHash, HashError> {
    let algorithm = Algorithm::Argon2id;
    // The version field is optional in libargon2's format (absent means 0x10).
    let with_version = rest.starts_with(b"v=");
    let parts = fields(rest, algorithm, if with_version { 4 } else { 3 })?;
    let (version, parts) = if with_version {
        let version = parse_number(&parts[0][2..])
            .ok_or_else(|| corrupt(algorithm, "version is not a number"))?;
        (version, &parts[1..])
    } else {
        (0x10, &parts[..])
    };
    argon2_version(version)?;
    let mut costs = parts[0].split(',');
    let mut cost =
        |key: &str| {
            costs.next().and_then(|item| item.strip_prefix(key)).and_then(parse_number).ok_or_else(
                || corrupt(algorithm, "parameters are not `m=<kib>,t=<passes>,p=<lanes>`"),
            )
        };
    let (memory_kib, time_cost, parallelism) = (cost("m=")?, cost("t=")?, cost("p=")?);
    if costs.next().is_some() {
        return Err(corrupt(algorithm, "parameters are not `m=<kib>,t=<passes>,p=<lanes>`"));
    }
    let salt = decode(&BASE64_NO_PAD, parts[1], algorithm, "salt")?;
    let hash = decode(&BASE64_NO_PAD, parts[2], algorithm, "hash")?;
    if salt.len() < argon2::MIN_SALT_LEN {
        return Err(corrupt(algorithm, format!("salt is {} bytes, fewer than 8", salt.len())));
    }
    argon2_params(memory_kib, time_cost, parallelism, hash.len())?;
    Ok(PasswordHash::Argon2id { version, memory_kib, time_cost, parallelism, salt, hash })
}

fn argon2_params(
    memory_kib: u32,
    time_cost: u32,
    parallelism: u32,
    hash_len: usize,
) -> Result<argon2::Params, HashError> {
    if memory_kib > ARGON2_MAX_MEMORY_KIB {
        return Err(corrupt(
            Algorithm::Argon2id,
            format!("memory cost {memory_kib} KiB is over our limit of 4 GiB"),
        ));
    }
    argon2::Params::new(memory_kib, time_cost, parallelism, Some(hash_len))
        .map_err(|err| corrupt(Algorithm::Argon2id, err.to_string()))
}

fn argon2_version(version: u32) -> Result<argon2::Version, HashError> {
    match version {
        0x10 => Ok(argon2::Version::V0x10),
        0x13 => Ok(argon2::Version::V0x13),
        other => Err(corrupt(Algorithm::Argon2id, format!("unknown version {other}"))),
    }
}

/// Decimal digits only (no sign, no spaces), as a `u32`.
fn parse_number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `Some("5")` for a field like `$5$…`: the shape of a crypt(3)-style hash
/// whose scheme mosquitto does not know.
/// `Some(None)` when the id is not one of [`KNOWN_SCHEMES`].
fn crypt_scheme(field: &[u8]) -> Option<Option<String>> {
    let rest = field.strip_prefix(b"$")?;
    let end = rest.iter().position(|&byte| byte == b'$')?;
    let scheme = &rest[..end];
    let plausible = (1..=32).contains(&scheme.len())
        && scheme.iter().all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-');
    plausible.then(|| {
        KNOWN_SCHEMES.iter().find(|known| known.as_bytes() == scheme).map(|known| known.to_string())
    })
}

/// crypt(3) and PHC scheme ids safe to name in messages.
const KNOWN_SCHEMES: &[&str] = &[
    "1",
    "2",
    "2a",
    "2b",
    "2x",
    "2y",
    "3",
    "5",
    "6",
    "7",
    "y",
    "gy",
    "sha1",
    "md5",
    "apr1",
    "argon2i",
    "argon2d",
    "scrypt",
    "pbkdf2",
    "pbkdf2-sha256",
    "pbkdf2-sha512",
    "bcrypt",
];

#[cfg(test)]
mod tests;
