use std::time::Duration;

use clap::Parser;

use mqtt_client::{ProtocolVersion, QoS, Scheme, Secret};

use super::{plan_with_profile, ConnectPlan, Environment};
use crate::cli::connect::ConnectArgs;
use crate::config::Profile;

#[derive(Parser)]
#[command(disable_help_flag = true)]
struct Wrapper {
    #[command(flatten)]
    connect: ConnectArgs,
}

fn env_with(password: Option<&str>) -> Environment {
    Environment {
        mqtt_password: password.map(str::to_owned),
        prompt: Box::new(|| Ok("typed".to_owned())),
        ..Environment::default()
    }
}

fn plan_of(args: &[&str], profile: &Profile, env: &Environment) -> anyhow::Result<ConnectPlan> {
    let mut full = vec!["mqtt"];
    full.extend_from_slice(args);
    let wrapper = Wrapper::try_parse_from(full)?;
    plan_with_profile(&wrapper.connect, profile, env)
}

fn plan_args(args: &[&str]) -> anyhow::Result<ConnectPlan> {
    plan_of(args, &Profile::default(), &env_with(None))
}

#[test]
fn defaults_are_localhost_1883_v5() {
    let plan = plan_args(&[]).unwrap();
    assert_eq!((plan.broker.scheme, plan.address().as_str()), (Scheme::Mqtt, "localhost:1883"));
    assert_eq!(plan.protocol, ProtocolVersion::V5);
    assert_eq!(plan.keep_alive, Duration::from_secs(60));
    assert!(plan.clean_start);
    assert_eq!(plan.session_expiry, None);
}

#[test]
fn url_gives_scheme_credentials_and_topic() {
    let plan = plan_args(&["-L", "mqtts://al%40ice:p%3Ass@broker.example:8884/a/b"]).unwrap();
    assert_eq!(plan.broker.scheme, Scheme::Mqtts);
    assert_eq!(plan.address(), "broker.example:8884");
    assert_eq!(plan.username.as_deref(), Some("al@ice"));
    assert_eq!(plan.password, Some(Secret::new("p:ss")));
    assert_eq!(plan.url_topic.as_deref(), Some("a/b"));

    let ws = plan_args(&["-L", "wss://[::1]/ws"]).unwrap();
    assert_eq!(ws.address(), "[::1]:443");
    assert_eq!(ws.broker.ws_path, "/ws");
    assert_eq!(ws.url_topic, None);
    let err = plan_args(&["-L", "http://x"]).unwrap_err();
    assert!(err.to_string().starts_with("-L \"http://x\": unsupported scheme"), "{err}");
}

#[test]
fn tls_flags_switch_to_port_8883() {
    let plan = plan_args(&["--tls"]).unwrap();
    assert_eq!((plan.broker.scheme, plan.broker.port), (Scheme::Mqtts, 8883));
    let err = super::plan_with_profile(
        &Wrapper::try_parse_from(["mqtt", "--insecure"]).unwrap().connect,
        &Profile::default(),
        &env_with(None),
    )
    .unwrap_err();
    assert!(err.to_string().contains("need TLS"), "{err}");
    let err = plan_args(&["--cafile", "/nonexistent/ca.pem"]).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
}

#[test]
fn password_sources_in_order() {
    let env = env_with(Some("from-env"));
    let profile = Profile::default();
    let given = plan_of(&["-u", "u", "-P", "flag"], &profile, &env).unwrap();
    assert_eq!(given.password, Some(Secret::new("flag")));
    let prompted = plan_of(&["-u", "u", "-P"], &profile, &env).unwrap();
    assert_eq!(prompted.password, Some(Secret::new("typed")));
    let from_env = plan_of(&["-u", "u"], &profile, &env).unwrap();
    assert_eq!(from_env.password, Some(Secret::new("from-env")));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pw");
    std::fs::write(&file, "secret\nignored\n").unwrap();
    let from_file =
        plan_of(&["-u", "u", "--password-file", file.to_str().unwrap()], &profile, &env).unwrap();
    assert_eq!(from_file.password, Some(Secret::new("secret")));
    assert_eq!(format!("{:?}", from_file.password), "Some((redacted))");
    assert!(!format!("{from_file:?}").contains("secret"));
}

#[test]
fn profile_fills_gaps_and_flags_win() {
    let profile = Profile {
        host: Some("prod.example".into()),
        port: Some(1999),
        username: Some("alice".into()),
        protocol_version: Some("311".into()),
        ..Profile::default()
    };
    let env = env_with(None);
    let plan = plan_of(&[], &profile, &env).unwrap();
    assert_eq!(plan.address(), "prod.example:1999");
    assert_eq!(plan.username.as_deref(), Some("alice"));
    assert_eq!(plan.protocol, ProtocolVersion::V3_1_1);
    let plan = plan_of(&["-h", "other", "-u", "bob", "-V", "5"], &profile, &env).unwrap();
    assert_eq!(plan.address(), "other:1999");
    assert_eq!(plan.username.as_deref(), Some("bob"));
    assert_eq!(plan.protocol, ProtocolVersion::V5);
}

#[test]
fn v5_only_options_are_refused_on_v311() {
    let err = plan_args(&["-V", "311", "-x", "60"]).unwrap_err();
    assert!(err.to_string().contains("need -V 5"), "{err}");
    let err = plan_args(&["-V", "311", "-D", "connect", "receive-maximum", "5"]).unwrap_err();
    assert!(err.to_string().contains("need -V 5"), "{err}");
    assert_eq!(plan_args(&["-c", "-i", "id"]).unwrap().session_expiry, Some(u32::MAX));
    assert_eq!(plan_args(&["-c", "-x", "1h"]).unwrap().session_expiry, Some(3600));
}

#[test]
fn a_kept_session_needs_an_id_or_an_end() {
    for args in [&["-c"][..], &["-c", "-I", "pre-"], &["-c", "-x", "never"], &["-c", "-V", "311"]] {
        let err = plan_args(args).unwrap_err().to_string();
        assert!(err.contains("add -i ID"), "{args:?}: {err}");
    }
    assert!(plan_args(&["-c", "-i", "fixed", "-V", "311"]).is_ok());
    assert!(plan_args(&["-c", "-I", "pre-", "-x", "60"]).is_ok());
    let profile = Profile { client_id: Some("from-profile".into()), ..Profile::default() };
    assert!(plan_of(&["-c"], &profile, &env_with(None)).is_ok());
}

#[test]
fn client_ids_and_will() {
    let plan_prefix = plan_args(&["-I", "tool-"]).unwrap();
    assert_eq!(plan_prefix.client_id, Some(format!("tool-{}", std::process::id())));
    let err = plan_args(&["-V", "31", "-i", "an-identifier-longer-than-23"]).unwrap_err();
    assert!(err.to_string().contains("at most 23"), "{err}");
    let will = plan_args(&[
        "--will-topic",
        "w/t",
        "--will-payload",
        "bye",
        "--will-qos",
        "1",
        "--will-delay",
        "5s",
    ])
    .unwrap()
    .will
    .unwrap();
    assert_eq!(
        (will.topic.as_str(), will.payload.as_slice(), will.qos, will.delay),
        ("w/t", &b"bye"[..], QoS::AtLeastOnce, Some(5))
    );
    assert!(plan_args(&["--will-topic", "w/+"]).unwrap_err().to_string().contains("wildcard"));
}

#[test]
fn urls_in_messages_never_show_the_password() {
    use super::without_password;
    assert_eq!(without_password("mqtt://u:secret@h:99999/t"), "mqtt://u:***@h:99999/t");
    assert_eq!(without_password("mqtts://u@h"), "mqtts://u@h");
    assert_eq!(without_password("ws://h/mqtt?x=a@b"), "ws://h/mqtt?x=a@b");
    assert_eq!(without_password("not a url"), "not a url");
    let err = plan_args(&["-L", "mqtt://u:secret@h:99999/t"]).unwrap_err().to_string();
    assert!(!err.contains("secret") && err.contains("u:***@"), "{err}");
}

#[test]
fn id_prefix_replaces_the_profile_id_so_c_still_needs_i() {
    let profile = Profile { client_id: Some("from-profile".into()), ..Profile::default() };
    let err = plan_of(&["-c", "-I", "pre-"], &profile, &env_with(None)).unwrap_err();
    assert!(err.to_string().contains("add -i ID"), "{err}");
}

#[test]
fn a_password_that_cannot_be_used_is_refused_before_the_prompt() {
    let env = Environment {
        prompt: Box::new(|| panic!("prompted although the plan was going to fail")),
        ..Environment::default()
    };
    let err = plan_of(&["-V", "311", "-P"], &Profile::default(), &env).unwrap_err();
    assert!(err.to_string().contains("needs MQTT 5; add -u USER"), "{err}");
}
