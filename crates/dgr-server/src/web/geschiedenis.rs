//! The lists of the work queues: the "Afgehandeld" list's filter of the query string (status,
//! period of the decision) read into a [`Geschiedenisvraag`], the open list's page (`?open=2`),
//! and the page links of both (each keeping the other's place) that work without JavaScript.

use chrono::NaiveDate;
use dgr_core::datum::parse_datum;
use dgr_store::Geschiedenisvraag;
use minijinja::{Value, context};
use serde::Deserialize;

use super::bladeren::Pagina;

/// Rows per page of a history list.
pub(super) const PER_PAGINA: u64 = 20;

/// Rows per page of an open list (oldest first; only the rows shown are read into the
/// processing log).
pub(super) const OPEN_PER_PAGINA: usize = 25;

/// `?status=&van=&tot=&pagina=&open=` of a work queue: the history list's filter and page, and
/// the open list's page.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct Filter {
    #[serde(default)]
    status: String,
    #[serde(default)]
    van: String,
    #[serde(default)]
    tot: String,
    #[serde(default)]
    pagina: String,
    #[serde(default)]
    open: String,
}

/// A filter as read: the store's question, the page asked for, the values to show again in
/// the form, and what was wrong with it (the wrong part is left out).
#[derive(Debug, Clone)]
pub(super) struct Gefilterd {
    /// The question (status, period, the rows of the page).
    pub vraag: Geschiedenisvraag,
    /// The page asked for (from 1).
    pub pagina: u64,
    /// The form's values as typed.
    pub invoer: Filter,
    /// An error about the period, for next to the field.
    pub fout: Option<String>,
}

impl Filter {
    /// Reads the filter; a status not in `statussen` (the stored values a list offers) is
    /// ignored, a date that does not parse is reported and ignored.
    pub(super) fn lees(&self, statussen: &[(&str, &str)]) -> Gefilterd {
        let status = statussen
            .iter()
            .find(|(waarde, _)| *waarde == self.status)
            .map(|(waarde, _)| waarde.to_string());
        let mut fout = None;
        let mut datum = |tekst: &str, veld: &str| -> Option<NaiveDate> {
            let t = tekst.trim();
            if t.is_empty() {
                return None;
            }
            match parse_datum(t) {
                Ok(d) => Some(d),
                Err(_) => {
                    fout = Some(format!(
                        "{veld}: schrijf de datum als 31-12-2026 of 2026-12-31."
                    ));
                    None
                }
            }
        };
        let van = datum(&self.van, "Besloten vanaf");
        let tot = datum(&self.tot, "Besloten tot en met");
        let pagina = self.pagina.trim().parse::<u64>().unwrap_or(1).max(1);
        Gefilterd {
            vraag: Geschiedenisvraag {
                status,
                van,
                tot,
                // a page number typed as 10^19 must not overflow: it asks for nothing
                overslaan: (pagina - 1).saturating_mul(PER_PAGINA),
                aantal: PER_PAGINA,
            },
            pagina,
            invoer: self.clone(),
            fout,
        }
    }
}

impl Gefilterd {
    /// The address of page `pagina` of the history list and page `open` of the open list at
    /// `pad`, with the filter, jumping to `anker`.
    fn adres(&self, pad: &str, pagina: u64, open: usize, anker: &str) -> String {
        let open = if open > 1 {
            open.to_string()
        } else {
            String::new()
        };
        let vraag = super::bladeren::vraagtekst(
            &[
                ("status", &self.invoer.status),
                ("van", &self.invoer.van),
                ("tot", &self.invoer.tot),
                ("open", &open),
            ],
            usize::try_from(pagina).unwrap_or(usize::MAX),
        );
        if vraag.is_empty() {
            format!("{pad}#{anker}")
        } else {
            format!("{pad}?{vraag}#{anker}")
        }
    }

    /// The page of the open list of `totaal` rows: the one holding row `fout` (the request
    /// whose field was refused, so that its error is on screen), else the one asked for.
    pub(super) fn open_blad(&self, totaal: usize, fout: Option<usize>) -> Pagina {
        let nummer = fout.map_or_else(|| self.open_pagina(), |rij| rij / OPEN_PER_PAGINA + 1);
        Pagina::van(totaal, nummer, OPEN_PER_PAGINA)
    }

    /// The open list's page links (`o` in `open_paginas.html`), the history list's place kept.
    pub(super) fn open_weergave(&self, pad: &str, blad: &Pagina) -> Value {
        context! {
            nummer => blad.nummer,
            aantal => blad.aantal,
            totaal => blad.totaal,
            eerste => blad.van + 1,
            laatste => (blad.van + blad.per).min(blad.totaal),
            vorige => (blad.nummer > 1).then(|| self.adres(pad, self.pagina, blad.nummer - 1, "open")),
            volgende => (blad.nummer < blad.aantal).then(|| self.adres(pad, self.pagina, blad.nummer + 1, "open")),
        }
    }

    /// The open list's page asked for (from 1).
    fn open_pagina(&self) -> usize {
        super::bladeren::paginanummer(&self.invoer.open)
    }

    /// What the template needs: the filter form (its values, the statuses to choose from, the
    /// error) and the page links for `totaal` rows.
    pub(super) fn weergave(&self, pad: &str, statussen: &[(&str, &str)], totaal: u64) -> Value {
        let paginas = totaal.div_ceil(PER_PAGINA).max(1);
        let keuzes: Vec<Value> = statussen
            .iter()
            .map(|(waarde, tekst)| context! { waarde => waarde, tekst => tekst, gekozen => self.vraag.status.as_deref() == Some(*waarde) })
            .collect();
        context! {
            pad => pad,
            status => self.invoer.status.clone(),
            van => self.invoer.van.trim(),
            tot => self.invoer.tot.trim(),
            statussen => keuzes,
            fout => self.fout.clone(),
            totaal => totaal,
            pagina => self.pagina,
            paginas => paginas,
            vorige => (self.pagina > 1).then(|| self.adres(pad, self.pagina.min(paginas + 1) - 1, self.open_pagina(), "afgehandeld")),
            volgende => (self.pagina < paginas).then(|| self.adres(pad, self.pagina + 1, self.open_pagina(), "afgehandeld")),
        }
    }
}

/// One page of `rijen` (already filtered, newest first) for a list kept in memory.
pub(super) fn bladzijde<T: Clone>(rijen: &[T], vraag: &Geschiedenisvraag) -> Vec<T> {
    rijen
        .iter()
        .skip(usize::try_from(vraag.overslaan).unwrap_or(usize::MAX))
        .take(usize::try_from(vraag.aantal).unwrap_or(usize::MAX))
        .cloned()
        .collect()
}

/// Whether a decision of `status` on `datum` passes the filter (for lists kept in memory).
pub(super) fn past(vraag: &Geschiedenisvraag, status: &str, datum: Option<NaiveDate>) -> bool {
    vraag.status.as_deref().is_none_or(|s| s == status)
        && vraag.van.is_none_or(|v| datum.is_some_and(|d| d >= v))
        && vraag.tot.is_none_or(|t| datum.is_some_and(|d| d <= t))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUSSEN: &[(&str, &str)] = &[("TOEGEWEZEN", "Toegewezen"), ("AFGEWEZEN", "Afgewezen")];

    fn filter(status: &str, van: &str, tot: &str, pagina: &str) -> Filter {
        Filter {
            status: status.into(),
            van: van.into(),
            tot: tot.into(),
            pagina: pagina.into(),
            open: String::new(),
        }
    }

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default()
    }

    #[test]
    fn een_filter_wordt_een_vraag() {
        let g = filter("AFGEWEZEN", "01-03-2026", "2026-03-31", "3").lees(STATUSSEN);
        assert_eq!(g.vraag.status.as_deref(), Some("AFGEWEZEN"));
        assert_eq!(g.vraag.van, Some(d(2026, 3, 1)));
        assert_eq!(g.vraag.tot, Some(d(2026, 3, 31)));
        // page 3 of 20 rows each: skip 2 × 20 = 40
        assert_eq!((g.vraag.overslaan, g.vraag.aantal), (40, 20));
        assert!(g.fout.is_none());
        // an unknown status is ignored; a wrong date is reported and left out
        let g = filter("OPEN", "31-02-2026", "", "").lees(STATUSSEN);
        assert_eq!(g.vraag.status, None);
        assert_eq!(g.vraag.van, None);
        assert!(g.fout.is_some_and(|f| f.starts_with("Besloten vanaf")));
        assert_eq!(g.pagina, 1);
    }

    #[test]
    fn paginalinks_houden_het_filter() {
        let g = filter("AFGEWEZEN", "2026-03-01", "", "2").lees(STATUSSEN);
        // 41 rows: pages of 20, 20 and 1
        let w = g.weergave("/inkijk/uitschrijvingen", STATUSSEN, 41);
        assert_eq!(
            w.get_attr("paginas").ok().map(|v| v.to_string()),
            Some("3".into())
        );
        assert_eq!(
            w.get_attr("vorige").ok().map(|v| v.to_string()),
            Some("/inkijk/uitschrijvingen?status=AFGEWEZEN&van=2026-03-01#afgehandeld".into())
        );
        assert_eq!(
            w.get_attr("volgende").ok().map(|v| v.to_string()),
            Some(
                "/inkijk/uitschrijvingen?status=AFGEWEZEN&van=2026-03-01&pagina=3#afgehandeld"
                    .into()
            )
        );
    }

    #[test]
    fn open_lijst_in_paginas_met_de_plek_in_de_geschiedenis() {
        let f = Filter {
            open: "2".into(),
            ..filter("AFGEWEZEN", "", "", "3")
        };
        let g = f.lees(STATUSSEN);
        // 60 open requests, 25 a page: page 2 shows rows 26..=50 of 3 pages
        let blad = g.open_blad(60, None);
        assert_eq!((blad.nummer, blad.aantal, blad.van), (2, 3, 25));
        let w = g.open_weergave("/inkijk/bezwaren", &blad);
        let attr = |n: &str| w.get_attr(n).ok().map(|v| v.to_string());
        assert_eq!(attr("eerste"), Some("26".into()));
        assert_eq!(attr("laatste"), Some("50".into()));
        // page 1 of the open list leaves `open` out; the history's filter and page 3 stay
        assert_eq!(
            attr("vorige"),
            Some("/inkijk/bezwaren?status=AFGEWEZEN&pagina=3#open".into())
        );
        assert_eq!(
            attr("volgende"),
            Some("/inkijk/bezwaren?status=AFGEWEZEN&open=3&pagina=3#open".into())
        );
        // a refused field of row 51 (index 50) shows page 3, whatever page was asked for
        assert_eq!(g.open_blad(60, Some(50)).nummer, 3);
        assert_eq!(g.open_blad(60, Some(24)).nummer, 1);
        // hostile page numbers: too large to parse is page 1, the largest usize the last page
        for (open, nummer) in [("99999999999999999999999", 1), ("18446744073709551615", 3)] {
            let f = Filter {
                open: open.into(),
                ..filter("", "", "", "18446744073709551615")
            };
            let g = f.lees(STATUSSEN);
            assert_eq!(g.open_blad(60, None).nummer, nummer, "{open}");
            // the history's page past every row skips everything, without overflow
            assert_eq!(g.vraag.overslaan, u64::MAX);
        }
        // and the history's page links keep the open list on page 2
        let h = g.weergave("/inkijk/bezwaren", STATUSSEN, 41);
        assert_eq!(
            h.get_attr("vorige").ok().map(|v| v.to_string()),
            Some("/inkijk/bezwaren?status=AFGEWEZEN&open=2&pagina=2#afgehandeld".into())
        );
    }

    #[test]
    fn filteren_in_het_geheugen() {
        let v = filter("", "2026-03-01", "2026-03-31", "")
            .lees(STATUSSEN)
            .vraag;
        assert!(past(&v, "AKKOORD", Some(d(2026, 3, 1))));
        assert!(past(&v, "AKKOORD", Some(d(2026, 3, 31))));
        assert!(!past(&v, "AKKOORD", Some(d(2026, 4, 1))));
        assert!(!past(&v, "AKKOORD", None));
        let rijen: Vec<u32> = (1..=45).collect();
        let v = filter("", "", "", "3").lees(STATUSSEN).vraag;
        assert_eq!(bladzijde(&rijen, &v), vec![41, 42, 43, 44, 45]);
    }
}
