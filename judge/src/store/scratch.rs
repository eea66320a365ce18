//! A PostgreSQL database made for one test and dropped after it: what the
//! test matrix's PostgreSQL leg, the fleet test and the cross-process tests
//! run on (each its own, so they run in parallel).

/// A fresh database on a PostgreSQL server, dropped (with whatever is
/// still connected to it) when this is.
#[derive(Debug)]
pub struct ScratchDatabase {
    /// The database's URL.
    pub url: String,
    server: String,
    name: String,
}

impl ScratchDatabase {
    /// A new database on `server` (`postgres://user@host:port`).
    pub async fn create(server: &str) -> anyhow::Result<Self> {
        use anyhow::Context;
        use sqlx::{Connection, Executor};
        let name = format!(
            "judge_test_{}",
            &uuid::Uuid::new_v4().simple().to_string()[..16]
        );
        let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
            .await
            .with_context(|| format!("cannot reach PostgreSQL at {server}"))?;
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await?;
        Ok(Self {
            url: format!("{server}/{name}"),
            server: server.to_owned(),
            name,
        })
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // A thread and runtime of its own: the caller may be a runtime's
        // thread, blocked here.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                use sqlx::{Connection, Executor};
                if let Ok(mut admin) =
                    sqlx::PgConnection::connect(&format!("{server}/postgres")).await
                {
                    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = admin.execute(drop.as_str()).await;
                }
            });
        })
        .join();
    }
}
