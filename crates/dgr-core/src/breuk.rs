//! Exact rational numbers for hours and jobs: sums never go through `f64`,
//! rounding happens once, half away from zero, at publication.

use std::cmp::Ordering;
use std::ops::{Add, AddAssign, Sub};

/// A fraction `teller / noemer` with `noemer > 0`, kept in lowest terms.
#[derive(Clone, Copy, Debug)]
pub struct Breuk {
    teller: i128,
    noemer: i128,
}

fn ggd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    // hours and days fit in 64 bits nearly always, where division is one instruction rather
    // than a call (issue #13: 128-bit division was a tenth of a report's time)
    if let (Ok(mut x), Ok(mut y)) = (u64::try_from(a), u64::try_from(b)) {
        while y != 0 {
            (x, y) = (y, x % y);
        }
        return i128::from(x.max(1));
    }
    while b != 0 {
        (a, b) = (b, a % b);
    }
    // the gcd divides both arguments, so it fits in i128 unless it is 2^127 (the arguments
    // are i128::MIN and 0 or i128::MIN: out of reach of hours and days, where the former
    // `abs()` overflowed); the result is then saturated and no longer a divisor
    i128::try_from(a.max(1)).unwrap_or(i128::MAX)
}

impl Breuk {
    /// Zero.
    pub const NUL: Breuk = Breuk {
        teller: 0,
        noemer: 1,
    };

    /// `teller / noemer`; a zero or negative denominator is normalised (zero gives zero).
    pub fn new(teller: i128, noemer: i128) -> Breuk {
        if noemer == 0 {
            return Breuk::NUL;
        }
        let teken = if noemer < 0 { -1 } else { 1 };
        let g = ggd(teller, noemer);
        // as in `ggd`: 64-bit division where the numbers fit, one instruction instead of a
        // call (hours × days of a polis row always fit)
        if let (Ok(t), Ok(n), Ok(g)) = (
            i64::try_from(teller),
            i64::try_from(noemer),
            i64::try_from(g),
        ) {
            // g >= 1, so neither quotient overflows
            return Breuk {
                teller: teken * i128::from(t / g),
                noemer: teken * i128::from(n / g),
            };
        }
        Breuk {
            teller: teken * teller / g,
            noemer: teken * noemer / g,
        }
    }

    /// A whole number.
    pub fn geheel(n: i128) -> Breuk {
        Breuk {
            teller: n,
            noemer: 1,
        }
    }

    /// Hundredths (e.g. hours `11050` = 110.50).
    pub fn honderdsten(n: i64) -> Breuk {
        Breuk::new(i128::from(n), 100)
    }

    /// Parses a decimal constant such as `25.5` or `1331` (from `constanten.csv`).
    pub fn parse(tekst: &str) -> Option<Breuk> {
        let t = tekst.trim();
        let (heel, deel) = t.split_once('.').unwrap_or((t, ""));
        let negatief = heel.starts_with('-');
        let heel = heel.trim_start_matches('-');
        if heel.is_empty() && deel.is_empty()
            || !heel.bytes().chain(deel.bytes()).all(|b| b.is_ascii_digit())
            || deel.len() > 18
        {
            return None;
        }
        let schaal = 10i128.checked_pow(u32::try_from(deel.len()).ok()?)?;
        let h: i128 = if heel.is_empty() {
            0
        } else {
            heel.parse().ok()?
        };
        let d: i128 = if deel.is_empty() {
            0
        } else {
            deel.parse().ok()?
        };
        let waarde = h.checked_mul(schaal)?.checked_add(d)?;
        Some(Breuk::new(if negatief { -waarde } else { waarde }, schaal))
    }

    /// Product.
    pub fn maal(self, ander: Breuk) -> Breuk {
        let g1 = ggd(self.teller, ander.noemer);
        let g2 = ggd(ander.teller, self.noemer);
        Breuk::new(
            (self.teller / g1) * (ander.teller / g2),
            (self.noemer / g2) * (ander.noemer / g1),
        )
    }

    /// Quotient (`ander` ≠ 0; division by zero gives zero).
    pub fn gedeeld_door(self, ander: Breuk) -> Breuk {
        if ander.teller == 0 {
            return Breuk::NUL;
        }
        self.maal(Breuk::new(ander.noemer, ander.teller))
    }

    /// The value rounded to `decimalen` decimals, half away from zero, as an integer scaled by
    /// 10^decimalen (e.g. 1.0736 at 2 decimals → 107).
    pub fn afgerond(self, decimalen: u32) -> i128 {
        let schaal = 10i128.pow(decimalen);
        let t = self.teller * schaal;
        let (q, r) = (t / self.noemer, t % self.noemer);
        if 2 * r.abs() >= self.noemer {
            q + t.signum()
        } else {
            q
        }
    }

    /// The value as `f64`, for JSON output at full precision (never for sums).
    pub fn als_f64(self) -> f64 {
        self.teller as f64 / self.noemer as f64
    }

    /// Whether the value is greater than zero.
    pub fn is_positief(self) -> bool {
        self.teller > 0
    }

    /// The larger of zero and the value.
    pub fn niet_negatief(self) -> Breuk {
        if self.teller < 0 { Breuk::NUL } else { self }
    }
}

impl Default for Breuk {
    fn default() -> Self {
        Breuk::NUL
    }
}

impl Add for Breuk {
    type Output = Breuk;
    fn add(self, ander: Breuk) -> Breuk {
        let g = ggd(self.noemer, ander.noemer);
        let noemer = self.noemer / g * ander.noemer;
        Breuk::new(
            self.teller * (noemer / self.noemer) + ander.teller * (noemer / ander.noemer),
            noemer,
        )
    }
}

impl AddAssign for Breuk {
    fn add_assign(&mut self, ander: Breuk) {
        *self = *self + ander;
    }
}

impl Sub for Breuk {
    type Output = Breuk;
    fn sub(self, ander: Breuk) -> Breuk {
        self + Breuk::new(-ander.teller, ander.noemer)
    }
}

impl PartialEq for Breuk {
    fn eq(&self, ander: &Breuk) -> bool {
        self.teller == ander.teller && self.noemer == ander.noemer
    }
}

impl Eq for Breuk {}

impl PartialOrd for Breuk {
    fn partial_cmp(&self, ander: &Breuk) -> Option<Ordering> {
        Some(self.cmp(ander))
    }
}

impl Ord for Breuk {
    fn cmp(&self, ander: &Breuk) -> Ordering {
        (self.teller * ander.noemer).cmp(&(ander.teller * self.noemer))
    }
}

impl std::iter::Sum for Breuk {
    fn sum<I: Iterator<Item = Breuk>>(iter: I) -> Breuk {
        iter.fold(Breuk::NUL, |a, b| a + b)
    }
}

/// An exact running sum of fractions, for the reports' totals over millions of polis rows
/// . It keeps one common denominator (a multiple of every one added: their least
/// common multiple, unless it would overflow and the sum was reduced first) and reduces to
/// lowest terms only when read: adding a fraction whose denominator divides it is a
/// multiplication and an addition, where [`Breuk`]'s `+` finds two greatest common divisors
/// of ever larger numbers (issue #13: a fifth of a banenmonitor's time). The value read is
/// the same [`Breuk`] as adding one by one.
#[derive(Clone, Copy, Debug)]
pub struct Breuksom {
    teller: i128,
    /// Always ≥ 1.
    noemer: i128,
}

impl Breuksom {
    /// The sum, in lowest terms.
    pub fn waarde(self) -> Breuk {
        Breuk::new(self.teller, self.noemer)
    }

    /// Adds `b` over the common denominator; `None` when a number would overflow.
    fn probeer(self, b: Breuk) -> Option<Breuksom> {
        let mut som = self;
        if som.noemer % b.noemer != 0 {
            let factor = b.noemer / ggd(som.noemer, b.noemer);
            som.noemer = som.noemer.checked_mul(factor)?;
            som.teller = som.teller.checked_mul(factor)?;
        }
        let deel = b.teller.checked_mul(som.noemer / b.noemer)?;
        som.teller = som.teller.checked_add(deel)?;
        Some(som)
    }
}

impl Default for Breuksom {
    fn default() -> Self {
        Breuksom {
            teller: 0,
            noemer: 1,
        }
    }
}

impl AddAssign<Breuk> for Breuksom {
    fn add_assign(&mut self, b: Breuk) {
        *self = self.probeer(b).unwrap_or_else(|| {
            // out of the range of hours and days: reduce first, as Breuk's + does
            let w = self.waarde() + b;
            Breuksom {
                teller: w.teller,
                noemer: w.noemer,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rekenen_en_afronden() {
        // 1/3 + 1/6 = 1/2
        assert_eq!(Breuk::new(1, 3) + Breuk::new(1, 6), Breuk::new(1, 2));
        // 1429/1331 = 1.07363... -> 1.07 (2 decimals)
        assert_eq!(Breuk::new(1429, 1331).afgerond(2), 107);
        // half away from zero: 2.5 -> 3, -2.5 -> -3, 0.05 -> 0.1
        assert_eq!(Breuk::new(5, 2).afgerond(0), 3);
        assert_eq!(Breuk::new(-5, 2).afgerond(0), -3);
        assert_eq!(Breuk::new(1, 20).afgerond(1), 1);
        assert_eq!(Breuk::parse("25.5"), Some(Breuk::new(51, 2)));
        assert_eq!(Breuk::parse("1331"), Some(Breuk::geheel(1331)));
        assert_eq!(Breuk::parse("1,5"), None);
    }

    /// The gcd on both sides of the 64-bit fast path, against factors chosen by hand:
    /// 2^70 · 3 and 2^65 · 9 share 2^65 · 3; 12 and -18 share 6; a prime and a power of two
    /// share 1; zero shares the other number (and never less than 1).
    #[test]
    fn ggd_binnen_en_buiten_64_bits() {
        let twee = |n: u32| 2i128.pow(n);
        assert_eq!(ggd(twee(70) * 3, twee(65) * 9), twee(65) * 3);
        assert_eq!(ggd(12, -18), 6);
        assert_eq!(ggd(i128::from(u64::MAX), 3), 3); // 2^64 - 1 = 3 · 5 · 17 · 257 · 641 · …
        assert_eq!(ggd(1_000_000_007, twee(80)), 1);
        assert_eq!(ggd(0, -42), 42);
        assert_eq!(ggd(0, 0), 1);
        // and a fraction beyond 64 bits stays in lowest terms: 2^70 / 2^66 = 16
        assert_eq!(Breuk::new(twee(70), twee(66)), Breuk::geheel(16));
    }

    /// Lowest terms with a positive denominator on both sides of `new`'s 64-bit division
    /// (equality compares numerator and denominator as stored): 6/-4 = -3/2; -6/-4 = 3/2;
    /// i64::MIN / 2 = -2^62 / 1; (2^63 · 3) / 2^64 = 3/2, past 64 bits; an hour row of
    /// 173.33 h over 12 of 30 days, 17333 · 12 / (100 · 30) = 207996 / 3000 = 17333 / 250.
    #[test]
    fn nieuw_in_laagste_termen() {
        let twee = |n: u32| 2i128.pow(n);
        let velden = |b: Breuk| (b.teller, b.noemer);
        assert_eq!(velden(Breuk::new(6, -4)), (-3, 2));
        assert_eq!(velden(Breuk::new(-6, -4)), (3, 2));
        assert_eq!(velden(Breuk::new(i128::from(i64::MIN), 2)), (-twee(62), 1));
        assert_eq!(velden(Breuk::new(twee(63) * 3, twee(64))), (3, 2));
        assert_eq!(velden(Breuk::new(17333 * 12, 100 * 30)), (17333, 250));
        assert_eq!(velden(Breuk::new(0, -7)), (0, 1));
    }

    /// A `Breuksom` reads the same fraction as adding one by one: by hand, 1/3 + 1/6 + 1/4 =
    /// 4/12 + 2/12 + 3/12 = 9/12 = 3/4, and -1/2 + 1/2 = 0; then the sum of k/d for every k in
    /// -50..50 and d in 1..=40 (denominators up to their lcm of 5,342,931,457,063,200),
    /// against `+` one at a time.
    #[test]
    fn breuksom_gelijk_aan_optellen() {
        let mut som = Breuksom::default();
        for b in [Breuk::new(1, 3), Breuk::new(1, 6), Breuk::new(1, 4)] {
            som += b;
        }
        assert_eq!(som.waarde(), Breuk::new(3, 4));
        let mut nul = Breuksom::default();
        nul += Breuk::new(-1, 2);
        nul += Breuk::new(1, 2);
        assert_eq!(nul.waarde(), Breuk::NUL);
        assert_eq!(Breuksom::default().waarde(), Breuk::NUL);
        let (mut som, mut een_voor_een) = (Breuksom::default(), Breuk::NUL);
        for d in 1..=40 {
            for k in -50..50 {
                som += Breuk::new(k, d);
                een_voor_een += Breuk::new(k, d);
            }
        }
        assert_eq!(som.waarde(), een_voor_een);
    }

    /// Where the common denominator would pass i128 the sum reduces first: 1/2^70 - 1/2^70
    /// leaves 0 over 2^70, and 2^70 · 3^40 (about 2^133) does not fit, while the sum with
    /// 1/3^40 is just 1/3^40 (without the fallback the multiplication would fail). Sums whose
    /// reduced form itself passes i128 are out of reach for `Breuk`'s `+` as well.
    #[test]
    fn breuksom_zonder_overloop() {
        let (twee, drie) = (2i128.pow(70), 3i128.pow(40));
        let mut som = Breuksom::default();
        som += Breuk::new(1, twee);
        som += Breuk::new(-1, twee);
        som += Breuk::new(1, drie);
        assert_eq!(som.waarde(), Breuk::new(1, drie));
    }
}
