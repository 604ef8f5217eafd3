//! A Sparkplug payload from JSON of the shape [`super::json`] writes. Every
//! member is optional except a metric's `type` (unless the value is a
//! DataSet or Template object, whose type is evident); unknown members are
//! refused, naming where, so that a typo does not vanish silently.

use serde_json::{Map, Value};

use super::datatype::DataType;
use super::scalar::{from_json, Scalar};
use super::schema::*;
use crate::error::EncodeError;
use crate::text::value_bytes;

pub(crate) fn payload(value: &Value) -> Result<Payload, EncodeError> {
    let object = Fields::new(value, "$", &["timestamp", "metrics", "seq", "uuid", "body"])?;
    Ok(Payload {
        timestamp: object.u64("timestamp")?,
        metrics: object.list("metrics", metric)?,
        seq: object.u64("seq")?,
        uuid: object.string("uuid")?,
        body: object.get("body").map(|body| value_bytes(body, &object.path("body"))).transpose()?,
    })
}

fn metric(value: &Value, path: &str) -> Result<Metric, EncodeError> {
    let object = Fields::new(
        value,
        path,
        &[
            "name",
            "alias",
            "timestamp",
            "type",
            "datatype",
            "value",
            "isHistorical",
            "isTransient",
            "isNull",
            "metadata",
            "properties",
        ],
    )?;
    let kind = object.kind("type")?.or(object.kind("datatype")?);
    let raw = object.get("value").filter(|value| !value.is_null());
    let is_null = raw.is_none() && object.get("value").is_some();
    let value = match (kind, raw) {
        (_, None) => None,
        (Some(DataType::DataSet), Some(set)) => {
            Some(MetricValue::DatasetValue(data_set(set, &object.path("value"))?))
        }
        (Some(DataType::Template), Some(template)) => {
            Some(MetricValue::TemplateValue(self::template(template, &object.path("value"))?))
        }
        (Some(kind), Some(value)) => {
            Some(metric_value(from_json(kind, value, &object.path("value"))?))
        }
        (None, Some(_)) => {
            return Err(EncodeError::new(path, "a metric with a value needs its \"type\""))
        }
    };
    Ok(Metric {
        name: object.string("name")?,
        alias: object.u64("alias")?,
        timestamp: object.u64("timestamp")?,
        datatype: kind.map(DataType::id),
        is_historical: object.bool("isHistorical")?,
        is_transient: object.bool("isTransient")?,
        is_null: object.bool("isNull")?.or(is_null.then_some(true)),
        metadata: object
            .get("metadata")
            .map(|meta| metadata(meta, &object.path("metadata")))
            .transpose()?,
        properties: object
            .get("properties")
            .map(|set| property_set(set, &object.path("properties")))
            .transpose()?,
        value,
    })
}

fn metric_value(scalar: Scalar) -> MetricValue {
    match scalar {
        Scalar::Int(number) => MetricValue::IntValue(number),
        Scalar::Long(number) => MetricValue::LongValue(number),
        Scalar::Float(number) => MetricValue::FloatValue(number),
        Scalar::Double(number) => MetricValue::DoubleValue(number),
        Scalar::Bool(flag) => MetricValue::BooleanValue(flag),
        Scalar::Text(text) => MetricValue::StringValue(text),
        Scalar::Bytes(bytes) => MetricValue::BytesValue(bytes),
    }
}

fn data_set(value: &Value, path: &str) -> Result<DataSet, EncodeError> {
    let object = Fields::new(value, path, &["numOfColumns", "columns", "types", "rows"])?;
    let types: Vec<DataType> = object.list("types", |value, path| {
        value
            .as_str()
            .and_then(DataType::from_name)
            .ok_or_else(|| EncodeError::new(path, "not a Sparkplug type name"))
    })?;
    let rows = object.list("rows", |row, path| {
        let cells = row.as_array().ok_or_else(|| EncodeError::new(path, "a row is an array"))?;
        if cells.len() != types.len() {
            return Err(EncodeError::new(
                path,
                format!("{} cells for {} types", cells.len(), types.len()),
            ));
        }
        let elements = cells.iter().zip(&types).enumerate().map(|(index, (cell, kind))| {
            let path = format!("{path}[{index}]");
            let value = match from_json(*kind, cell, &path)? {
                Scalar::Int(number) => CellValue::IntValue(number),
                Scalar::Long(number) => CellValue::LongValue(number),
                Scalar::Float(number) => CellValue::FloatValue(number),
                Scalar::Double(number) => CellValue::DoubleValue(number),
                Scalar::Bool(flag) => CellValue::BooleanValue(flag),
                Scalar::Text(text) => CellValue::StringValue(text),
                Scalar::Bytes(_) => return Err(EncodeError::new(path, "no bytes in a DataSet")),
            };
            Ok(DataSetValue { value: Some(value) })
        });
        Ok(Row { elements: elements.collect::<Result<_, _>>()? })
    })?;
    Ok(DataSet {
        num_of_columns: object.u64("numOfColumns")?.or(Some(types.len() as u64)),
        columns: object.list("columns", |value, path| {
            value
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| EncodeError::new(path, "a column name is a string"))
        })?,
        types: types.iter().map(|kind| kind.id()).collect(),
        rows,
    })
}

fn template(value: &Value, path: &str) -> Result<Template, EncodeError> {
    let object = Fields::new(
        value,
        path,
        &["version", "templateRef", "isDefinition", "metrics", "parameters"],
    )?;
    let parameters = object.list("parameters", |value, path| {
        let parameter = Fields::new(value, path, &["name", "type", "value"])?;
        let kind = parameter.kind("type")?;
        let value = match (kind, parameter.get("value").filter(|value| !value.is_null())) {
            (Some(kind), Some(value)) => {
                Some(match from_json(kind, value, &parameter.path("value"))? {
                    Scalar::Int(number) => super::schema::Scalar::IntValue(number),
                    Scalar::Long(number) => super::schema::Scalar::LongValue(number),
                    Scalar::Float(number) => super::schema::Scalar::FloatValue(number),
                    Scalar::Double(number) => super::schema::Scalar::DoubleValue(number),
                    Scalar::Bool(flag) => super::schema::Scalar::BooleanValue(flag),
                    Scalar::Text(text) => super::schema::Scalar::StringValue(text),
                    Scalar::Bytes(_) => {
                        return Err(EncodeError::new(path, "no bytes in a parameter"))
                    }
                })
            }
            (None, Some(_)) => {
                return Err(EncodeError::new(path, "a parameter needs its \"type\""))
            }
            (_, None) => None,
        };
        Ok(Parameter { name: parameter.string("name")?, r#type: kind.map(DataType::id), value })
    })?;
    Ok(Template {
        version: object.string("version")?,
        metrics: object.list("metrics", metric)?,
        parameters,
        template_ref: object.string("templateRef")?,
        is_definition: object.bool("isDefinition")?,
    })
}

fn property_set(value: &Value, path: &str) -> Result<PropertySet, EncodeError> {
    let map =
        value.as_object().ok_or_else(|| EncodeError::new(path, "a PropertySet is an object"))?;
    let mut set = PropertySet::default();
    for (key, value) in map {
        let path = format!("{path}.{key}");
        let property = Fields::new(value, &path, &["type", "value"])?;
        let kind = property
            .kind("type")?
            .ok_or_else(|| EncodeError::new(&path, "a property needs its \"type\""))?;
        let raw = property.get("value").filter(|value| !value.is_null());
        let value_path = property.path("value");
        let value = match (kind, raw) {
            (_, None) => None,
            (DataType::PropertySet, Some(inner)) => {
                Some(PropertyScalar::PropertysetValue(property_set(inner, &value_path)?))
            }
            (DataType::PropertySetList, Some(list)) => {
                let sets = list.as_array().ok_or_else(|| {
                    EncodeError::new(&value_path, "a PropertySetList is an array")
                })?;
                let sets = sets
                    .iter()
                    .enumerate()
                    .map(|(index, set)| property_set(set, &format!("{value_path}[{index}]")))
                    .collect::<Result<_, _>>()?;
                Some(PropertyScalar::PropertysetsValue(PropertySetList { propertyset: sets }))
            }
            (kind, Some(value)) => Some(match from_json(kind, value, &value_path)? {
                Scalar::Int(number) => PropertyScalar::IntValue(number),
                Scalar::Long(number) => PropertyScalar::LongValue(number),
                Scalar::Float(number) => PropertyScalar::FloatValue(number),
                Scalar::Double(number) => PropertyScalar::DoubleValue(number),
                Scalar::Bool(flag) => PropertyScalar::BooleanValue(flag),
                Scalar::Text(text) => PropertyScalar::StringValue(text),
                Scalar::Bytes(_) => {
                    return Err(EncodeError::new(&value_path, "no bytes in a property"))
                }
            }),
        };
        set.keys.push(key.clone());
        set.values.push(PropertyValue {
            r#type: Some(kind.id()),
            is_null: raw.is_none().then_some(true),
            value,
        });
    }
    Ok(set)
}

fn metadata(value: &Value, path: &str) -> Result<MetaData, EncodeError> {
    let object = Fields::new(
        value,
        path,
        &[
            "isMultiPart",
            "contentType",
            "size",
            "seq",
            "fileName",
            "fileType",
            "md5",
            "description",
        ],
    )?;
    Ok(MetaData {
        is_multi_part: object.bool("isMultiPart")?,
        content_type: object.string("contentType")?,
        size: object.u64("size")?,
        seq: object.u64("seq")?,
        file_name: object.string("fileName")?,
        file_type: object.string("fileType")?,
        md5: object.string("md5")?,
        description: object.string("description")?,
    })
}

/// A JSON object with a known set of members, read with paths for errors.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
}

impl<'a> Fields<'a> {
    fn new(value: &'a Value, path: &'a str, known: &[&str]) -> Result<Fields<'a>, EncodeError> {
        let map = value.as_object().ok_or_else(|| EncodeError::new(path, "expected an object"))?;
        if let Some(unknown) = map.keys().find(|key| !known.contains(&key.as_str())) {
            return Err(EncodeError::new(
                path,
                format!("unknown member {unknown:?} (known: {})", known.join(", ")),
            ));
        }
        Ok(Fields { map, path })
    }

    fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    fn u64(&self, key: &str) -> Result<Option<u64>, EncodeError> {
        self.get(key)
            .map(|value| {
                value.as_u64().ok_or_else(|| {
                    EncodeError::new(self.path(key), "expected a non-negative integer")
                })
            })
            .transpose()
    }

    fn bool(&self, key: &str) -> Result<Option<bool>, EncodeError> {
        self.get(key)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| EncodeError::new(self.path(key), "expected true or false"))
            })
            .transpose()
    }

    fn string(&self, key: &str) -> Result<Option<String>, EncodeError> {
        self.get(key)
            .map(|value| {
                value
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| EncodeError::new(self.path(key), "expected a string"))
            })
            .transpose()
    }

    /// A data type, by name (`"Int32"`) or number (`3`).
    fn kind(&self, key: &str) -> Result<Option<DataType>, EncodeError> {
        let Some(value) = self.get(key) else { return Ok(None) };
        let kind = match value {
            Value::String(name) => DataType::from_name(name),
            Value::Number(id) => {
                id.as_u64().and_then(|id| u32::try_from(id).ok()).and_then(DataType::from_id)
            }
            _ => None,
        };
        kind.map(Some).ok_or_else(|| {
            EncodeError::new(self.path(key), format!("{value} is not a Sparkplug data type"))
        })
    }

    fn list<T>(
        &self,
        key: &str,
        item: impl Fn(&Value, &str) -> Result<T, EncodeError>,
    ) -> Result<Vec<T>, EncodeError> {
        let Some(value) = self.get(key) else { return Ok(Vec::new()) };
        let items = value
            .as_array()
            .ok_or_else(|| EncodeError::new(self.path(key), "expected an array"))?;
        items
            .iter()
            .enumerate()
            .map(|(index, value)| item(value, &format!("{}[{index}]", self.path(key))))
            .collect()
    }
}
