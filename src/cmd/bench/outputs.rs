//! Which outputs a bench run or merge was asked for: report formats in the
//! order of their flags, each with its destination, and `--hdr-log`.
//!
//! Policy: at most one format may claim standard output (`-`); a second
//! claim is a usage error naming both flags.

use std::path::PathBuf;

use mqtt_bench::export::ExportType;

use crate::cli::bench::{CommonArgs, MergeArgs};
use crate::exit::usage;

/// Where an output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    pub fn parse(text: &str) -> Destination {
        if text == "-" {
            Destination::Stdout
        } else {
            Destination::File(PathBuf::from(text))
        }
    }
}

/// One report format asked for, and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub kind: ExportType,
    pub destination: Destination,
}

/// The outputs asked for: report formats in flag order, and `--hdr-log`,
/// which is written during the run.
#[derive(Clone, Debug, Default)]
pub struct Outputs {
    pub exports: Vec<Export>,
    pub hdr_log: Option<PathBuf>,
}

impl Outputs {
    /// The outputs of a run.
    pub fn for_run(args: &CommonArgs) -> anyhow::Result<Outputs> {
        let requests = [
            (ExportType::Json, &args.json),
            (ExportType::Csv, &args.csv),
            (ExportType::Html, &args.html),
        ];
        Outputs::new(&requests, args.hdr_log.clone())
    }

    /// The outputs of `mqtt bench merge`.
    pub fn for_merge(args: &MergeArgs) -> anyhow::Result<Outputs> {
        let requests = [
            (ExportType::Json, &args.json),
            (ExportType::Csv, &args.csv),
            (ExportType::Html, &args.html),
        ];
        Outputs::new(&requests, None)
    }

    /// The formats whose flag was given, in `requests` order; a second
    /// claim on standard output is a usage error.
    fn new(
        requests: &[(ExportType, &Option<String>)],
        hdr_log: Option<PathBuf>,
    ) -> anyhow::Result<Outputs> {
        let mut outputs = Outputs { exports: Vec::new(), hdr_log };
        for (kind, target) in requests {
            let Some(target) = target else { continue };
            let export = Export { kind: *kind, destination: Destination::parse(target) };
            if export.is_stdout() {
                if let Some(taken) = outputs.stdout_export() {
                    return Err(usage(format!(
                        "--{} - and --{} - both want standard output; send one to a file",
                        taken.kind.name(),
                        kind.name()
                    )));
                }
            }
            outputs.exports.push(export);
        }
        Ok(outputs)
    }

    /// Whether a report format takes standard output (the summary table
    /// then goes to standard error).
    pub fn stdout_taken(&self) -> bool {
        self.stdout_export().is_some()
    }

    fn stdout_export(&self) -> Option<&Export> {
        self.exports.iter().find(|export| export.is_stdout())
    }
}

impl Export {
    pub fn is_stdout(&self) -> bool {
        self.destination == Destination::Stdout
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::{CodedError, Exit};

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn formats_are_listed_once_in_flag_order_when_asked_for() {
        let (json, csv) = (ExportType::Json, ExportType::Csv);
        let outputs = Outputs::new(&[(csv, &some("-")), (json, &some("r.json"))], None).unwrap();
        let file = Destination::File(PathBuf::from("r.json"));
        assert_eq!(
            outputs.exports,
            [
                Export { kind: csv, destination: Destination::Stdout },
                Export { kind: json, destination: file.clone() },
            ]
        );
        assert!(outputs.stdout_taken());
        let outputs = Outputs::new(&[(csv, &None), (json, &some("r.json"))], None).unwrap();
        assert_eq!(outputs.exports, [Export { kind: json, destination: file }]);
        assert!(!outputs.stdout_taken());
    }

    #[test]
    fn standard_output_taken_twice_is_a_usage_error() {
        let (json, csv) = (ExportType::Json, ExportType::Csv);
        for (requests, message) in [
            ([(json, &some("-")), (csv, &some("-"))], "--json - and --csv -"),
            ([(csv, &some("-")), (json, &some("-"))], "--csv - and --json -"),
        ] {
            let err = Outputs::new(&requests, None).unwrap_err();
            let coded = err.downcast_ref::<CodedError>().unwrap();
            assert_eq!(coded.code, Exit::Usage);
            let expected = format!("{message} both want standard output; send one to a file");
            assert_eq!(coded.message, expected);
        }
    }
}
