//! Unique, valid identifiers for the synthetic population: BSNs and fiscaal nummers
//! drawn without repetition from a seeded permutation of 8-digit prefixes.

use dgr_core::Bsn;
use dgr_core::lhn::{FiscaalNummer, Loonheffingennummer};

/// Weights of the 11-test for the first eight digits.
const GEWICHTEN: [u32; 8] = [9, 8, 7, 6, 5, 4, 3, 2];

/// Yields distinct nine-digit numbers that pass the 11-test. The prefix walks a permutation of
/// `[10_000_000, 100_000_000)` (step coprime to the range), so no number repeats.
pub struct Elfproefreeks {
    volgende: u64,
    stap: u64,
}

const BEREIK: u64 = 90_000_000;

impl Elfproefreeks {
    /// A series starting at a seed-dependent place. `stap` must be coprime to 90,000,000 (a
    /// prime like 7,919 or 104,729 is).
    pub fn new(seed: u64, stap: u64) -> Elfproefreeks {
        Elfproefreeks {
            volgende: seed % BEREIK,
            stap,
        }
    }

    /// The next valid number.
    pub fn volgende(&mut self) -> u32 {
        loop {
            let prefix = 10_000_000 + self.volgende;
            self.volgende = (self.volgende + self.stap) % BEREIK;
            let cijfers: Vec<u32> = format!("{prefix:08}")
                .bytes()
                .map(|b| u32::from(b - b'0'))
                .collect();
            let som: u32 = cijfers.iter().zip(GEWICHTEN).map(|(c, g)| c * g).sum();
            // 9·d1+…+2·d8 − d9 ≡ 0 (mod 11)  ⇔  d9 ≡ som (mod 11); only 0..=9 are digits.
            let laatste = som % 11;
            if laatste <= 9 {
                return u32::try_from(prefix * 10 + u64::from(laatste)).unwrap_or(0);
            }
        }
    }

    /// The next BSN.
    pub fn bsn(&mut self) -> Bsn {
        loop {
            if let Ok(b) = Bsn::from_u32(self.volgende()) {
                return b;
            }
        }
    }

    /// The next loonheffingennummer with subnumber `sub`.
    pub fn lhn(&mut self, sub: u8) -> Loonheffingennummer {
        loop {
            let tekst = format!("{:09}", self.volgende());
            if let Ok(f) = FiscaalNummer::parse(&tekst)
                && let Ok(l) = Loonheffingennummer::parse(&format!("{f}L{sub:02}"))
            {
                return l;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn reeks_geeft_unieke_geldige_nummers() {
        let mut r = Elfproefreeks::new(12_345, 104_729);
        let mut gezien = HashSet::new();
        for _ in 0..10_000 {
            let b = r.bsn();
            assert!(Bsn::parse(&b.cijfers()).is_ok());
            assert!(gezien.insert(b));
        }
    }
}
