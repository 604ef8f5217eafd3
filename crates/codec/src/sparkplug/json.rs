//! A decoded Sparkplug payload as JSON, in the shape Eclipse Tahu's
//! JavaScript library (`sparkplug-payload`) gives, so that values written
//! with it read the same here:
//!
//! ```json
//! {"timestamp": 1700000000000, "seq": 3, "uuid": "…", "body": "base64",
//!  "metrics": [{"name": "Temp", "alias": 7, "timestamp": 1700000000000,
//!               "type": "Double", "value": 21.5, "isHistorical": false,
//!               "isTransient": false, "metadata": {…}, "properties": {…}}]}
//! ```
//!
//! A null metric (`is_null`) has `"value": null`. A DataSet is
//! `{"numOfColumns", "columns", "types", "rows": [[…]]}`, a Template
//! `{"version", "templateRef", "isDefinition", "metrics", "parameters":
//! [{"name", "type", "value"}]}`, a PropertySet an object of
//! `{"type", "value"}` by key, a PropertySetList an array of those.

use serde_json::{Map, Value};

use super::datatype::DataType;
use super::scalar::{to_json, Scalar};
use super::schema::*;
use crate::text::bytes_value;

pub(crate) fn payload(payload: &Payload) -> Value {
    let mut out = Map::new();
    put(&mut out, "timestamp", payload.timestamp.map(Value::from));
    out.insert("metrics".into(), Value::Array(payload.metrics.iter().map(metric).collect()));
    put(&mut out, "seq", payload.seq.map(Value::from));
    put(&mut out, "uuid", payload.uuid.clone().map(Value::from));
    put(&mut out, "body", payload.body.as_deref().map(bytes_value));
    Value::Object(out)
}

pub(crate) fn metric(metric: &Metric) -> Value {
    let kind = metric.datatype.and_then(DataType::from_id);
    let mut out = Map::new();
    put(&mut out, "name", metric.name.clone().map(Value::from));
    put(&mut out, "alias", metric.alias.map(Value::from));
    put(&mut out, "timestamp", metric.timestamp.map(Value::from));
    put(&mut out, "type", type_name(metric.datatype));
    let value = if metric.is_null == Some(true) {
        Value::Null
    } else {
        match &metric.value {
            None => Value::Null,
            Some(MetricValue::DatasetValue(set)) => data_set(set),
            Some(MetricValue::TemplateValue(template)) => self::template(template),
            Some(other) => to_json(kind, &metric_scalar(other)),
        }
    };
    out.insert("value".into(), value);
    put(&mut out, "isHistorical", metric.is_historical.map(Value::Bool));
    put(&mut out, "isTransient", metric.is_transient.map(Value::Bool));
    put(&mut out, "metadata", metric.metadata.as_ref().map(metadata));
    put(&mut out, "properties", metric.properties.as_ref().map(property_set));
    Value::Object(out)
}

fn metric_scalar(value: &MetricValue) -> Scalar {
    match value {
        MetricValue::IntValue(number) => Scalar::Int(*number),
        MetricValue::LongValue(number) => Scalar::Long(*number),
        MetricValue::FloatValue(number) => Scalar::Float(*number),
        MetricValue::DoubleValue(number) => Scalar::Double(*number),
        MetricValue::BooleanValue(flag) => Scalar::Bool(*flag),
        MetricValue::StringValue(text) => Scalar::Text(text.clone()),
        MetricValue::BytesValue(bytes) => Scalar::Bytes(bytes.clone()),
        // Handled by the caller.
        MetricValue::DatasetValue(_) | MetricValue::TemplateValue(_) => Scalar::Bytes(Vec::new()),
    }
}

/// A type's name; an unknown number is kept as the number.
fn type_name(id: Option<u32>) -> Option<Value> {
    id.map(|id| match DataType::from_id(id) {
        Some(kind) => Value::from(kind.name()),
        None if id == 0 => Value::from("Unknown"),
        None => Value::from(id),
    })
}

fn data_set(set: &DataSet) -> Value {
    let kinds: Vec<Option<DataType>> = set.types.iter().map(|id| DataType::from_id(*id)).collect();
    let rows = set.rows.iter().map(|row| {
        let cells = row.elements.iter().enumerate().map(|(column, cell)| {
            let kind = kinds.get(column).copied().flatten();
            match &cell.value {
                None => Value::Null,
                Some(value) => to_json(kind, &cell_scalar(value)),
            }
        });
        Value::Array(cells.collect())
    });
    let mut out = Map::new();
    put(&mut out, "numOfColumns", set.num_of_columns.map(Value::from));
    out.insert("columns".into(), Value::from(set.columns.clone()));
    out.insert(
        "types".into(),
        Value::Array(set.types.iter().filter_map(|id| type_name(Some(*id))).collect()),
    );
    out.insert("rows".into(), Value::Array(rows.collect()));
    Value::Object(out)
}

fn cell_scalar(value: &CellValue) -> Scalar {
    match value {
        CellValue::IntValue(number) => Scalar::Int(*number),
        CellValue::LongValue(number) => Scalar::Long(*number),
        CellValue::FloatValue(number) => Scalar::Float(*number),
        CellValue::DoubleValue(number) => Scalar::Double(*number),
        CellValue::BooleanValue(flag) => Scalar::Bool(*flag),
        CellValue::StringValue(text) => Scalar::Text(text.clone()),
    }
}

fn template(template: &Template) -> Value {
    let mut out = Map::new();
    put(&mut out, "version", template.version.clone().map(Value::from));
    put(&mut out, "templateRef", template.template_ref.clone().map(Value::from));
    put(&mut out, "isDefinition", template.is_definition.map(Value::Bool));
    out.insert("metrics".into(), Value::Array(template.metrics.iter().map(metric).collect()));
    let parameters = template.parameters.iter().map(|parameter| {
        let kind = parameter.r#type.and_then(DataType::from_id);
        let mut out = Map::new();
        put(&mut out, "name", parameter.name.clone().map(Value::from));
        put(&mut out, "type", type_name(parameter.r#type));
        let value = parameter.value.as_ref().map(|value| to_json(kind, &parameter_scalar(value)));
        out.insert("value".into(), value.unwrap_or(Value::Null));
        Value::Object(out)
    });
    out.insert("parameters".into(), Value::Array(parameters.collect()));
    Value::Object(out)
}

fn parameter_scalar(value: &super::schema::Scalar) -> Scalar {
    use super::schema::Scalar as Wire;
    match value {
        Wire::IntValue(number) => Scalar::Int(*number),
        Wire::LongValue(number) => Scalar::Long(*number),
        Wire::FloatValue(number) => Scalar::Float(*number),
        Wire::DoubleValue(number) => Scalar::Double(*number),
        Wire::BooleanValue(flag) => Scalar::Bool(*flag),
        Wire::StringValue(text) => Scalar::Text(text.clone()),
    }
}

fn property_set(set: &PropertySet) -> Value {
    let mut out = Map::new();
    for (key, value) in set.keys.iter().zip(&set.values) {
        out.insert(key.clone(), property_value(value));
    }
    Value::Object(out)
}

fn property_value(property: &PropertyValue) -> Value {
    let kind = property.r#type.and_then(DataType::from_id);
    let value = match (&property.value, property.is_null) {
        (_, Some(true)) | (None, _) => Value::Null,
        (Some(PropertyScalar::PropertysetValue(set)), _) => property_set(set),
        (Some(PropertyScalar::PropertysetsValue(list)), _) => {
            Value::Array(list.propertyset.iter().map(property_set).collect())
        }
        (Some(scalar), _) => to_json(kind, &property_scalar(scalar)),
    };
    let mut out = Map::new();
    put(&mut out, "type", type_name(property.r#type));
    out.insert("value".into(), value);
    Value::Object(out)
}

fn property_scalar(value: &PropertyScalar) -> Scalar {
    match value {
        PropertyScalar::IntValue(number) => Scalar::Int(*number),
        PropertyScalar::LongValue(number) => Scalar::Long(*number),
        PropertyScalar::FloatValue(number) => Scalar::Float(*number),
        PropertyScalar::DoubleValue(number) => Scalar::Double(*number),
        PropertyScalar::BooleanValue(flag) => Scalar::Bool(*flag),
        PropertyScalar::StringValue(text) => Scalar::Text(text.clone()),
        PropertyScalar::PropertysetValue(_) | PropertyScalar::PropertysetsValue(_) => {
            Scalar::Bytes(Vec::new())
        }
    }
}

fn metadata(meta: &MetaData) -> Value {
    let mut out = Map::new();
    put(&mut out, "isMultiPart", meta.is_multi_part.map(Value::Bool));
    put(&mut out, "contentType", meta.content_type.clone().map(Value::from));
    put(&mut out, "size", meta.size.map(Value::from));
    put(&mut out, "seq", meta.seq.map(Value::from));
    put(&mut out, "fileName", meta.file_name.clone().map(Value::from));
    put(&mut out, "fileType", meta.file_type.clone().map(Value::from));
    put(&mut out, "md5", meta.md5.clone().map(Value::from));
    put(&mut out, "description", meta.description.clone().map(Value::from));
    Value::Object(out)
}

fn put(out: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        out.insert(key.into(), value);
    }
}
