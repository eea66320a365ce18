//! `judge serve`, `judge migrate` and `judge keys`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::app::config::{Config, Overrides, ProcessRole};
use crate::store::{Migrations, Role, Store};
use crate::views::timestamp;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// Data directory: database, first admin key, uploads [default: ./judge-data].
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Configuration file (TOML) [default: judge.toml in the data dir, when present].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    database: DatabaseArg,
    /// What this process does: all, api (requests only) or worker (judging only).
    #[arg(long, value_enum, value_name = "ROLE")]
    role: Option<ProcessRole>,
}

/// `--database URL`, which every subcommand that touches the store takes.
#[derive(Debug, Args)]
pub(crate) struct DatabaseArg {
    /// A PostgreSQL database shared by many judge processes
    /// (postgres://user@host/db) [default: SQLite in the data dir; env JUDGE_DATABASE_URL].
    #[arg(long, value_name = "URL")]
    database: Option<String>,
}

pub(crate) fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    crate::app::init_logs();
    let config = Config::load(&Overrides {
        file: args.config.clone(),
        listen: args.listen,
        data: args.data.clone(),
        database: args.database.database.clone(),
        role: args.role,
    })?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(crate::app::serve(config))
}

#[derive(Debug, Args)]
pub(crate) struct KeysArgs {
    #[command(subcommand)]
    command: KeysCommand,
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Create an API key and print it on stdout (it is stored hashed: save it now).
    Create {
        /// Data directory of the service [default: ./judge-data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        #[command(flatten)]
        database: DatabaseArg,
        /// What the key may do.
        #[arg(long, value_parser = ["candidate", "interviewer", "admin"])]
        role: String,
        /// Who it is for.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// List the keys: id, role, name, and when each was revoked.
    List {
        /// Data directory of the service [default: ./judge-data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Revoke a key by its id (the part after `jk_`): it stops working at once.
    Revoke {
        /// Data directory of the service [default: ./judge-data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        #[command(flatten)]
        database: DatabaseArg,
        /// The key's public id.
        id: String,
    },
}

pub(crate) fn keys(args: &KeysArgs) -> anyhow::Result<()> {
    let (KeysCommand::Create { data, database, .. }
    | KeysCommand::List { data, database }
    | KeysCommand::Revoke { data, database, .. }) = &args.command;
    let (runtime, store) = open(data, database, Migrations::Check)?;
    let mut stdout = std::io::stdout().lock();
    match &args.command {
        KeysCommand::Create { role, name, .. } => {
            let role = Role::parse(role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
            let key = runtime.block_on(store.create_key(role, name))?;
            writeln!(stdout, "{}", key.token)?;
        }
        KeysCommand::List { .. } => {
            for key in runtime.block_on(store.keys(Role::Admin))? {
                let revoked = key
                    .revoked_at
                    .map_or_else(String::new, |ms| format!("revoked {}", timestamp(ms)));
                writeln!(
                    stdout,
                    "{}\t{}\t{}\t{revoked}",
                    key.id,
                    key.role.as_str(),
                    key.name
                )?;
            }
        }
        KeysCommand::Revoke { id, .. } => {
            anyhow::ensure!(
                runtime.block_on(store.revoke_key(id))?,
                "no live key with the id {id}"
            );
            writeln!(stdout, "revoked {id}")?;
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct MigrateArgs {
    /// Data directory of the service [default: ./judge-data].
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(flatten)]
    database: DatabaseArg,
}

/// `judge migrate`: brings the schema up to date and exits (for deployments
/// whose services start with `migrate_on_start = false`). Processes
/// migrating at once wait for each other: PostgreSQL's advisory lock.
pub(crate) fn migrate(args: &MigrateArgs) -> anyhow::Result<()> {
    open(&args.data, &args.database, Migrations::Run)?;
    writeln!(
        std::io::stdout(),
        "judge: the database schema is up to date"
    )?;
    Ok(())
}

/// The store the flags and the configuration name, on a runtime of its own.
fn open(
    data: &Option<PathBuf>,
    database: &DatabaseArg,
    migrations: Migrations,
) -> anyhow::Result<(tokio::runtime::Runtime, Store)> {
    let config = Config::load(&Overrides {
        data: data.clone(),
        database: database.database.clone(),
        ..Overrides::default()
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // The embedded store is migrated by whoever opens it, as it always was.
    let migrations = if config.database_url.is_none() {
        Migrations::Run
    } else {
        migrations
    };
    let store = runtime.block_on(Store::connect_with(
        &config.database()?,
        migrations,
        config.database_max_connections,
    ))?;
    Ok((runtime, store))
}
