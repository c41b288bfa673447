//! Keys: the trusted issuer's public keys (a JWKS file) and the development issuer, whose
//! Ed25519 key pair `dgr token` creates in the data folder on first use.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde::Serialize;

/// The issuer name of development tokens.
pub const ONTWIKKEL_ISSUER: &str = "urn:dgr:ontwikkeling";
/// Algorithms accepted (API.md): RS256, PS256, ES256, EdDSA. `none` and HMAC never.
pub const TOEGESTANE_ALGORITMEN: [Algorithm; 4] = [
    Algorithm::RS256,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::EdDSA,
];

/// Why keys could not be loaded or created.
#[derive(Debug, thiserror::Error)]
pub enum SleutelFout {
    /// IO.
    #[error("sleutelbestand {pad}: {}", dgr_core::tekst::io_uitleg(oorzaak))]
    Io {
        /// File.
        pad: PathBuf,
        /// Cause.
        oorzaak: std::io::Error,
    },
    /// Invalid content.
    #[error("sleutel {0}")]
    Ongeldig(String),
}

/// One trusted verification key.
#[derive(Clone)]
pub struct Vertrouwd {
    /// Key id, if the JWKS names one.
    pub kid: Option<String>,
    /// The key.
    pub sleutel: DecodingKey,
    /// Its algorithm family's algorithm.
    pub algoritme: Algorithm,
    /// The issuer these keys belong to.
    pub issuer: String,
}

/// Loads the keys of a JWKS document — a file path or an `http(s)://` URL (the `jwks_uri` of an
/// OIDC provider) — for `issuer`; only the accepted algorithms are kept.
///
/// # Errors
/// [`SleutelFout`].
pub fn laad_jwks(bron: &str, issuer: &str) -> Result<Vec<Vertrouwd>, SleutelFout> {
    let tekst = if bron.starts_with("https://") || bron.starts_with("http://") {
        ureq::get(bron)
            .call()
            .map_err(|e| SleutelFout::Ongeldig(format!("JWKS {bron} ophalen: {e}")))?
            .body_mut()
            .read_to_string()
            .map_err(|e| SleutelFout::Ongeldig(format!("JWKS {bron} lezen: {e}")))?
    } else {
        std::fs::read_to_string(bron).map_err(|oorzaak| SleutelFout::Io {
            pad: bron.into(),
            oorzaak,
        })?
    };
    let set: JwkSet = serde_json::from_str(&tekst)
        .map_err(|e| SleutelFout::Ongeldig(format!("JWKS {bron}: {e}")))?;
    let mut uit = Vec::new();
    for jwk in &set.keys {
        let algoritme = match &jwk.algorithm {
            jsonwebtoken::jwk::AlgorithmParameters::RSA(_) => match jwk.common.key_algorithm {
                Some(jsonwebtoken::jwk::KeyAlgorithm::PS256) => Algorithm::PS256,
                _ => Algorithm::RS256,
            },
            jsonwebtoken::jwk::AlgorithmParameters::EllipticCurve(_) => Algorithm::ES256,
            jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(_) => Algorithm::EdDSA,
            jsonwebtoken::jwk::AlgorithmParameters::OctetKey(_) => continue,
        };
        let sleutel =
            DecodingKey::from_jwk(jwk).map_err(|e| SleutelFout::Ongeldig(format!("JWK: {e}")))?;
        uit.push(Vertrouwd {
            kid: jwk.common.key_id.clone(),
            sleutel,
            algoritme,
            issuer: issuer.to_string(),
        });
    }
    if uit.is_empty() {
        return Err(SleutelFout::Ongeldig(format!(
            "JWKS {bron} bevat geen bruikbare sleutel (RS256, PS256, ES256, EdDSA)"
        )));
    }
    Ok(uit)
}

/// The development issuer: an Ed25519 key pair kept in the data folder.
pub struct Ontwikkelsleutel {
    ondertekening: SigningKey,
}

const SLEUTELBESTAND: &str = "ontwikkel-issuer.ed25519";

impl Ontwikkelsleutel {
    /// Loads the key pair from `map`, creating it on first use (file mode 0600).
    ///
    /// # Errors
    /// [`SleutelFout`].
    pub fn laad_of_maak(map: &Path) -> Result<Ontwikkelsleutel, SleutelFout> {
        let pad = map.join(SLEUTELBESTAND);
        let io = |oorzaak| SleutelFout::Io {
            pad: pad.clone(),
            oorzaak,
        };
        if pad.exists() {
            let hexa = std::fs::read_to_string(&pad).map_err(io)?;
            let bytes =
                hex::decode(hexa.trim()).map_err(|e| SleutelFout::Ongeldig(e.to_string()))?;
            let zaad: [u8; 32] = bytes.try_into().map_err(|_| {
                SleutelFout::Ongeldig("ontwikkelsleutel heeft niet 32 bytes".into())
            })?;
            return Ok(Ontwikkelsleutel {
                ondertekening: SigningKey::from_bytes(&zaad),
            });
        }
        let mut zaad = [0u8; 32];
        getrandom::fill(&mut zaad)
            .map_err(|e| SleutelFout::Ongeldig(format!("geen toevalsbron: {e}")))?;
        std::fs::create_dir_all(map).map_err(io)?;
        // create_new: when two processes start at once, one writes and the other reads its key
        let mut opties = std::fs::OpenOptions::new();
        opties.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            opties.mode(0o600);
        }
        match opties.open(&pad) {
            Ok(mut f) => {
                use std::io::Write as _;
                f.write_all(hex::encode(zaad).as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(io)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Self::laad_of_maak(map);
            }
            Err(e) => return Err(io(e)),
        }
        Ok(Ontwikkelsleutel {
            ondertekening: SigningKey::from_bytes(&zaad),
        })
    }

    /// The verification key.
    ///
    /// # Errors
    /// [`SleutelFout`] (not expected for a valid key).
    pub fn vertrouwd(&self) -> Result<Vertrouwd, SleutelFout> {
        let x = URL_SAFE_NO_PAD.encode(self.ondertekening.verifying_key().as_bytes());
        let sleutel = DecodingKey::from_ed_components(&x)
            .map_err(|e| SleutelFout::Ongeldig(e.to_string()))?;
        Ok(Vertrouwd {
            kid: Some("dgr-ontwikkel".into()),
            sleutel,
            algoritme: Algorithm::EdDSA,
            issuer: ONTWIKKEL_ISSUER.into(),
        })
    }

    /// The public key as a JWKS document (for tools that verify development tokens).
    pub fn jwks(&self) -> serde_json::Value {
        let x = URL_SAFE_NO_PAD.encode(self.ondertekening.verifying_key().as_bytes());
        serde_json::json!({ "keys": [{ "kty": "OKP", "crv": "Ed25519", "x": x, "kid": "dgr-ontwikkel", "alg": "EdDSA", "use": "sig" }] })
    }

    /// Signs a development token with these claims (`iss` is set to the development issuer).
    ///
    /// # Errors
    /// [`SleutelFout`].
    pub fn onderteken<C: Serialize>(&self, claims: &C) -> Result<String, SleutelFout> {
        let der = self
            .ondertekening
            .to_pkcs8_der()
            .map_err(|e| SleutelFout::Ongeldig(e.to_string()))?;
        let sleutel = EncodingKey::from_ed_der(der.as_bytes());
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some("dgr-ontwikkel".into());
        jsonwebtoken::encode(&header, claims, &sleutel)
            .map_err(|e| SleutelFout::Ongeldig(e.to_string()))
    }
}
