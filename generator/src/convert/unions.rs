//! `oneOf` and `anyOf`: Rust enums whose variants are the alternatives, untagged, tagged
//! internally (by a `discriminator` or by a `const` property every alternative requires), or
//! tagged externally or adjacently as `schemars` describes serde's representations.

use std::collections::BTreeSet;

use heck::ToSnakeCase;

use serde_json::{Map, Value};

use crate::model::{StringFormat, Tagging, TypeKind, TypeRef, Union, UnionVariant};
use crate::names::{self, NameKind, Namespace};
use crate::resolve::SchemaRef;

use super::schema::{child, docs_of, docs_of_map, is_annotation, ref_name, string_list};
use super::{Conv, Converter};

/// One alternative of an externally or adjacently tagged union, before conversion.
struct Shape {
    /// The variant's tag.
    tag: String,
    /// The schema of the value it holds; `None` for a variant that holds nothing.
    content: Option<SchemaRef>,
    /// The alternative's own schema (for its docs).
    schema: SchemaRef,
}

impl<'d> Converter<'d> {
    pub(super) fn convert_alternatives(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        key: &str,
        hint: &str,
    ) -> Conv {
        let Some(Value::Array(items)) = map.get(key) else {
            self.error(
                &child(at, key),
                format!("`{key}` must be an array of schemas"),
                format!("write \"{key}\": [{{...}}, {{...}}]"),
            );
            return Conv::of(TypeRef::Any);
        };
        if items.is_empty() {
            self.error(
                &child(at, key),
                format!("`{key}` is empty"),
                "list at least one schema, or remove the keyword",
            );
            return Conv::of(TypeRef::Any);
        }
        if ["properties", "type", "allOf"]
            .iter()
            .any(|k| map.contains_key(*k))
            || (key == "oneOf" && map.contains_key("anyOf"))
        {
            self.warn(
                at,
                format!("keywords beside `{key}` are not combined with it; only `{key}` is used"),
            );
        }
        let branches: Vec<SchemaRef> = (0..items.len())
            .map(|i| child(&child(at, key), &i.to_string()))
            .collect();
        let nullable = items.iter().any(is_null_schema);
        let rest: Vec<SchemaRef> = branches
            .into_iter()
            .zip(items)
            .filter(|(_, item)| !is_null_schema(item))
            .map(|(branch, _)| branch)
            .collect();
        match rest.as_slice() {
            [] => Conv::of(TypeRef::Null),
            [only] => {
                let mut conv = self.convert(only, hint);
                conv.nullable |= nullable;
                conv
            }
            [first, second] if self.open_enum_pair(first, second).is_some() => {
                let values = self.open_enum_pair(first, second).unwrap_or_default();
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                let id = self.define_enum(at, hint, &values, true);
                Conv {
                    ty: TypeRef::Named(id),
                    nullable,
                }
            }
            _ if !map.contains_key("discriminator") && self.wrapped_tagging(&rest).is_some() => {
                let (tagging, shapes) = self
                    .wrapped_tagging(&rest)
                    .unwrap_or((Tagging::External, Vec::new()));
                let variants = self.wrapped_variants(shapes, hint);
                let docs = docs_of_map(map);
                let id = self.define(at, hint, docs, TypeKind::Union(Union { variants, tagging }));
                Conv {
                    ty: TypeRef::Named(id),
                    nullable,
                }
            }
            _ => {
                let mut namespace = Namespace::new();
                let mut variants = Vec::new();
                let labels = self.alternative_labels(&rest, hint);
                for (i, (branch, label)) in rest.iter().zip(labels).enumerate() {
                    let branch_hint = match &label {
                        Some(label) => format!("{hint} {}", label.in_type),
                        None => format!("{hint} variant {i}"),
                    };
                    let conv = self.convert(branch, &branch_hint);
                    let raw_name = match label {
                        Some(label) => label.variant,
                        None => self.variant_name(branch, &conv.ty),
                    };
                    let name = namespace.claim(&names::identifier(&raw_name, NameKind::Variant));
                    let ty = conv.nullable_ty();
                    let docs = self.value(branch).map(docs_of).unwrap_or_default();
                    variants.push(UnionVariant {
                        name,
                        ty,
                        docs,
                        boxed: false,
                        tag_values: Vec::new(),
                    });
                }
                let tagging = match self.discriminator(at, map, &rest, &mut variants) {
                    Some(property) => Tagging::Internal { property },
                    None => Tagging::Untagged,
                };
                // serde tries untagged variants in order: an integer must not be taken as a float.
                variants.sort_by_key(|v| self.is_float(&v.ty));
                let docs = docs_of_map(map);
                let id = self.define(at, hint, docs, TypeKind::Union(Union { variants, tagging }));
                Conv {
                    ty: TypeRef::Named(id),
                    nullable,
                }
            }
        }
    }

    /// OpenAPI's `discriminator`: the property whose value picks the alternative, and the values
    /// that pick each one (from `mapping`, else the alternative's `const` or one-value `enum`
    /// for that property, else its schema name). `None`, with a warning, when an alternative is
    /// not a `$ref` or two alternatives share a value: the union then stays untagged.
    fn discriminator(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        branches: &[SchemaRef],
        variants: &mut [UnionVariant],
    ) -> Option<String> {
        let Some(discriminator) = map.get("discriminator") else {
            return self.const_tag(branches, variants);
        };
        let property = discriminator
            .get("propertyName")
            .and_then(Value::as_str)?
            .to_string();
        let mut mapping: Vec<(String, SchemaRef)> = Vec::new();
        if let Some(Value::Object(entries)) = discriminator.get("mapping") {
            for (value, target) in entries {
                let Some(target) = target.as_str() else {
                    continue;
                };
                let pointer = match target.split_once('#') {
                    Some(("", fragment)) => Some(fragment.to_string()),
                    Some(_) => None,
                    None => self
                        .definitions
                        .iter()
                        .find(|(d, name)| d.doc == at.doc && name.as_str() == target)
                        .map(|(d, _)| d.pointer.clone()),
                };
                if let Some(pointer) = pointer {
                    mapping.push((
                        value.clone(),
                        self.follow_refs(&SchemaRef {
                            doc: at.doc,
                            pointer,
                        }),
                    ));
                }
            }
        }
        let mut seen = BTreeSet::new();
        for (branch, variant) in branches.iter().zip(variants.iter_mut()) {
            if !self.refs.contains_key(branch) {
                self.warn(
                    at,
                    "`discriminator` needs every alternative to be a `$ref`; the union is untagged",
                );
                return None;
            }
            let target = self.follow_refs(branch);
            let mut values: Vec<String> = mapping
                .iter()
                .filter(|(_, t)| *t == target)
                .map(|(v, _)| v.clone())
                .collect();
            if values.is_empty() {
                let property_schema = self
                    .value(&target)
                    .and_then(|s| s.get("properties"))
                    .and_then(|p| p.get(&property));
                let constant = property_schema
                    .and_then(|p| p.get("const"))
                    .and_then(Value::as_str)
                    .or_else(|| {
                        let values = property_schema?.get("enum")?.as_array()?;
                        if values.len() == 1 {
                            values[0].as_str()
                        } else {
                            None
                        }
                    });
                values = match constant {
                    Some(value) => vec![value.to_string()],
                    None => self.definitions.get(&target).cloned().into_iter().collect(),
                };
            }
            if values.is_empty() || !values.iter().all(|v| seen.insert(v.clone())) {
                self.warn(at, format!("`discriminator`: the alternatives' values of \"{property}\" are missing or shared; the union is untagged"));
                return None;
            }
            variant.tag_values = values;
        }
        Some(property)
    }

    /// A tag without a `discriminator`: a property every alternative (each a `$ref` to an
    /// object) requires, with one `const` (or one-value `enum`) string each, all different.
    fn const_tag(&self, branches: &[SchemaRef], variants: &mut [UnionVariant]) -> Option<String> {
        let (property, values) = self.const_tags(branches)?;
        for (variant, value) in variants.iter_mut().zip(values) {
            variant.tag_values = vec![value];
        }
        Some(property)
    }

    /// The property and the values of [`Self::const_tag`], read from the schemas alone.
    fn const_tags(&self, branches: &[SchemaRef]) -> Option<(String, Vec<String>)> {
        if branches.len() < 2 {
            return None;
        }
        let targets: Vec<&Map<String, Value>> = branches
            .iter()
            .map(|b| self.value(&self.follow_refs(b)).and_then(Value::as_object))
            .collect::<Option<_>>()?;
        let constant = |schema: &Map<String, Value>, property: &str| -> Option<String> {
            if !string_list(schema.get("required"))
                .iter()
                .any(|r| r == property)
            {
                return None;
            }
            const_string(schema.get("properties")?.get(property)?)
        };
        let candidates: Vec<&String> = targets[0].get("properties")?.as_object()?.keys().collect();
        for property in candidates {
            let values: Option<Vec<String>> =
                targets.iter().map(|t| constant(t, property)).collect();
            let Some(values) = values else { continue };
            let distinct: BTreeSet<&String> = values.iter().collect();
            if distinct.len() == values.len() {
                return Some((property.clone(), values));
            }
        }
        None
    }

    /// serde's external and adjacent representations of enums, as `schemars` describes them:
    /// every alternative an object that names its variant (by its one required key, with
    /// `additionalProperties: false`; or by a required `const` tag property beside a required
    /// content property), or a string `enum` / `const` of variants that hold nothing. All tags
    /// distinct.
    /// The wrapping objects are written inline (as `schemars` does): an alternative that is a
    /// `$ref` names a type of its own, which stays a variant of an untagged union.
    fn wrapped_tagging(&self, branches: &[SchemaRef]) -> Option<(Tagging, Vec<Shape>)> {
        if branches.iter().any(|b| self.refs.contains_key(b)) {
            return None;
        }
        let schemas: Vec<(SchemaRef, &'d Map<String, Value>)> = branches
            .iter()
            .map(|b| Some((b.clone(), self.value(b)?.as_object()?)))
            .collect::<Option<_>>()?;
        // An object of named properties only (schemars closes the one-key objects of external
        // tagging, not the objects of adjacent tagging).
        let object = |schema: &Map<String, Value>| {
            schema
                .get("additionalProperties")
                .is_none_or(|a| *a == Value::Bool(false))
                && schema
                    .get("type")
                    .is_none_or(|t| t.as_str() == Some("object"))
                && schema.get("properties").is_some_and(Value::is_object)
        };
        let closed_object = |schema: &Map<String, Value>| {
            object(schema) && schema.get("additionalProperties") == Some(&Value::Bool(false))
        };
        let properties = |schema: &'d Map<String, Value>| -> Vec<&'d String> {
            match schema.get("properties") {
                Some(Value::Object(p)) => p.keys().collect(),
                _ => Vec::new(),
            }
        };
        let required = |schema: &Map<String, Value>| string_list(schema.get("required"));
        let tags_distinct = |shapes: &[Shape]| {
            let all: Vec<&String> = shapes.iter().map(|s| &s.tag).collect();
            all.iter().collect::<BTreeSet<_>>().len() == all.len()
        };

        // External: `{"Name": value}` objects and unit strings.
        let mut shapes = Vec::new();
        let mut objects = 0;
        for (target, schema) in &schemas {
            if let Some(values) = unit_strings(schema) {
                shapes.extend(values.into_iter().map(|tag| Shape {
                    tag,
                    content: None,
                    schema: target.clone(),
                }));
                continue;
            }
            match properties(schema).as_slice() {
                [key] if closed_object(schema) && required(schema) == [key.as_str()] => {
                    objects += 1;
                    shapes.push(Shape {
                        tag: (*key).clone(),
                        content: Some(child(&child(target, "properties"), key)),
                        schema: target.clone(),
                    });
                }
                _ => {
                    shapes.clear();
                    break;
                }
            }
        }
        if objects > 0 && !shapes.is_empty() && tags_distinct(&shapes) {
            return Some((Tagging::External, shapes));
        }

        // Adjacent: `{"t": "Name", "c": value}`, the content absent for unit variants.
        let (_, first) = schemas.first()?;
        for tag_property in properties(first) {
            let mut content_name: Option<String> = None;
            let mut shapes = Vec::new();
            let fits = schemas.iter().all(|(target, schema)| {
                if !object(schema) || !required(schema).iter().any(|r| r == tag_property) {
                    return false;
                }
                let Some(tag) = schema
                    .get("properties")
                    .and_then(|p| p.get(tag_property))
                    .and_then(const_string)
                else {
                    return false;
                };
                let others: Vec<&String> = properties(schema)
                    .into_iter()
                    .filter(|p| *p != tag_property)
                    .collect();
                let content = match others.as_slice() {
                    [] => None,
                    [other] if required(schema).iter().any(|r| r == *other) => {
                        if content_name.get_or_insert_with(|| (*other).clone()) != *other {
                            return false;
                        }
                        Some(child(&child(target, "properties"), other))
                    }
                    _ => return false,
                };
                shapes.push(Shape {
                    tag,
                    content,
                    schema: target.clone(),
                });
                true
            });
            if let (true, Some(content)) = (fits, content_name) {
                if tags_distinct(&shapes) {
                    let tagging = Tagging::Adjacent {
                        tag: tag_property.clone(),
                        content,
                    };
                    return Some((tagging, shapes));
                }
            }
        }
        None
    }

    /// The variants of an externally or adjacently tagged union, named after their tags.
    fn wrapped_variants(&mut self, shapes: Vec<Shape>, hint: &str) -> Vec<UnionVariant> {
        let mut namespace = Namespace::new();
        shapes
            .into_iter()
            .map(|shape| {
                let name = namespace.claim(&names::identifier(&shape.tag, NameKind::Variant));
                let ty = match &shape.content {
                    Some(content) => self
                        .convert(content, &format!("{hint} {}", shape.tag))
                        .nullable_ty(),
                    None => TypeRef::Null,
                };
                let docs = self.value(&shape.schema).map(docs_of).unwrap_or_default();
                UnionVariant {
                    name,
                    ty,
                    docs,
                    boxed: false,
                    tag_values: vec![shape.tag],
                }
            })
            .collect()
    }

    /// What names each inline alternative of an untagged or internally tagged union, where
    /// something does: its `title`, else its value of the `const` property that tags them all,
    /// else the one `$ref` of its `allOf` that no other alternative has, else the one property
    /// it requires that no other alternative declares (`WithRequestedTeam`). In GitHub's
    /// `repository-rule-detailed`, `{"allOf": [{"$ref": "repository-rule-merge-queue"},
    /// {"$ref": "repository-rule-ruleset-info"}]}` is the variant `RepositoryRuleMergeQueue` of
    /// type `RepositoryRuleDetailedMergeQueue`. `None` for an alternative that is a `$ref`
    /// (named after its target) and for one that nothing names.
    fn alternative_labels(&self, branches: &[SchemaRef], hint: &str) -> Vec<Option<Label>> {
        let tags = self.const_tags(branches).map(|(_, values)| values);
        let refs: Vec<Vec<SchemaRef>> = branches.iter().map(|b| self.all_of_refs(b)).collect();
        // The properties each alternative declares, read once, when one needs them.
        let mut declared: Option<Vec<Vec<String>>> = None;
        branches
            .iter()
            .enumerate()
            .map(|(i, branch)| {
                if self.refs.contains_key(branch) {
                    return None;
                }
                let title = self
                    .value(branch)
                    .and_then(|b| b.get("title"))
                    .and_then(Value::as_str)
                    .filter(|t| !t.trim().is_empty());
                if let Some(title) = title {
                    return Some(Label::both(title));
                }
                if let Some(tag) = tags.as_ref().and_then(|tags| tags.get(i)) {
                    return Some(Label::both(tag));
                }
                let own: Vec<&SchemaRef> = refs[i]
                    .iter()
                    .filter(|r| (0..refs.len()).all(|j| j == i || !refs[j].contains(r)))
                    .collect();
                let [target] = own.as_slice() else {
                    let declared = declared
                        .get_or_insert_with(|| branches.iter().map(|b| self.declared(b)).collect());
                    return self
                        .own_property(&branches[i], declared, i)
                        .map(|property| {
                            let union = union_words(hint);
                            Label {
                                variant: format!("with_{property}"),
                                in_type: format!("{union}_with_{property}"),
                            }
                        });
                };
                let name = self.definitions.get(*target)?;
                // One segment of the type's path, so that its name keeps the union's and does
                // not read as the target's.
                let union = union_words(hint);
                Some(Label {
                    variant: name.clone(),
                    in_type: format!("{union}_{}", without_shared_words(name, &union)),
                })
            })
            .collect()
    }

    /// The one property an inline object alternative requires that no other alternative
    /// declares (`requested_team` beside `requested_reviewer`).
    /// `declared` holds the properties each alternative declares; `branch` is the `i`th.
    fn own_property(
        &self,
        branch: &SchemaRef,
        declared: &[Vec<String>],
        i: usize,
    ) -> Option<String> {
        let schema = self.value(branch)?.as_object()?;
        let required = string_list(schema.get("required"));
        let own: Vec<&String> = declared[i]
            .iter()
            .filter(|p| required.contains(p))
            .filter(|p| (0..declared.len()).all(|j| j == i || !declared[j].contains(p)))
            .collect();
        match own.as_slice() {
            [property] => Some((*property).clone()),
            _ => None,
        }
    }

    /// The properties an alternative declares, through a `$ref` and the parts of an `allOf`.
    fn declared(&self, branch: &SchemaRef) -> Vec<String> {
        let target = self.follow_refs(branch);
        let Some(schema) = self.value(&target).and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut names: Vec<String> = match schema.get("properties") {
            Some(Value::Object(properties)) => properties.keys().cloned().collect(),
            _ => Vec::new(),
        };
        if let Some(Value::Array(parts)) = schema.get("allOf") {
            for j in 0..parts.len() {
                let part = self.follow_refs(&child(&child(&target, "allOf"), &j.to_string()));
                if let Some(Value::Object(properties)) =
                    self.value(&part).and_then(|p| p.get("properties"))
                {
                    names.extend(properties.keys().cloned());
                }
            }
        }
        names
    }

    /// The targets of the `$ref`s an alternative's `allOf` lists directly.
    fn all_of_refs(&self, branch: &SchemaRef) -> Vec<SchemaRef> {
        let Some(Value::Array(parts)) = self.value(branch).and_then(|b| b.get("allOf")) else {
            return Vec::new();
        };
        (0..parts.len())
            .filter_map(|j| {
                let part = child(&child(branch, "allOf"), &j.to_string());
                self.refs.get(&part).map(|_| self.follow_refs(&part))
            })
            .collect()
    }

    fn variant_name(&self, branch: &SchemaRef, ty: &TypeRef) -> String {
        let value = self.value(branch);
        if let Some(target) = self.refs.get(branch) {
            return self
                .definitions
                .get(target)
                .cloned()
                .unwrap_or_else(|| ref_name(&target.pointer));
        }
        if let Some(title) = value.and_then(|v| v.get("title")).and_then(Value::as_str) {
            return title.to_string();
        }
        match ty {
            TypeRef::Named(id) => match self.slots.get(id.0).and_then(|s| s.def.as_ref()) {
                Some(def) => def.schema_name.clone(),
                None => "Value".to_string(),
            },
            other => describe_kind(other).to_string(),
        }
    }

    /// Whether `ty` is a float, directly or through an alias: serde tries the alternatives of
    /// an untagged union in order, and an integer must not be taken as a float.
    pub(super) fn is_float(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Number(_) => true,
            TypeRef::Named(id) => self.aliased.get(id).is_some_and(|t| self.is_float(t)),
            _ => false,
        }
    }
}

/// The strings of a schema that is nothing but a string `enum` or `const` (with docs).
fn unit_strings(schema: &Map<String, Value>) -> Option<Vec<String>> {
    let only_strings = schema
        .keys()
        .all(|k| matches!(k.as_str(), "type" | "enum" | "const") || is_annotation(k))
        && schema
            .get("type")
            .is_none_or(|t| t.as_str() == Some("string"));
    if !only_strings {
        return None;
    }
    if let Some(value) = schema.get("const") {
        return value.as_str().map(|s| vec![s.to_string()]);
    }
    schema
        .get("enum")?
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The string of a `const`, or of an `enum` with one value.
fn const_string(schema: &Value) -> Option<String> {
    let value =
        schema
            .get("const")
            .or_else(|| match schema.get("enum")?.as_array()?.as_slice() {
                [one] => Some(one),
                _ => None,
            })?;
    value.as_str().map(str::to_string)
}

fn is_null_schema(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    map.get("type").and_then(Value::as_str) == Some("null")
        || map.get("const") == Some(&Value::Null)
        || map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1 && e[0].is_null())
}

/// A short name for what a type holds, used to name union variants.
pub(super) fn describe_kind(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Any => "Value",
        TypeRef::Tuple(_) => "Tuple",
        TypeRef::Null => "Null",
        TypeRef::Boolean => "Boolean",
        TypeRef::Integer(_) => "Integer",
        TypeRef::Number(_) => "Number",
        TypeRef::String(StringFormat::DateTime) => "DateTime",
        TypeRef::String(StringFormat::Date) => "Date",
        TypeRef::String(StringFormat::Ipv4) => "Ipv4",
        TypeRef::String(StringFormat::Ipv6) => "Ipv6",
        TypeRef::String(StringFormat::Uuid) => "Uuid",
        TypeRef::String(StringFormat::Plain | StringFormat::Custom { .. }) => "String",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Object",
        TypeRef::Nullable(inner) => describe_kind(inner),
        TypeRef::Named(_) => "Value",
    }
}

/// The name of an inline alternative: its variant's, and what follows the union's name in the
/// name of its type.
struct Label {
    variant: String,
    in_type: String,
}

impl Label {
    fn both(name: &str) -> Label {
        Label {
            variant: name.to_string(),
            in_type: name.to_string(),
        }
    }
}

/// The end of a union's path that names it, as one segment: its last step, back to one that
/// says something on its own (`allow_item` for `Config allow item`, not `item`).
fn union_words(hint: &str) -> String {
    let steps: Vec<&str> = hint.split(' ').filter(|s| !s.is_empty()).collect();
    let start = steps
        .iter()
        .rposition(|s| crate::naming::meaningful_segment(s))
        .unwrap_or(0);
    match steps.get(start..) {
        Some(named) if !named.is_empty() => named.join("_"),
        _ => hint.to_string(),
    }
}

/// `name` without the words it starts with that `parent` starts with too
/// (`repository-rule-creation` under `repository-rule-detailed` is `creation`); the whole name
/// when that would leave nothing.
fn without_shared_words(name: &str, parent: &str) -> String {
    let words = |s: &str| -> Vec<String> {
        s.to_snake_case()
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (own, theirs) = (words(name), words(parent));
    let shared = own.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
    if shared == 0 || shared == own.len() {
        name.to_string()
    } else {
        own[shared..].join("_")
    }
}

#[cfg(test)]
mod tests {
    use super::{union_words, without_shared_words};

    #[test]
    fn a_target_loses_the_words_it_shares_with_its_union() {
        let strip = without_shared_words;
        assert_eq!(
            strip("repository-rule-creation", "repository-rule-detailed"),
            "creation"
        );
        assert_eq!(
            strip("repository-rule-max-file-size", "RepositoryRuleDetailed"),
            "max_file_size"
        );
        // Nothing shared, or nothing left: the whole name.
        assert_eq!(
            strip("simple-user", "copilot-space-collaborator"),
            "simple-user"
        );
        assert_eq!(strip("rule", "rule-detailed"), "rule");
    }

    #[test]
    fn a_union_is_named_back_to_a_step_that_says_something() {
        assert_eq!(
            union_words("repository-rule-detailed"),
            "repository-rule-detailed"
        );
        assert_eq!(union_words("Config allow item"), "allow_item");
        assert_eq!(union_words("Config matrix item 0"), "matrix_item_0");
        assert_eq!(union_words(""), "");
    }
}
