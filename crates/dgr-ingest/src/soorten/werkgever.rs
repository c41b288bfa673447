//! `eenheden` and `personeel` rows: an organisation's own unit tree and roster, delivered by
//! the employer for the werkgeversmonitor (FORMATS.md, R-42).

use dgr_core::eenheden::{Eenheid, Geslacht, Personeelsrij};

use super::RijLezer;
use crate::cel::CelFout;
use crate::kolommen::{Kolom, optioneel, verplicht};

/// Longest unit code, personeelsnummer or unit name (characters).
const MAX_CODE: usize = 40;
/// Longest unit name or kind (characters).
const MAX_NAAM: usize = 200;

/// Columns of `eenheden`.
pub(super) const EENHEDEN: &[Kolom] = &[
    verplicht("code"),
    verplicht("naam"),
    optioneel("bovenliggend"),
    optioneel("soort"),
    verplicht("geldig_vanaf"),
];

/// A code: 1..=40 characters, no spaces inside it or control characters.
fn code(tekst: String) -> Result<String, CelFout> {
    let t = tekst.trim().to_string();
    let goed = t.chars().count() <= MAX_CODE
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if goed && !t.is_empty() {
        Ok(t)
    } else {
        Err(CelFout {
            reden: format!(
                "een code is 1 tot {MAX_CODE} letters, cijfers of - _ . / (zonder spaties)"
            ),
            waarde: Some(t),
        })
    }
}

/// A name: at most 200 characters.
fn naam(tekst: String) -> Result<String, CelFout> {
    let t = tekst.trim().to_string();
    if t.chars().count() <= MAX_NAAM {
        Ok(t)
    } else {
        Err(CelFout {
            reden: format!("ten hoogste {MAX_NAAM} tekens"),
            waarde: None,
        })
    }
}

pub(super) fn eenheid(l: &mut RijLezer<'_, '_>) -> Option<Eenheid> {
    let c = l.verplicht("code", |c| code(c.tekst()));
    let n = l.verplicht("naam", |c| naam(c.tekst()));
    let boven = l.optioneel("bovenliggend", |c| code(c.tekst()));
    let soort = l.optioneel("soort", |c| naam(c.tekst()));
    let vanaf = l.verplicht("geldig_vanaf", |c| c.datum());
    let (c, boven) = (c?, boven?);
    if boven.as_deref() == Some(c.as_str()) {
        l.fout(
            "bovenliggend",
            "een eenheid kan niet haar eigen bovenliggende zijn",
            Some(c),
        );
        return None;
    }
    Some(Eenheid {
        code: c,
        naam: n?,
        bovenliggend: boven,
        soort: soort?,
        geldig_vanaf: vanaf?,
    })
}

/// Columns of `personeel`.
pub(super) const PERSONEEL: &[Kolom] = &[
    verplicht("personeelsnummer"),
    verplicht("bsn"),
    verplicht("eenheid"),
    verplicht("geldig_vanaf"),
    optioneel("uit_dienst"),
    optioneel("uren_per_week"),
    optioneel("functieschaal"),
    optioneel("leidinggevend"),
    optioneel("geslacht"),
    optioneel("geboortejaar"),
];

pub(super) fn personeelsrij(l: &mut RijLezer<'_, '_>) -> Option<Personeelsrij> {
    let nummer = l.verplicht("personeelsnummer", |c| code(c.tekst()));
    let bsn = l.verplicht("bsn", |c| c.bsn());
    let eenheid = l.verplicht("eenheid", |c| code(c.tekst()));
    let vanaf = l.verplicht("geldig_vanaf", |c| c.datum());
    let uit = l.optioneel("uit_dienst", |c| c.datum());
    let uren = l.optioneel("uren_per_week", |c| {
        let h = c.honderdsten()?;
        if (0..=60 * 100).contains(&h.0) {
            Ok(h)
        } else {
            Err(CelFout {
                reden: "kies 0 tot en met 60 uur per week".into(),
                waarde: Some(h.to_string()),
            })
        }
    });
    let schaal = l.optioneel("functieschaal", |c| c.geheel(1, 18));
    let leiding = l.optioneel("leidinggevend", |c| {
        match c.tekst().trim().to_ascii_uppercase().as_str() {
            "J" => Ok(true),
            "N" => Ok(false),
            t => Err(CelFout {
                reden: "kies J of N".into(),
                waarde: Some(t.to_string()),
            }),
        }
    });
    let geslacht = l.optioneel("geslacht", |c| {
        Geslacht::parse(&c.tekst()).ok_or_else(|| CelFout {
            reden: "kies M, V of X (of laat leeg)".into(),
            waarde: Some(c.tekst()),
        })
    });
    let ontvangen = l.ctx.ontvangen_op;
    let jaar = l.optioneel("geboortejaar", |c| {
        use chrono::Datelike as _;
        c.geheel(1900, i64::from(ontvangen.year()))
    });
    let (vanaf, uit) = (vanaf?, uit?);
    if uit.is_some_and(|u| u <= vanaf) {
        l.fout("uit_dienst", "ligt niet na geldig_vanaf", None);
        return None;
    }
    Some(Personeelsrij {
        personeelsnummer: nummer?,
        bsn: bsn?,
        eenheid: eenheid?,
        geldig_vanaf: vanaf,
        uit_dienst: uit,
        uren_per_week: uren?,
        functieschaal: schaal?.and_then(|s| u8::try_from(s).ok()),
        leidinggevend: leiding?,
        geslacht: geslacht?,
        geboortejaar: jaar?.and_then(|j| i32::try_from(j).ok()),
    })
}
