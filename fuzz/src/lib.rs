//! Shared parts of the fuzz targets (issue #9, "coverage-guided fuzzing"): the reading context
//! chosen from the input, the invariants every read must keep, an XLSX built around fuzz bytes,
//! and the API router driven in-process.
//!
//! A broken invariant is an `assert!`: libFuzzer records the input as a crash.

pub mod api;
pub mod lezen;
pub mod werkmap;
