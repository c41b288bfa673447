//! objections (bezwaar) against a beoordeling arbeidsvermogen.
//!
//! A bezwaar is not against the registration itself (DOMAIN.md §3) but against UWV's decision
//! on a person's work capacity; it must be lodged within 6 weeks of that decision, and its outcome
//! may add a PW_IBA registration (the person does belong to the target group after all) or
//! withdraw one (R-14: the person never did).

use std::fmt;

use chrono::{Days, NaiveDate};

/// Length of the objection term in days: 6 weeks (R-16; Awb art. 6:7).
pub const TERMIJN_DAGEN: u64 = 42;

/// The grondslag a bezwaar can add or withdraw.
pub const GRONDSLAG: &str = "PW_IBA";

/// The last day on which a bezwaar against a decision of `besluitdatum` is on time.
///
/// The term starts the day after the decision (Awb art. 6:8) and lasts 6 weeks, so it ends at the
/// end of `besluitdatum + 42 days`: a decision of Monday 5 January 2026 can be objected to up to
/// and including Monday 16 February 2026. (The Algemene termijnenwet's extension past weekends
/// and public holidays is not applied: the spec states the plain 6 weeks.)
pub fn laatste_dag(besluitdatum: NaiveDate) -> NaiveDate {
    besluitdatum
        .checked_add_days(Days::new(TERMIJN_DAGEN))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether a bezwaar lodged on `ingediend_op` against a decision of `besluitdatum` is on time:
/// after the decision and not after [`laatste_dag`]. A late bezwaar is still recorded;
/// staff normally declare it niet-ontvankelijk.
pub fn tijdig(besluitdatum: NaiveDate, ingediend_op: NaiveDate) -> bool {
    ingediend_op >= besluitdatum && ingediend_op <= laatste_dag(besluitdatum)
}

/// The outcome of a bezwaar and what it does to the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uitkomst {
    /// Unfounded: the decision stands, the register does not change.
    Ongegrond,
    /// Not admissible (e.g. too late): the register does not change.
    NietOntvankelijk,
    /// Founded, the person does belong to the target group: a PW_IBA registration from
    /// `ingangsdatum` is added.
    GegrondOpvoer {
        /// Start of the new registration.
        ingangsdatum: NaiveDate,
    },
    /// Founded, the person never belonged to it: the PW_IBA registration that started on
    /// `ingangsdatum` is withdrawn.
    GegrondIntrekking {
        /// Start of the registration to withdraw.
        ingangsdatum: NaiveDate,
    },
}

impl Uitkomst {
    /// The status stored for the bezwaar: `ONGEGROND`, `NIET_ONTVANKELIJK` or `GEGROND`.
    pub fn status(self) -> &'static str {
        match self {
            Uitkomst::Ongegrond => "ONGEGROND",
            Uitkomst::NietOntvankelijk => "NIET_ONTVANKELIJK",
            Uitkomst::GegrondOpvoer { .. } | Uitkomst::GegrondIntrekking { .. } => "GEGROND",
        }
    }

    /// The change to the register, if any: `OPVOER` or `INTREKKING`.
    pub fn gevolg(self) -> Option<&'static str> {
        match self {
            Uitkomst::GegrondOpvoer { .. } => Some("OPVOER"),
            Uitkomst::GegrondIntrekking { .. } => Some("INTREKKING"),
            _ => None,
        }
    }

    /// Parses the form value (`ongegrond`, `niet-ontvankelijk`, `gegrond-opvoer`,
    /// `gegrond-intrekking`); the two founded outcomes need the registration's ingangsdatum.
    ///
    /// # Errors
    /// A Dutch message for an unknown outcome or a missing ingangsdatum.
    pub fn parse(tekst: &str, ingangsdatum: Option<NaiveDate>) -> Result<Uitkomst, String> {
        let datum =
            || ingangsdatum.ok_or_else(|| "geef de ingangsdatum van de registratie".to_string());
        match tekst {
            "ongegrond" => Ok(Uitkomst::Ongegrond),
            "niet-ontvankelijk" => Ok(Uitkomst::NietOntvankelijk),
            "gegrond-opvoer" => Ok(Uitkomst::GegrondOpvoer {
                ingangsdatum: datum()?,
            }),
            "gegrond-intrekking" => Ok(Uitkomst::GegrondIntrekking {
                ingangsdatum: datum()?,
            }),
            _ => Err(format!("onbekende uitkomst {tekst:?}")),
        }
    }
}

impl fmt::Display for Uitkomst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Uitkomst::Ongegrond => f.write_str("ongegrond"),
            Uitkomst::NietOntvankelijk => f.write_str("niet-ontvankelijk"),
            Uitkomst::GegrondOpvoer { ingangsdatum } => {
                write!(
                    f,
                    "gegrond: registratie {GRONDSLAG} opgevoerd per {ingangsdatum}"
                )
            }
            Uitkomst::GegrondIntrekking { ingangsdatum } => {
                write!(
                    f,
                    "gegrond: registratie {GRONDSLAG} van {ingangsdatum} ingetrokken"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn r16_zes_weken_na_het_besluit() {
        // 5 Jan 2026 + 42 days: 26 days to 31 Jan, 16 more into February -> 16 Feb 2026
        assert_eq!(laatste_dag(d(2026, 1, 5)), d(2026, 2, 16));
        // across the leap day: 20 Jan 2024 + 42 = 11 days of January + 29 of February + 2 -> 2 Mar
        assert_eq!(laatste_dag(d(2024, 1, 20)), d(2024, 3, 2));
        assert!(tijdig(d(2026, 1, 5), d(2026, 2, 16)));
        assert!(!tijdig(d(2026, 1, 5), d(2026, 2, 17)));
        assert!(tijdig(d(2026, 1, 5), d(2026, 1, 5)));
        assert!(!tijdig(d(2026, 1, 5), d(2026, 1, 4)), "before the decision");
    }

    #[test]
    fn r16_uitkomsten() {
        assert_eq!(Uitkomst::parse("ongegrond", None), Ok(Uitkomst::Ongegrond));
        assert!(Uitkomst::parse("gegrond-opvoer", None).is_err());
        let u = Uitkomst::parse("gegrond-intrekking", Some(d(2017, 1, 1)));
        assert_eq!(
            u,
            Ok(Uitkomst::GegrondIntrekking {
                ingangsdatum: d(2017, 1, 1)
            })
        );
        assert_eq!(u.map(Uitkomst::gevolg), Ok(Some("INTREKKING")));
        assert_eq!(Uitkomst::NietOntvankelijk.gevolg(), None);
        assert_eq!(Uitkomst::NietOntvankelijk.status(), "NIET_ONTVANKELIJK");
    }
}
