//! Integration tests of the `mqtt` binary: one test binary, one module per
//! subcommand or concern. Every test runs the built binary through
//! [`support::mqtt`], the one `Command` builder with a scrubbed environment.

// `mqtt bench` against a real mosquitto: scenarios, JSON report, --fail-if, shards.
mod bench;
// `mqtt bench --html` and `bench merge --html`: figures equal the JSON's; headless Chromium.
mod bench_html;
// `mqtt bench` at scale: --scenario presets, --metrics-listen.
mod bench_scale;
// `mqtt bench --embedded`: a report with no broker installed.
#[cfg(feature = "serve")]
mod bench_embedded;
// Payload codecs against Python, protoc and Tahu's Sparkplug encoder.
mod codecs;
// `mqtt sub` and `mosquitto_sub` print the same bytes for the same templates.
mod crosscheck;
// deploy/k8s/ and deploy/Containerfile: the manifests' contract, the image's build.
mod deploy;
// Flags over environment over profile, field by field; `mqtt config`.
mod environment;
// The committed man pages and completions match the clap definition (they
// describe the default build, with `serve`).
#[cfg(feature = "serve")]
mod generated;
// Faults of foreign brokers and clients (issue #14): bounded waits, named faults.
mod interop;
// `mqtt inspect`: --decode of every packet, decode errors, the broker report.
mod inspect;
// `mqtt passwd`: files mosquitto reads, mosquitto_passwd interop, safe writes.
mod passwd;
// `mqtt pub` / `mqtt sub` against mosquitto and its own clients.
mod pub_sub;
// `mqtt rr`: request/response against `rr --respond`, mosquitto_rr and stray answers.
mod rr;
// `mqtt serve`: the built binary as a broker for mosquitto's clients.
#[cfg(feature = "serve")]
mod serve;
// Unix sockets, SOCKS5 and HTTP proxies, -A bind address, TLS key log.
mod transports;
// `mqtt watch`: the full-screen view in tmux against mosquitto; --stats text and JSON.
mod watch;
// The scrubbed `mqtt` command, bounded runs, background processes, broker waits.
mod support;
