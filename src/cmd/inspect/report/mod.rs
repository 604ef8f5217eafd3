//! The broker report: `mqtt inspect [connection options]`.
//!
//! | module | owns |
//! |---|---|
//! | `probe` | a wire-level connection (transport + codec) with deadlines |
//! | `context` | the shared [`context::Ctx`]: topic prefix, version, cleanup |
//! | `check` | the check table and the result model |
//! | `identity` | reach, TLS and certificates, protocol versions, `$SYS` |
//! | `messaging` | QoS round trips, retain, wildcards, shared, overlap |
//! | `session` | will, will delay, persistent sessions, message expiry |
//! | `features` | topic alias, no-local, retain options, Receive Maximum |
//! | `limits` | payload, topic and client id size searches |
//! | `output` | the text table and the JSON document |
//!
//! Policy: checks run one after another (they would disturb each other's
//! measurements otherwise), each bounded in time; test topics live under a
//! unique prefix and are cleaned up at the end, whatever happened.

mod check;
mod context;
mod features;
mod identity;
mod limits;
mod messaging;
mod output;
mod probe;
mod session;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use mqtt_client::Connector;
use mqtt_proto::{ConnectReasonCode, ProtocolVersion};
use tokio::time::Instant;

use crate::cli::connect::ConnectArgs;
use crate::cli::InspectArgs;
use crate::connect::open::{options, Tuning};
use crate::connect::{plan, without_password, ConnectPlan, Environment};
use crate::exit::{coded, usage, Exit};

use self::check::{needs_v5, title, Check, CheckResult, Status};
use self::context::{random_tag, Ctx};
use self::identity::Reach;
use self::limits::Limit;
use self::probe::{Probe, ProbeError, Target};

/// Runs the report.
pub fn run(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    if args.list_checks && args.json {
        let list: Vec<serde_json::Value> = Check::all()
            .iter()
            .map(|&check| {
                serde_json::json!({ "id": check.id(), "title": title(check), "mqtt5_only": needs_v5(check) })
            })
            .collect();
        writeln!(std::io::stdout().lock(), "{}", serde_json::Value::from(list))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.list_checks {
        let mut stdout = std::io::stdout().lock();
        for &check in Check::all() {
            let note = if needs_v5(check) { "  (MQTT 5)" } else { "" };
            writeln!(stdout, "{:<20} {}{note}", check.id(), title(check))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Err(err) = refuse_ignored_options(&args.connect) {
        if args.json {
            print_error_document(args, &err)?;
        }
        return Err(err);
    }
    let runtime = crate::runtime::one_thread()?;
    runtime.block_on(report(args))
}

/// The report opens its own connections with its own client ids, sessions
/// and wills, so these options would silently do nothing.
fn refuse_ignored_options(connect: &ConnectArgs) -> anyhow::Result<()> {
    let given = [
        (connect.client_id.is_some(), "-i"),
        (connect.id_prefix.is_some(), "-I"),
        (connect.no_clean, "-c"),
        (connect.session_expiry.is_some(), "-x"),
        (!connect.property.is_empty(), "-D"),
        (connect.will.will_topic.is_some(), "--will-topic"),
        (connect.will.will_payload.is_some(), "--will-payload"),
        (connect.will.will_qos.is_some(), "--will-qos"),
        (connect.will.will_retain, "--will-retain"),
        (connect.will.will_delay.is_some(), "--will-delay"),
        // Every wait of the report is bounded by --timeout instead.
        (connect.ack_timeout.is_some(), "--ack-timeout (use --timeout)"),
    ];
    let ignored: Vec<&str> = given.iter().filter(|(set, _)| *set).map(|(_, flag)| *flag).collect();
    if ignored.is_empty() {
        return Ok(());
    }
    Err(usage(format!(
        "{} cannot be used with mqtt inspect: the report opens its own connections, \
         with their own client ids, sessions, wills and timeouts",
        ignored.join(", ")
    )))
}

/// With `--json`, a run that ends in an error before the report still
/// prints a document, so a CI step that reads stdout always gets one.
fn print_error_document(args: &InspectArgs, err: &anyhow::Error) -> anyhow::Result<()> {
    let code = crate::exit::code_number(err);
    let document = serde_json::json!({
        "broker": args.connect.url.as_deref().map(without_password).or(args.connect.host.clone()),
        "error": { "message": format!("{err:#}"), "exit_code": code },
    });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{document}")?;
    stdout.flush()?;
    Ok(())
}

/// The broker reached: the plan, the probe target and the first connection.
struct Reached {
    plan: ConnectPlan,
    target: Target,
    tag: String,
    main: Probe,
}

/// Plans and opens the first connection; with `--json`, a failure here
/// prints a JSON document with the error, so a CI step always gets one.
async fn reach(args: &InspectArgs) -> anyhow::Result<Reached> {
    let reached = try_reach(args).await;
    if let (true, Err(err)) = (args.json, &reached) {
        print_error_document(args, err)?;
    }
    reached
}

async fn try_reach(args: &InspectArgs) -> anyhow::Result<Reached> {
    let plan = plan(&args.connect, &Environment::process())?;
    let client_options = options(&plan, &Tuning { max_inflight: Some(16), ..Tuning::default() })?;
    let connector = Connector::new(&client_options.transport)
        .map_err(|err| coded(Exit::Usage, format!("preparing the connection: {err}")))?;
    let tag = random_tag();
    let mut target = Target::new(connector, format!("mi{tag}"), args.timeout);
    target.username = client_options.username.clone();
    target.password = client_options.password.clone();
    target.trace = plan.debug;

    let asked = args.connect.protocol_version.map(ProtocolVersion::from);
    let main =
        open_main(&target, asked).await.map_err(|err| connect_failure(&plan.address(), err))?;
    Ok(Reached { plan, target, tag, main })
}

async fn report(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    let Reached { plan, target, tag, main } = reach(args).await?;
    let reach = Reach::of(&main, &target);
    let mut ctx =
        Ctx::new(&target, main.version, format!("mqtt-inspect/{tag}"), main.connack.clone());
    ctx.max_payload_probe = args.max_payload_probe;
    ctx.exceed_limits = args.exceed_announced_limits;
    main.disconnect().await;

    let mut results = Vec::new();
    let chosen: Vec<Check> =
        Check::all().iter().copied().filter(|&check| selected(args, check)).collect();
    // A full report takes seconds: say what is running, on a terminal only.
    let progress = std::io::stderr().is_terminal() && !plan.quiet && !plan.debug;
    for (index, &check) in chosen.iter().enumerate() {
        if progress {
            diag_partial!("\r\x1b[2Kmqtt inspect: {} ({}/{})", check.id(), index + 1, chosen.len());
        }
        results.push(run_check(&ctx, check, args.timeout).await);
    }
    if progress {
        diag_partial!("\r\x1b[2K");
    }
    let cleanup = ctx.clean_up().await;

    let missing: Vec<&CheckResult> = args
        .require
        .iter()
        .filter_map(|required| results.iter().find(|result| result.id == required.id()))
        .filter(|result| result.status != Status::Yes)
        .collect();
    let document = output::Report {
        reach: &reach,
        ctx: &ctx,
        results: &results,
        cleanup: &cleanup,
        required: &args.require,
        missing: &missing,
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        writeln!(stdout, "{}", document.to_json())?;
    } else {
        stdout.write_all(document.to_text().as_bytes())?;
    }
    stdout.flush()?;
    for problem in &cleanup {
        diag!("mqtt: warning: could not clean up {problem}");
    }
    if missing.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let list: Vec<String> = missing
        .iter()
        .map(|result| format!("{} ({}: {})", result.id, result.status.word(), result.summary))
        .collect();
    Err(coded(Exit::ChecksFailed, format!("required checks did not pass: {}", list.join("; "))))
}

/// Whether a check runs: `--require` always, else `--only` (or all)
/// minus `--skip`.
fn selected(args: &InspectArgs, check: Check) -> bool {
    if args.require.contains(&check) {
        return true;
    }
    let chosen = args.only.is_empty() || args.only.contains(&check);
    let probe_left_out = args.no_size_probes && check.probes_limits();
    chosen && !args.skip.contains(&check) && !probe_left_out
}

/// The first connection: the version asked for, or the newest the broker
/// accepts.
async fn open_main(target: &Target, asked: Option<ProtocolVersion>) -> Result<Probe, ProbeError> {
    let versions = match asked {
        Some(version) => vec![version],
        None => vec![ProtocolVersion::V5, ProtocolVersion::V3_1_1, ProtocolVersion::V3_1],
    };
    let mut last = None;
    for version in versions {
        match target.open(version).await {
            Ok(probe) => return Ok(probe),
            Err(
                err @ ProbeError::Refused {
                    reason: ConnectReasonCode::UnsupportedProtocolVersion,
                    ..
                },
            ) => last = Some(err),
            Err(err) => return Err(err),
        }
    }
    Err(last.unwrap_or(ProbeError::Timeout("CONNACK")))
}

fn connect_failure(address: &str, err: ProbeError) -> anyhow::Error {
    let exit = match &err {
        ProbeError::Refused { reason, .. } if matches!(reason.code(), 0x86 | 0x87 | 0x8C) => {
            Exit::NotAuthorized
        }
        ProbeError::Refused { .. } | ProbeError::Closed(_) => Exit::Refused,
        _ => Exit::Unreachable,
    };
    coded(exit, format!("connecting to {address}: {err}"))
}

/// How long one check may take.
fn bound(check: Check, timeout: Duration) -> Duration {
    let factor = if check.probes_limits() { 12 } else { 6 };
    timeout * factor + Duration::from_secs(3)
}

async fn run_check(ctx: &Ctx<'_>, check: Check, timeout: Duration) -> CheckResult {
    let started = Instant::now();
    let mut result = if needs_v5(check) && !ctx.v5() {
        CheckResult::skipped(format!(
            "needs MQTT 5; the report speaks MQTT {}",
            ctx.version.number()
        ))
    } else {
        let limit = bound(check, timeout);
        match tokio::time::timeout(limit, dispatch(ctx, check)).await {
            Ok(Ok(result)) => result,
            Ok(Err(err)) => CheckResult::error(err.to_string()),
            Err(_) => CheckResult::error(format!("did not finish within {}", check::human(limit))),
        }
    };
    result.id = check.id();
    result.title = title(check);
    result.elapsed = started.elapsed();
    result
}

async fn dispatch(ctx: &Ctx<'_>, check: Check) -> Result<CheckResult, ProbeError> {
    match check {
        Check::Mqtt31 => identity::protocol(ctx.target, ProtocolVersion::V3_1).await,
        Check::Mqtt311 => identity::protocol(ctx.target, ProtocolVersion::V3_1_1).await,
        Check::Mqtt5 => identity::protocol(ctx.target, ProtocolVersion::V5).await,
        Check::Sys => identity::sys(ctx).await,
        Check::Qos0 => messaging::qos(ctx, 0).await,
        Check::Qos1 => messaging::qos(ctx, 1).await,
        Check::Qos2 => messaging::qos(ctx, 2).await,
        Check::Retain => messaging::retain(ctx).await,
        Check::Wildcards => messaging::wildcards(ctx).await,
        Check::Shared => messaging::shared(ctx).await,
        Check::Overlap => messaging::overlap(ctx).await,
        Check::Will => session::will(ctx).await,
        Check::WillDelay => session::will_delay(ctx).await,
        Check::Session => session::session(ctx).await,
        Check::Expiry => session::expiry(ctx).await,
        Check::TopicAlias => features::topic_alias(ctx).await,
        Check::NoLocal => features::no_local(ctx).await,
        Check::RetainAsPublished => features::retain_as_published(ctx).await,
        Check::RetainHandling => features::retain_handling(ctx).await,
        Check::ReceiveMaximum => features::receive_maximum(ctx).await,
        Check::MaxPayload => limits::limit(ctx, Limit::Payload).await,
        Check::MaxTopic => limits::limit(ctx, Limit::Topic).await,
        Check::MaxClientId => limits::limit(ctx, Limit::ClientId).await,
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn inspect_args(line: &[&str]) -> InspectArgs {
        match Cli::try_parse_from(line).unwrap().command {
            Command::Inspect(args) => args,
            other => panic!("parsed {other:?}"),
        }
    }

    #[test]
    fn require_runs_checks_that_only_and_skip_leave_out() {
        let args = inspect_args(&[
            "mqtt",
            "inspect",
            "--only",
            "qos0,qos1",
            "--skip",
            "qos1,retain",
            "--require",
            "retain",
        ]);
        assert!(selected(&args, Check::Qos0));
        assert!(!selected(&args, Check::Qos1), "--skip wins over --only");
        assert!(selected(&args, Check::Retain), "--require wins over --skip");
        assert!(!selected(&args, Check::Qos2));
        let all = inspect_args(&["mqtt", "inspect"]);
        assert!(Check::all().iter().all(|&check| selected(&all, check)));
    }

    #[test]
    fn size_searches_get_a_longer_bound() {
        let timeout = Duration::from_secs(5);
        for search in [Check::MaxPayload, Check::MaxTopic, Check::MaxClientId] {
            assert!(bound(search, timeout) > bound(Check::Qos1, timeout));
        }
        assert!(bound(Check::Qos1, timeout) > timeout);
    }
}
