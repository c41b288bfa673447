//! The pages' gate: a page of the catalogue ([`super::catalogus`]) opens only for a logged-in
//! caller whom the policy permits the page's handeling, the same declaration that decides
//! whether its tile shows. Apart from the catalogue so that the catalogue stays below the page
//! rendering ([`super::gemeen`] builds the menu from it).

use axum::http::HeaderMap;
use axum::response::Response;

use super::catalogus::Pagina;
use super::gemeen::{controleer_csrf, geweigerd, naar_login};
use crate::beleid;
use crate::sessie::Sessie;
use crate::staat::Staat;

/// The session of a logged-in caller whom the policy permits the page's handeling; otherwise
/// the login page or a refusal (403, logged through [`beleid::beslis`]).
pub(super) fn sessie_voor_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    p: &Pagina,
) -> Result<Sessie, Box<Response>> {
    let s = staat
        .sessies
        .van(headers)
        .ok_or_else(|| Box::new(naar_login()))?;
    let toegestaan = match (p.handeling)(&s.gebruiker) {
        Some(h) => beleid::beslis(&s.gebruiker, &h).is_ok(),
        None => {
            if let Some(spoor) = &s.gebruiker.spoor {
                spoor.leg_vast(
                    Some(&s.gebruiker),
                    "webpagina",
                    "deze pagina hoort niet bij deze inlog",
                );
            }
            false
        }
    };
    if toegestaan {
        Ok(s)
    } else {
        Err(Box::new(geweigerd(&s)))
    }
}

/// [`sessie_voor_pagina`] for a form posted from the page: also checks its CSRF token.
pub(super) fn sessie_voor_formulier_van(
    staat: &Staat,
    headers: &HeaderMap,
    p: &Pagina,
    csrf: &str,
) -> Result<Sessie, Box<Response>> {
    let s = sessie_voor_pagina(staat, headers, p)?;
    controleer_csrf(&s, csrf)?;
    Ok(s)
}
