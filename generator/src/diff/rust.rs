//! The Rust types of the model, printed short (`Option<Vec<Categories>>`): what the user of the
//! generated crate writes, so two versions are compared by what their code would see.

use crate::emit_rust::integer_name;
use crate::model::{Field, Model, NumberKind, StringFormat, TypeKind, TypeRef};

/// The Rust type of `ty`, named types by their name in `model`.
pub fn type_name(model: &Model, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Any => "Value".to_string(),
        TypeRef::Null => "()".to_string(),
        TypeRef::Boolean => "bool".to_string(),
        TypeRef::Integer(kind) => integer_name(*kind).to_string(),
        TypeRef::Number(NumberKind::F32) => "f32".to_string(),
        TypeRef::Number(NumberKind::F64) => "f64".to_string(),
        TypeRef::String(format) => string(format),
        TypeRef::Array(item) => format!("Vec<{}>", type_name(model, item)),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items.iter().map(|t| type_name(model, t)).collect();
            format!("({})", items.join(", "))
        }
        TypeRef::Map(value) if **value == TypeRef::Any => "Map<String, Value>".to_string(),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_name(model, value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_name(model, inner)),
        TypeRef::Named(id) => model.get(*id).name.clone(),
    }
}

/// The Rust type of a field as its struct declares it (`Option`, `Box` included).
pub fn field_type(model: &Model, field: &Field) -> String {
    let inner = type_name(model, &field.ty);
    let inner = if field.boxed {
        format!("Box<{inner}>")
    } else {
        inner
    };
    if field.tri_state {
        format!("Nullable<{inner}>")
    } else if field.is_option() {
        format!("Option<{inner}>")
    } else {
        inner
    }
}

/// A line that is equal for two type definitions exactly when they generate the same Rust
/// shape (names of the types they refer to included): used to see a type renamed.
pub fn signature(model: &Model, kind: &TypeKind) -> String {
    match kind {
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| format!("{}={}:{}", f.key, f.name, field_type(model, f)))
                .collect();
            let additional = s
                .additional
                .as_ref()
                .map(|a| format!(" ..{}", type_name(model, &a.value)))
                .unwrap_or_default();
            format!(
                "struct{} {{{}{additional}}}",
                if s.deny_unknown_fields { " closed" } else { "" },
                fields.join(", ")
            )
        }
        TypeKind::Enum(e) => {
            let values: Vec<String> = e
                .variants
                .iter()
                .map(|v| format!("{}={}", v.value, v.name))
                .collect();
            format!(
                "enum{} {{{}}}",
                if e.open { " open" } else { "" },
                values.join(", ")
            )
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u
                .variants
                .iter()
                .map(|v| format!("{}({}){:?}", v.name, type_name(model, &v.ty), v.tag_values))
                .collect();
            format!("union {:?} {{{}}}", u.tagging, variants.join(", "))
        }
        TypeKind::Map(value) => format!("map {}", type_name(model, value)),
        TypeKind::Newtype(inner) => format!("newtype {}", type_name(model, inner)),
        TypeKind::Alias(inner) => format!("alias {}", type_name(model, inner)),
    }
}

/// The word for a kind of type, for messages.
pub fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(e) if e.open => "open enum",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Map(_) => "map",
        TypeKind::Newtype(_) => "newtype",
        TypeKind::Alias(_) => "type alias",
    }
}

fn string(format: &StringFormat) -> String {
    match format {
        StringFormat::Plain => "String",
        StringFormat::DateTime => "DateTime<Utc>",
        StringFormat::Date => "NaiveDate",
        StringFormat::Ipv4 => "Ipv4Addr",
        StringFormat::Ipv6 => "Ipv6Addr",
        StringFormat::Uuid => "Uuid",
        StringFormat::Custom { rust_type, .. } => rust_type,
    }
    .to_string()
}
