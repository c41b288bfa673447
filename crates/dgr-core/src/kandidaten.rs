//! R-41 Kandidatenverkenner: which job seekers match an employer's search, and how a profile is
//! shown — anonymously, only when at least `kandidaten_k_anonimiteit` (5) match.

use chrono::{Datelike, NaiveDate};

use crate::gegevens::Kandidaat;
use crate::referentie::{Gemeente, Referentie};

/// Mean earth radius in km for the great-circle distance.
const AARDSTRAAL_KM: f64 = 6_371.0;

/// Great-circle (haversine) distance in km between two municipalities' points.
pub fn afstand_km(a: &Gemeente, b: &Gemeente) -> f64 {
    let (f1, f2) = (a.latitude.to_radians(), b.latitude.to_radians());
    let (df, dl) = (
        (b.latitude - a.latitude).to_radians(),
        (b.longitude - a.longitude).to_radians(),
    );
    let h = (df / 2.0).sin().powi(2) + f1.cos() * f2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * AARDSTRAAL_KM * h.sqrt().asin()
}

/// An employer's search.
#[derive(Debug, Clone, Default)]
pub struct Zoekvraag {
    /// Accepted education levels (empty: any).
    pub opleidingsniveaus: Vec<String>,
    /// Hours per week the job offers: a candidate matches when the hours wanted lie in it.
    pub uren: Option<(u8, u8)>,
    /// The employer's municipality (for the travel distance).
    pub werkgever_gemeente: Option<crate::Gemeentecode>,
    /// Available by this date.
    pub beschikbaar_op: Option<NaiveDate>,
    /// An interest the candidate lists (case-insensitive).
    pub interesse: Option<String>,
    /// Only candidates living in this arbeidsmarktregio.
    pub arbeidsmarktregio: Option<String>,
}

/// Whether a profile matches. The caller has checked the person is in the register today.
pub fn past(k: &Kandidaat, v: &Zoekvraag, referentie: &Referentie) -> bool {
    if !k.herkenbaar {
        return false;
    }
    if !v.opleidingsniveaus.is_empty()
        && !v.opleidingsniveaus.iter().any(|n| n == &k.opleidingsniveau)
    {
        return false;
    }
    if v.uren
        .is_some_and(|(min, max)| k.uren_per_week < min || k.uren_per_week > max)
    {
        return false;
    }
    if v.beschikbaar_op.is_some_and(|d| k.beschikbaar_vanaf > d) {
        return false;
    }
    if let Some(i) = &v.interesse
        && !k
            .interesses
            .iter()
            .any(|x| x.eq_ignore_ascii_case(i.trim()))
    {
        return false;
    }
    let woon = referentie.gemeente(k.woongemeente);
    if let Some(r) = &v.arbeidsmarktregio
        && woon.is_none_or(|g| &g.arbeidsmarktregio != r)
    {
        return false;
    }
    match (
        v.werkgever_gemeente.and_then(|g| referentie.gemeente(g)),
        woon,
    ) {
        (Some(w), Some(c)) => afstand_km(w, c) <= f64::from(k.max_reisafstand_km),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// The hours band of 4 shown for a profile: 24 → "21-24", 1 → "1-4".
pub fn uren_band(uren: u8) -> String {
    let onder = (u32::from(uren.max(1)) - 1) / 4 * 4 + 1;
    format!("{}-{}", onder, onder + 3)
}

/// The travel-distance band of 10 km: 25 → "20-30 km".
pub fn afstand_band(km: f64) -> String {
    let onder = (km.max(0.0) / 10.0).floor() as u32 * 10;
    format!("{}-{} km", onder, onder + 10)
}

/// The availability month shown: 2026-10-15 → "2026-10".
pub fn beschikbaar_maand(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bsn, Gemeentecode};

    fn r() -> Referentie {
        Referentie::ingebouwd().unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn kandidaat(gemeente: &str, uren: u8, max_km: u16) -> Kandidaat {
        Kandidaat {
            bsn: Bsn::parse("111222333").unwrap_or_else(|_| unreachable!()),
            opleidingsniveau: "MBO2_4".into(),
            uren_per_week: uren,
            max_reisafstand_km: max_km,
            beschikbaar_vanaf: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            interesses: vec!["zorg".into()],
            woongemeente: Gemeentecode::parse(gemeente).unwrap_or_else(|_| unreachable!()),
            herkenbaar: true,
        }
    }

    #[test]
    fn r41_afstand_is_de_grootcirkelafstand() {
        let r = r();
        let g = |c: &str| {
            r.gemeente(Gemeentecode::parse(c).unwrap_or_else(|_| unreachable!()))
                .cloned()
                .unwrap_or_else(|| unreachable!())
        };
        // Amsterdam (52.37, 4.89) to Utrecht (52.09, 5.12): about 35 km as the crow flies
        let d = afstand_km(&g("0363"), &g("0344"));
        assert!((30.0..40.0).contains(&d), "{d}");
        // independent check with the spherical law of cosines on the same points
        let (a, b) = (g("0363"), g("0344"));
        let (f1, f2, dl) = (
            a.latitude.to_radians(),
            b.latitude.to_radians(),
            (b.longitude - a.longitude).to_radians(),
        );
        let cos = (f1.sin() * f2.sin() + f1.cos() * f2.cos() * dl.cos()).acos() * 6_371.0;
        assert!((d - cos).abs() < 0.01);
        assert_eq!(afstand_km(&a, &a), 0.0);
    }

    #[test]
    fn r41_zoeken_en_tonen() {
        let r = r();
        let utrecht = Gemeentecode::parse("0344").ok();
        let mut v = Zoekvraag {
            werkgever_gemeente: utrecht,
            uren: Some((20, 32)),
            ..Zoekvraag::default()
        };
        // lives in Amsterdam (~35 km), travels at most 40: matches; at most 20: not
        assert!(past(&kandidaat("0363", 24, 40), &v, &r));
        assert!(!past(&kandidaat("0363", 24, 20), &v, &r));
        // hours outside 20..32, or not findable (herkenbaar N): no
        assert!(!past(&kandidaat("0363", 36, 40), &v, &r));
        let mut niet = kandidaat("0363", 24, 40);
        niet.herkenbaar = false;
        assert!(!past(&niet, &v, &r));
        // interest and education filters
        v.interesse = Some("Zorg".into());
        assert!(past(&kandidaat("0363", 24, 40), &v, &r));
        v.opleidingsniveaus = vec!["HBO".into()];
        assert!(!past(&kandidaat("0363", 24, 40), &v, &r));
        // bands
        assert_eq!(
            (uren_band(24), uren_band(1), uren_band(40)),
            ("21-24".to_string(), "1-4".to_string(), "37-40".to_string())
        );
        assert_eq!(afstand_band(34.9), "30-40 km");
        assert_eq!(
            beschikbaar_maand(NaiveDate::from_ymd_opt(2026, 10, 15).unwrap_or_default()),
            "2026-10"
        );
    }
}
