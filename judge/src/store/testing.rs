//! The store the unit tests run on: SQLite in a temp dir, or, in the test
//! matrix's PostgreSQL leg (`TEST_POSTGRES_SERVER=postgres://…` names a
//! server), a fresh database there, dropped afterwards.

use super::{Database, Migrations, ScratchDatabase, Store};

/// A store and what it lives in, removed when dropped.
pub(crate) struct TestStore {
    pub(crate) store: Store,
    _dir: tempfile::TempDir,
    _database: Option<ScratchDatabase>,
}

impl TestStore {
    /// A new, empty, migrated store.
    pub(crate) async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let Ok(server) = std::env::var("TEST_POSTGRES_SERVER") else {
            let store = Store::open(dir.path()).await.unwrap();
            return Self {
                store,
                _dir: dir,
                _database: None,
            };
        };
        let database = ScratchDatabase::create(&server).await.unwrap();
        let store = Store::connect(&Database::Postgres(database.url.clone()), Migrations::Run)
            .await
            .unwrap();
        Self {
            store,
            _dir: dir,
            _database: Some(database),
        }
    }
}
