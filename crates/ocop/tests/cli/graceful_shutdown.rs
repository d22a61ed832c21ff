//! Graceful shutdown with the real binary: a request still in flight when
//! `ocop serve` gets SIGTERM is answered, new connections are no longer
//! accepted, and the process then exits 0.
//!
//! The request is honestly in flight without any test-only delay: its headers
//! are sent and the handler is waiting for the rest of the body (a login whose
//! JSON arrives in two halves) when the signal is sent.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct horse battery";

fn add_user(data_dir: &Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["user", "add", "--username", "quantri.tat", "--role", "administrator"])
        .env("OCOP_DATA_DIR", data_dir)
        .env_remove("OCOP_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ocop user add");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .expect("password");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// One request on a fresh connection (`Connection: close`), the raw answer.
fn exchange(addr: SocketAddr, request: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.write_all(request.as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

fn wait_healthy(addr: SocketAddr, server: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(
            server.try_wait().unwrap().is_none(),
            "the server exited before it was healthy"
        );
        let request = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
        if exchange(addr, request).is_ok_and(|a| a.starts_with("HTTP/1.1 200")) {
            return;
        }
        assert!(Instant::now() < deadline, "no /healthz within 120 s");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The `ocop_csrf` cookie and its token.
fn csrf(addr: SocketAddr) -> (String, String) {
    let answer = exchange(
        addr,
        "GET /api/v1/auth/csrf HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    )
    .expect("csrf");
    let cookie = answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .expect("a csrf cookie")
        .to_owned();
    let body = answer.split("\r\n\r\n").nth(1).expect("a body");
    let token = serde_json::from_str::<serde_json::Value>(body).expect("json")["csrf_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    (cookie, token)
}

#[test]
fn a_request_in_flight_at_sigterm_is_answered_and_the_process_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path());
    let addr = free_addr();
    let mut server = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["serve", "--bind", &addr.to_string()])
        .env("OCOP_DATA_DIR", dir.path())
        .env_remove("OCOP_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ocop serve");
    wait_healthy(addr, &mut server);
    let (cookie, token) = csrf(addr);

    // Headers and half of the body: the login handler is now waiting for the rest.
    let body = format!(r#"{{"username":"quantri.tat","password":"{PASSWORD}"}}"#);
    let (first, rest) = body.split_at(body.len() / 2);
    let mut in_flight = TcpStream::connect(addr).unwrap();
    in_flight.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        in_flight,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nCookie: {cookie}\r\nX-CSRF-Token: {token}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    in_flight.flush().unwrap();
    std::thread::sleep(Duration::from_millis(500));

    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // Shutting down: the listener closes, but the process waits for the request.
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "still accepting connections 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        server.try_wait().unwrap().is_none(),
        "the server exited with a request in flight"
    );

    in_flight.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    in_flight.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "the in-flight login was not answered: {answer}"
    );
    assert!(answer.to_lowercase().contains("set-cookie: ocop_session="), "{answer}");

    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not exit within 30 s of answering"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status.code(), Some(0), "exit status {status:?}");
}
