//! Checking example values against the model: examples that do not fit their type are reported
//! (the page still shows them) and are not used in snippets.

use std::cell::Cell;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::load;
use crate::model::{
    IntegerKind, Model, NumberKind, StringFormat, Tagging, TypeKind, TypeRef, Union,
};

/// Whether `value` is a valid JSON value for `ty`; the error says what does not fit.
pub fn check(model: &Model, ty: &TypeRef, nullable: bool, value: &Value) -> Result<(), String> {
    check_at(model, ty, nullable, value, 0, &Cell::new(BUDGET), None)
}

/// How many named types one check may visit: unions of unions can branch exponentially, and
/// an example that takes more than this to check is reported rather than checked forever.
const BUDGET: usize = 100_000;

/// The named types being checked against values, innermost first: a type met again with the same
/// value (a union that holds itself) is a cycle that consumes nothing, so it fails at once
/// instead of trying every path through it.
struct Visit<'a> {
    id: usize,
    value: *const Value,
    outer: Option<&'a Visit<'a>>,
}

impl Visit<'_> {
    fn contains(&self, id: usize, value: *const Value) -> bool {
        let mut visit = Some(self);
        while let Some(v) = visit {
            if v.id == id && std::ptr::eq(v.value, value) {
                return true;
            }
            visit = v.outer;
        }
        false
    }
}

/// How many types deep a check may go: a value nests at most as deep as JSON parsing allows,
/// but a union can hold itself without consuming any of the value.
const MAX_DEPTH: usize = 256;

fn check_at(
    model: &Model,
    ty: &TypeRef,
    nullable: bool,
    value: &Value,
    depth: usize,
    budget: &Cell<usize>,
    visiting: Option<&Visit<'_>>,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("the type refers to itself without end".to_string());
    }
    let check = |ty: &TypeRef, nullable: bool, value: &Value| {
        check_at(model, ty, nullable, value, depth + 1, budget, visiting)
    };
    if value.is_null() && nullable {
        return Ok(());
    }
    match (ty, value) {
        (TypeRef::Any, _) | (TypeRef::Null, Value::Null) | (TypeRef::Boolean, Value::Bool(_)) => {
            Ok(())
        }
        (TypeRef::Integer(kind), Value::Number(n)) => {
            let fits = match kind {
                IntegerKind::I8 => n.as_i64().is_some_and(|x| i8::try_from(x).is_ok()),
                IntegerKind::I16 => n.as_i64().is_some_and(|x| i16::try_from(x).is_ok()),
                IntegerKind::I32 => n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
                IntegerKind::I64 => n.as_i64().is_some(),
                IntegerKind::U8 => n.as_u64().is_some_and(|x| u8::try_from(x).is_ok()),
                IntegerKind::U16 => n.as_u64().is_some_and(|x| u16::try_from(x).is_ok()),
                IntegerKind::U32 => n.as_u64().is_some_and(|x| u32::try_from(x).is_ok()),
                IntegerKind::U64 => n.as_u64().is_some(),
            };
            if fits {
                Ok(())
            } else {
                Err(format!("{n} is not an integer of the field's range"))
            }
        }
        (TypeRef::Number(NumberKind::F32 | NumberKind::F64), Value::Number(_)) => Ok(()),
        (TypeRef::String(format), Value::String(s)) => check_format(format, s),
        (TypeRef::Tuple(types), Value::Array(items)) => {
            if types.len() != items.len() {
                return Err(format!(
                    "expected {} items, found {}",
                    types.len(),
                    items.len()
                ));
            }
            for (i, (ty, item)) in types.iter().zip(items).enumerate() {
                check(ty, false, item).map_err(|e| format!("item {i}: {e}"))?;
            }
            Ok(())
        }
        (TypeRef::Array(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check(inner, false, item).map_err(|e| format!("item {i}: {e}"))?;
            }
            Ok(())
        }
        (TypeRef::Map(inner), Value::Object(map)) => {
            for (key, item) in map {
                check(inner, false, item).map_err(|e| format!("key \"{key}\": {e}"))?;
            }
            Ok(())
        }
        (TypeRef::Nullable(inner), _) => check(inner, true, value),
        (TypeRef::Named(id), _) => check_named(model, *id, value, depth + 1, budget, visiting),
        (expected, found) => Err(format!(
            "expected {}, found {}",
            expected_kind(model, expected),
            crate::convert::kind_of(found)
        )),
    }
}

fn check_named(
    model: &Model,
    id: crate::model::TypeId,
    value: &Value,
    depth: usize,
    budget: &Cell<usize>,
    visiting: Option<&Visit<'_>>,
) -> Result<(), String> {
    if visiting.is_some_and(|v| v.contains(id.0, value)) {
        return Err("the type refers to itself without end".to_string());
    }
    if budget.get() == 0 {
        return Err("the value is too complex to check against this type".to_string());
    }
    budget.set(budget.get() - 1);
    let here = Visit {
        id: id.0,
        value,
        outer: visiting,
    };
    let check = |ty: &TypeRef, nullable: bool, value: &Value| {
        check_at(model, ty, nullable, value, depth + 1, budget, Some(&here))
    };
    let def = model.get(id);
    match (&def.kind, value) {
        (TypeKind::Struct(s), Value::Object(map)) => {
            for field in &s.fields {
                match map.get(&field.key) {
                    Some(item) => check(&field.ty, field.nullable, item)
                        .map_err(|e| format!("\"{}\": {e}", field.key))?,
                    None if field.required => {
                        return Err(format!(
                            "the required property \"{}\" is missing",
                            field.key
                        ));
                    }
                    None => {}
                }
            }
            for (key, value) in map
                .iter()
                .filter(|(k, _)| !s.fields.iter().any(|f| &f.key == *k))
            {
                if s.deny_unknown_fields {
                    return Err(format!("property \"{key}\" is not allowed"));
                }
                if let Some(additional) = &s.additional {
                    check(&additional.value, false, value)
                        .map_err(|e| format!("\"{key}\": {e}"))?;
                }
            }
            Ok(())
        }
        (TypeKind::Enum(e), Value::String(s)) => {
            if e.open || e.variants.iter().any(|v| &v.value == s) {
                Ok(())
            } else {
                let listed: Vec<String> = e
                    .variants
                    .iter()
                    .map(|v| format!("\"{}\"", v.value))
                    .collect();
                Err(format!("\"{s}\" is not one of {}", listed.join(", ")))
            }
        }
        (TypeKind::Map(inner), Value::Object(_)) => {
            check(&TypeRef::Map(Box::new(inner.clone())), false, value)
        }
        (TypeKind::Newtype(inner) | TypeKind::Alias(inner), _) => check(inner, false, value),
        (TypeKind::Union(u), _) if u.tagging != Tagging::Untagged => {
            let (index, inner) = tagged_choice(u, value)?;
            let variant = &u.variants[index];
            match inner {
                Some(inner) => check(&variant.ty, false, inner),
                None if variant.ty == TypeRef::Null => Ok(()),
                None => Err(format!("the value of `{}` is missing", variant.name)),
            }
        }
        (TypeKind::Union(u), _) => {
            if u.variants
                .iter()
                .any(|v| check(&v.ty, false, value).is_ok())
            {
                Ok(())
            } else {
                Err(format!(
                    "{} matches none of the alternatives of {}",
                    crate::convert::kind_of(value),
                    def.name
                ))
            }
        }
        (_, found) => Err(format!(
            "expected {}, found {}",
            expected_kind(model, &TypeRef::Named(id)),
            crate::convert::kind_of(found)
        )),
    }
}

/// The alternative of a tagged union that `value` names, with the JSON it holds (`None` for
/// a variant that holds nothing, or whose content is missing).
pub fn tagged_choice<'v>(
    u: &Union,
    value: &'v Value,
) -> Result<(usize, Option<&'v Value>), String> {
    let find = |tag: &str| {
        u.variants
            .iter()
            .position(|v| v.tag_values.iter().any(|t| t == tag))
            .ok_or_else(|| {
                let tags: Vec<String> = u
                    .variants
                    .iter()
                    .flat_map(|v| &v.tag_values)
                    .map(|t| format!("\"{t}\""))
                    .collect();
                format!("\"{tag}\" is not one of the tags {}", tags.join(", "))
            })
    };
    match (&u.tagging, value) {
        (Tagging::Internal { property }, _) => {
            let Some(tag) = value.get(property).and_then(Value::as_str) else {
                return Err(format!("the tag property \"{property}\" is missing"));
            };
            Ok((find(tag)?, Some(value)))
        }
        (Tagging::External, Value::String(tag)) => Ok((find(tag)?, None)),
        (Tagging::External, Value::Object(map)) if map.len() == 1 => {
            let (tag, inner) = map.iter().next().ok_or("an empty object")?;
            Ok((find(tag)?, Some(inner)))
        }
        (Tagging::External, _) => {
            Err("expected a tag string or an object with one key, the tag".to_string())
        }
        (Tagging::Adjacent { tag, content }, Value::Object(map)) => {
            let Some(name) = map.get(tag).and_then(Value::as_str) else {
                return Err(format!("the tag property \"{tag}\" is missing"));
            };
            Ok((find(name)?, map.get(content)))
        }
        (Tagging::Adjacent { .. }, other) => Err(format!(
            "expected an object, found {}",
            crate::convert::kind_of(other)
        )),
        (Tagging::Untagged, _) => Err("the union is untagged".to_string()),
    }
}

fn check_format(format: &StringFormat, s: &str) -> Result<(), String> {
    let ok = match format {
        // A type the user chose for the format: its own parser decides, at run time.
        StringFormat::Plain | StringFormat::Custom { .. } => true,
        StringFormat::Uuid => is_uuid(s),
        StringFormat::DateTime => is_date_time(s),
        StringFormat::Date => is_date(s),
        StringFormat::Ipv4 => s.parse::<std::net::Ipv4Addr>().is_ok(),
        StringFormat::Ipv6 => s.parse::<std::net::Ipv6Addr>().is_ok(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("\"{s}\" is not a valid {}", format_name(format)))
    }
}

fn format_name(format: &StringFormat) -> &'static str {
    match format {
        StringFormat::Plain | StringFormat::Custom { .. } => "string",
        StringFormat::Uuid => "UUID",
        StringFormat::DateTime => "RFC 3339 date-time",
        StringFormat::Date => "RFC 3339 date",
        StringFormat::Ipv4 => "IPv4 address",
        StringFormat::Ipv6 => "IPv6 address",
    }
}

/// The hyphenated form of RFC 4122: `8-4-4-4-12` hexadecimal digits.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse::<u32>().ok())
    };
    matches!((digits(0..4), digits(5..7), digits(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

/// RFC 3339 `date-time`: a date, `T`, a time with optional fraction, and `Z` or an offset.
fn is_date_time(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => return false,
    };
    let clock_ok = {
        let (hms, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
        let parts: Vec<&str> = hms.split(':').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            && !fraction.is_empty()
            && fraction.bytes().all(|b| b.is_ascii_digit())
    };
    let offset_ok = matches!(offset, "Z" | "z")
        || (offset.len() == 6
            && offset.as_bytes()[3] == b':'
            && offset[1..3]
                .bytes()
                .chain(offset[4..].bytes())
                .all(|b| b.is_ascii_digit()));
    clock_ok && offset_ok
}

fn expected_kind(model: &Model, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Any => "any value".into(),
        TypeRef::Tuple(items) => format!("an array of {} items", items.len()),
        TypeRef::Null => "null".into(),
        TypeRef::Boolean => "a boolean".into(),
        TypeRef::Integer(_) => "an integer".into(),
        TypeRef::Number(_) => "a number".into(),
        TypeRef::String(_) => "a string".into(),
        TypeRef::Array(_) => "an array".into(),
        TypeRef::Map(_) => "an object".into(),
        TypeRef::Nullable(inner) => expected_kind(model, inner),
        TypeRef::Named(id) => {
            let def = model.get(*id);
            match &def.kind {
                TypeKind::Struct(_) | TypeKind::Map(_) => format!("an object ({})", def.name),
                TypeKind::Enum(_) => format!("a string ({})", def.name),
                TypeKind::Union(_) | TypeKind::Newtype(_) | TypeKind::Alias(_) => def.name.clone(),
            }
        }
    }
}

/// Warnings for every example in the model that does not fit its own type. Their locations
/// have no line and column yet: the caller, who has the documents, fills them in.
pub fn examples(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (index, def) in model.types.iter().enumerate() {
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                let label = format!("{}.{}", def.name, field.name);
                let fits = |e: &Value| check(model, &field.ty, field.nullable, e);
                report_examples(&mut out, &field.origin, &field.docs, &label, fits);
            }
        }
        let fits = |e: &Value| {
            check_named(
                model,
                crate::model::TypeId(index),
                e,
                0,
                &Cell::new(BUDGET),
                None,
            )
        };
        report_examples(&mut out, &def.origin, &def.docs, &def.name, fits);
    }
    out
}

/// Gives every optional, non-nullable property whose `default` fits its type that default (the
/// Rust field is then the type itself, filled in when the key is absent); warns about defaults
/// that do not fit. Types the user chose for a format are left alone: only their own parser
/// knows their values.
pub fn apply_defaults(model: &mut Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut chosen = Vec::new();
    for (t, def) in model.types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for (f, field) in s.fields.iter().enumerate() {
            let Some(default) = &field.docs.default else {
                continue;
            };
            if field.required || field.nullable || default.is_null() {
                continue;
            }
            if field.ty.has_custom_format() {
                continue;
            }
            if reenters(model, &field.ty, default, (t, &field.key), 0) {
                // Reading the default would need the default again (`{}` for a schema that
                // holds itself, as the draft-04 meta-schema's `items` does): it would never end.
                continue;
            }
            // A default that breaks the property's own rules (`minLength`, `maximum`...) is not
            // applied: reading an absent key would fail the check of a value never given.
            let keeps = check(model, &field.ty, false, default).and_then(|()| {
                if crate::checks::value_keeps(&field.constraints, default) {
                    Ok(())
                } else {
                    Err("it breaks the rules of the property's schema".to_string())
                }
            });
            match keeps {
                Ok(()) => chosen.push((t, f, default.clone())),
                Err(why) => {
                    let mut location = field.origin.clone();
                    location.line_column = None;
                    location.pointer = load::push_token(&location.pointer, "default");
                    out.push(
                        Diagnostic::warning(
                            location,
                            format!(
                                "default {default} of `{}.{}` does not match its schema: {why}",
                                def.name, field.name
                            ),
                        )
                        .with_help("fix the default; until then the field is an `Option` that reads an absent key as `None`"),
                    );
                }
            }
        }
    }
    for (t, f, default) in chosen {
        if let TypeKind::Struct(s) = &mut model.types[t].kind {
            s.fields[f].default = Some(default);
        }
    }
    out
}

/// Whether reading `value` as `ty` makes the struct `field.0` without its key `field.1`, whose
/// default is then read in turn: a default that contains its own field's absence.
fn reenters(
    model: &Model,
    ty: &TypeRef,
    value: &Value,
    field: (usize, &str),
    depth: usize,
) -> bool {
    if depth > 64 {
        return false;
    }
    let next = |ty: &TypeRef, value: &Value| reenters(model, ty, value, field, depth + 1);
    match (ty, value) {
        (TypeRef::Nullable(inner), _) => next(inner, value),
        (TypeRef::Array(item), Value::Array(items)) => items.iter().any(|v| next(item, v)),
        (TypeRef::Tuple(types), Value::Array(items)) => {
            types.iter().zip(items).any(|(t, v)| next(t, v))
        }
        (TypeRef::Map(inner), Value::Object(map)) => map.values().any(|v| next(inner, v)),
        (TypeRef::Named(id), _) => match &model.get(*id).kind {
            TypeKind::Struct(s) => {
                let Value::Object(map) = value else {
                    return false;
                };
                (id.0 == field.0 && !map.contains_key(field.1))
                    || s.fields
                        .iter()
                        .any(|f| map.get(&f.key).is_some_and(|v| next(&f.ty, v)))
            }
            TypeKind::Union(u) => u.variants.iter().any(|v| next(&v.ty, value)),
            TypeKind::Map(inner) | TypeKind::Newtype(inner) | TypeKind::Alias(inner) => {
                next(inner, value)
            }
            TypeKind::Enum(_) => false,
        },
        _ => false,
    }
}

fn report_examples(
    out: &mut Vec<Diagnostic>,
    origin: &crate::error::Location,
    docs: &crate::model::Docs,
    label: &str,
    fits: impl Fn(&Value) -> Result<(), String>,
) {
    for (i, example) in docs.examples.iter().enumerate() {
        let Err(why) = fits(example) else { continue };
        let mut location = origin.clone();
        location.line_column = None;
        for token in docs
            .example_paths
            .get(i)
            .map(String::as_str)
            .unwrap_or("examples")
            .split('/')
        {
            location.pointer = load::push_token(&location.pointer, token);
        }
        if out.iter().any(|d| d.location == location) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                location,
                format!("example {example} of `{label}` does not match its schema: {why}"),
            )
            .with_help("fix the example; the page still shows it, but the snippets do not use it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times() {
        for ok in [
            "2024-07-18T04:50:46.002Z",
            "2024-07-18T04:50:46+02:00",
            "2024-07-18t04:50:46z",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2024-07-18",
            "2024-13-18T04:50:46Z",
            "2024-07-18T04:50Z",
            "2024-07-18T04:50:46",
            "PRODUCTION",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }
}
