//! `--decode` and `--encode` values turned into codecs before any I/O: the
//! names are checked, the filters validated and the schemas compiled, so a
//! typo or a broken .proto is a usage error (exit 2) before connecting.
//!
//! A value is `CODEC` or, for `--decode`, `FILTER=CODEC` (split at the last
//! `=`, since topics may contain one); `CODEC` is a name (`msgpack`,
//! `sparkplug`, `auto`, …), `protobuf[:FILE[:TYPE]]`, where a missing
//! FILE or TYPE comes from `--proto`/`--descriptor-set` and `--proto-type`,
//! or `avro[:FILE]`, where a missing FILE comes from `--avro-schema`.

use std::path::PathBuf;

use mqtt_codec::protobuf::Schema;
use mqtt_codec::{AvroType, Codec, Rule};

use crate::args::topics::topic_filter;
use crate::cli::codec::SchemaArgs;
use crate::exit::usage;

/// The rules of every `--decode`: per-filter ones in the order given, then
/// the one without a filter (only one may lack a filter).
pub fn decode_rules(values: &[String], schema: &SchemaArgs) -> anyhow::Result<Vec<Rule>> {
    let mut rules = Vec::new();
    let mut fallback: Option<Rule> = None;
    for value in values {
        let fail = |err: String| usage(format!("--decode {value:?}: {err}"));
        let (filter, spec) = match value.rsplit_once('=') {
            Some((filter, spec)) => (Some(topic_filter(filter, "--decode")?), spec),
            None => (None, value.as_str()),
        };
        let codec = codec(spec, schema).map_err(fail)?;
        match filter {
            Some(filter) => rules.push(Rule { filter: Some(filter.as_str().to_owned()), codec }),
            None if fallback.is_some() => {
                return Err(fail("a second codec for all topics; give FILTER=CODEC".into()))
            }
            None => fallback = Some(Rule { filter: None, codec }),
        }
    }
    rules.extend(fallback);
    Ok(rules)
}

/// The codec of `--encode`; `single_object` is `--avro-single-object`.
pub fn encode_codec(
    value: &str,
    schema: &SchemaArgs,
    single_object: bool,
) -> anyhow::Result<Codec> {
    let codec = codec(value, schema).map_err(|err| usage(format!("--encode {value:?}: {err}")))?;
    match codec {
        Codec::Auto => Err(usage("--encode auto: auto only decodes; name the codec")),
        Codec::Avro(mut avro) => {
            avro.single_object = single_object;
            Ok(Codec::Avro(avro))
        }
        _ if single_object => Err(usage("--avro-single-object needs --encode avro")),
        other => Ok(other),
    }
}

fn codec(spec: &str, schema: &SchemaArgs) -> Result<Codec, String> {
    if let Some(rest) = spec.strip_prefix("avro") {
        return avro(rest, schema);
    }
    let Some(rest) = spec.strip_prefix("protobuf") else {
        return Codec::parse(spec).map_err(|err| err.to_string());
    };
    let (file, message) = match rest.strip_prefix(':') {
        None if rest.is_empty() => (None, None),
        None => return Codec::parse(spec).map_err(|err| err.to_string()),
        Some(rest) => match rest.rsplit_once(':') {
            Some((file, message)) => (Some(file), Some(message)),
            None => (Some(rest), None),
        },
    };
    let message = message.or(schema.proto_type.as_deref());
    let compiled = match (file, &schema.descriptor_set) {
        (Some(file), _) => Schema::compile(&[PathBuf::from(file)], &schema.proto_path),
        (None, Some(set)) => {
            let bytes = std::fs::read(set)
                .map_err(|err| format!("--descriptor-set {}: {err}", set.display()))?;
            Schema::from_descriptor_set(&bytes)
        }
        (None, None) if !schema.proto.is_empty() => {
            Schema::compile(&schema.proto, &schema.proto_path)
        }
        (None, None) => return Err(
            "protobuf needs a schema: protobuf:FILE:TYPE, --proto FILE or --descriptor-set FILE"
                .into(),
        ),
    };
    let message = compiled.and_then(|schema| schema.message(message)).map_err(|err| err.0)?;
    Ok(Codec::Protobuf(message))
}

/// `avro` with `rest` after the name: empty or `:FILE`.
fn avro(rest: &str, schema: &SchemaArgs) -> Result<Codec, String> {
    let file = match rest.strip_prefix(':') {
        Some(file) => PathBuf::from(file),
        None if rest.is_empty() => schema
            .avro_schema
            .clone()
            .ok_or("avro needs a schema: avro:FILE or --avro-schema FILE")?,
        None => return Err(format!("unknown codec \"avro{rest}\"")),
    };
    let text =
        std::fs::read_to_string(&file).map_err(|err| format!("{}: {err}", file.display()))?;
    let avro = AvroType::parse(&text).map_err(|err| format!("{}: {err}", file.display()))?;
    Ok(Codec::Avro(avro))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(values: &[&str]) -> anyhow::Result<Vec<(Option<String>, &'static str)>> {
        let values: Vec<String> = values.iter().map(|value| value.to_string()).collect();
        Ok(decode_rules(&values, &SchemaArgs::default())?
            .into_iter()
            .map(|rule| (rule.filter, rule.codec.name()))
            .collect())
    }

    #[test]
    fn filters_first_then_the_fallback() {
        assert_eq!(
            rules(&["auto", "spBv1.0/#=sparkplug", "a=b/+=hex"]).unwrap(),
            [
                (Some("spBv1.0/#".to_owned()), "sparkplug"),
                (Some("a=b/+".to_owned()), "hex"),
                (None, "auto")
            ]
        );
        let err = rules(&["a/#/b=json"]).unwrap_err().to_string();
        assert!(err.starts_with("--decode \"a/#/b\""), "{err}");
        let err = rules(&["yaml"]).unwrap_err().to_string();
        assert!(err.contains("unknown codec \"yaml\""), "{err}");
        assert!(rules(&["json", "cbor"]).unwrap_err().to_string().contains("second codec"));
        let err = rules(&["protobuf"]).unwrap_err().to_string();
        assert!(err.contains("needs a schema"), "{err}");
        let err = rules(&["protobuf:/nonexistent/x.proto:A"]).unwrap_err().to_string();
        assert!(err.contains("x.proto"), "{err}");
        assert!(encode_codec("auto", &SchemaArgs::default(), false).is_err());
        assert!(encode_codec("json", &SchemaArgs::default(), true).is_err());
        assert!(rules(&["avro"]).unwrap_err().to_string().contains("--avro-schema"));
    }
}
