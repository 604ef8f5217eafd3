//! Sparkplug B 3.0 data types (`DataType` of sparkplug_b.proto) and their
//! names, spelled as Eclipse Tahu's JavaScript library spells them.

/// A metric, property, parameter or column data type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataType {
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    UInt8 = 5,
    UInt16 = 6,
    UInt32 = 7,
    UInt64 = 8,
    Float = 9,
    Double = 10,
    Boolean = 11,
    String = 12,
    DateTime = 13,
    Text = 14,
    Uuid = 15,
    DataSet = 16,
    Bytes = 17,
    File = 18,
    Template = 19,
    PropertySet = 20,
    PropertySetList = 21,
    Int8Array = 22,
    Int16Array = 23,
    Int32Array = 24,
    Int64Array = 25,
    UInt8Array = 26,
    UInt16Array = 27,
    UInt32Array = 28,
    UInt64Array = 29,
    FloatArray = 30,
    DoubleArray = 31,
    BooleanArray = 32,
    StringArray = 33,
    DateTimeArray = 34,
}

const ALL: [DataType; 34] = [
    DataType::Int8,
    DataType::Int16,
    DataType::Int32,
    DataType::Int64,
    DataType::UInt8,
    DataType::UInt16,
    DataType::UInt32,
    DataType::UInt64,
    DataType::Float,
    DataType::Double,
    DataType::Boolean,
    DataType::String,
    DataType::DateTime,
    DataType::Text,
    DataType::Uuid,
    DataType::DataSet,
    DataType::Bytes,
    DataType::File,
    DataType::Template,
    DataType::PropertySet,
    DataType::PropertySetList,
    DataType::Int8Array,
    DataType::Int16Array,
    DataType::Int32Array,
    DataType::Int64Array,
    DataType::UInt8Array,
    DataType::UInt16Array,
    DataType::UInt32Array,
    DataType::UInt64Array,
    DataType::FloatArray,
    DataType::DoubleArray,
    DataType::BooleanArray,
    DataType::StringArray,
    DataType::DateTimeArray,
];

impl DataType {
    /// The type with this wire number; `None` for 0 (Unknown) and numbers
    /// past the table.
    pub fn from_id(id: u32) -> Option<DataType> {
        ALL.get(usize::try_from(id).ok()?.checked_sub(1)?).copied()
    }

    /// The wire number.
    pub fn id(self) -> u32 {
        self as u32
    }

    /// `Int32`, `UUID`, `DateTimeArray`, …
    pub fn name(self) -> &'static str {
        match self {
            DataType::Int8 => "Int8",
            DataType::Int16 => "Int16",
            DataType::Int32 => "Int32",
            DataType::Int64 => "Int64",
            DataType::UInt8 => "UInt8",
            DataType::UInt16 => "UInt16",
            DataType::UInt32 => "UInt32",
            DataType::UInt64 => "UInt64",
            DataType::Float => "Float",
            DataType::Double => "Double",
            DataType::Boolean => "Boolean",
            DataType::String => "String",
            DataType::DateTime => "DateTime",
            DataType::Text => "Text",
            DataType::Uuid => "UUID",
            DataType::DataSet => "DataSet",
            DataType::Bytes => "Bytes",
            DataType::File => "File",
            DataType::Template => "Template",
            DataType::PropertySet => "PropertySet",
            DataType::PropertySetList => "PropertySetList",
            DataType::Int8Array => "Int8Array",
            DataType::Int16Array => "Int16Array",
            DataType::Int32Array => "Int32Array",
            DataType::Int64Array => "Int64Array",
            DataType::UInt8Array => "UInt8Array",
            DataType::UInt16Array => "UInt16Array",
            DataType::UInt32Array => "UInt32Array",
            DataType::UInt64Array => "UInt64Array",
            DataType::FloatArray => "FloatArray",
            DataType::DoubleArray => "DoubleArray",
            DataType::BooleanArray => "BooleanArray",
            DataType::StringArray => "StringArray",
            DataType::DateTimeArray => "DateTimeArray",
        }
    }

    /// The type named `name`, in any case; `Int` and `Long` are accepted
    /// for `Int32` and `Int64`, as Tahu's JavaScript library accepts them.
    pub fn from_name(name: &str) -> Option<DataType> {
        match name.to_ascii_lowercase().as_str() {
            "int" => Some(DataType::Int32),
            "long" => Some(DataType::Int64),
            lower => ALL.iter().copied().find(|kind| kind.name().eq_ignore_ascii_case(lower)),
        }
    }

    /// Whether the value travels packed in `bytes_value` (Sparkplug 3.0
    /// arrays).
    pub fn is_array(self) -> bool {
        self.id() >= DataType::Int8Array.id()
    }
}

#[cfg(test)]
mod tests {
    use super::DataType;

    #[test]
    fn ids_and_names_agree() {
        for id in 1..=34 {
            let kind = DataType::from_id(id).unwrap();
            assert_eq!(kind.id(), id);
            assert_eq!(DataType::from_name(kind.name()), Some(kind));
            assert_eq!(DataType::from_name(&kind.name().to_uppercase()), Some(kind));
        }
        assert_eq!(DataType::from_id(0), None);
        assert_eq!(DataType::from_id(35), None);
        assert_eq!(DataType::from_name("long"), Some(DataType::Int64));
        assert!(DataType::BooleanArray.is_array() && !DataType::PropertySetList.is_array());
    }
}
