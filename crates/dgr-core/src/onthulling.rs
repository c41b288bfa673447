//! R-40 disclosure control: primary suppression of small person counts and secondary
//! suppression so that no suppressed value can be recovered from published totals.

/// Primary suppression: counts below `drempel` (`onthullingsdrempel_personen`, 10) are not
/// shown. Returns the mask (`true` = suppressed).
pub fn primair(personen: &[Vec<u64>], drempel: u64) -> Vec<Vec<bool>> {
    personen
        .iter()
        .map(|rij| rij.iter().map(|&n| n < drempel).collect())
        .collect()
}

/// Secondary suppression on a table whose rows (`rijtotalen`) and/or columns
/// (`kolomtotalen`) have published totals: while a line with a total holds exactly one
/// suppressed cell, the smallest other cell of that line (a non-zero one first) is suppressed
/// too. Afterwards every such line holds zero or at least two suppressed cells, so no chain of
/// subtractions can isolate a suppressed value. A line of a single cell cannot protect it: its
/// total must not be published when that cell is suppressed ([`totaal_publiceerbaar`]).
pub fn secundair(
    waarden: &[Vec<f64>],
    mut masker: Vec<Vec<bool>>,
    rijtotalen: bool,
    kolomtotalen: bool,
) -> Vec<Vec<bool>> {
    let rijen = waarden.len();
    let kolommen = waarden.first().map_or(0, Vec::len);
    loop {
        let mut veranderd = false;
        if rijtotalen {
            for r in 0..rijen {
                let cellen: Vec<(usize, usize)> = (0..kolommen).map(|k| (r, k)).collect();
                veranderd |= herstel_lijn(waarden, &mut masker, &cellen);
            }
        }
        if kolomtotalen {
            for k in 0..kolommen {
                let cellen: Vec<(usize, usize)> = (0..rijen).map(|r| (r, k)).collect();
                veranderd |= herstel_lijn(waarden, &mut masker, &cellen);
            }
        }
        if !veranderd {
            return masker;
        }
    }
}

/// If the line has exactly one suppressed cell, suppresses the next smallest; returns whether
/// it changed anything.
fn herstel_lijn(waarden: &[Vec<f64>], masker: &mut [Vec<bool>], cellen: &[(usize, usize)]) -> bool {
    let onderdrukt = cellen.iter().filter(|(r, k)| masker[*r][*k]).count();
    if onderdrukt != 1 {
        return false;
    }
    let kandidaat = cellen
        .iter()
        .filter(|(r, k)| !masker[*r][*k])
        .min_by(|(r1, k1), (r2, k2)| {
            let (a, b) = (waarden[*r1][*k1], waarden[*r2][*k2]);
            // a non-zero cell protects better than a structural zero
            ((a == 0.0), a)
                .partial_cmp(&((b == 0.0), b))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .copied();
    match kandidaat {
        Some((r, k)) => {
            masker[r][k] = true;
            true
        }
        None => false,
    }
}

/// Whether the total of a line may be published: not when it would equal a single suppressed
/// cell (a line of one cell).
pub fn totaal_publiceerbaar(lijn: &[bool]) -> bool {
    !(lijn.len() == 1 && lijn[0])
}

/// An attacker's view: repeatedly solves every line with a published total that has exactly
/// one unknown cell (totals withheld by [`totaal_publiceerbaar`] are not published). Returns the
/// cells recovered (used by tests to prove R-40 holds).
pub fn herleidbaar(
    masker: &[Vec<bool>],
    rijtotalen: bool,
    kolomtotalen: bool,
) -> Vec<(usize, usize)> {
    let mut onbekend: Vec<Vec<bool>> = masker.to_vec();
    let rijen = masker.len();
    let kolommen = masker.first().map_or(0, Vec::len);
    let mut gevonden = Vec::new();
    loop {
        let mut lijnen: Vec<Vec<(usize, usize)>> = Vec::new();
        if rijtotalen {
            lijnen.extend((0..rijen).map(|r| (0..kolommen).map(|k| (r, k)).collect()));
        }
        if kolomtotalen {
            lijnen.extend((0..kolommen).map(|k| (0..rijen).map(|r| (r, k)).collect()));
        }
        lijnen.retain(|l: &Vec<(usize, usize)>| {
            totaal_publiceerbaar(&l.iter().map(|(r, k)| masker[*r][*k]).collect::<Vec<_>>())
        });
        let mut stap = false;
        for lijn in lijnen {
            let open: Vec<&(usize, usize)> =
                lijn.iter().filter(|(r, k)| onbekend[*r][*k]).collect();
            if let [(r, k)] = open.as_slice() {
                onbekend[*r][*k] = false;
                gevonden.push((*r, *k));
                stap = true;
            }
        }
        if !stap {
            return gevonden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn case_c31_onderdrukking_door_aftrekken() {
        // municipality A 250, B 160, C 2, total 412 published: C is <10; B (next smallest) goes too
        let personen = vec![vec![250u64, 160, 2]];
        let masker = secundair(
            &[vec![250.0, 160.0, 2.0]],
            primair(&personen, 10),
            true,
            false,
        );
        assert_eq!(masker, vec![vec![false, true, true]]);
        assert!(herleidbaar(&masker, true, false).is_empty());
        // without the secondary step, C = 412 - 250 - 160 = 2 would be recovered
        assert_eq!(
            herleidbaar(&primair(&personen, 10), true, false),
            vec![(0, 2)]
        );
    }

    #[test]
    fn case_c31_grenswaarden() {
        // 0, 1 and 9 are below 10 and suppressed; 10 is shown
        assert_eq!(
            primair(&[vec![0, 1, 9, 10]], 10),
            vec![vec![true, true, true, false]]
        );
    }

    proptest! {
        /// Whatever the table, no suppressed cell can be recovered by any chain of subtractions
        /// from the row and column totals.
        #[test]
        fn geen_onderdrukte_cel_is_terug_te_rekenen(
            tabel in proptest::collection::vec(proptest::collection::vec(0u64..60, 1..6), 1..8),
            rijtotalen in any::<bool>(),
            kolomtotalen in any::<bool>(),
        ) {
            let breedte = tabel.iter().map(Vec::len).min().unwrap_or(1);
            let tabel: Vec<Vec<u64>> = tabel.into_iter().map(|r| r[..breedte].to_vec()).collect();
            let waarden: Vec<Vec<f64>> = tabel.iter().map(|r| r.iter().map(|&x| x as f64).collect()).collect();
            let masker = secundair(&waarden, primair(&tabel, 10), rijtotalen, kolomtotalen);
            // primary cells stay suppressed
            for (r, rij) in tabel.iter().enumerate() {
                for (k, &n) in rij.iter().enumerate() {
                    if n < 10 { prop_assert!(masker[r][k]); }
                }
            }
            prop_assert!(herleidbaar(&masker, rijtotalen, kolomtotalen).is_empty());
        }
    }
}
