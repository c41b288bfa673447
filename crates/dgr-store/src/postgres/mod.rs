//! The PostgreSQL backend (being built).

use crate::database::PostgresUrl;
use crate::logboek::Logboekschrijver;
use crate::{Resultaat, Store, StoreFout};

/// Opens a connection to the register in PostgreSQL.
///
/// # Errors
/// [`StoreFout`].
pub fn open_store(_url: &PostgresUrl) -> Resultaat<Box<dyn Store>> {
    Err(StoreFout::Instelling("PostgreSQL wordt nog gebouwd".into()))
}

/// Opens the writer of the processing log in PostgreSQL.
///
/// # Errors
/// [`StoreFout`].
pub fn open_logboekschrijver(_url: &PostgresUrl) -> Resultaat<Box<dyn Logboekschrijver>> {
    Err(StoreFout::Instelling("PostgreSQL wordt nog gebouwd".into()))
}

/// See `testhulp::vraag_tekst`.
///
/// # Errors
/// [`StoreFout`].
#[cfg(feature = "testhulp")]
pub fn vraag_tekst(_url: &PostgresUrl, _sql: &str) -> Resultaat<Vec<String>> {
    Err(StoreFout::Instelling("PostgreSQL wordt nog gebouwd".into()))
}
