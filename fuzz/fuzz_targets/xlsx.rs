//! `xlsx`: the first byte picks kind, source and limits (as in `csv`); the second byte how the
//! rest becomes a file:
//! - 0: the rest is the worksheet XML of an otherwise valid workbook;
//! - 1: the rest is the shared-string table;
//! - 2: both, split at the first `0xFF` byte (worksheet first);
//! - anything else: the rest is the whole file (a raw zip).
//!
//! Run with `-rss_limit_mb=2048`, so that an allocation for what a file claims is a finding.

#![no_main]

use dgr_fuzz::werkmap::{Deel, met_delen};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [keuze, vorm, rest @ ..] = data else {
        return;
    };
    let bestand = match vorm {
        0 => met_delen(&[(Deel::Werkblad, rest)]),
        1 => met_delen(&[(Deel::Teksten, rest)]),
        2 => {
            let (blad, teksten) = match rest.iter().position(|b| *b == 0xFF) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &[][..]),
            };
            met_delen(&[(Deel::Werkblad, blad), (Deel::Teksten, teksten)])
        }
        _ => rest.to_vec(),
    };
    dgr_fuzz::lezen::lees_en_controleer(*keuze, &bestand);
});
