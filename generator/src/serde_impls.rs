//! serde's `Serialize` and `Deserialize` for structs, written out rather than derived.
//!
//! A derive writes, for every struct, a field enum with its own `Deserialize`, a visitor for
//! objects and another for arrays (so that a struct also reads a JSON array of its fields), and
//! per-field code in each. Written out, a struct's `Deserialize` is one loop over the object's
//! keys that calls generic functions of the file's support module (checked once by rustc, not
//! once per struct), and its `Serialize` writes one map entry per field. The JSON is the same;
//! what differs is that an array is not an object, and that a required property which may be
//! `null` must still be present.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::checks;
use crate::emit_rust::{field_type, ident, rust_type};
use crate::model::{Additional, Field, IntegerKind, Model, Struct, TypeDef, TypeKind, TypeRef};

/// `Serialize`: the fields as map entries, optional ones only when present, then the other
/// keys.
pub fn serialize_struct(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let entries = s.fields.iter().map(serialize_entry);
    let additional = s.additional.as_ref().map(serialize_additional);
    let body = if s.fields.is_empty() && s.additional.is_none() {
        quote!(
            serializer
                .serialize_map(::std::option::Option::Some(0))?
                .end()
        )
    } else {
        quote! {
            let mut map = serializer.serialize_map(::std::option::Option::None)?;
            #(#entries)*
            #additional
            map.end()
        }
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                use ::serde::ser::SerializeMap as _;
                #body
            }
        }
    }
}

/// The statement that writes `field`'s map entry (when it has a value).
pub fn serialize_entry(field: &Field) -> TokenStream {
    let field_name = ident(&field.name);
    let key = &field.key;
    if field.required || field.default.is_some() {
        quote!(map.serialize_entry(#key, &self.#field_name)?;)
    } else if field.tri_state {
        quote! {
            if !self.#field_name.is_absent() {
                map.serialize_entry(#key, &self.#field_name)?;
            }
        }
    } else {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#field_name {
                map.serialize_entry(#key, value)?;
            }
        }
    }
}

/// The loop that writes the other keys a struct keeps.
pub fn serialize_additional(additional: &Additional) -> TokenStream {
    let field_name = ident(&additional.name);
    quote! {
        for (key, value) in &self.#field_name {
            map.serialize_entry(key, value)?;
        }
    }
}

/// `Deserialize`: a JSON object (not an array) whose keys fill one slot per field; a key seen
/// twice is an error, and so are an absent required property and, where the schema says
/// `additionalProperties: false`, a key it does not name. With `checked`, the value is then
/// checked against the rules of its fields (`Validate`).
pub fn deserialize_struct(model: &Model, def: &TypeDef, s: &Struct, checked: bool) -> TokenStream {
    let name = ident(&def.name);
    let slots = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| slot(model, i, field));
    // Every arm gives a `Result`, checked once after the match: a `?` in each arm would give
    // each its own exit that drops every slot, and rustc's time and memory grow with the
    // square of the fields.
    let arms = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| key_arm(i, field));
    let other = other_key(s);
    let read_keys = if s.fields.is_empty() && s.additional.is_none() && s.deny_unknown_fields {
        // No key is allowed: the first one is the error.
        quote! {
            if let ::std::option::Option::Some(key) = map.next_key::<__private::Key<'de>>()? {
                return #other;
            }
        }
    } else {
        let per_key = if s.fields.is_empty() {
            quote!(#other?;)
        } else {
            quote! {
                match key.as_str() {
                    #(#arms)*
                    _ => #other,
                }?;
            }
        };
        quote! {
            while let ::std::option::Option::Some(key) = map.next_key::<__private::Key<'de>>()? {
                #per_key
            }
        }
    };
    let additional_slot = s.additional.as_ref().map(|additional| {
        let field_name = ident(&additional.name);
        quote!(let mut #field_name = ::std::collections::BTreeMap::new();)
    });
    let build = build(def, s, checked);
    let read = read_json_first(def, checked)
        .unwrap_or_else(|| quote!(__private::deserialize_object(deserializer)));
    let type_name = &def.name;
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                #read
            }
        }

        impl __private::Object for #name {
            const NAME: &'static str = #type_name;

            fn visit_map<'de, __A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::std::result::Result<Self, __A::Error> {
                #(#slots)*
                #additional_slot
                #read_keys
                #build
            }
        }
    }
}

/// The body of `deserialize` for a struct whose kept keywords ([`Constraints::extra`]) must
/// see the object as it is, keys no field names included: the JSON is read first, then the
/// fields from it (whose errors say more), then the kept keywords on it. `None` for the other
/// structs, which read the fields straight from the deserializer.
///
/// [`Constraints::extra`]: crate::model::Constraints::extra
pub fn read_json_first(def: &TypeDef, checked: bool) -> Option<TokenStream> {
    let extra = def.constraints.extra.as_ref().filter(|_| checked)?;
    let schema = crate::checks::schema_ref(extra);
    Some(quote! {
        use ::serde::de::Error as _;
        let json = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
        let value = __private::deserialize_object(&json).map_err(__D::Error::custom)?;
        __private::json(&json, #schema, "").map_err(__D::Error::custom)?;
        ::std::result::Result::Ok(value)
    })
}

/// The name of the slot of the `i`th field.
fn slot_name(i: usize) -> Ident {
    format_ident!("f{}", i)
}

/// The slot the `i`th field's value is read into.
pub fn slot(model: &Model, i: usize, field: &Field) -> TokenStream {
    let slot = slot_name(i);
    let ty = field_type(field, rust_type(model, &field.ty));
    quote!(let mut #slot: ::std::option::Option<#ty> = ::std::option::Option::None;)
}

/// The arm that reads the `i`th field's key.
pub fn key_arm(i: usize, field: &Field) -> TokenStream {
    let slot = slot_name(i);
    let key = &field.key;
    let reader = format_ident!("{}", field_reader(field));
    quote!(#key => __private::#reader(&mut map, &mut #slot, #key),)
}

/// The function of the support module that reads a field's value into its slot; the one name
/// both the tokens and the text of the impls use.
pub fn field_reader(field: &Field) -> &'static str {
    if reads_integer(field).is_some() {
        "integer_field"
    } else {
        "field"
    }
}

/// What a key no field names does.
pub fn other_key(s: &Struct) -> TokenStream {
    if let Some(additional) = &s.additional {
        let field_name = ident(&additional.name);
        quote!(__private::other(&mut map, &mut #field_name, key))
    } else if s.deny_unknown_fields {
        let keys = s.fields.iter().map(|f| f.key.as_str());
        quote!(__private::unknown(key.as_str(), &[#(#keys),*]))
    } else {
        quote!(__private::skip(&mut map))
    }
}

/// The value built from the slots, or the error for the first required property missing;
/// with `checked`, the value is checked against its rules.
pub fn build(def: &TypeDef, s: &Struct, checked: bool) -> TokenStream {
    let name = ident(&def.name);
    let required: Vec<usize> = (0..s.fields.len())
        .filter(|&i| s.fields[i].required && s.fields[i].default.is_none())
        .collect();
    let values = s.fields.iter().enumerate().map(|(i, field)| {
        let slot = slot_name(i);
        let field_name = ident(&field.name);
        let value = if field.default.is_some() {
            let default = format_ident!("{}", crate::emit_rust::default_fn_name(field));
            quote!(#slot.unwrap_or_else(#name::#default))
        } else if field.required {
            quote!(#slot)
        } else if field.tri_state {
            quote!(#slot.unwrap_or_default())
        } else {
            quote!(#slot.flatten())
        };
        quote!(#field_name: #value,)
    });
    let additional_value = s.additional.as_ref().map(|additional| {
        let field_name = ident(&additional.name);
        quote!(#field_name,)
    });
    let value = quote! {
        #name {
            #(#values)*
            #additional_value
        }
    };
    // The required properties are matched all at once: present, the value is built; else the
    // error names the first one missing.
    let built = if checked {
        quote!(__private::valid(#value))
    } else {
        quote!(::std::result::Result::Ok(#value))
    };
    if required.is_empty() {
        return built;
    }
    let slots: Vec<_> = required.iter().map(|&i| slot_name(i)).collect();
    let keys = required.iter().map(|&i| s.fields[i].key.as_str());
    quote! {
        match (#(#slots,)*) {
            (#(::std::option::Option::Some(#slots),)*) => #built,
            (#(#slots,)*) => ::std::result::Result::Err(__private::missing(&[#((#slots.is_none(), #keys)),*])),
        }
    }
}

/// The integer a field holds, when it is read through [`integer_support`]: an integer, or an
/// `Option` of one (not boxed, not tri-state).
fn reads_integer(field: &Field) -> Option<IntegerKind> {
    match field.ty {
        TypeRef::Integer(kind) if !field.boxed && !field.tri_state => Some(kind),
        _ => None,
    }
}

/// The integer types that the written-out impls of a model read through the support module's `integer_field`:
/// those of struct fields and of checked newtypes.
pub fn integers_read(model: &Model) -> Vec<IntegerKind> {
    let mut kinds: Vec<IntegerKind> = model
        .types
        .iter()
        .flat_map(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(reads_integer).collect(),
            TypeKind::Newtype(TypeRef::Integer(kind)) if checks::is_checked_newtype(model, def) => {
                vec![*kind]
            }
            _ => Vec::new(),
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}
