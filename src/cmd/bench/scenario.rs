//! `--scenario` presets: the topologies of EMQ's Open MQTT Benchmark Suite
//! (emqx/mqttbs, README "Scenarios and use cases"), as defaults under the
//! flags the user gives.
//!
//! Policy: a preset fills only what the command line left out, so every
//! part can be overridden (`--scenario p2p --publishers 100 --subscribers
//! 100`). mqttbs sends 16-byte payloads; ours carry a 32-byte bench header,
//! so presets send 32 bytes. Its MQTT 3.1.1, keep alive 300 and clean
//! session are left to the usual flags (`-V 311 -k 300`).

use mqtt_client::QoS;

use crate::cli::bench::{LoadArgs, ScenarioArg};

/// One preset.
struct Preset {
    publishers: u32,
    subscribers: u32,
    topic: &'static str,
    filter: &'static str,
    shared: Option<&'static str>,
    pub_rate: &'static str,
}

impl ScenarioArg {
    fn preset(self) -> Preset {
        match self {
            ScenarioArg::FanOut => Preset {
                publishers: 5,
                subscribers: 1_000,
                topic: "bench/%i",
                filter: "bench/#",
                shared: None,
                pub_rate: "50",
            },
            ScenarioArg::P2p => Preset {
                publishers: 50_000,
                subscribers: 50_000,
                topic: "bench/%i",
                filter: "bench/%i",
                shared: None,
                pub_rate: "1",
            },
            ScenarioArg::Shared => Preset {
                publishers: 50_000,
                subscribers: 500,
                topic: "bench/%i",
                filter: "bench/#",
                shared: Some("benchmark"),
                pub_rate: "1",
            },
            ScenarioArg::FanIn => Preset {
                publishers: 50_000,
                subscribers: 1,
                topic: "bench/%i",
                filter: "bench/#",
                shared: None,
                pub_rate: "1",
            },
        }
    }

    /// The name `--scenario` takes and the report shows.
    pub fn name(self) -> &'static str {
        match self {
            ScenarioArg::FanOut => "fan-out",
            ScenarioArg::P2p => "p2p",
            ScenarioArg::Shared => "shared",
            ScenarioArg::FanIn => "fan-in",
        }
    }
}

/// `load` with the preset's values wherever the command line gave none.
pub fn apply(load: &LoadArgs) -> LoadArgs {
    let mut load = load.clone();
    let Some(scenario) = load.scenario else { return load };
    let preset = scenario.preset();
    load.publishers.get_or_insert(preset.publishers);
    load.subscribers.get_or_insert(preset.subscribers);
    load.topic.get_or_insert_with(|| preset.topic.to_owned());
    load.filter.get_or_insert_with(|| preset.filter.to_owned());
    if load.shared.is_none() {
        load.shared = preset.shared.map(str::to_owned);
    }
    if load.rate.is_none() && load.pub_rate.is_none() {
        load.pub_rate = Some(preset.pub_rate.to_owned());
    }
    load.qos.get_or_insert(QoS::AtLeastOnce);
    load.size.get_or_insert(32);
    load
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_fills_only_what_was_not_given() {
        let given = LoadArgs {
            scenario: Some(ScenarioArg::FanOut),
            subscribers: Some(3),
            qos: Some(QoS::ExactlyOnce),
            rate: Some("10".into()),
            ..LoadArgs::default()
        };
        let load = apply(&given);
        assert_eq!(load.publishers, Some(5));
        assert_eq!(load.subscribers, Some(3), "given");
        assert_eq!(load.filter.as_deref(), Some("bench/#"));
        assert_eq!(load.qos, Some(QoS::ExactlyOnce), "given");
        assert_eq!(load.pub_rate, None, "--rate given: the preset's rate is not added");
        assert_eq!(load.size, Some(32));
        let shared =
            apply(&LoadArgs { scenario: Some(ScenarioArg::Shared), ..LoadArgs::default() });
        assert_eq!(shared.shared.as_deref(), Some("benchmark"));
        assert_eq!((shared.publishers, shared.subscribers), (Some(50_000), Some(500)));
    }

    #[test]
    fn without_a_preset_nothing_changes() {
        let load = apply(&LoadArgs::default());
        assert_eq!(load.publishers, None);
        assert_eq!(load.qos, None);
    }
}
