//! Helpers shared by the `dgr` binary's integration tests.

/// R-01 written out independently for the test data: the 11-test of a nine-digit number.
pub fn elfproef(n: u32) -> bool {
    let d: Vec<i64> = format!("{n:09}")
        .bytes()
        .map(|b| i64::from(b - b'0'))
        .collect();
    let w = [9, 8, 7, 6, 5, 4, 3, 2, -1];
    d.iter().zip(w).map(|(a, b)| a * b).sum::<i64>() % 11 == 0
}
