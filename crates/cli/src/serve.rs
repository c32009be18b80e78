//! `wxbox serve`: the fake WeChat interface service on its own, for a backend developer who wants
//! `api.weixin.qq.com` on loopback. Codes come from `POST /_wxbox/login` (what the user's
//! `wx.login` would issue); the clock is virtual unless `--real-time`, moved by
//! `POST /_wxbox/advance?ms=N`, so expiry can be tested without waiting.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use wxbox_engine::{ClockMode, SandboxClock};
use wxbox_server::{Service, ServiceOptions};
use wxbox_wechat::platform::{endpoints, Platform, Time};

/// `wxbox serve` options.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one); defaults to the profile's `service.port`.
    #[arg(long)]
    port: Option<u16>,
    /// Address to listen on. Only loopback unless --allow-remote.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Listen on a non-loopback address. The service hands out session keys to anyone who asks.
    #[arg(long)]
    allow_remote: bool,
    /// The superapp profile (app id and secret, user, faults).
    #[arg(long)]
    profile: Option<std::path::PathBuf>,
    /// Judge expiry by the machine's clock instead of a virtual one.
    #[arg(long)]
    real_time: bool,
}

pub fn serve(args: &ServeArgs) -> ExitCode {
    let profile = match &args.profile {
        Some(p) => match wxbox_superapp::Profile::load(p) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("wxbox: {e}");
                return ExitCode::from(2);
            }
        },
        None => wxbox_superapp::Profile::default(),
    };
    let mode = if args.real_time {
        ClockMode::Real
    } else {
        ClockMode::Virtual
    };
    let clock = Arc::new(SandboxClock::new(mode, None));
    let read = clock.clone();
    let mut platform = Platform::new(
        &profile.setup(),
        Arc::new(move || Time {
            ms: read.now_ms(),
            wall_ms: read.wall_ms(),
        }),
        profile.seed ^ 0x5745_4348_4154,
    );
    if profile.session.logged_in {
        platform.start_session();
    }
    let advance = (mode == ClockMode::Virtual).then(|| {
        let c = clock.clone();
        Arc::new(move |ms: u64| c.advance_to(c.now_ms().saturating_add(ms)))
            as wxbox_server::service::Advance
    });
    let port = args.port.unwrap_or(profile.service.port);
    let service = match Service::start(
        platform.shared(),
        ServiceOptions {
            addr: Some(SocketAddr::new(args.bind, port)),
            allow_remote: args.allow_remote,
            advance,
            ..ServiceOptions::default()
        },
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("wxbox: {e}");
            return ExitCode::from(2);
        }
    };
    // A closed stdout (a test that read the banner and went away) must not stop the service.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "WeChat interface service on {} (appid {}, {} clock)",
        service.base_url(),
        profile.app.appid,
        if args.real_time { "real" } else { "virtual" }
    );
    for (method, path, name) in endpoints() {
        let _ = writeln!(out, "  {method:<4} {path:<36} {name}");
    }
    let mut own = vec![
        (
            "POST",
            "/_wxbox/login",
            "a login code for the profile's user",
        ),
        ("POST", "/_wxbox/phone-code", "a getPhoneNumber code"),
        ("GET", "/_wxbox/sends", "subscription messages sent"),
    ];
    if !args.real_time {
        own.push(("POST", "/_wxbox/advance?ms=N", "move the virtual clock"));
    }
    for (method, path, what) in own {
        let _ = writeln!(out, "  {method:<4} {path:<36} {what}");
    }
    let _ = out.flush();
    drop(out);
    loop {
        std::thread::park();
    }
}
