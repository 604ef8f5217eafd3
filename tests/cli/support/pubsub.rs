//! Shared steps of the pub/sub tests: commands aimed at one broker, and
//! waiting (on the broker's log, never on a sleep) until a subscriber is
//! subscribed.

use std::process::Command;
use std::time::Duration;

use mqtt_test_support::Mosquitto;

use super::{mqtt, wait_for};

/// How long a subscriber may take to get its SUBACK.
pub const READY_LIMIT: Duration = Duration::from_secs(20);

/// `mqtt SUBCOMMAND -h 127.0.0.1 -p PORT`.
pub fn mqtt_at(broker: &Mosquitto, subcommand: &str) -> Command {
    let mut command = mqtt();
    command.args([subcommand, "-h", "127.0.0.1", "-p", &broker.port().to_string()]);
    command
}

/// `mosquitto_pub`/`mosquitto_sub`/... aimed at the broker.
pub fn mosquitto_tool(broker: &Mosquitto, tool: &str) -> Command {
    let mut command = Command::new(tool);
    command.args(["-h", "127.0.0.1", "-p", &broker.port().to_string()]);
    command
}

/// Waits until the broker has sent its SUBACK to `client_id`.
pub fn wait_subscribed(broker: &Mosquitto, client_id: &str) {
    wait_for_log(broker, &format!("Sending SUBACK to {client_id}"));
}

/// Waits until the broker's log contains `needle`.
pub fn wait_for_log(broker: &Mosquitto, needle: &str) {
    wait_for("broker log", READY_LIMIT, || broker.log(), needle);
}

/// Counts the occurrences of `needle` in the broker's log.
pub fn log_count(broker: &Mosquitto, needle: &str) -> usize {
    broker.log().matches(needle).count()
}

/// Waits until `needle` occurs at least `times` times in the broker's log.
pub fn wait_for_log_count(broker: &Mosquitto, needle: &str, times: usize) {
    let deadline = std::time::Instant::now() + READY_LIMIT;
    while log_count(broker, needle) < times {
        assert!(
            std::time::Instant::now() < deadline,
            "{needle:?} not seen {times} times:\n{}",
            broker.log()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
