//! The API over real HTTP: a server on port 0 with a fresh database per test, development tokens
//! per role, every endpoint × every role (refusals included), the processing log, the rate limit,
//! trace context, uploads, and that no BSN leaks into URLs, errors, metrics or the log.
//!
//! Every story runs on both backends: `sqlite::…` on the embedded register, `postgres::…` on
//! PostgreSQL (`DGR_TEST_POSTGRES`; without it those fail). The tests that drive external
//! tools run on SQLite only.

mod gemeen;

mod sqlite {
    fn nieuwe_database() -> dgr_store::testhulp::Testdatabase {
        dgr_store::testhulp::Testdatabase::sqlite()
    }

    include!("verhalen/api.rs");
    include!("verhalen/besluiten.rs");
    include!("verhalen/monitor.rs");
    include!("verhalen/extern.rs");
    include!("verhalen/lijsten.rs");
}

mod postgres {
    fn nieuwe_database() -> dgr_store::testhulp::Testdatabase {
        dgr_store::testhulp::Testdatabase::postgres()
    }

    include!("verhalen/api.rs");
    include!("verhalen/besluiten.rs");
    include!("verhalen/monitor.rs");
    include!("verhalen/lijsten.rs");
}
