//! Final decisions in two steps, without JavaScript: the first post of a decision answers with
//! a page that says what will happen ([`vraag`]), whose "Bevestigen" posts the same fields again
//! with `bevestigd`; only that second post decides, and its success is shown on the page it
//! redirects to ([`gedaan`], post/redirect/get with the message kept in the session).

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;

use super::gemeen::pagina;
use crate::sessie::Sessie;
use crate::staat::Staat;

/// What is being confirmed, for the page's opening sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Soort {
    /// A final decision by staff: it cannot be undone on this page.
    Besluit,
    /// A citizen's request to UWV: UWV decides on it later.
    Verzoek,
    /// A setting the citizen can change back at any time.
    Keuze,
}

impl Soort {
    /// The opening sentence of the confirmation page.
    fn inleiding(self) -> &'static str {
        match self {
            Soort::Besluit => "Controleer wat u gaat vastleggen. Dit besluit is definitief.",
            Soort::Verzoek => {
                "Controleer uw verzoek voordat u het verstuurt. UWV beslist erover; u hoort het besluit op deze pagina."
            }
            Soort::Keuze => "Controleer uw keuze. U kunt deze keuze later altijd weer veranderen.",
        }
    }
}

/// What the confirmation page shows and posts.
pub(super) struct Bevestiging<'a> {
    /// A decision, a request or a setting.
    pub soort: Soort,
    /// The page title ("Verzoek om uitschrijving toewijzen").
    pub titel: &'a str,
    /// The summary of what is decided: (label, value) pairs.
    pub samenvatting: Vec<(&'static str, String)>,
    /// What happens when confirmed, in plain words.
    pub gevolg: String,
    /// Where the form posts (the decision's own address).
    pub actie: &'static str,
    /// The fields of the first post, posted again (the CSRF token is added).
    pub velden: Vec<(&'static str, String)>,
    /// The confirming button's text ("Ja, toewijzen").
    pub knop: &'a str,
    /// Where "Annuleren" leads (the page the decision came from).
    pub terug: &'static str,
}

/// Whether a decision's form carries the confirmation of the second step.
pub(super) fn is_bevestigd(veld: Option<&str>) -> bool {
    veld == Some("ja")
}

/// The confirmation page of a decision.
pub(super) fn vraag(s: &Sessie, b: Bevestiging<'_>) -> Response {
    let samenvatting: Vec<_> = b
        .samenvatting
        .iter()
        .map(|(label, waarde)| context! { label => label, waarde => waarde })
        .collect();
    let velden: Vec<_> = b
        .velden
        .iter()
        .map(|(naam, waarde)| context! { naam => naam, waarde => waarde })
        .collect();
    pagina(
        "bevestigen.html",
        b.titel,
        Some(s),
        b.terug,
        context! {
            inleiding => b.soort.inleiding(),
            samenvatting => samenvatting, gevolg => b.gevolg, actie => b.actie,
            velden => velden, knop => b.knop, terug => b.terug,
        },
    )
}

/// After a decision: the message for the next page of the session, and a redirect (303) to it.
pub(super) fn gedaan(staat: &Staat, headers: &HeaderMap, naar: &str, tekst: String) -> Response {
    staat.sessies.zet_melding(headers, tekst);
    Redirect::to(naar).into_response()
}

#[cfg(test)]
mod tests {
    use super::is_bevestigd;

    #[test]
    fn alleen_de_tweede_stap_beslist() {
        assert!(is_bevestigd(Some("ja")));
        assert!(!is_bevestigd(None));
        assert!(!is_bevestigd(Some("")));
        assert!(!is_bevestigd(Some("nee")));
    }
}
