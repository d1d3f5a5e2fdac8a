//! The schemas that kept keywords ([`crate::model::Constraints::extra`]) reach through `$ref`:
//! each is kept once per model ([`crate::model::Model::schemas`]), and every reference in kept
//! JSON becomes its index there (`{"$ref": 3}`), so that recursive schemas are kept whole and
//! nothing is repeated per field. Only the keywords that constrain are kept.

use foldhash::HashMap;
use serde_json::{Map, Value};

use crate::model::Constraints;
use crate::resolve::SchemaRef;
use crate::resources::Dialect;

use super::Converter;
use super::schema::{REFERENCES, child, constraints_of, is_assertion};

/// The kept schemas and the index of each by location.
#[derive(Default)]
pub(super) struct Kept {
    pub(super) schemas: Vec<Value>,
    index: HashMap<SchemaRef, usize>,
}

/// Keywords whose value is one schema.
const ONE: [&str; 11] = [
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "additionalProperties",
    "additionalItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "items",
];
/// Keywords whose value is a list of schemas.
const LIST: [&str; 5] = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
/// Keywords whose value maps names to schemas (`dependencies` also to lists of keys).
const MAP: [&str; 4] = [
    "properties",
    "patternProperties",
    "dependentSchemas",
    "dependencies",
];

impl Converter<'_> {
    /// The constraints of the schema at `at`, with the references of its kept keywords
    /// rewritten to indexes into [`Kept::schemas`].
    pub(super) fn constraints_at(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
    ) -> Constraints {
        // Up to draft 7, the keywords beside `$ref` are ignored.
        if REFERENCES.iter().any(|k| map.contains_key(*k))
            && Dialect::of(&self.docs.docs[at.doc].root).ref_overrides_siblings
        {
            return Constraints::default();
        }
        let mut constraints = constraints_of(map);
        if let Some(extra) = constraints.extra.take() {
            constraints.extra = Some(self.kept_json(at, &extra));
        }
        constraints
    }

    /// The index of the schema at `target` in [`Kept::schemas`], keeping it on first use.
    fn kept_index(&mut self, target: &SchemaRef) -> usize {
        if let Some(&index) = self.kept.index.get(target) {
            return index;
        }
        let index = self.kept.schemas.len();
        // Reserved first: a schema that reaches itself refers to its own index.
        self.kept.schemas.push(Value::Bool(true));
        self.kept.index.insert(target.clone(), index);
        let json = match self.value(target) {
            Some(schema) => self.kept_json(target, schema),
            None => Value::Bool(true),
        };
        self.kept.schemas[index] = json;
        index
    }

    /// The schema at `at` as the evaluator reads it: its constraining keywords, references as
    /// indexes (alone up to draft 7, where `$ref` makes its siblings ignored).
    fn kept_json(&mut self, at: &SchemaRef, schema: &Value) -> Value {
        let Value::Object(map) = schema else {
            return schema.clone();
        };
        let mut out = Map::new();
        if REFERENCES.iter().any(|k| map.contains_key(*k)) {
            if let Some(target) = self.refs.get(at).cloned() {
                let index = self.kept_index(&target);
                out.insert("$ref".to_string(), Value::from(index));
                if Dialect::of(&self.docs.docs[at.doc].root).ref_overrides_siblings {
                    return Value::Object(out);
                }
            }
        }
        for (key, value) in map {
            let keyword = key.as_str();
            // `format` is not evaluated; unresolved references hold.
            if REFERENCES.contains(&keyword) || !is_assertion(keyword) || keyword == "format" {
                continue;
            }
            let here = child(at, keyword);
            let kept = match value {
                Value::Array(schemas) if LIST.contains(&keyword) => Value::Array(
                    schemas
                        .iter()
                        .enumerate()
                        .map(|(i, s)| self.kept_json(&child(&here, &i.to_string()), s))
                        .collect(),
                ),
                Value::Object(schemas) if MAP.contains(&keyword) => Value::Object(
                    schemas
                        .iter()
                        .map(|(name, s)| {
                            let s = match s {
                                Value::Array(_) => s.clone(),
                                _ => self.kept_json(&child(&here, name), s),
                            };
                            (name.clone(), s)
                        })
                        .collect(),
                ),
                _ if ONE.contains(&keyword) => self.kept_json(&here, value),
                _ => value.clone(),
            };
            out.insert(key.clone(), kept);
        }
        Value::Object(out)
    }
}
