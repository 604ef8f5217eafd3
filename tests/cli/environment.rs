//! Where settings come from: the command line over the environment over the
//! profile, field by field (`MQTT_HOST`, `MQTT_PORT`, `MQTT_USERNAME`,
//! `MQTT_PROFILE`, `MQTT_CONFIG`), and `mqtt config` showing the result.

use mqtt_test_support::{free_port, Mosquitto};

use crate::support::pubsub::wait_for_log;
use crate::support::{mqtt, run};

/// A profile file in a temporary directory, and `mqtt` pointed at it.
struct Profiles {
    dir: tempfile::TempDir,
}

impl Profiles {
    fn new(text: &str) -> Profiles {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), text).unwrap();
        Profiles { dir }
    }

    fn mqtt(&self) -> std::process::Command {
        let mut command = mqtt();
        command.env("MQTT_CONFIG", self.dir.path().join("config.toml"));
        command
    }
}

#[test]
fn a_flag_overrides_its_variable_and_never_conflicts_with_it() {
    let broker = Mosquitto::start();
    let port = broker.port().to_string();
    let dead = free_port().to_string();
    let url = format!("mqtt://127.0.0.1:{port}/from/url");
    // -L on the command line wins over MQTT_PORT (it used to be a conflict).
    run(mqtt().env("MQTT_PORT", &dead).args(["pub", "-L", &url, "-m", "a"]), b"").expect_code(0);
    // -p wins over MQTT_PORT; MQTT_PORT and MQTT_HOST count without flags.
    run(mqtt().env("MQTT_PORT", &dead).args(["pub", "-p", &port, "-t", "t", "-m", "b"]), b"")
        .expect_code(0);
    run(
        mqtt()
            .env("MQTT_HOST", "127.0.0.1")
            .env("MQTT_PORT", &port)
            .env("MQTT_USERNAME", "envuser")
            .args(["pub", "-i", "from-env", "-t", "t", "-m", "c"]),
        b"",
    )
    .expect_code(0);
    wait_for_log(&broker, "as from-env");
    assert!(broker.log().contains("u'envuser'"), "{}", broker.log());
    let outcome = run(mqtt().env("MQTT_PORT", "eighty").args(["pub", "-t", "t", "-m", "d"]), b"")
        .expect_code(2);
    assert!(
        outcome.stderr.contains("MQTT_PORT \"eighty\": not a port number"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn embedded_bench_ignores_the_broker_variables() {
    let outcome = run(
        mqtt().env("MQTT_PORT", free_port().to_string()).env("MQTT_HOST", "127.0.0.2").args([
            "bench",
            "--embedded",
            "--duration",
            "1s",
            "--warmup",
            "0s",
            "--quiet",
        ]),
        b"",
    );
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
}

#[test]
fn a_profile_url_keeps_its_port_when_h_or_the_environment_overrides_the_host() {
    let broker = Mosquitto::start();
    let profiles = Profiles::new(&format!(
        "[profiles.lab]\nurl = \"mqtt://broker.invalid:{}\"\nclient_id = \"lab-client\"\n",
        broker.port()
    ));
    run(
        profiles.mqtt().args(["pub", "--profile", "lab", "-h", "127.0.0.1", "-t", "t", "-m", "x"]),
        b"",
    )
    .expect_code(0);
    wait_for_log(&broker, "as lab-client");
    run(
        profiles
            .mqtt()
            .env("MQTT_PROFILE", "lab")
            .env("MQTT_HOST", "127.0.0.1")
            .args(["pub", "-t", "t", "-m", "x"]),
        b"",
    )
    .expect_code(0);
}

#[test]
fn config_shows_the_file_the_profiles_and_a_resolved_profile_without_secrets() {
    let profiles = Profiles::new(
        "[profiles.prod]\nurl = \"mqtts://broker.example:8884\"\nusername = \"alice\"\n\
         password_env = \"PROD_SECRET_FOR_TEST\"\n[profiles.dev]\nhost = \"localhost\"\n",
    );
    let listing = run(profiles.mqtt().arg("config"), b"").expect_code(0).stdout_text();
    assert!(listing.contains("config.toml"), "{listing}");
    assert!(listing.contains("profiles     dev, prod"), "{listing}");

    let shown = run(
        profiles.mqtt().env("PROD_SECRET_FOR_TEST", "hunter2").args(["config", "prod", "--json"]),
        b"",
    )
    .expect_code(0);
    let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(json["url"], "mqtts://broker.example:8884");
    assert_eq!(json["username"], "alice");
    assert_eq!(json["password"], "from password_env PROD_SECRET_FOR_TEST (set)");
    assert!(!shown.stdout_text().contains("hunter2"), "{}", shown.stdout_text());

    let with_port = run(profiles.mqtt().env("MQTT_PORT", "1999").args(["config", "dev"]), b"")
        .expect_code(0)
        .stdout_text();
    assert!(with_port.contains("mqtt://localhost:1999"), "{with_port}");
    let missing = run(profiles.mqtt().args(["config", "nope"]), b"").expect_code(2);
    assert!(missing.stderr.contains("known: dev, prod"), "{}", missing.stderr);
}
