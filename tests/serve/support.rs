//! A `renfort serve` process on a free port, its workspace in a temporary folder, and an
//! HTTP client for its API.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const TOKEN: &str = "0123456789abcdef0123456789abcdef";

pub struct Server {
    child: Child,
    pub base: String,
    pub url: String,
}

impl Server {
    /// Starts the server on `workspace` with `extra` flags, and waits for its first line.
    pub fn start(workspace: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_renfort"))
            .args(["serve", "--port", "0", "--token", TOKEN, "--workspace"])
            .arg(workspace)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("renfort serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with(&format!("/?token={TOKEN}")),
            "first line: {url:?}"
        );
        let base = url.split("/?").next().unwrap().to_string();
        Server { child, base, url }
    }

    /// Stops the server with SIGTERM and returns its exit status and stderr.
    pub fn stop(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let status = self.child.wait().unwrap();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            e.read_to_string(&mut err).unwrap();
        }
        (status, err)
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into()
    }

    /// GET with the token: (status, body as JSON, or Null).
    pub fn get(&self, path: &str) -> (u16, Value) {
        let mut r = Self::agent()
            .get(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .call()
            .unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_json().unwrap_or(Value::Null))
    }

    /// GET with the token: (status, content type, bytes).
    pub fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut r = Self::agent()
            .get(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .call()
            .unwrap();
        let kind = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let status = r.status().as_u16();
        let bytes = r
            .body_mut()
            .with_config()
            .limit(100 << 20)
            .read_to_vec()
            .unwrap();
        (status, kind, bytes)
    }

    /// GET without a token, or with `token` as the query parameter.
    pub fn get_as(&self, path: &str, bearer: Option<&str>) -> u16 {
        let mut req = Self::agent().get(format!("{}{path}", self.base));
        if let Some(t) = bearer {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        req.call().unwrap().status().as_u16()
    }

    pub fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let mut r = Self::agent()
            .post(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .send_json(body)
            .unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_json().unwrap_or(Value::Null))
    }

    pub fn post_bytes(&self, path: &str, kind: &str, body: &[u8]) -> (u16, Value) {
        let mut r = Self::agent()
            .post(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .header("Content-Type", kind)
            .send(body)
            .unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_json().unwrap_or(Value::Null))
    }

    /// Sends only the headers of a POST declaring a `declared`-byte body, and reads the
    /// answer: a server that weighs the declared length answers before reading anything
    /// (an HTTP client that sends the body meanwhile may see the connection cut instead).
    pub fn post_declaring(&self, path: &str, declared: usize) -> u16 {
        use std::io::Write;
        let host = self.base.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(host).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n\
             Content-Type: application/zip\r\nContent-Length: {declared}\r\n\r\n"
        )
        .unwrap();
        let mut line = String::new();
        BufReader::new(s).read_line(&mut line).unwrap();
        line.split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    }

    pub fn delete(&self, path: &str) -> (u16, Value) {
        let mut r = Self::agent()
            .delete(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .call()
            .unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_json().unwrap_or(Value::Null))
    }

    /// Uploads the dataset folder `dir` as a zip; returns (status, body).
    pub fn upload(&self, dir: &Path) -> (u16, Value) {
        self.post_bytes("/api/datasets", "application/zip", &zip_folder(dir, None))
    }

    /// Polls a plan until it is no longer queued or solving.
    pub fn wait(&self, plan: i64) -> Value {
        let start = Instant::now();
        loop {
            let (status, p) = self.get(&format!("/api/plans/{plan}"));
            assert_eq!(status, 200, "{p}");
            let s = p["status"].as_str().unwrap().to_string();
            if s != "queued" && s != "solving" {
                return p;
            }
            assert!(
                start.elapsed() < Duration::from_secs(600),
                "plan {plan} never ended"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The files of the dataset folder `dir` as a zip, in a folder named like it (as a planner
/// zips a folder), leaving out the file `without`.
pub fn zip_folder(dir: &Path, without: Option<&str>) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| Some(n.as_str()) != without)
        .collect();
    names.sort();
    for n in names {
        w.start_file(
            format!("{folder}/{n}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut w, &std::fs::read(dir.join(&n)).unwrap()).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

pub fn dataset(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("datasets")
        .join(name)
}
