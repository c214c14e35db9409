//! `renfort serve`: the planner's web app (see `renfort::server`).

use anyhow::Result;
use clap::Args;
use renfort::server::{random_token, serve, Config, MIN_TOKEN_CHARS};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port; the printed URL says which).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on. Other than a loopback address, the app is reachable from other
    /// machines: a token of at least 128 bits is then required (the default one is).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Folder of the workspace (datasets, plans, publications, audit log: one SQLite file).
    #[arg(long, value_name = "DIR", default_value = "renfort-workspace")]
    workspace: PathBuf,
    /// The access token (default: a fresh random one, printed in the URL).
    #[arg(long, value_name = "T")]
    token: Option<String>,
    /// Largest upload accepted, in MB.
    #[arg(long, value_name = "MB", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=2048))]
    max_upload_mb: u32,
    /// Communes file for what-if scenarios that add sites or volunteers by commune
    /// (default: ../shared/data/communes_fr.csv when it is there).
    #[arg(long, value_name = "FILE")]
    communes: Option<PathBuf>,
}

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let token = match a.token {
        Some(t)
            if t.is_empty()
                || !t.chars().all(|c| c.is_ascii_graphic())
                || t.contains(['&', '#']) =>
        {
            return Err(super::bad_argument(
                "--token: expected printable ASCII without spaces, '&' or '#' (it goes in a URL)"
                    .into(),
            )
            .into())
        }
        Some(t) if !a.host.is_loopback() && t.len() < MIN_TOKEN_CHARS => {
            return Err(super::bad_argument(format!(
                "--token: with --host {} the app is reachable from other machines; give a \
                 token of at least {MIN_TOKEN_CHARS} characters (128 bits), or none for a \
                 random one",
                a.host
            ))
            .into())
        }
        Some(t) => t,
        None => random_token(),
    };
    let config = Config {
        addr: SocketAddr::new(a.host, a.port),
        workspace: a.workspace,
        token,
        max_upload: a.max_upload_mb as usize * 1024 * 1024,
        communes: a.communes.or_else(|| {
            let default = PathBuf::from("../shared/data/communes_fr.csv");
            default.is_file().then_some(default)
        }),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        serve(
            config,
            |url| {
                println!("{url}");
                let _ = std::io::stdout().flush();
            },
            shutdown(),
        )
        .await
    })?;
    eprintln!("renfort serve: stopped");
    Ok(ExitCode::SUCCESS)
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
