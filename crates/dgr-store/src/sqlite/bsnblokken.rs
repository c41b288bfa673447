//! The person index of the polis rows (`polis_bsn_blokken`, issue #13): per polis delivery its
//! pairs of BSN and version id, sorted, in blocks of about [`PER_BLOK`] pairs, one row each.
//!
//! It replaces the index `polis_versies_levering_bsn (levering_id, bsn)`. A delivery's rows are
//! written in the order of (first day, BSN), so their entries in that index fell at random
//! places within the delivery's part of it: a descent from the root and, on a full page, a
//! split that redistributes it over its neighbours, for every row. That was a fifth of applying
//! a polis delivery, and its pages a quarter of what the deliveries wrote. The writer now sorts
//! a delivery's pairs in memory and appends them as blocks at its commit; a person's rows in a
//! delivery are still one probe away: the block whose range holds the BSN.
//!
//! A block's `paren` are [`PAAR`] bytes per pair: the BSN as 4 bytes and the version id as 8,
//! both big-endian (so a migration can write them with `printf('%08x%016x', …)` and `unhex`),
//! sorted by BSN and version id. A BSN's pairs of one delivery are never split over two blocks,
//! and the blocks of one delivery never overlap, so the block with the highest first BSN at or
//! below a BSN is the only one that can hold it.

use rusqlite::{OptionalExtension, params};

use crate::{Resultaat, StoreFout};

/// The pairs a block holds before a new BSN starts a new one: 48 × [`PAAR`] = 576 bytes, with
/// the rest of the row well inside the 1,002 bytes a 4 KiB page holds of a row of a table
/// without row ids before it spills to an overflow page. A BSN with more pairs in one delivery
/// makes its block larger (it is never split).
pub(super) const PER_BLOK: usize = 48;

/// Bytes per pair in a block: BSN (4) and version id (8).
pub(super) const PAAR: usize = 12;

/// The block of delivery `?1` that can hold BSN `?2`: the one with the highest first BSN at or
/// below it (one descent of the primary key).
pub(super) const BLOK_VAN: &str = "SELECT paren FROM polis_bsn_blokken \
     WHERE levering_id = ?1 AND eerste_bsn <= ?2 ORDER BY eerste_bsn DESC LIMIT 1";

/// Per polis delivery (`polis_leveringen`) the block that can hold BSN `?1`.
pub(super) const BLOKKEN_VAN: &str = "SELECT b.paren FROM polis_leveringen l CROSS \
     JOIN polis_bsn_blokken b ON b.levering_id = l.levering_id AND b.eerste_bsn = \
     (SELECT max(eerste_bsn) FROM polis_bsn_blokken k WHERE k.levering_id = l.levering_id \
     AND k.eerste_bsn <= ?1) WHERE b.laatste_bsn >= ?1";

/// Calls `per_paar` with every (BSN, version id) in a block's `paren`, in their order.
///
/// # Errors
/// [`StoreFout::Corrupt`] when the length is not a whole number of pairs.
pub(super) fn lees(paren: &[u8], mut per_paar: impl FnMut(u32, i64)) -> Resultaat<()> {
    if !paren.len().is_multiple_of(PAAR) {
        return Err(corrupt(format!(
            "een blok van {} bytes is geen veelvoud van {PAAR}",
            paren.len()
        )));
    }
    for paar in paren.chunks_exact(PAAR) {
        let (bsn, versie) = paar.split_at(4);
        let bsn = u32::from_be_bytes(bsn.try_into().map_err(|_| corrupt("bsn".into()))?);
        let versie = i64::from_be_bytes(versie.try_into().map_err(|_| corrupt("id".into()))?);
        per_paar(bsn, versie);
    }
    Ok(())
}

/// Column `i` of `r` as a block's `paren`; anything but a BLOB is corrupt.
///
/// # Errors
/// [`StoreFout`] on a failed read or another type.
pub(super) fn paren<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Resultaat<&'r [u8]> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Blob(b) => Ok(b),
        anders => Err(corrupt(format!(
            "paren: {:?} in plaats van een blob",
            anders.data_type()
        ))),
    }
}

/// The version ids of `bsn` in a block's `paren`, ascending.
///
/// # Errors
/// As [`lees`].
pub(super) fn versies_van(paren: &[u8], bsn: u32) -> Resultaat<Vec<i64>> {
    let mut uit = Vec::new();
    lees(paren, |b, v| {
        if b == bsn {
            uit.push(v);
        }
    })?;
    Ok(uit)
}

fn corrupt(reden: String) -> StoreFout {
    StoreFout::Corrupt {
        tabel: "polis_bsn_blokken",
        reden,
    }
}

/// A block to store: its first and last BSN and its pairs, encoded.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Blok {
    pub(super) eerste: u32,
    pub(super) laatste: u32,
    pub(super) paren: Vec<u8>,
}

/// Cuts `paren`, sorted by BSN and version id, into blocks: a new one starts at a new BSN once
/// the current one holds [`PER_BLOK`] pairs or more.
pub(super) fn blokken(paren: &[(u32, i64)]) -> Vec<Blok> {
    let mut uit: Vec<Blok> = Vec::new();
    for (i, &(bsn, versie)) in paren.iter().enumerate() {
        let nieuw = match uit.last() {
            None => true,
            Some(b) => b.paren.len() >= PER_BLOK * PAAR && paren[i - 1].0 != bsn,
        };
        if nieuw {
            uit.push(Blok {
                eerste: bsn,
                laatste: bsn,
                paren: Vec::with_capacity(PER_BLOK * PAAR),
            });
        }
        if let Some(b) = uit.last_mut() {
            b.laatste = bsn;
            b.paren.extend_from_slice(&bsn.to_be_bytes());
            b.paren.extend_from_slice(&versie.to_be_bytes());
        }
    }
    uit
}

/// Stores the pairs (BSN, version id) a transaction wrote for delivery `levering` as its
/// blocks. Pairs of the delivery stored before (by an earlier transaction, or earlier in this
/// one) are read back, deleted and stored again with the new ones, so that the delivery's
/// blocks never overlap; a delivery is normally written by one transaction, once.
///
/// # Errors
/// [`StoreFout`] on a failed read or write, or a corrupt stored block.
pub(super) fn schrijf(
    tx: &rusqlite::Transaction<'_>,
    levering: i64,
    mut paren: Vec<(u32, i64)>,
) -> Resultaat<()> {
    let eerder: Option<i64> = tx
        .prepare_cached("SELECT 1 FROM polis_bsn_blokken WHERE levering_id = ?1 LIMIT 1")?
        .query_row([levering], |r| r.get(0))
        .optional()?;
    if eerder.is_some() {
        let mut stmt = tx.prepare("SELECT paren FROM polis_bsn_blokken WHERE levering_id = ?1")?;
        let mut rijen = stmt.query([levering])?;
        while let Some(r) = rijen.next()? {
            lees(self::paren(r, 0)?, |b, v| paren.push((b, v)))?;
        }
        tx.execute(
            "DELETE FROM polis_bsn_blokken WHERE levering_id = ?1",
            [levering],
        )?;
    }
    paren.sort_unstable();
    paren.dedup();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO polis_bsn_blokken (levering_id, eerste_bsn, laatste_bsn, paren) \
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for b in blokken(&paren) {
        stmt.execute(params![levering, b.eerste, b.laatste, b.paren])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paren_van(blok: &Blok) -> Vec<(u32, i64)> {
        let mut uit = Vec::new();
        lees(&blok.paren, |b, v| uit.push((b, v))).unwrap_or_else(|e| unreachable!("{e}"));
        uit
    }

    /// 100 persons with one pair each and one with 60 in the middle: blocks of 48 pairs, the
    /// person with 60 never split (the block reaching 48 during that person grows to hold all
    /// of them), and every pair back in order.
    #[test]
    fn blokken_splitsen_geen_bsn() {
        let mut paren: Vec<(u32, i64)> = (0..100u32).map(|i| (100 + i, i64::from(i))).collect();
        paren.extend((0..60).map(|k| (140, 1000 + k)));
        paren.sort_unstable();
        let b = blokken(&paren);
        // 40 persons (100..=139) fill 40 pairs of the first block; 140 brings 61 pairs
        // (one earlier, 60 more): 101 pairs, all in the first block, which is then full;
        // 141..=188 (48 pairs) the second, 189..=199 (11) the third
        assert_eq!(
            b.iter()
                .map(|b| (b.eerste, b.laatste, b.paren.len() / PAAR))
                .collect::<Vec<_>>(),
            vec![(100, 140, 101), (141, 188, 48), (189, 199, 11)]
        );
        let terug: Vec<(u32, i64)> = b.iter().flat_map(paren_van).collect();
        assert_eq!(terug, paren);
    }

    /// The encoding is BSN then id, big-endian, as the migration's `printf('%08x%016x')`
    /// writes it: BSN 123456782 = 0x075BCD0E, id 300 = 0x12C.
    #[test]
    fn codering_zoals_de_migratie() {
        let b = blokken(&[(123_456_782, 300)]);
        assert_eq!(
            b[0].paren,
            [0x07, 0x5B, 0xCD, 0x0E, 0, 0, 0, 0, 0, 0, 0x01, 0x2C]
        );
        assert_eq!(versies_van(&b[0].paren, 123_456_782).ok(), Some(vec![300]));
        assert_eq!(versies_van(&b[0].paren, 123_456_783).ok(), Some(vec![]));
        assert!(lees(&b[0].paren[..11], |_, _| {}).is_err());
    }
}
