//! Known vectors from other implementations, round trips, and corrupt input.

use super::{Algorithm, HashError, PasswordHash, DEFAULT_ITERATIONS};

/// Made by `mosquitto_passwd -H sha512 -c -b f alice 'correct horse'` (2.0.11).
const MOSQUITTO_SHA512: &str = "$6$6f1ORq0PWBgdRA/9$yAxMOix/+JiQOWFzqhD0dy1Q4GGC3FeV8m4q4bs2OoEh0M+kOctjjqLba5Pl13EKgXUbtAH5jSIHslLlV1DyWg==";
/// Made by `mosquitto_passwd -c -b f bob 'battery staple'` (2.0.11, 101 iterations).
const MOSQUITTO_PBKDF2: &str = "$7$101$6B/I7MTkDuS9Mg5h$c8NseOc/umbCmQ6VTXYl2jqaCDF1gAsGZ/9pG8ZFF5P4SLFPxBcN4u9CNM59+jNgKZx5GWVq3l+yh/GDXerIxQ==";
/// Made by `mosquitto_passwd -b -I 5000 f carol 'pässwörd:with colon'` (2.0.11).
const MOSQUITTO_PBKDF2_5000: &str = "$7$5000$T1mK6Qm5TwkOASmr$/WRffxrrGd2jJUluZ0fnvjmac6WRrwRqDVPDo6RZmB8hU7LN4kFdBXh8Lmh2bhb0s1scd693P15lrt6Ri8LWHA==";
/// `mosquitto_passwd -H argon2id -c -b f a 'mosquitto 2.1 argon'`: mosquitto
/// 2.1.2 built with WITH_ARGON2 (upstream builds leave it off).
const MOSQUITTO_21_ARGON2: &str = "$argon2id$v=19$m=47104,t=1,p=1$HeFcOex2nzwn9SaXj3gMN8C02f/BAhvjpo3UqNrsnf4OIy0/Bn/xOOUKcI5YXjqR5vvqu6BJ7+nJKU2ga3/IZg$eTSe2lEdUFhkutnrVbiAjbgRgqGWNKF4GcyqksSg/OKEU6qZPZboZLRrzm1E4I4dEr+VH3sNW/IHbmvEIbK5jw";
/// `mosquitto_passwd -b f b 'mosquitto 2.1 pbkdf2'` (2.1.2: 64-byte salt, 1000 iterations).
const MOSQUITTO_21_PBKDF2: &str = "$7$1000$UVr+y+Jq5Ce9lCWIJZszJwovW+XeBX18F0U+ll2Y/sWpyjXRgzKgDOjsLO47ZnzZRlwfHq6SMC/ZQQyNzILVmw==$TUgfdNmzYEqB9JgOlbaoPNc5f0Y6A/qsuBffdShTVp/Z5BSYmHupabTUNKdBrc4of8xcLvYAMHmUAxLQ+wEtXA==";
/// 64-byte salt (as mosquitto 2.1 writes), made with Python's
/// `hashlib.pbkdf2_hmac('sha512', b'long salt pw', bytes(range(64)), 1000)`.
const PYTHON_PBKDF2_LONG_SALT: &str = "$7$1000$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==$Iy52sBziyDIwfb1Cj4Pq8NbquUNzSosXSREe2ZeUjVmz44QNvrbcPyDLDBRh6ZyL3mRh1XVLPEf890CjFkSeAA==";
/// `hashlib.sha512(b'long salt pw' + bytes(range(64)))`.
const PYTHON_SHA512_LONG_SALT: &str = "$6$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==$EJkQBdcNv7eAQhEQUeh3F2bd2sdJzqrduHZhx3C0gtxBw3nRs8eFysmOiChJVAHyA778T58lZbidG+XETzSO7g==";
/// The libargon2 reference CLI (Debian `argon2`, the library mosquitto 2.1
/// links): `echo -n 'correct horse' | argon2 saltsaltsaltsalt -id -t 1 -m 10 -p 1 -l 64 -e`.
const LIBARGON2_64: &str = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$KXoZ452qFeH3svUeRbhVSuUXSKVfCIOiHunjp7xcQo3ReWrGP88XxBpNt9Xhg3FoNYFejaywmvz04nyYHi/TWw";
/// `… | argon2 somesaltsomesaltsomesaltsomesalt -id -t 2 -m 12 -p 2 -l 32 -e`.
const LIBARGON2_32: &str = "$argon2id$v=19$m=4096,t=2,p=2$c29tZXNhbHRzb21lc2FsdHNvbWVzYWx0c29tZXNhbHQ$zhdsbhRP9trP3IGItnMB5FIKnDrirMi4EiCWiPNVcc4";

fn parsed(field: &str) -> PasswordHash {
    PasswordHash::parse(field.as_bytes()).expect("parses").expect("is a hash")
}

#[test]
fn known_vectors_verify_with_their_password_only() {
    let cases = [
        (MOSQUITTO_SHA512, "correct horse", Algorithm::Sha512),
        (MOSQUITTO_PBKDF2, "battery staple", Algorithm::Sha512Pbkdf2),
        (MOSQUITTO_PBKDF2_5000, "pässwörd:with colon", Algorithm::Sha512Pbkdf2),
        (MOSQUITTO_21_ARGON2, "mosquitto 2.1 argon", Algorithm::Argon2id),
        (MOSQUITTO_21_PBKDF2, "mosquitto 2.1 pbkdf2", Algorithm::Sha512Pbkdf2),
        (PYTHON_PBKDF2_LONG_SALT, "long salt pw", Algorithm::Sha512Pbkdf2),
        (PYTHON_SHA512_LONG_SALT, "long salt pw", Algorithm::Sha512),
        (LIBARGON2_64, "correct horse", Algorithm::Argon2id),
        (LIBARGON2_32, "correct horse", Algorithm::Argon2id),
    ];
    for (field, password, algorithm) in cases {
        let hash = parsed(field);
        assert_eq!(hash.algorithm(), algorithm, "{field}");
        assert_eq!(hash.verify(password.as_bytes()), Ok(true), "{field}");
        assert_eq!(hash.verify(b"wrong"), Ok(false), "{field}");
        let mut almost = password.as_bytes().to_vec();
        almost.pop();
        assert_eq!(hash.verify(&almost), Ok(false), "{field}");
        // Decoding and encoding again gives back the same text.
        assert_eq!(hash.to_string(), field);
    }
}

#[test]
fn iteration_count_is_read_from_the_field() {
    match parsed(MOSQUITTO_PBKDF2_5000) {
        PasswordHash::Sha512Pbkdf2 { iterations, salt, hash } => {
            assert_eq!(iterations, 5000);
            assert_eq!(salt.len(), 12);
            assert_eq!(hash.len(), 64);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn created_hashes_have_mosquittos_shape_and_verify() {
    for algorithm in [Algorithm::Sha512, Algorithm::Sha512Pbkdf2, Algorithm::Argon2id] {
        let hash = PasswordHash::create(algorithm, DEFAULT_ITERATIONS, b"s3cret").unwrap();
        let text = hash.to_string();
        let expected_prefix = match algorithm {
            Algorithm::Sha512 => "$6$".to_string(),
            Algorithm::Sha512Pbkdf2 => format!("$7${DEFAULT_ITERATIONS}$"),
            Algorithm::Argon2id => "$argon2id$v=19$m=47104,t=1,p=1$".to_string(),
        };
        assert!(text.starts_with(&expected_prefix), "{text}");
        if algorithm != Algorithm::Argon2id {
            // 12-byte salt: 16 base64 characters, the only length 2.0 reads.
            let salt = text.trim_start_matches(&expected_prefix).split('$').next().unwrap();
            assert_eq!(salt.len(), 16, "{text}");
        }
        let again = parsed(&text);
        assert_eq!(again, hash);
        assert_eq!(again.verify(b"s3cret"), Ok(true));
        assert_eq!(again.verify(b"s3cret "), Ok(false));
    }
}

#[test]
fn salts_are_random() {
    let first = PasswordHash::create(Algorithm::Sha512Pbkdf2, 1, b"same").unwrap();
    let second = PasswordHash::create(Algorithm::Sha512Pbkdf2, 1, b"same").unwrap();
    assert_ne!(first.to_string(), second.to_string());
}

#[test]
fn custom_iteration_count_is_written() {
    let hash = PasswordHash::create(Algorithm::Sha512Pbkdf2, 20_000, b"pw").unwrap();
    assert!(hash.to_string().starts_with("$7$20000$"), "{hash}");
    assert_eq!(hash.verify(b"pw"), Ok(true));
}

#[test]
fn plain_text_is_not_a_hash() {
    for field in ["hunter2", "$dollar-start", "pass$word", "$", "7$101$x$y"] {
        assert_eq!(PasswordHash::parse(field.as_bytes()), Ok(None), "{field}");
    }
}

#[test]
fn unknown_crypt_schemes_are_refused_not_taken_for_plain_text() {
    assert_eq!(
        PasswordHash::parse(b"$5$rounds=5000$abc$def"),
        Err(HashError::UnknownScheme(Some("5".into())))
    );
    assert_eq!(
        PasswordHash::parse(b"$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaA"),
        Err(HashError::UnknownScheme(Some("argon2i".into())))
    );
    // An id we don't know may be part of a password: never named.
    let err = PasswordHash::parse(b"$hunter2$rest").unwrap_err();
    assert_eq!(err, HashError::UnknownScheme(None));
    assert!(!err.to_string().contains("hunter2"), "{err}");
}

#[test]
fn corrupt_hashes_are_errors() {
    let good_salt = "6B/I7MTkDuS9Mg5h";
    let good_hash =
        "c8NseOc/umbCmQ6VTXYl2jqaCDF1gAsGZ/9pG8ZFF5P4SLFPxBcN4u9CNM59+jNgKZx5GWVq3l+yh/GDXerIxQ==";
    let cases = [
        format!("$7$0${good_salt}${good_hash}"),
        format!("$7$-5${good_salt}${good_hash}"),
        format!("$7$10x${good_salt}${good_hash}"),
        format!("$7$2147483648${good_salt}${good_hash}"),
        format!("$7${good_salt}${good_hash}"),
        format!("$7$101${good_salt}${good_hash}$extra"),
        format!("$7$101$$${good_hash}"),
        format!("$7$101$c2hvcnQ=${good_hash}"),
        format!("$7$101${good_salt}$c2hvcnQ="),
        format!("$7$101${good_salt}$not*base64"),
        format!("$6${good_salt}"),
        "$6$".to_string(),
        "$argon2id$v=19$m=1024,t=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2g".to_string(),
        "$argon2id$v=18$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2g".to_string(),
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaGhhc2g".to_string(),
        "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2g".to_string(),
        "$argon2id$v=19$m=1024,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2g".to_string(),
    ];
    for field in cases {
        let result = PasswordHash::parse(field.as_bytes());
        assert!(matches!(result, Err(HashError::Corrupt { .. })), "{field}: {result:?}");
    }
}

#[test]
fn argon2id_without_version_field_is_version_16() {
    let field = "$argon2id$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA";
    match parsed(field) {
        PasswordHash::Argon2id { version, .. } => assert_eq!(version, 16),
        other => panic!("{other:?}"),
    }
}

#[test]
fn debug_shows_no_hash_material() {
    let debug = format!("{:?}", parsed(MOSQUITTO_PBKDF2));
    assert_eq!(debug, "PasswordHash(sha512-pbkdf2)");
}
