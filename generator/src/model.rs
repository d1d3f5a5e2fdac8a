//! The intermediate form both emitters read: named types, fields, variants and their docs.
//!
//! It holds no syn and no raw schema, only what the output needs: names already unique and valid,
//! types resolved, constraints, nullability, examples and deprecation kept for emitters, example
//! checks and future comparisons of two schema versions.

use serde_json::Value;

use crate::error::Location;

/// Every type generated from a set of schemas, in a deterministic order.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The named types; a [`TypeId`] indexes this list.
    pub types: Vec<TypeDef>,
    /// The schema files the model was built from, as displayed in headers.
    pub sources: Vec<String>,
    /// The schemas that kept keywords ([`Constraints::extra`]) reach through `$ref`, each with
    /// its own references rewritten to indexes into this list (`{"$ref": 3}`).
    pub schemas: Vec<Value>,
}

impl Model {
    /// The type a [`TypeId`] designates.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// Index of a named type in [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust identifier, unique in the crate.
    pub name: String,
    /// The name in the schema (definition key, title or property path) it was derived from.
    pub schema_name: String,
    /// Whether `schema_name` is a name the schema gives (a definition key, a title, a file
    /// name) rather than one made up from the path to an inline schema.
    pub named_in_schema: bool,
    /// Where the schema of this type is.
    pub origin: Location,
    /// Description, examples and the like.
    pub docs: Docs,
    /// Validation keywords of the schema.
    pub constraints: Constraints,
    /// What the type is.
    pub kind: TypeKind,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// An object with no named properties: a newtype over a map from string keys to `value`.
    Map(TypeRef),
    /// A value that is one of several types (`oneOf` / `anyOf` / several `type`s).
    Union(Union),
    /// A newtype over another type (a recursive array, say).
    Newtype(TypeRef),
    /// Another name for a type that is not generated (a definition that is a string, an
    /// array, a number): `pub type Name = T;`. References to the definition use the name,
    /// except where it is nullable (they carry `Option` themselves).
    Alias(TypeRef),
}

/// An object schema with properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The fields in the order the schema lists its properties.
    pub fields: Vec<Field>,
    /// `additionalProperties: false`: unknown keys are an error.
    pub deny_unknown_fields: bool,
    /// `additionalProperties` with a schema beside `properties`: every other key, kept in a
    /// flattened map so that nothing is lost on a round trip.
    pub additional: Option<Additional>,
}

/// The map that holds the keys of an object that its properties do not name.
#[derive(Debug, Clone, PartialEq)]
pub struct Additional {
    /// The Rust field name of the map.
    pub name: String,
    /// The type of each value.
    pub value: TypeRef,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name (keywords raw: `r#type`).
    pub name: String,
    /// The JSON key, exactly as in the schema.
    pub key: String,
    /// Where the property's schema is.
    pub origin: Location,
    /// The type of a present, non-null value.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `null` is a valid value.
    pub nullable: bool,
    /// The field holds its type behind a `Box` to break a cycle.
    pub boxed: bool,
    /// Description, examples and the like.
    pub docs: Docs,
    /// Validation keywords of the property.
    pub constraints: Constraints,
    /// The value an absent optional property reads as (its `default`, checked against its
    /// type); the field is then not an `Option`.
    pub default: Option<Value>,
    /// An optional, nullable property whose absence and `null` are told apart: the field is a
    /// `Nullable<T>` rather than an `Option<T>` (with `Config::absent_vs_null`).
    pub tri_state: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_option(&self) -> bool {
        (!self.required && self.default.is_none()) || self.nullable
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The listed values, in schema order.
    pub variants: Vec<Variant>,
    /// Values not listed are kept (`x-speakeasy-unknown-values: allow`, or `anyOf` with a plain
    /// string) in an extra `Unrecognized(String)` variant.
    pub open: bool,
}

impl Enum {
    /// The name of the variant that holds unlisted values of an open enum.
    pub const UNRECOGNIZED: &'static str = "Unrecognized";
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The JSON string.
    pub value: String,
}

/// A value of one of several types.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives in schema order.
    pub variants: Vec<UnionVariant>,
    /// How the JSON says which alternative a value is.
    pub tagging: Tagging,
}

/// How a union's JSON names its alternative (serde's enum representations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tagging {
    /// It does not: the alternatives are tried in order.
    Untagged,
    /// A property of the alternative's own object (OpenAPI `discriminator`, or a `const`
    /// property every alternative requires) holds one of its `tag_values`.
    Internal {
        /// The property name.
        property: String,
    },
    /// `{"<tag>": value}`, and a bare `"<tag>"` string for alternatives that hold nothing
    /// ([`TypeRef::Null`]): serde's default representation of enums.
    External,
    /// `{"<tag property>": "<tag>", "<content property>": value}`; the content is absent for
    /// alternatives that hold nothing ([`TypeRef::Null`]).
    Adjacent {
        /// The property that names the alternative.
        tag: String,
        /// The property that holds the value.
        content: String,
    },
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// What the variant holds.
    pub ty: TypeRef,
    /// Description of the alternative.
    pub docs: Docs,
    /// The variant holds its type behind a `Box` to break a cycle.
    pub boxed: bool,
    /// The tags that select this alternative: values of the tag property ([`Tagging::Internal`],
    /// [`Tagging::Adjacent`]) or the key of the wrapping object ([`Tagging::External`]).
    pub tag_values: Vec<String>,
}

/// The type of a value, as used in a field, an array or a map.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// Any JSON value.
    Any,
    /// JSON `null` alone.
    Null,
    /// `true` or `false`.
    Boolean,
    /// An integer of the given width.
    Integer(IntegerKind),
    /// A floating point number.
    Number(NumberKind),
    /// A string, with its format when that maps to a dedicated type.
    String(StringFormat),
    /// A list.
    Array(Box<TypeRef>),
    /// A fixed-length array whose items have types of their own (`prefixItems`).
    Tuple(Vec<TypeRef>),
    /// An object used as a map from string keys.
    Map(Box<TypeRef>),
    /// A value that may be `null` (inside an array or a map; fields carry their own flag).
    Nullable(Box<TypeRef>),
    /// A generated type.
    Named(TypeId),
}

impl TypeRef {
    /// Calls `f` on this type and on every type inside it (items, values, tuple members), not
    /// following named types.
    pub fn visit(&self, f: &mut dyn FnMut(&TypeRef)) {
        f(self);
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.visit(f)
            }
            TypeRef::Tuple(items) => items.iter().for_each(|item| item.visit(f)),
            _ => {}
        }
    }

    /// Whether this type holds, anywhere inside, a type the user chose for a format.
    pub fn has_custom_format(&self) -> bool {
        let mut found = false;
        self.visit(&mut |t| found |= matches!(t, TypeRef::String(StringFormat::Custom { .. })));
        found
    }
}

/// Integer widths, from `format` (`int32`, `uint8`, ...); `I64` when none is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum IntegerKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

/// Float widths, from `format` (`float`, `double`); `F64` when none is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum NumberKind {
    F32,
    F64,
}

/// String formats with a dedicated Rust type; any other string is [`StringFormat::Plain`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StringFormat {
    /// No format, or one kept as a `String` (`email`, `uri`, `time`, `duration`, ...).
    Plain,
    /// RFC 3339 date and time: `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// RFC 3339 full date: `chrono::NaiveDate`.
    Date,
    /// `ipv4`: `std::net::Ipv4Addr`.
    Ipv4,
    /// `ipv6`: `std::net::Ipv6Addr`.
    Ipv6,
    /// RFC 4122 `uuid`: `uuid::Uuid`.
    Uuid,
    /// A type the user named for a format (a Rust type path such as `url::Url`), which must
    /// implement `Debug`, `Clone`, `PartialEq` and serde's traits.
    Custom {
        /// The `format` value in the schema.
        format: String,
        /// The Rust type, as written by the user.
        rust_type: String,
    },
}

impl StringFormat {
    /// The built-in mapping of a `format` value of a string.
    pub fn builtin(format: &str) -> StringFormat {
        match format {
            "date-time" => StringFormat::DateTime,
            "date" => StringFormat::Date,
            "ipv4" => StringFormat::Ipv4,
            "ipv6" => StringFormat::Ipv6,
            "uuid" => StringFormat::Uuid,
            _ => StringFormat::Plain,
        }
    }
}

/// Documentation that travels with a type, a field or a variant.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `examples`, or OpenAPI's singular `example`.
    pub examples: Vec<Value>,
    /// Where each of `examples` is, relative to the schema: `examples/0`, or `example`.
    pub example_paths: Vec<String>,
    /// `default`.
    pub default: Option<Value>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly: true`.
    pub read_only: bool,
    /// `writeOnly: true`.
    pub write_only: bool,
    /// `format` as written in the schema, where the Rust type does not show it.
    pub format: Option<String>,
}

/// Validation keywords, kept for validation on deserialize and for the docs.
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(missing_docs)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// `patternProperties`: the patterns keys beyond the named properties match.
    pub key_patterns: Vec<String>,
    /// The values `enum` or `const` allow where a string enum does not stand for them (numbers,
    /// booleans, mixed kinds, arrays, objects); empty when there is no such rule.
    pub allowed: Vec<Value>,
    /// The keywords no Rust type carries (`not`, `if`/`then`/`else`, `contains`,
    /// `propertyNames`, `dependencies`, `dependentRequired`, `dependentSchemas`), as a schema
    /// object the generated code evaluates on the value's JSON; `None` when there are none, or
    /// when they hold a `$ref` (which that evaluation cannot follow). `false` for a definition
    /// whose schema is `false`, which no value keeps.
    pub extra: Option<Value>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}
