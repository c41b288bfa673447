//! The register's stories (`verhalen/register.rs`; R-45 goals in `verhalen/doelen.rs`), written
//! once against the store traits and run on both backends: the embedded SQLite file and PostgreSQL (issue #10's contract suite).
//! PostgreSQL is the server at `DGR_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/postgres`);
//! without it the `postgres::` tests fail, they are never skipped.

mod sqlite {
    fn nieuwe_database() -> dgr_store::testhulp::Testdatabase {
        dgr_store::testhulp::Testdatabase::sqlite()
    }

    include!("verhalen/register.rs");
    include!("verhalen/doelen.rs");
}

mod postgres {
    fn nieuwe_database() -> dgr_store::testhulp::Testdatabase {
        dgr_store::testhulp::Testdatabase::postgres()
    }

    include!("verhalen/register.rs");
    include!("verhalen/doelen.rs");
}
