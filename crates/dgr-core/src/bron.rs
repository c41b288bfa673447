//! Delivering sources and kinds of delivery (FORMATS.md).

use std::fmt;
use std::str::FromStr;

/// A delivering source (`bron`) as FORMATS.md lists them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Bron {
    /// UWV (registrations, polis, employer hours, candidates, employers).
    Uwv,
    /// A municipality (Praktijkroute, WSW, WIW/ID); its gemeentecode comes with the delivery.
    Gemeente,
    /// Inlichtingenbureau (Praktijkroute on behalf of municipalities).
    Inlichtingenbureau,
    /// Panteia (WSW).
    Panteia,
    /// CBS (WIW/ID).
    Cbs,
    /// Basisregistratie personen (persons).
    Brp,
    /// Belastingdienst (employers).
    Belastingdienst,
    /// An employer itself (its units and roster for the werkgeversmonitor, R-42); its fiscaal
    /// nummer comes with the delivery.
    Werkgever,
}

/// All sources, in display order.
pub const ALLE_BRONNEN: [Bron; 8] = [
    Bron::Uwv,
    Bron::Gemeente,
    Bron::Inlichtingenbureau,
    Bron::Panteia,
    Bron::Cbs,
    Bron::Brp,
    Bron::Belastingdienst,
    Bron::Werkgever,
];

impl Bron {
    /// The code as written in deliveries and `grondslagen.csv` (`UWV`, `GEMEENTE`, …).
    pub fn code(self) -> &'static str {
        match self {
            Bron::Uwv => "UWV",
            Bron::Gemeente => "GEMEENTE",
            Bron::Inlichtingenbureau => "INLICHTINGENBUREAU",
            Bron::Panteia => "PANTEIA",
            Bron::Cbs => "CBS",
            Bron::Brp => "BRP",
            Bron::Belastingdienst => "BELASTINGDIENST",
            Bron::Werkgever => "WERKGEVER",
        }
    }
}

impl FromStr for Bron {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        ALLE_BRONNEN
            .into_iter()
            .find(|b| b.code().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("onbekende bron '{t}'; kies uit UWV, GEMEENTE, INLICHTINGENBUREAU, PANTEIA, CBS, BRP, BELASTINGDIENST, WERKGEVER"))
    }
}

impl fmt::Display for Bron {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The kind of a delivery (FORMATS.md "Kinds").
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum LeveringSoort {
    /// Registrations (opvoer, einde, correctie, intrekking).
    Registraties,
    /// Person data from the BRP.
    Personen,
    /// Payroll rows from the polisadministratie.
    Polis,
    /// Employer data.
    Werkgevers,
    /// Total paid hours per employer and year.
    Werkgeversuren,
    /// Job-seeker profiles.
    Kandidaten,
    /// An organisation's unit tree (werkgeversmonitor, R-42).
    Eenheden,
    /// An organisation's roster (werkgeversmonitor, R-42).
    Personeel,
}

/// All kinds of delivery.
pub const ALLE_SOORTEN: [LeveringSoort; 8] = [
    LeveringSoort::Registraties,
    LeveringSoort::Personen,
    LeveringSoort::Polis,
    LeveringSoort::Werkgevers,
    LeveringSoort::Werkgeversuren,
    LeveringSoort::Kandidaten,
    LeveringSoort::Eenheden,
    LeveringSoort::Personeel,
];

impl LeveringSoort {
    /// The name as used on the command line and in the API (`registraties`, `polis`, …).
    pub fn naam(self) -> &'static str {
        match self {
            LeveringSoort::Registraties => "registraties",
            LeveringSoort::Personen => "personen",
            LeveringSoort::Polis => "polis",
            LeveringSoort::Werkgevers => "werkgevers",
            LeveringSoort::Werkgeversuren => "werkgeversuren",
            LeveringSoort::Kandidaten => "kandidaten",
            LeveringSoort::Eenheden => "eenheden",
            LeveringSoort::Personeel => "personeel",
        }
    }

    /// Whether `bron` may deliver this kind at all (FORMATS.md). For `registraties` the row's
    /// grondslag decides further (R-10, [`crate::Referentie::bron_mag_grondslag`]).
    pub fn bron_toegestaan(self, bron: Bron) -> bool {
        match self {
            LeveringSoort::Registraties => matches!(
                bron,
                Bron::Uwv | Bron::Gemeente | Bron::Inlichtingenbureau | Bron::Panteia | Bron::Cbs
            ),
            LeveringSoort::Personen => bron == Bron::Brp,
            LeveringSoort::Polis | LeveringSoort::Werkgeversuren | LeveringSoort::Kandidaten => {
                bron == Bron::Uwv
            }
            LeveringSoort::Werkgevers => matches!(bron, Bron::Uwv | Bron::Belastingdienst),
            LeveringSoort::Eenheden | LeveringSoort::Personeel => bron == Bron::Werkgever,
        }
    }
}

impl FromStr for LeveringSoort {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        ALLE_SOORTEN
            .into_iter()
            .find(|k| k.naam().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("onbekende soort '{t}'; kies uit registraties, personen, polis, werkgevers, werkgeversuren, kandidaten, eenheden, personeel"))
    }
}

impl fmt::Display for LeveringSoort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.naam())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bronnen_per_soort_volgens_formats() {
        assert!(LeveringSoort::Personen.bron_toegestaan(Bron::Brp));
        assert!(!LeveringSoort::Personen.bron_toegestaan(Bron::Uwv));
        assert!(LeveringSoort::Werkgevers.bron_toegestaan(Bron::Belastingdienst));
        assert!(!LeveringSoort::Polis.bron_toegestaan(Bron::Gemeente));
        assert!(!LeveringSoort::Registraties.bron_toegestaan(Bron::Brp));
        assert!(LeveringSoort::Personeel.bron_toegestaan(Bron::Werkgever));
        assert!(!LeveringSoort::Eenheden.bron_toegestaan(Bron::Uwv));
        assert!(!LeveringSoort::Polis.bron_toegestaan(Bron::Werkgever));
        assert_eq!("polis".parse(), Ok(LeveringSoort::Polis));
        assert_eq!("uwv".parse(), Ok(Bron::Uwv));
    }
}

/// How a delivery with bad rows is handled (FORMATS.md "Row errors").
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Modus {
    /// Any bad row rejects the whole delivery (default).
    #[default]
    Strict,
    /// The valid rows are applied; the bad ones go to a rejection file.
    AcceptValid,
}

impl Modus {
    /// The name as on the command line (`strict`, `accept-valid`).
    pub fn naam(self) -> &'static str {
        match self {
            Modus::Strict => "strict",
            Modus::AcceptValid => "accept-valid",
        }
    }
}

impl FromStr for Modus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "strict" => Ok(Modus::Strict),
            "accept-valid" => Ok(Modus::AcceptValid),
            x => Err(format!(
                "onbekende modus '{x}'; kies strict of accept-valid"
            )),
        }
    }
}

impl fmt::Display for Modus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.naam())
    }
}
