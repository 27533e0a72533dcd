//! Values read by other parsers, as JSON, to compare with what specls reads.

use serde_json::Value;

/// saphyr's value as JSON (keys as their text), or `None` where the comparison would not be
/// fair (aliases, tags, NaN/inf, complex keys).
pub fn saphyr_json(y: &saphyr::Yaml) -> Option<Value> {
    use saphyr::{Scalar, Yaml};
    Some(match y {
        Yaml::Value(s) => match s {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::from(*i),
            Scalar::FloatingPoint(f) => {
                Value::Number(serde_json::Number::from_f64(f.into_inner())?)
            }
            Scalar::String(s) => Value::String(s.to_string()),
        },
        Yaml::Sequence(items) => {
            Value::Array(items.iter().map(saphyr_json).collect::<Option<_>>()?)
        }
        Yaml::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match saphyr_json(k)? {
                    Value::String(s) => s,
                    Value::Null => "null".into(),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                out.insert(key, saphyr_json(v)?);
            }
            Value::Object(out)
        }
        _ => return None,
    })
}

/// Integers beyond i64 are floats to saphyr and serde_json, exact to specls: compare them as floats.
pub fn normalize(v: Value) -> Value {
    match v {
        Value::Number(n) if n.as_i64().is_none() => {
            serde_json::Number::from_f64(n.as_f64().unwrap_or(0.0))
                .map(Value::Number)
                .unwrap_or(Value::Null)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        v => v,
    }
}
