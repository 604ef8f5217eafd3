//! The Kubernetes example (deploy/k8s/) and the image it runs
//! (deploy/Containerfile), checked without a cluster: the manifests parsed
//! as YAML, the Containerfile's build against the release build that
//! docs/bench.md documents and the binary that build produces.

use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

const INDEXED_JOB: &str = "deploy/k8s/bench-indexed-job.yaml";
const MERGE_JOB: &str = "deploy/k8s/bench-merge-job.yaml";
const POD_MONITOR: &str = "deploy/k8s/bench-podmonitor.yaml";
const CONTAINERFILE: &str = "deploy/Containerfile";
const DOCS: &str = "docs/bench.md";

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|err| panic!("{}: {err}", full.display()))
}

/// The document of `kind` in the YAML file `path`.
fn manifest(path: &str, kind: &str) -> Yaml {
    let documents =
        YamlLoader::load_from_str(&read(path)).unwrap_or_else(|err| panic!("{path}: {err}"));
    documents
        .into_iter()
        .find(|document| document["kind"].as_str() == Some(kind))
        .unwrap_or_else(|| panic!("{path} has no {kind}"))
}

fn strings(list: &Yaml) -> Vec<String> {
    list.as_vec()
        .unwrap_or_else(|| panic!("not a list: {list:?}"))
        .iter()
        .map(|item| item.as_str().expect("a string").to_owned())
        .collect()
}

fn bench_container(job: &Yaml) -> &Yaml {
    &job["spec"]["template"]["spec"]["containers"][0]
}

/// The value of `--name=VALUE` in `args`.
fn flag<'a>(args: &'a [String], name: &str) -> &'a str {
    let prefix = format!("--{name}=");
    args.iter()
        .find_map(|arg| arg.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} in {args:?}"))
}

/// The line of a docs code block that starts with `start`, comment removed.
fn documented(start: &str) -> String {
    let docs = read(DOCS);
    let line = docs
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("{DOCS} has no line starting with `{start}`"));
    line.split(" #").next().unwrap().trim().to_owned()
}

/// The image docs/bench.md tells users to build (`… -t IMAGE .`).
fn documented_image() -> String {
    let build = documented("podman build -f deploy/Containerfile");
    let words: Vec<&str> = build.split_whitespace().collect();
    let at = words.iter().position(|word| *word == "-t").expect("the build names its image");
    words[at + 1].to_owned()
}

#[test]
fn indexed_job_gives_each_completion_index_its_shard() {
    let job = manifest(INDEXED_JOB, "Job");
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"].as_str(), Some("Indexed"));
    let shards = spec["completions"].as_i64().expect("completions");
    assert!(shards >= 2, "a sharded run");
    assert_eq!(spec["parallelism"].as_i64(), Some(shards), "every shard runs at once");
    assert_eq!(spec["backoffLimit"].as_i64(), Some(0), "a retried shard would start late");
    let container = bench_container(&job);
    let args = strings(&container["args"]);
    assert_eq!(args[0], "bench");
    assert_eq!(flag(&args, "shard"), format!("$(JOB_COMPLETION_INDEX)/{shards}"));
    // Kubernetes defines JOB_COMPLETION_INDEX in each pod; an `env` entry
    // of that name would replace it, and any other $(NAME) must be defined.
    let defined: Vec<String> = container["env"]
        .as_vec()
        .map(|env| env.iter().map(|entry| entry["name"].as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    assert!(!defined.iter().any(|name| name == "JOB_COMPLETION_INDEX"));
    for arg in &args {
        for reference in arg.split("$(").skip(1) {
            let name = reference.split(')').next().unwrap();
            assert!(
                name == "JOB_COMPLETION_INDEX" || defined.iter().any(|d| d == name),
                "$({name}) in {arg}"
            );
        }
    }
    for output in ["json", "hdr-log", "html"] {
        assert!(
            flag(&args, output).contains("$(JOB_COMPLETION_INDEX)"),
            "one --{output} per shard"
        );
    }
    assert!(!flag(&args, "start-at").is_empty(), "shards start together");
}

#[test]
fn the_metrics_port_is_declared_named_and_scraped() {
    let job = manifest(INDEXED_JOB, "Job");
    let container = bench_container(&job);
    let args = strings(&container["args"]);
    let listen = flag(&args, "metrics-listen");
    let port: i64 = listen.rsplit_once(':').expect("ADDR:PORT").1.parse().unwrap();
    assert!(listen.starts_with("0.0.0.0:"), "reachable from outside the pod: {listen}");
    let ports = container["ports"].as_vec().expect("the container declares ports");
    let declared = ports
        .iter()
        .find(|entry| entry["containerPort"].as_i64() == Some(port))
        .unwrap_or_else(|| panic!("port {port} is not declared"));
    let name = declared["name"].as_str().expect("the metrics port has a name");

    let monitor = manifest(POD_MONITOR, "PodMonitor");
    let endpoint = &monitor["spec"]["podMetricsEndpoints"][0];
    assert_eq!(endpoint["port"].as_str(), Some(name), "the PodMonitor scrapes that port");
    let labels = &job["spec"]["template"]["metadata"]["labels"];
    let selector = monitor["spec"]["selector"]["matchLabels"].as_hash().expect("matchLabels");
    for (key, value) in selector {
        assert_eq!(&labels[key.as_str().unwrap()], value, "the selector matches the shard pods");
    }
    let relabel = &endpoint["relabelings"][0];
    assert_eq!(
        strings(&relabel["sourceLabels"]),
        ["__meta_kubernetes_pod_label_batch_kubernetes_io_job_completion_index"]
    );
    assert!(relabel["targetLabel"].as_str().unwrap().starts_with("shard"));
}

#[test]
fn both_jobs_run_the_image_the_docs_build_as_its_user() {
    let image = documented_image();
    let user = containerfile_user();
    for (path, job) in
        [(INDEXED_JOB, manifest(INDEXED_JOB, "Job")), (MERGE_JOB, manifest(MERGE_JOB, "Job"))]
    {
        let pod = &job["spec"]["template"]["spec"];
        for container in pod["containers"].as_vec().unwrap() {
            assert_eq!(container["image"].as_str(), Some(image.as_str()), "{path}");
        }
        assert_eq!(pod["securityContext"]["runAsUser"].as_i64(), Some(user), "{path}");
        assert_eq!(pod["securityContext"]["runAsNonRoot"].as_bool(), Some(true), "{path}");
    }
    // The merge reads what the shards wrote.
    let shards = manifest(INDEXED_JOB, "Job");
    let written = flag(&strings(&bench_container(&shards)["args"]), "json")
        .replace("$(JOB_COMPLETION_INDEX)", "*");
    let merge = manifest(MERGE_JOB, "Job");
    let script = strings(&bench_container(&merge)["args"]).join(" ");
    assert!(script.starts_with(&format!("mqtt bench merge {written} ")), "{script}");
}

/// Containerfile instructions, continuation lines joined, comments dropped.
fn instructions() -> Vec<(String, String)> {
    let text = read(CONTAINERFILE);
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in
        text.lines().map(str::trim).filter(|line| !line.starts_with('#') && !line.is_empty())
    {
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                joined.push(std::mem::take(&mut current));
            }
        }
    }
    joined
        .into_iter()
        .map(|line| {
            let (keyword, rest) = line.split_once(' ').expect("KEYWORD arguments");
            (keyword.to_uppercase(), rest.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect()
}

fn containerfile_user() -> i64 {
    let (_, user) =
        instructions().into_iter().rfind(|(keyword, _)| keyword == "USER").expect("a USER");
    user.split(':').next().unwrap().parse().expect("a numeric uid, so runAsNonRoot can check it")
}

#[test]
fn containerfile_runs_the_documented_release_build_and_ships_its_binary() {
    let steps = instructions();
    let stages: Vec<usize> =
        steps.iter().enumerate().filter(|(_, (k, _))| k == "FROM").map(|(i, _)| i).collect();
    assert_eq!(stages.len(), 2, "a builder stage and a runtime stage");
    let (builder, runtime) = (&steps[stages[0]..stages[1]], &steps[stages[1]..]);
    let find = |stage: &[(String, String)], keyword: &str| -> Vec<String> {
        stage.iter().filter(|(k, _)| k == keyword).map(|(_, rest)| rest.clone()).collect()
    };

    // The builder's Rust is at least the workspace's rust-version.
    let from = &builder[0].1;
    assert!(from.ends_with(" AS builder"), "{from}");
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).unwrap();
    let rust_version = manifest["workspace"]["package"]["rust-version"].as_str().unwrap();
    assert!(
        from.contains(&format!("/rust:{rust_version}-")),
        "{from} vs rust-version {rust_version}"
    );

    // The build step is the documented release build, nothing else.
    let release_build = documented("cargo build --release");
    assert_eq!(release_build, "cargo build --release --locked");
    assert_eq!(find(builder, "RUN"), [release_build]);

    // What it copies is where that build puts the `mqtt` binary: the
    // binary the tests run lives in the same layout, under `debug`.
    let workdir = find(builder, "WORKDIR").pop().expect("WORKDIR");
    let bins = manifest["bin"].as_array().unwrap();
    let name = bins[0]["name"].as_str().unwrap();
    let tested = PathBuf::from(env!("CARGO_BIN_EXE_mqtt"));
    assert_eq!(tested.file_name().unwrap(), name);
    assert_eq!(tested.parent().unwrap().file_name().unwrap(), "debug");
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR")).join(".cargo/config.toml").exists(),
        "no target-dir override"
    );
    let copy = find(runtime, "COPY");
    let expected = format!("--from=builder {workdir}/target/release/{name} /usr/local/bin/{name}");
    assert!(copy.contains(&expected), "{copy:?} should contain {expected}");

    // A small runtime image, a non-root user, the binary as entrypoint.
    assert_eq!(runtime[0].1, "docker.io/library/debian:bookworm-slim");
    assert_ne!(containerfile_user(), 0);
    assert_eq!(find(runtime, "ENTRYPOINT"), [format!("[\"{name}\"]")]);
    let ignored = read(".dockerignore");
    assert!(
        ignored.lines().any(|line| line.trim() == "target"),
        "the build context leaves target/ out"
    );
}
