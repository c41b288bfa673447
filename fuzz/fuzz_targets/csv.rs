//! `csv`: arbitrary bytes as a delivery of every kind (the first byte picks kind, source and
//! limits: `dgr_fuzz::lezen::kies`). Reading must never panic, and every outcome keeps the
//! invariants of `dgr_fuzz::lezen` (bounded printable values, real line numbers, a rejection
//! file with one row per bad line).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&keuze, inhoud)) = data.split_first() else {
        return;
    };
    dgr_fuzz::lezen::lees_en_controleer(keuze, inhoud);
});
