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
//! sorted by BSN and version id; `eerste_bsn` and `laatste_bsn` are the first and last BSN in
//! it (the last is read by no query: it shows a block's range without decoding it, to a person
//! looking at the table and to the tests of these rules). A BSN's pairs of one delivery are
//! never split over two blocks, and the blocks of one delivery never overlap, so the block with
//! the highest first BSN at or below a BSN is the only one that can hold it.

use rusqlite::{OptionalExtension, params};

use crate::{Resultaat, StoreFout};

/// The pairs a block holds before a new BSN starts a new one: 48 × [`PAAR`] = 576 bytes, with
/// the rest of the row well inside the 1,002 bytes a 4 KiB page holds of a row of a table
/// without row ids before it spills to an overflow page. A BSN with this many pairs or more in
/// one delivery gets a block of its own, as large as it needs (it is never split).
pub(super) const PER_BLOK: usize = 48;

/// Bytes per pair in a block: BSN (4) and version id (8).
pub(super) const PAAR: usize = 12;

/// The block of delivery `?1` that can hold BSN `?2`: the one with the highest first BSN at or
/// below it (one descent of the primary key).
pub(super) const BLOK_VAN: &str = "SELECT paren FROM polis_bsn_blokken \
     WHERE levering_id = ?1 AND eerste_bsn <= ?2 ORDER BY eerste_bsn DESC LIMIT 1";

/// Per polis delivery (`polis_leveringen`) the block that can hold BSN `?1` (NULL for a
/// delivery with none): one descent of the primary key per delivery.
pub(super) const BLOKKEN_VAN: &str = "SELECT (SELECT paren FROM polis_bsn_blokken b \
     WHERE b.levering_id = l.levering_id AND b.eerste_bsn <= ?1 \
     ORDER BY b.eerste_bsn DESC LIMIT 1) FROM polis_leveringen l";

/// A block's `paren` as its pairs of [`PAAR`] bytes.
///
/// # Errors
/// [`StoreFout::Corrupt`] when the length is not a whole number of pairs.
fn stukken(paren: &[u8]) -> Resultaat<&[[u8; PAAR]]> {
    match paren.as_chunks::<PAAR>() {
        (stukken, []) => Ok(stukken),
        _ => Err(corrupt(format!(
            "een blok van {} bytes is geen veelvoud van {PAAR}",
            paren.len()
        ))),
    }
}

/// One pair as stored: BSN (4 bytes) and version id (8), big-endian.
fn ontleed(p: &[u8; PAAR]) -> (u32, i64) {
    let [b0, b1, b2, b3, v @ ..] = *p;
    (u32::from_be_bytes([b0, b1, b2, b3]), i64::from_be_bytes(v))
}

/// Calls `per_paar` with every (BSN, version id) in a block's `paren`, in their order.
///
/// # Errors
/// [`StoreFout::Corrupt`] when the length is not a whole number of pairs.
pub(super) fn lees(paren: &[u8], mut per_paar: impl FnMut(u32, i64)) -> Resultaat<()> {
    for p in stukken(paren)? {
        let (bsn, versie) = ontleed(p);
        per_paar(bsn, versie);
    }
    Ok(())
}

/// Calls `per_versie` with the version ids of `bsn` in a block's `paren`, ascending: found by
/// a binary search of the sorted pairs, so a probe does not decode the whole block.
///
/// # Errors
/// As [`lees`].
pub(super) fn voor_versies_van(
    paren: &[u8],
    bsn: u32,
    mut per_versie: impl FnMut(i64),
) -> Resultaat<()> {
    let stukken = stukken(paren)?;
    let vanaf = stukken.partition_point(|p| ontleed(p).0 < bsn);
    for p in &stukken[vanaf..] {
        match ontleed(p) {
            (b, v) if b == bsn => per_versie(v),
            _ => break,
        }
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
    voor_versies_van(paren, bsn, |v| uit.push(v))?;
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

/// Cuts `paren`, sorted by BSN and version id, into blocks: a BSN's pairs are never split, a
/// new block starts at a new BSN once the current one holds [`PER_BLOK`] pairs or more, and a
/// BSN with [`PER_BLOK`] pairs or more gets a block of its own, so that a person with very many
/// rows in one delivery (a hostile file) makes no other person's block larger.
pub(super) fn blokken(paren: &[(u32, i64)]) -> Vec<Blok> {
    let mut uit: Vec<Blok> = Vec::new();
    for reeks in paren.chunk_by(|a, b| a.0 == b.0) {
        let bsn = reeks[0].0;
        let nieuw = match uit.last() {
            None => true,
            Some(b) => b.paren.len() >= PER_BLOK * PAAR || reeks.len() >= PER_BLOK,
        };
        if nieuw {
            uit.push(Blok {
                eerste: bsn,
                laatste: bsn,
                paren: Vec::with_capacity(PER_BLOK.max(reeks.len()) * PAAR),
            });
        }
        if let Some(b) = uit.last_mut() {
            b.laatste = bsn;
            for &(bsn, versie) in reeks {
                b.paren.extend_from_slice(&bsn.to_be_bytes());
                b.paren.extend_from_slice(&versie.to_be_bytes());
            }
        }
    }
    uit
}

/// Stores the pairs (BSN, version id) a transaction wrote for delivery `levering` as its
/// blocks, once per delivery just before the commit. Pairs of the delivery stored by an
/// earlier transaction are read back, deleted and stored again with the new ones, so that the
/// delivery's blocks never overlap; the register writes a delivery in one transaction, once.
///
/// # Errors
/// [`StoreFout`] on a failed read or write, or a corrupt stored block.
pub(super) fn schrijf(
    tx: &rusqlite::Transaction<'_>,
    levering: i64,
    paren: &mut Vec<(u32, i64)>,
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
    // sorted per first day already (a delivery is written in order of first day and BSN): a
    // stable sort merges those runs instead of partitioning from scratch
    paren.sort();
    paren.dedup();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO polis_bsn_blokken (levering_id, eerste_bsn, laatste_bsn, paren) \
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for b in blokken(paren) {
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

    /// 100 persons with one pair each (BSN 100..=199, ids 0..=99), one of whom (140) has 60
    /// more: 40 persons (100..=139) make the first block, which is not full (40 < 48), but 140
    /// brings 61 pairs, at least 48, so it gets a block of its own; 141..=188 (48 pairs) fill
    /// the third, 189..=199 (11) the fourth. No BSN is split, and every pair comes back in order.
    #[test]
    fn blokken_splitsen_geen_bsn() {
        let mut paren: Vec<(u32, i64)> = (0..100u32).map(|i| (100 + i, i64::from(i))).collect();
        paren.extend((0..60).map(|k| (140, 1000 + k)));
        paren.sort_unstable();
        let b = blokken(&paren);
        assert_eq!(
            b.iter()
                .map(|b| (b.eerste, b.laatste, b.paren.len() / PAAR))
                .collect::<Vec<_>>(),
            vec![
                (100, 139, 40),
                (140, 140, 61),
                (141, 188, 48),
                (189, 199, 11)
            ]
        );
        let terug: Vec<(u32, i64)> = b.iter().flat_map(paren_van).collect();
        assert_eq!(terug, paren);
        // a person of 47 pairs shares a block, one of 48 does not: BSNs 0..=9 one pair each,
        // BSN 5 with 46 more (47 pairs) joins 0..=4 (5 pairs) in a block of 52, which is then
        // full, so 6..=9 (4) make the next; with 47 more (48 pairs), three: 0..=4 (5), 5 alone
        // (48), 6..=9 (4)
        for (meer, blokken_verwacht) in [(46, vec![52, 4]), (47, vec![5, 48, 4])] {
            let mut gedeeld: Vec<(u32, i64)> = (0..10u32).map(|i| (i, 0)).collect();
            gedeeld.extend((1..=meer).map(|k| (5, k)));
            gedeeld.sort_unstable();
            let b = blokken(&gedeeld);
            let grootten: Vec<usize> = b.iter().map(|b| b.paren.len() / PAAR).collect();
            assert_eq!(grootten, blokken_verwacht);
        }
    }

    /// The binary search finds exactly what a full decode does, for every BSN in and around
    /// a block of persons with 1 to 4 pairs each (and none for BSNs between them).
    #[test]
    fn zoeken_zoals_alles_lezen() {
        let mut paren: Vec<(u32, i64)> = Vec::new();
        for (i, bsn) in (10..60u32).step_by(2).enumerate() {
            for k in 0..=(i % 4) as i64 {
                paren.push((bsn, i64::from(bsn) * 10 + k));
            }
        }
        for b in blokken(&paren) {
            for bsn in 0..70u32 {
                let mut volledig = Vec::new();
                lees(&b.paren, |x, v| {
                    if x == bsn {
                        volledig.push(v);
                    }
                })
                .unwrap_or_else(|e| unreachable!("{e}"));
                assert_eq!(versies_van(&b.paren, bsn).ok(), Some(volledig), "{bsn}");
            }
        }
        assert!(versies_van(&[0u8; 13], 1).is_err());
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
