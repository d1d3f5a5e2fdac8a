//! The Rust types the items refer to, as tokens, and what they need of the crate around them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Field, IntegerKind, Model, NumberKind, StringFormat, TypeKind, TypeRef};

/// Whether the generated code uses `chrono` (so a crate around it must depend on it).
pub fn uses_chrono(model: &Model) -> bool {
    uses_format(model, &|f| {
        matches!(f, StringFormat::DateTime | StringFormat::Date)
    })
}

/// Whether the generated code uses `uuid` (so a crate around it must depend on it).
pub fn uses_uuid(model: &Model) -> bool {
    uses_format(model, &|f| matches!(f, StringFormat::Uuid))
}

/// Whether any type of the model holds a string of a format `wanted` accepts.
fn uses_format(model: &Model, wanted: &dyn Fn(&StringFormat) -> bool) -> bool {
    let in_ref = |ty: &TypeRef| {
        let mut found = false;
        ty.visit(&mut |t| {
            if let TypeRef::String(format) = t {
                found |= wanted(format);
            }
        });
        found
    };
    model.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| in_ref(&f.ty))
                || s.additional.as_ref().is_some_and(|a| in_ref(&a.value))
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| in_ref(&v.ty)),
        TypeKind::Map(ty) | TypeKind::Newtype(ty) | TypeKind::Alias(ty) => in_ref(ty),
        TypeKind::Enum(_) => false,
    })
}

/// An identifier token for a name from the model (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a value, with absolute paths so that no schema name can shadow it.
pub fn rust_type(model: &Model, ty: &TypeRef) -> TokenStream {
    rust_type_as(model, ty, false)
}

/// The type of a struct field that holds `ty`: boxed to break a cycle, an `Option` when it may
/// be absent or `null`.
pub fn field_type(field: &Field, mut ty: TokenStream) -> TokenStream {
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if field.tri_state {
        ty = quote!(Nullable<#ty>);
    } else if field.is_option() {
        ty = quote!(::std::option::Option<#ty>);
    }
    ty
}

/// The type `schemars` describes in place of `ty`: the same, with every type the user chose for
/// a format read as the string it is in JSON (the user's type need not implement `JsonSchema`).
pub(super) fn schema_stand_in(model: &Model, ty: &TypeRef) -> Option<TokenStream> {
    ty.has_custom_format()
        .then(|| rust_type_as(model, ty, true))
}

/// A type as Rust source, formatted as `prettyplease` formats it (`::std::string::String`, not
/// `:: std :: string :: String`), for attributes that take a type as a string.
pub(super) fn type_text(ty: TokenStream) -> String {
    let text = ty.to_string();
    let Ok(file) = syn::parse_str::<syn::File>(&format!("type T = {text};")) else {
        return text;
    };
    let printed = prettyplease::unparse(&file);
    printed
        .trim()
        .strip_prefix("type T = ")
        .and_then(|t| t.strip_suffix(';'))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or(text)
}

pub(super) fn rust_type_as(model: &Model, ty: &TypeRef, custom_as_string: bool) -> TokenStream {
    let rust_type = |ty: &TypeRef| rust_type_as(model, ty, custom_as_string);
    match ty {
        TypeRef::Any => quote!(::serde_json::Value),
        TypeRef::Null => quote!(()),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Integer(kind) => {
            let name = format_ident!("{}", integer_name(*kind));
            quote!(#name)
        }
        TypeRef::Number(NumberKind::F32) => quote!(f32),
        TypeRef::Number(NumberKind::F64) => quote!(f64),
        TypeRef::String(StringFormat::Plain) => quote!(::std::string::String),
        TypeRef::String(StringFormat::DateTime) => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::String(StringFormat::Date) => quote!(::chrono::NaiveDate),
        TypeRef::String(StringFormat::Ipv4) => quote!(::std::net::Ipv4Addr),
        TypeRef::String(StringFormat::Ipv6) => quote!(::std::net::Ipv6Addr),
        TypeRef::String(StringFormat::Uuid) => quote!(::uuid::Uuid),
        TypeRef::String(StringFormat::Custom { .. }) if custom_as_string => {
            quote!(::std::string::String)
        }
        TypeRef::String(StringFormat::Custom { rust_type, .. }) => rust_type
            .parse()
            .unwrap_or_else(|_| quote!(::std::string::String)),
        TypeRef::Tuple(items) => {
            let items = items.iter().map(&rust_type);
            quote!((#(#items,)*))
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Named(id) => {
            let name = ident(&model.get(*id).name);
            quote!(#name)
        }
    }
}

/// The Rust name of an integer width.
pub fn integer_name(kind: IntegerKind) -> &'static str {
    match kind {
        IntegerKind::I8 => "i8",
        IntegerKind::I16 => "i16",
        IntegerKind::I32 => "i32",
        IntegerKind::I64 => "i64",
        IntegerKind::U8 => "u8",
        IntegerKind::U16 => "u16",
        IntegerKind::U32 => "u32",
        IntegerKind::U64 => "u64",
    }
}
