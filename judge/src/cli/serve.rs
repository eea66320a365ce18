//! `judge serve` and `judge keys create`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::service::config::{Config, Overrides};
use crate::store::{Role, Store};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// Data directory: database, first admin key, uploads [default: ./judge-data].
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Configuration file (TOML) [default: <data>/judge.toml when present].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub(crate) fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    crate::service::init_logs();
    let config = Config::load(&Overrides {
        file: args.config.clone(),
        listen: args.listen,
        data: args.data.clone(),
    })?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(crate::service::serve(config))
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
        /// What the key may do.
        #[arg(long, value_parser = ["candidate", "interviewer", "admin"])]
        role: String,
        /// Who it is for.
        #[arg(long, default_value = "")]
        name: String,
    },
}

pub(crate) fn keys(args: &KeysArgs) -> anyhow::Result<()> {
    let KeysCommand::Create { data, role, name } = &args.command;
    let config = Config::load(&Overrides {
        data: data.clone(),
        ..Overrides::default()
    })?;
    let role = Role::parse(role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
    let key = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let store = Store::open(&config.data).await?;
            store.create_key(role, name).await
        })?;
    writeln!(std::io::stdout(), "{}", key.token)?;
    Ok(())
}
