//! The report stories (`verhalen/rapporten.rs`), written once against the store traits and run
//! on both backends: the embedded SQLite file and PostgreSQL (issue #10's contract suite).
//! PostgreSQL is the server at `DGR_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/postgres`);
//! without it the `postgres::` tests fail, they are never skipped.

mod sqlite {
    fn nieuwe_database() -> dgr_store::testhulp::Testdatabase {
        dgr_store::testhulp::Testdatabase::sqlite()
    }

    include!("verhalen/rapporten.rs");

    mod monitor {
        use super::nieuwe_database;

        include!("verhalen/werkgeversmonitor.rs");
    }
}

mod postgres {
    fn nieuwe_database() -> dgr_store::testhulp::Testdatabase {
        dgr_store::testhulp::Testdatabase::postgres()
    }

    include!("verhalen/rapporten.rs");

    mod monitor {
        use super::nieuwe_database;

        include!("verhalen/werkgeversmonitor.rs");
    }
}
