//! Header matching (FORMATS.md "Header"): names are compared case-insensitively after trimming,
//! with spaces and hyphens counting as underscores; required columns must be present, unknown
//! ones give a warning.

use std::collections::HashSet;

use dgr_core::tekst::{MAX_FRAGMENT, fragment};

use crate::BestandFout;
use crate::cel::Cel;

/// One column of a kind: its name and whether the header must have it.
#[derive(Debug, Clone, Copy)]
pub struct Kolom {
    /// Normalised name.
    pub naam: &'static str,
    /// Must be in the header.
    pub verplicht: bool,
}

/// Shorthand for a required column.
pub const fn verplicht(naam: &'static str) -> Kolom {
    Kolom {
        naam,
        verplicht: true,
    }
}

/// Shorthand for an optional column.
pub const fn optioneel(naam: &'static str) -> Kolom {
    Kolom {
        naam,
        verplicht: false,
    }
}

/// Normalises a header name: trim, lower-case, spaces and hyphens → underscores.
pub fn normaliseer(naam: &str) -> String {
    naam.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-'], "_")
}

/// Where each known column sits in the file, and how many columns the header has.
#[derive(Debug, Clone)]
pub struct KolomIndex {
    posities: Vec<(&'static str, usize)>,
    /// Number of header columns (trailing empty names dropped).
    pub breedte: usize,
}

impl KolomIndex {
    /// Maps a header row onto the columns of a kind. Returns the index and the warnings.
    ///
    /// # Errors
    /// [`BestandFout::KolommenOntbreken`] or [`BestandFout::DubbeleKolom`].
    pub fn bouw(
        kop: &[Cel<'_>],
        kolommen: &[Kolom],
        bestand: &str,
    ) -> Result<(KolomIndex, Vec<String>), BestandFout> {
        let namen: Vec<String> = kop.iter().map(|c| normaliseer(&c.als_tekst())).collect();
        let breedte = namen
            .iter()
            .rposition(|n| !n.is_empty())
            .map_or(0, |i| i + 1);
        let mut posities = Vec::new();
        let mut waarschuwingen = Vec::new();
        // linear in the header width (a quadratic look-back made a 100,000-column header hang)
        let mut gezien: HashSet<&str> = HashSet::with_capacity(breedte);
        for (i, naam) in namen.iter().enumerate().take(breedte) {
            if naam.is_empty() {
                waarschuwingen.push(format!(
                    "kolom {} heeft geen naam en wordt genegeerd",
                    i + 1
                ));
                continue;
            }
            if !gezien.insert(naam) {
                return Err(BestandFout::DubbeleKolom {
                    bestand: bestand.to_string(),
                    kolom: fragment(naam, MAX_FRAGMENT),
                });
            }
            match kolommen.iter().find(|k| k.naam == naam) {
                Some(k) => posities.push((k.naam, i)),
                None => waarschuwingen.push(format!(
                    "onbekende kolom '{}' wordt genegeerd",
                    fragment(naam, MAX_FRAGMENT)
                )),
            }
        }
        let ontbrekend: Vec<&str> = kolommen
            .iter()
            .filter(|k| k.verplicht && !posities.iter().any(|(n, _)| *n == k.naam))
            .map(|k| k.naam)
            .collect();
        if !ontbrekend.is_empty() {
            return Err(BestandFout::KolommenOntbreken {
                bestand: bestand.to_string(),
                kolommen: ontbrekend.join(", "),
            });
        }
        Ok((KolomIndex { posities, breedte }, waarschuwingen))
    }

    /// The position of a column, if the header has it.
    pub fn positie(&self, naam: &str) -> Option<usize> {
        self.posities
            .iter()
            .find(|(n, _)| *n == naam)
            .map(|(_, i)| *i)
    }

    /// Whether the header has this column.
    pub fn heeft(&self, naam: &str) -> bool {
        self.positie(naam).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn namen_worden_genormaliseerd() {
        assert_eq!(normaliseer(" Tijdvak-Begin "), "tijdvak_begin");
        assert_eq!(normaliseer("\u{feff}bsn"), "bsn");
        assert_eq!(normaliseer("Verloonde Uren"), "verloonde_uren");
    }

    #[test]
    fn ontbrekende_en_onbekende_kolommen() {
        let kop: Vec<Cel<'_>> = ["BSN", "extra", "", ""]
            .iter()
            .map(|s| Cel::Tekst(Cow::Borrowed(*s)))
            .collect();
        let kolommen = [verplicht("bsn"), optioneel("grondslag")];
        let uit = KolomIndex::bouw(&kop, &kolommen, "x.csv");
        let (index, waarschuwingen) = match uit {
            Ok(x) => x,
            Err(e) => unreachable!("{e}"),
        };
        assert_eq!(index.positie("bsn"), Some(0));
        assert_eq!(index.breedte, 2);
        assert_eq!(
            waarschuwingen,
            vec!["onbekende kolom 'extra' wordt genegeerd".to_string()]
        );
        let fout = KolomIndex::bouw(&kop, &[verplicht("bsn"), verplicht("mutatie")], "x.csv").err();
        assert_eq!(
            fout.map(|e| e.to_string()),
            Some("x.csv: verplichte kolom(men) ontbreken: mutatie".into())
        );
    }
}
