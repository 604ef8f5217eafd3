//! `mqtt rr --respond -t FILTER -- CMD ARGS…`: answer each request by
//! running CMD with the payload on stdin and publishing its stdout to the
//! request's Response Topic with the same Correlation Data.
//!
//! Policy:
//! * At most `--concurrency` CMDs run at once; further requests wait their
//!   turn (the broker's flow control holds the rest).
//! * A CMD that exits non-zero (or is killed) still answers, with what it
//!   printed and the user property `exit-status=CODE` (`signal=N`), so the
//!   requester never waits for a response that will not come. Its stderr
//!   goes to ours. A CMD that cannot be started at all ends the responder
//!   (exit 2): every request would fail the same way.
//! * A request with no Response Topic (MQTT 3.1.1) is answered on `-e`, or
//!   skipped with a note on stderr when there is none. A message on the
//!   very topic it would be answered on is not a request (it is an answer
//!   that the filter also matches), so a responder never answers itself.
//! * The responder reconnects by itself and subscribes again when the
//!   session was lost; `-C N` ends it after N answers, `-W` after a time
//!   (both exit 0), Ctrl-C with 130.

use std::ffi::OsString;
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use mqtt_client::{
    Client, Event, Message, MqttString, OutgoingPublish, PublishProperties, SubscribeProperties,
    SubscriptionOptions, Topic,
};
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::{sleep_until, Instant};

use crate::cmd::rr::plan::RespondPlan;
use crate::connect::open::{self, Interrupt, Tuning};
use crate::connect::ConnectPlan;
use crate::exit::{coded, Exit};

/// Runs the responder.
pub async fn run(connect: ConnectPlan, plan: RespondPlan) -> anyhow::Result<ExitCode> {
    let tuning = Tuning { reconnect: true, ..Tuning::default() };
    let options = open::options(&connect, &tuning)?;
    let mut interrupt = Interrupt::listen()?;
    let deadline = plan.timeout.map(|timeout| Instant::now() + timeout);
    let Some((client, mut events)) = open::connect(&connect, options, &mut interrupt).await? else {
        return Ok(Exit::Interrupted.into());
    };
    let subscription = || vec![(plan.filter.clone(), SubscriptionOptions::new(plan.qos))];
    open::subscribe(&client, subscription(), SubscribeProperties::default()).await?;
    if !connect.quiet {
        diag!("mqtt: answering requests on {} (Ctrl-C to stop)", plan.filter.as_str());
    }
    let command = Arc::new(plan.command.clone());
    let slots = Arc::new(Semaphore::new(plan.concurrency));
    let mut running = JoinSet::new();
    let mut taken: u64 = 0;
    let mut batch = Vec::with_capacity(64);
    let limit_reached = |taken: u64| plan.count.is_some_and(|count| taken >= count);
    let end: anyhow::Result<ExitCode> = loop {
        if limit_reached(taken) && running.is_empty() {
            break Ok(ExitCode::SUCCESS);
        }
        tokio::select! {
            biased;
            _ = interrupt.wait() => break Ok(Exit::Interrupted.into()),
            _ = sleep_until(deadline.unwrap_or_else(far)), if deadline.is_some() => break Ok(ExitCode::SUCCESS),
            done = running.join_next(), if !running.is_empty() => {
                match done {
                    Some(Ok(Ok(()))) | None => {}
                    Some(Ok(Err(error))) => break Err(error),
                    Some(Err(panic)) => break Err(anyhow::anyhow!("an answer task failed: {panic}")),
                }
            }
            count = events.recv_many(&mut batch, 64), if !limit_reached(taken) => {
                if count == 0 {
                    break Err(coded(Exit::ConnectionLost, "the connection ended"));
                }
                for event in batch.drain(..) {
                    match event {
                        Event::Message(message) if !limit_reached(taken) => {
                            let Some(answer_to) = answer_topic(&message, &plan) else {
                                if !connect.quiet {
                                    diag!("mqtt: a request on {} has no Response Topic and there is no -e; not answered", message.topic.as_str());
                                }
                                continue;
                            };
                            // An answer arriving on our own filter is not a request.
                            if answer_to == message.topic {
                                continue;
                            }
                            taken += 1;
                            let permit = slots.clone().acquire_owned().await.context("waiting for a free slot")?;
                            let job = Job { client: client.clone(), command: command.clone(), qos: plan.qos };
                            running.spawn(async move {
                                let answered = job.answer(message, answer_to).await;
                                drop(permit);
                                answered
                            });
                        }
                        Event::Message(_) => {}
                        Event::Disconnected { reason } => {
                            if !connect.quiet {
                                diag!("mqtt: connection lost ({reason}); reconnecting");
                            }
                        }
                        Event::Reconnected { session_present, .. } => {
                            if !session_present {
                                open::subscribe(&client, subscription(), SubscribeProperties::default()).await?;
                            }
                        }
                    }
                }
            }
        }
    };
    running.abort_all();
    open::disconnect(&client, &connect).await;
    end
}

/// The request's Response Topic, else `-e`.
fn answer_topic(message: &Message, plan: &RespondPlan) -> Option<Topic> {
    message.properties.response_topic().cloned().or_else(|| plan.fallback_topic.clone())
}

/// What one answer needs.
struct Job {
    client: Client,
    command: Arc<Vec<OsString>>,
    qos: mqtt_client::QoS,
}

impl Job {
    /// Runs the command for `request` and publishes its output to `topic`.
    async fn answer(self, request: Message, topic: Topic) -> anyhow::Result<()> {
        let (output, status) = self.run(&request).await?;
        let mut properties = PublishProperties::default();
        if let Some(data) = request.properties.correlation_data() {
            properties.set_correlation_data(data.clone());
        }
        if let Some(failure) = failure(status) {
            let (name, value) = failure;
            properties.push_user_property(mqtt_string(name)?, mqtt_string(&value)?);
        }
        let answer =
            OutgoingPublish { topic, payload: output, qos: self.qos, retain: false, properties };
        let handle = self.client.publish(answer).await.context("publishing an answer")?;
        let outcome = handle.await.context("publishing an answer")?;
        if !outcome.is_success() {
            diag!(
                "mqtt: the broker rejected an answer: {}",
                open::describe(outcome.reason_name, outcome.reason_code, None)
            );
        }
        Ok(())
    }

    /// CMD's stdout and exit status, the request's payload on its stdin.
    async fn run(&self, request: &Message) -> anyhow::Result<(Bytes, std::process::ExitStatus)> {
        let (program, arguments) = self.command.split_first().context("no command")?;
        let mut child = tokio::process::Command::new(program)
            .args(arguments)
            .envs(environment(request))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|err| {
                coded(
                    Exit::Usage,
                    format!("--respond: cannot run {}: {err}", program.to_string_lossy()),
                )
            })?;
        let mut stdin = child.stdin.take().context("the command's stdin")?;
        let payload = request.payload.clone();
        // Written beside the read, so a large payload and a large answer
        // cannot block each other in the pipes.
        let writer = tokio::spawn(async move {
            let _ = stdin.write_all(&payload).await;
        });
        let output = child.wait_with_output().await.context("running the command")?;
        let _ = writer.await;
        Ok((Bytes::from(output.stdout), output.status))
    }
}

/// The variables CMD sees for `request`.
fn environment(request: &Message) -> Vec<(&'static str, String)> {
    let mut variables = vec![("MQTT_TOPIC", request.topic.as_str().to_owned())];
    if let Some(topic) = request.properties.response_topic() {
        variables.push(("MQTT_RESPONSE_TOPIC", topic.as_str().to_owned()));
    }
    if let Some(data) = request.properties.correlation_data() {
        let hex: String = data.iter().map(|byte| format!("{byte:02x}")).collect();
        variables.push(("MQTT_CORRELATION_DATA_HEX", hex));
        if let Ok(text) = std::str::from_utf8(data) {
            if !text.contains('\0') {
                variables.push(("MQTT_CORRELATION_DATA", text.to_owned()));
            }
        }
    }
    let pairs: Vec<[&str; 2]> = request
        .properties
        .user_properties()
        .map(|(name, value)| [name.as_str(), value.as_str()])
        .collect();
    variables.push(("MQTT_USER_PROPERTIES", serde_json::to_string(&pairs).unwrap_or_default()));
    variables
}

/// The user property that marks a failed CMD, or `None` when it succeeded.
fn failure(status: std::process::ExitStatus) -> Option<(&'static str, String)> {
    if status.success() {
        return None;
    }
    if let Some(code) = status.code() {
        return Some(("exit-status", code.to_string()));
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return Some(("signal", signal.to_string()));
    }
    Some(("exit-status", "unknown".to_owned()))
}

fn mqtt_string(text: &str) -> anyhow::Result<MqttString> {
    MqttString::try_from(text).map_err(|err| anyhow::anyhow!("{text:?}: {err}"))
}

/// A deadline that never comes (for disabled timers).
fn far() -> Instant {
    Instant::now() + Duration::from_secs(86_400 * 365)
}
