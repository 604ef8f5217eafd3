//! Ways to reach the broker that every subcommand shares: a Unix socket
//! (`--unix`, `unix://`), SOCKS5 and HTTP CONNECT proxies (flag and
//! environment), a local bind address (`-A`), and the TLS key log.
//! Real mosquitto, real microsocks and tinyproxy.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;

use mqtt_test_support::proxy::Proxy;
use mqtt_test_support::tls::TlsMaterial;
use mqtt_test_support::Mosquitto;

use crate::support::pubsub::{mosquitto_tool, wait_for_log, wait_subscribed};
use crate::support::{mqtt, run, Background};

/// A `mosquitto_sub` that prints `count` messages under `filter` with topics.
fn watcher(broker: &Mosquitto, filter: &str, count: usize) -> Background {
    let watcher = Background::start(mosquitto_tool(broker, "mosquitto_sub").args([
        "-i",
        "watch",
        "-t",
        filter,
        "-v",
        "-C",
        &count.to_string(),
        "-W",
        "30",
    ]));
    wait_subscribed(broker, "watch");
    watcher
}

#[test]
fn unix_socket_carries_pub_sub_and_bench() {
    let broker = Mosquitto::builder().unix_socket().start();
    let socket = broker.unix_socket();
    let path = socket.to_str().unwrap();
    let sub = Background::start(
        mqtt()
            .args(["sub", "--unix", path, "-i", "usub", "-t", "u/#", "-v", "-C", "1", "-W", "30"]),
    );
    wait_subscribed(&broker, "usub");
    run(mqtt().args(["pub", "-L", &format!("unix://{path}"), "-t", "u/a", "-m", "local"]), b"")
        .expect_code(0);
    assert_eq!(sub.finish().expect_code(0).stdout_text(), "u/a local\n");
    // mosquitto names the socket as the client's address.
    assert!(
        broker.log().contains(&format!("New client connected from {path}")),
        "{}",
        broker.log()
    );

    let out = run(mqtt().args(["bench", "conn", "--unix", path, "-n", "3", "--json", "-"]), b"");
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|err| panic!("{err}: {}", out.stderr));
    assert_eq!(out.code(), 0, "{}", out.stderr);
    assert_eq!(report["config"]["mode"], "conn");
    let out = run(mqtt().args(["inspect", "--unix", path, "--json"]), b"").expect_code(0);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["broker"], format!("unix://{path}"), "{report:#}");

    // A socket nobody listens on is unreachable (3), and TLS makes no sense.
    let missing = broker.dir().join("nobody.sock");
    let out =
        run(mqtt().args(["pub", "--unix", missing.to_str().unwrap(), "-t", "t", "-m", "x"]), b"");
    assert_eq!(out.code(), 3, "{}", out.stderr);
    assert!(out.stderr.contains("nobody.sock"), "{}", out.stderr);
    let out = run(mqtt().args(["pub", "--unix", path, "--tls", "-t", "t", "-m", "x"]), b"");
    assert_eq!(out.code(), 2, "{}", out.stderr);
}

#[test]
fn socks5_proxies_with_and_without_credentials_carry_tcp_and_tls() {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsMaterial::generate(&dir.path().join("tls"));
    let lines = tls.mosquitto_listener_lines();
    let broker = Mosquitto::builder()
        .listener(move |port| format!("listener {port} 127.0.0.1\n{lines}"))
        .start();
    let open = Proxy::socks5(None);
    let guarded = Proxy::socks5(Some(("alice", "s3cret-pw")));
    let watch = watcher(&broker, "s/#", 3);
    let port = broker.port().to_string();
    let tls_port = broker.extra_port(0).to_string();
    let cafile = tls.ca.cert_path.to_str().unwrap();

    let via_open = format!("socks5h://127.0.0.1:{}", open.port());
    run(
        mqtt().args([
            "pub",
            "-h",
            "localhost",
            "-p",
            &port,
            "--proxy",
            &via_open,
            "-t",
            "s/plain",
            "-m",
            "1",
        ]),
        b"",
    )
    .expect_code(0);
    let via_guarded = format!("socks5://alice:s3cret-pw@127.0.0.1:{}", guarded.port());
    let out = run(
        mqtt().args([
            "pub",
            "-d",
            "-p",
            &port,
            "-h",
            "127.0.0.1",
            "--proxy",
            &via_guarded,
            "-t",
            "s/auth",
            "-m",
            "2",
        ]),
        b"",
    )
    .expect_code(0);
    assert!(out.stderr.contains("through proxy socks5://alice@127.0.0.1"), "{}", out.stderr);
    assert!(!out.stderr.contains("s3cret-pw"), "{}", out.stderr);
    // TLS runs end to end through the tunnel: the certificate is checked
    // against the broker's name, not the proxy's.
    run(
        mqtt()
            .args(["pub", "-h", "localhost", "-p", &tls_port, "--cafile", cafile])
            .args(["--proxy", &via_open, "-t", "s/tls", "-m", "3"]),
        b"",
    )
    .expect_code(0);
    assert_eq!(watch.finish().expect_code(0).stdout_text(), "s/plain 1\ns/auth 2\ns/tls 3\n");

    // A wrong password: the proxy's refusal, exit 3, no password echoed.
    let wrong = format!("socks5h://alice:wrong-pw@127.0.0.1:{}", guarded.port());
    let out =
        run(mqtt().args(["pub", "-p", &port, "--proxy", &wrong, "-t", "s/x", "-m", "x"]), b"");
    assert_eq!(out.code(), 3, "{}", out.stderr);
    assert!(out.stderr.contains("refused the user name or password"), "{}", out.stderr);
    assert!(!out.stderr.contains("wrong-pw"), "{}", out.stderr);
    // No credentials for a proxy that wants them.
    let bare = format!("socks5h://127.0.0.1:{}", guarded.port());
    let out = run(mqtt().args(["pub", "-p", &port, "--proxy", &bare, "-t", "s/x", "-m", "x"]), b"");
    assert_eq!(out.code(), 3, "{}", out.stderr);
    assert!(out.stderr.contains("authentication methods"), "{}", out.stderr);
}

#[test]
fn http_connect_proxy_from_flag_and_environment_and_its_refusal() {
    let broker = Mosquitto::builder()
        .listener(|port| format!("listener {port} 127.0.0.1\nprotocol websockets"))
        .start();
    let ws_port = broker.extra_port(0);
    let proxy = Proxy::http(&[broker.port(), ws_port]);
    let strict = Proxy::http(&[1]);
    let watch = watcher(&broker, "h/#", 3);
    let port = broker.port().to_string();
    let via = format!("http://127.0.0.1:{}", proxy.port());

    run(
        mqtt().args([
            "pub",
            "-h",
            "localhost",
            "-p",
            &port,
            "--proxy",
            &via,
            "-t",
            "h/flag",
            "-m",
            "1",
        ]),
        b"",
    )
    .expect_code(0);
    // ALL_PROXY without a scheme is an HTTP proxy, as curl reads it.
    run(
        mqtt()
            .env("ALL_PROXY", format!("127.0.0.1:{}", proxy.port()))
            .args(["pub", "-d", "-p", &port, "-t", "h/env", "-m", "2"]),
        b"",
    )
    .expect_code(0);
    // WebSocket through the tunnel, from http_proxy.
    run(
        mqtt().env("http_proxy", &via).args([
            "pub",
            "-L",
            &format!("ws://127.0.0.1:{ws_port}"),
            "-t",
            "h/ws",
            "-m",
            "3",
        ]),
        b"",
    )
    .expect_code(0);
    assert_eq!(watch.finish().expect_code(0).stdout_text(), "h/flag 1\nh/env 2\nh/ws 3\n");

    // The proxy's own refusal reaches the user, exit 3.
    let refusing = format!("http://127.0.0.1:{}", strict.port());
    let out =
        run(mqtt().args(["pub", "-p", &port, "--proxy", &refusing, "-t", "h/x", "-m", "x"]), b"");
    assert_eq!(out.code(), 3, "{}", out.stderr);
    assert!(out.stderr.contains("403"), "{}", out.stderr);

    // NO_PROXY and --proxy '' turn an environment proxy off (this one is dead).
    let dead = format!("http://127.0.0.1:{}", mqtt_test_support::free_port());
    let out =
        run(mqtt().env("ALL_PROXY", &dead).args(["pub", "-p", &port, "-t", "h/x", "-m", "x"]), b"");
    assert_eq!(out.code(), 3, "the dead proxy was not used: {}", out.stderr);
    run(
        mqtt().env("ALL_PROXY", &dead).env("NO_PROXY", "localhost,127.0.0.1").args([
            "pub",
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-t",
            "h/x",
            "-m",
            "x",
        ]),
        b"",
    )
    .expect_code(0);
    run(
        mqtt()
            .env("ALL_PROXY", &dead)
            .args(["pub", "--proxy", "", "-p", &port, "-t", "h/x", "-m", "x"]),
        b"",
    )
    .expect_code(0);
}

#[test]
fn bind_address_is_the_source_of_the_connection_and_bench_spreads_over_a_list() {
    let broker = Mosquitto::start();
    let port = broker.port().to_string();
    run(
        mqtt().args(["pub", "-A", "127.0.0.2", "-p", &port, "-i", "bound", "-t", "b", "-m", "x"]),
        b"",
    )
    .expect_code(0);
    wait_for_log(&broker, "New client connected from 127.0.0.2:");

    let out = run(
        mqtt().args(["bench", "conn", "-h", "127.0.0.1", "-p", &port, "-n", "4"]).args([
            "-A",
            "127.0.0.3,127.0.0.4",
            "--json",
            "-",
        ]),
        b"",
    );
    assert_eq!(out.code(), 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("connections per local address: 127.0.0.3 2, 127.0.0.4 2"),
        "{}",
        out.stderr
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["context"]["connections_by_address"],
        serde_json::json!({"127.0.0.3": 2, "127.0.0.4": 2}),
        "the report says how many connections each address held"
    );
    let log = broker.log();
    for address in ["127.0.0.3", "127.0.0.4"] {
        let seen = log.matches(&format!("New connection from {address}:")).count();
        assert!(seen >= 2, "{address} opened {seen} connections\n{log}");
    }
    // pub takes one address; a list is for bench only.
    let out = run(
        mqtt().args(["pub", "-A", "127.0.0.2,127.0.0.3", "-p", &port, "-t", "b", "-m", "x"]),
        b"",
    );
    assert_eq!(out.code(), 2, "{}", out.stderr);
}

#[test]
fn tls_keylog_writes_nss_lines_to_a_private_file_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsMaterial::generate(&dir.path().join("tls"));
    let lines = tls.mosquitto_listener_lines();
    let broker = Mosquitto::builder()
        .listener(move |port| format!("listener {port} 127.0.0.1\n{lines}"))
        .start();
    let tls_port = broker.extra_port(0).to_string();
    let cafile = tls.ca.cert_path.to_str().unwrap();
    let publish = |extra: &[&str], env: Option<&std::path::Path>| {
        let mut command = mqtt();
        if let Some(path) = env {
            command.env("SSLKEYLOGFILE", path);
        }
        command.args([
            "pub",
            "-h",
            "localhost",
            "-p",
            &tls_port,
            "--cafile",
            cafile,
            "-t",
            "k",
            "-m",
            "x",
        ]);
        run(command.args(extra), b"").expect_code(0)
    };

    // Through a tap that keeps the ClientHello, so the log's client random
    // can be checked against the one on the wire.
    let (tap_port, hello) = tap(SocketAddr::from(([127, 0, 0, 1], broker.extra_port(0))));
    let tls13 = dir.path().join("tls13.keys");
    run(
        mqtt()
            .args(["pub", "-h", "localhost", "-p", &tap_port.to_string(), "--cafile", cafile])
            .args(["-t", "k", "-m", "x", "--tls-keylog", tls13.to_str().unwrap()]),
        b"",
    )
    .expect_code(0);
    let hello = hello.join().unwrap();
    // A TLS record (0x16) holding a ClientHello (1): the random is the 32
    // bytes after the record header (5), handshake header (4) and version (2).
    assert_eq!((hello[0], hello[5]), (0x16, 0x01), "{hello:02x?}");
    let wire_random: String = hello[11..43].iter().map(|byte| format!("{byte:02x}")).collect();
    let text = std::fs::read_to_string(&tls13).unwrap();
    let labels: Vec<&str> = text.lines().map(|line| line.split(' ').next().unwrap()).collect();
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
    ] {
        assert!(labels.contains(&label), "{label} missing from\n{text}");
    }
    // Every line of one handshake carries the same 32-byte client random.
    let randoms: std::collections::BTreeSet<&str> =
        text.lines().map(|line| line.split(' ').nth(1).unwrap()).collect();
    assert_eq!(randoms.into_iter().collect::<Vec<_>>(), [wire_random.as_str()], "{text}");
    let mode = std::fs::metadata(&tls13).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    // TLS 1.2 logs CLIENT_RANDOM; SSLKEYLOGFILE works like the flag.
    let tls12 = dir.path().join("tls12.keys");
    publish(&["--tls-version", "tlsv1.2"], Some(&tls12));
    let text = std::fs::read_to_string(&tls12).unwrap();
    assert!(text.starts_with("CLIENT_RANDOM "), "{text}");

    // Nothing is written unless asked.
    let before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    publish(&[], None);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), before.len());
    // The flag needs TLS.
    let out = run(
        mqtt().args([
            "pub",
            "-p",
            &broker.port().to_string(),
            "--tls-keylog",
            "k.log",
            "-t",
            "k",
            "-m",
            "x",
        ]),
        b"",
    );
    assert_eq!(out.code(), 2, "{}", out.stderr);
}

/// A pass-through to `target` for one connection; the handle gives the
/// first bytes (up to 4 KiB) the client sent.
fn tap(target: SocketAddr) -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (client, _) = listener.accept().unwrap();
        let server = TcpStream::connect(target).unwrap();
        let (mut from_client, mut to_server) =
            (client.try_clone().unwrap(), server.try_clone().unwrap());
        let (mut from_server, mut to_client) = (server, client);
        let back = std::thread::spawn(move || {
            let _ = std::io::copy(&mut from_server, &mut to_client);
            let _ = to_client.shutdown(Shutdown::Write);
        });
        let mut seen = Vec::new();
        let mut buffer = [0u8; 4096];
        while let Ok(count @ 1..) = from_client.read(&mut buffer) {
            if seen.len() < 4096 {
                seen.extend_from_slice(&buffer[..count]);
            }
            if to_server.write_all(&buffer[..count]).is_err() {
                break;
            }
        }
        let _ = to_server.shutdown(Shutdown::Write);
        let _ = back.join();
        seen
    });
    (port, handle)
}
