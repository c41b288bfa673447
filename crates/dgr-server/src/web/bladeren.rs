//! Paging for every list on the pages (leveringen, kandidaten, inkijk history, the work queues'
//! history, the quota table): which rows a page shows, and the query string of a page link, so
//! that the links work without JavaScript and keep the list's filter.

use serde::Serialize;

/// One page of a list: which rows (`van`, `per`), which page of how many, for the page links.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub(super) struct Pagina {
    /// Index of the first row shown.
    pub van: usize,
    /// Rows per page.
    pub per: usize,
    /// This page (from 1; a page past the end shows the last).
    pub nummer: usize,
    /// Number of pages (at least 1).
    pub aantal: usize,
    /// Number of rows.
    pub totaal: usize,
}

impl Pagina {
    /// Page `nummer` of `totaal` rows, `per` a page.
    pub fn van(totaal: usize, nummer: usize, per: usize) -> Pagina {
        let per = per.max(1);
        let aantal = totaal.div_ceil(per).max(1);
        let nummer = nummer.clamp(1, aantal);
        Pagina {
            van: (nummer - 1) * per,
            per,
            nummer,
            aantal,
            totaal,
        }
    }

    /// The rows of this page out of all `rijen`.
    pub fn rijen<'a, T>(&self, rijen: &'a [T]) -> &'a [T] {
        let begin = self.van.min(rijen.len());
        let eind = (self.van + self.per).min(rijen.len());
        &rijen[begin..eind]
    }
}

/// The page number typed in a query string: a positive whole number, otherwise page 1.
pub(super) fn paginanummer(tekst: &str) -> usize {
    tekst.trim().parse::<usize>().unwrap_or(1).max(1)
}

/// The query string (without `?`) of page `pagina` of a list filtered by `velden`: the
/// non-empty values, trimmed and percent-encoded, in the order given, and `pagina=` from page 2.
pub(super) fn vraagtekst(velden: &[(&str, &str)], pagina: usize) -> String {
    let nummer = pagina.to_string();
    let mut paren: Vec<(&str, &str)> = velden
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (*k, v.trim()))
        .collect();
    if pagina > 1 {
        paren.push(("pagina", &nummer));
    }
    serde_urlencoded::to_string(&paren).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagina_van_een_lijst() {
        // 64 rows, 50 a page: page 1 rows 0..50, page 2 rows 50..64, 2 pages
        assert_eq!(
            Pagina::van(64, 1, 50),
            Pagina {
                van: 0,
                per: 50,
                nummer: 1,
                aantal: 2,
                totaal: 64
            }
        );
        assert_eq!(Pagina::van(64, 2, 50).van, 50);
        // past the end: the last page; before the start: the first
        assert_eq!(Pagina::van(64, 99, 50).nummer, 2);
        assert_eq!(Pagina::van(64, 0, 50).nummer, 1);
        // an empty list still has one (empty) page
        assert_eq!(
            Pagina::van(0, 3, 25),
            Pagina {
                van: 0,
                per: 25,
                nummer: 1,
                aantal: 1,
                totaal: 0
            }
        );
        // exactly full: 50 rows are one page
        assert_eq!(Pagina::van(50, 2, 50).aantal, 1);
    }

    #[test]
    fn rijen_van_een_pagina() {
        let rijen: Vec<u32> = (1..=51).collect();
        // 51 rows, 25 a page: pages of 25, 25 and 1
        assert_eq!(Pagina::van(51, 1, 25).rijen(&rijen), &rijen[0..25]);
        assert_eq!(Pagina::van(51, 3, 25).rijen(&rijen), &[51]);
        assert_eq!(Pagina::van(0, 1, 25).rijen(&[] as &[u32]), &[] as &[u32]);
    }

    #[test]
    fn paginanummers_zoals_getypt() {
        assert_eq!(paginanummer("3"), 3);
        assert_eq!(paginanummer(" 2 "), 2);
        assert_eq!(paginanummer("0"), 1);
        assert_eq!(paginanummer("x"), 1);
        assert_eq!(paginanummer(""), 1);
    }

    #[test]
    fn adres_van_een_pagina() {
        let velden = [("jaar", "2025"), ("zoek", " De Korf "), ("leeg", "  ")];
        assert_eq!(vraagtekst(&velden, 1), "jaar=2025&zoek=De+Korf");
        assert_eq!(vraagtekst(&velden, 2), "jaar=2025&zoek=De+Korf&pagina=2");
        // reserved characters are escaped, so a value cannot add a parameter
        assert_eq!(vraagtekst(&[("zoek", "a&b=c")], 1), "zoek=a%26b%3Dc");
        assert_eq!(vraagtekst(&[], 1), "");
    }
}
