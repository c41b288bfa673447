//! The letter that tells a person about a new registration (Wfsv art. 38d lid 8; issue #14), in
//! plain Dutch: what the register is, which grondslag, from when, what it means for them, how to
//! ask for uitschrijving or object, and who may see what. The citizen reads it on the Mijn pages
//! (`/mijn/kennisgevingen/{id}`); `dgr brieven` writes the letters of a day for the mail room as
//! one printable document and one file per letter.

use chrono::NaiveDate;
use serde::Serialize;

use dgr_register::tijd::datum_van;
use dgr_store::kennisgevingen::Kennisgeving;

/// One letter's contents: nothing but what the notice record holds (the address comes from the
/// BRP in the mail room; the register holds none).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Brief {
    /// `DGR-K-<id>`: the notice's id, quoted in any reply.
    pub kenmerk: String,
    /// The notice's date (Europe/Amsterdam).
    pub datum: NaiveDate,
    /// The grondslag code (the letter names it in words).
    pub grondslag: String,
    /// The ingangsdatum of the registration.
    pub ingangsdatum: NaiveDate,
    /// Its einddatum when it was recorded after it ended (historical data).
    pub einddatum: Option<NaiveDate>,
    /// The BSN, masked (`*****2333`).
    pub bsn: String,
}

impl Brief {
    /// The letter of a notice.
    pub fn van(k: &Kennisgeving) -> Brief {
        Brief {
            kenmerk: kenmerk(k.id),
            datum: datum_van(k.gemaakt_op),
            grondslag: k.grondslag.clone(),
            ingangsdatum: k.ingangsdatum,
            einddatum: k.einddatum,
            bsn: k.bsn.gemaskeerd(),
        }
    }
}

/// The kenmerk of notice `id`.
pub fn kenmerk(id: i64) -> String {
    format!("DGR-K-{id}")
}

/// The letters as one standalone, printable HTML document (A4, one letter per page, its style
/// inside: it is opened from disk, not from the server).
///
/// # Errors
/// A template error (a build defect).
pub fn document(titel: &str, brieven: &[Brief]) -> Result<String, minijinja::Error> {
    // the pages' template environment: the same filters, and `brief_inhoud.html` is shared
    // with the letter on the Mijn page
    super::gemeen::omgeving()
        .get_template("brief.html")?
        .render(minijinja::context! { titel => titel, brieven => brieven })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use dgr_core::Bsn;

    #[test]
    fn de_brief_noemt_grondslag_ingang_rechten_en_nooit_het_hele_bsn() {
        let k = Kennisgeving {
            id: 17,
            registratie_id: 4,
            bsn: Bsn::parse("111222333").unwrap_or_else(|_| unreachable!()),
            grondslag: "PW_IBA".into(),
            ingangsdatum: NaiveDate::from_ymd_opt(2026, 11, 16).unwrap_or_default(),
            // 23:30 UTC on 2 December is 00:30 on 3 December in Amsterdam
            gemaakt_op: Utc
                .with_ymd_and_hms(2026, 12, 2, 23, 30, 0)
                .single()
                .unwrap_or_default(),
            einddatum: None,
        };
        let b = Brief::van(&k);
        assert_eq!(
            b.datum,
            NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default()
        );
        let html = document("Brieven", &[b.clone(), b]).unwrap_or_default();
        assert!(html.contains("DGR-K-17"));
        assert!(html.contains("3 december 2026"), "{html}");
        assert!(html.contains("16 november 2026"), "{html}");
        assert!(
            html.contains("Participatiewet - indicatie banenafspraak"),
            "{html}"
        );
        assert!(html.contains("*****2333") && !html.contains("111222333"));
        for onderdeel in [
            "uitgeschreven",
            "bezwaar",
            "Wie mag wat zien?",
            "no-riskpolis",
        ] {
            assert!(html.contains(onderdeel), "{onderdeel}");
        }
        assert_eq!(html.matches("<article class=\"brief\">").count(), 2);
    }
}
