//! The planner's path by clicking, in a real headless Chromium driven through ChromeDriver
//! (Debian's `chromium` and `chromium-driver`): upload December, plan, pin two vacations,
//! re-plan, a doctor cancels, publish, then January with December as its history. The
//! screenshots of each step go to `target/screenshots/` (the README shows them).

use crate::common;
use crate::support::{dataset, zip_folder, Server};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn session(profile: &Path) -> (Driver, Client) {
    let port = free_port();
    let driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                     format!("--user-data-dir={}", profile.display())],
        }
    }))
    .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    loop {
        let mut b = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        b.capabilities(caps.clone());
        match b.connect(&url).await {
            Ok(c) => return (driver, c),
            Err(e) if start.elapsed() > Duration::from_secs(30) => panic!("chromedriver: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Waits until the JavaScript expression `cond` is true in the page.
async fn until(c: &Client, cond: &str, what: &str) {
    let start = Instant::now();
    loop {
        let v = c
            .execute(&format!("return !!({cond});"), vec![])
            .await
            .unwrap();
        if v == json!(true) {
            return;
        }
        let message = c
            .execute(
                "return document.getElementById('message').textContent",
                vec![],
            )
            .await
            .unwrap_or_default();
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "timed out waiting for {what} (page says {message})"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn text(c: &Client, js: &str) -> String {
    c.execute(&format!("return String({js});"), vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or("")
        .to_string()
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn shot(c: &Client, name: &str) {
    let dir = screenshots();
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    assert!(png.len() > 10_000, "{name}: {} bytes", png.len());
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

fn screenshots() -> PathBuf {
    common::manifest_dir().join("target/screenshots")
}

async fn upload(c: &Client, zip: &Path) {
    c.find(Locator::Css("#upload-input"))
        .await
        .unwrap()
        .send_keys(zip.to_str().unwrap())
        .await
        .unwrap();
    click(c, "#upload-button").await;
}

/// Plans the current dataset and opens the plan when it is done (the plan the server numbers
/// next: plans are never deleted).
async fn plan_and_open(c: &Client, server: &Server) -> String {
    let (_, list) = server.get("/api/plans");
    let next = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_i64())
        .max()
        .unwrap_or(0)
        + 1;
    click(c, "#plan-button").await;
    let open = format!("#plans tr[data-plan='{next}'] button.open");
    until(
        c,
        &format!("document.querySelector(\"{open}\")"),
        "the new plan to end",
    )
    .await;
    click(c, &open).await;
    until(
        c,
        &format!("document.getElementById('plan-id').textContent === '#{next}'"),
        "the plan's page",
    )
    .await;
    until(
        c,
        "document.querySelectorAll('#grid .vac').length > 0",
        "the plan's calendar",
    )
    .await;
    format!("#{next}")
}

async fn wait_new_plan(c: &Client, old: &str) -> String {
    until(
        c,
        &format!(
            "document.getElementById('plan-id').textContent !== '{old}' && \
             !document.getElementById('tab-plan').classList.contains('hidden')"
        ),
        "the new plan",
    )
    .await;
    text(c, "document.getElementById('plan-id').textContent").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_plans_december_and_starts_january_by_clicking() {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !common::prerequisite(
        present,
        "chromium and chromium-driver (apt-get install chromium chromium-driver)",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let december = tmp.path().join("aura-2026-12.zip");
    std::fs::write(&december, zip_folder(&dataset("aura-2026-12"), None)).unwrap();
    let january = tmp.path().join("aura-2027-01.zip");
    std::fs::write(
        &january,
        zip_folder(&dataset("aura-2027-01"), Some("history.csv")),
    )
    .unwrap();
    let server = Server::start(&tmp.path().join("ws"), &[]);
    let (_driver, c) = session(&tmp.path().join("profile")).await;

    c.goto(&server.url).await.unwrap();
    until(&c, "document.getElementById('upload-button')", "the page").await;
    shot(&c, "1-data").await;

    // December: upload, plan, open.
    upload(&c, &december).await;
    until(
        &c,
        "document.getElementById('current-dataset').textContent.includes('2026-12')",
        "the upload",
    )
    .await;
    let first = plan_and_open(&c, &server).await;
    shot(&c, "2-plan").await;

    // Pin two vacations.
    for n in 1..=2 {
        click(&c, "#grid .vac:not(.pinned)").await;
        click(&c, "#pin-button").await;
        until(
            &c,
            &format!("document.querySelectorAll('#grid .vac.pinned').length >= {n}"),
            "a pin",
        )
        .await;
    }
    shot(&c, "3-pinned").await;

    // Re-plan around the edits.
    click(&c, "#replan-button").await;
    let replanned = wait_new_plan(&c, &first).await;
    until(
        &c,
        "document.querySelectorAll('#grid .vac.pinned').length >= 2",
        "the pins kept",
    )
    .await;
    shot(&c, "4-replanned").await;

    // A doctor cancels.
    click(&c, "#cancel-box summary").await;
    let doctor = text(&c, "document.getElementById('cancel-volunteer').value").await;
    click(&c, "#cancel-button").await;
    let repaired = wait_new_plan(&c, &replanned).await;
    until(&c, "document.querySelector('#diff')", "the diff").await;
    let still = text(
        &c,
        &format!("document.querySelectorAll('#grid .vac[data-volunteer=\"{doctor}\"]').length"),
    )
    .await;
    assert_eq!(still, "0", "{doctor} still has vacations after cancelling");
    shot(&c, "5-cancelled").await;

    // Publish.
    click(&c, "#publish-button").await;
    until(
        &c,
        "document.getElementById('plan-status').textContent.includes('—')",
        "the publication",
    )
    .await;
    shot(&c, "6-published").await;

    // January, with December's published plan as its history.
    click(&c, ".tab[data-tab=data]").await;
    upload(&c, &january).await;
    until(
        &c,
        "document.getElementById('current-dataset').textContent.includes('2027-01')",
        "January's upload",
    )
    .await;
    click(&c, ".tab[data-tab=data]").await;
    let history = text(
        &c,
        "document.querySelectorAll('#digest .figure b')[3].textContent",
    )
    .await;
    assert_ne!(history, "0", "January has no history");
    shot(&c, "7-january-data").await;
    click(&c, ".tab[data-tab=plans]").await;
    let jan = plan_and_open(&c, &server).await;
    assert_ne!(jan, repaired);
    shot(&c, "8-january-plan").await;

    let errors = c.execute("return window.__errors", vec![]).await.unwrap();
    assert_eq!(errors, json!([]), "errors in the page");
    c.close().await.unwrap();
}
