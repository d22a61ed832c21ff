//! Connection hygiene with the real binary and short limits set through the environment:
//! a client that sends partial headers (or stays idle after a response) is closed after the
//! header-read timeout, and with every connection slot held by such clients `/healthz`
//! still answers once they are timed out. Loopback only, a handful of sockets, seconds.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT_SECS: u64 = 2;
const MAX_CONNECTIONS: usize = 6;

/// `ocop serve` on a temp directory, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["serve", "--bind", &addr.to_string()])
        .env("OCOP_DATA_DIR", dir.path())
        .env_remove("OCOP_DATABASE_URL")
        .env("OCOP_HEADER_READ_TIMEOUT_SECS", TIMEOUT_SECS.to_string())
        .env("OCOP_MAX_CONNECTIONS", MAX_CONNECTIONS.to_string())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ocop serve");
    let mut server = Server { child, addr, _dir: dir };
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(
            server.child.try_wait().unwrap().is_none(),
            "the server exited before it was healthy"
        );
        if healthz(addr).is_ok_and(|a| a.starts_with("HTTP/1.1 200")) {
            return server;
        }
        assert!(Instant::now() < deadline, "no /healthz within 120 s");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn healthz(addr: SocketAddr) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

/// A connection that has sent the start of a request and nothing more.
fn slow_client(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        .unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream
}

/// Reads until the server closes; how long that took. Fails if it never does.
fn time_to_close(stream: &mut TcpStream, started: Instant) -> Duration {
    let mut sink = Vec::new();
    match stream.read_to_end(&mut sink) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!("the server did not close the connection: {e}"),
    }
    started.elapsed()
}

#[test]
fn partial_headers_and_idle_connections_are_closed_after_the_header_read_timeout() {
    let server = start();
    let timeout = Duration::from_secs(TIMEOUT_SECS);

    let started = Instant::now();
    let mut slow = slow_client(server.addr);
    let took = time_to_close(&mut slow, started);
    assert!(
        took >= timeout - Duration::from_millis(300) && took < timeout + Duration::from_secs(5),
        "a client with partial headers was closed after {took:?}, the timeout is {timeout:?}"
    );

    // Keep-alive: one whole request, its answer, then silence.
    let mut idle = TcpStream::connect(server.addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let started = Instant::now();
    let took = time_to_close(&mut idle, started);
    assert!(
        took < timeout + Duration::from_secs(5),
        "an idle keep-alive connection stayed open {took:?}"
    );
}

#[test]
fn with_every_slot_held_by_slow_clients_healthz_answers_once_they_time_out() {
    let server = start();
    let timeout = Duration::from_secs(TIMEOUT_SECS);
    let started = Instant::now();
    let slow: Vec<TcpStream> = (0..MAX_CONNECTIONS).map(|_| slow_client(server.addr)).collect();
    // Let the server accept them all and fill its slots.
    std::thread::sleep(Duration::from_millis(300));

    let answer = healthz(server.addr).expect("healthz while the slots are full");
    let took = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        took >= timeout - Duration::from_millis(300),
        "/healthz answered after {took:?}: the cap of {MAX_CONNECTIONS} connections did not hold"
    );
    assert!(
        took < timeout + Duration::from_secs(10),
        "/healthz waited {took:?} with a header-read timeout of {timeout:?}"
    );
    drop(slow);
}
