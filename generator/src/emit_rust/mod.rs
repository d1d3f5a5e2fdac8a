//! The Rust emitter: the model as Rust source, built with `quote!`, checked by `syn` and printed
//! by `prettyplease`. What most of a file is made of has a fixed shape and is written out as
//! text instead, exactly as `prettyplease` would print it: the serde impls and definitions of
//! structs ([`crate::serde_text`], [`crate::struct_text`]), string enums
//! ([`crate::enum_text`]) and the support code ([`crate::support_text`]);
//! [`RustOptions::prettyplease_only`] turns that off, and the tests compare the two.
//!
//! The items printed through tokens, by kind: `structs` (and the defaults of their fields),
//! `enums` (string enums), `wrappers` (newtypes, maps and unions); the Rust types they
//! refer to: `types`.

mod enums;
mod structs;
mod types;
mod wrappers;

use proc_macro2::TokenStream;
use quote::quote;

use crate::checks::{self, Checks};
use crate::error::Error;
use crate::items_text;
use crate::model::{Model, Struct, TypeDef, TypeId, TypeKind, TypeRef};
use crate::rustdoc::{self, allow_missing_docs};
use crate::serde_impls;
use crate::snippet::Snippets;

pub use self::structs::{default_fn_name, key_patterns};
pub use self::types::{field_type, ident, integer_name, rust_type, uses_chrono, uses_uuid};
use self::types::{schema_stand_in, type_text};

/// What the Rust emitter needs besides the model.
#[derive(Debug, Clone)]
pub struct RustOptions {
    /// The comment lines at the top of the file (without `//`).
    pub header: Vec<String>,
    /// The cargo feature behind which `schemars::JsonSchema` is derived; `None` derives nothing.
    pub schemars_feature: Option<String>,
    /// Crate-level documentation (`//!` lines) for a file that is a crate root; empty otherwise.
    pub crate_docs: Vec<String>,
    /// The crate (or module path) the Example Usage doctests `use` (`connect_session`).
    pub crate_name: String,
    /// Prints every item through `syn` and `prettyplease`, also those that are otherwise
    /// written out as text ([`crate::serde_text`], [`crate::enum_text`]): the same file, only
    /// slower, which the tests compare the text with.
    pub prettyplease_only: bool,
}

/// How many types' texts may wait to join the file (and how many types the file's size is
/// estimated from).
const WINDOW: usize = 256;

/// Renders the whole model as one Rust source file.
pub fn emit(model: &Model, options: &RustOptions, snippets: &Snippets) -> Result<String, Error> {
    let checks = Checks::of(model);
    let emitter = Emitter {
        model,
        options,
        checks: &checks,
        snippets,
    };
    let mut out = String::new();
    for line in &options.header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    if !options.crate_docs.is_empty() {
        out.push('\n');
        for line in &options.crate_docs {
            out.push_str(if line.is_empty() { "//!" } else { "//! " });
            out.push_str(line);
            out.push('\n');
        }
    }
    let enums = model
        .types
        .iter()
        .any(|d| matches!(&d.kind, TypeKind::Enum(_)));
    let structs = model
        .types
        .iter()
        .any(|d| matches!(&d.kind, TypeKind::Struct(_)));
    let validates = checks.any();
    let integers = serde_impls::integers_read(model);
    let support = || -> Result<String, Error> {
        let mut text = String::new();
        if enums {
            text.push_str(crate::support_text::parse_enum_error());
        }
        if validates {
            items_text::print_items(&mut text, checks::validation_items())?;
        }
        if crate::nullable::used(model) {
            items_text::print_items(
                &mut text,
                crate::nullable::items(validates, options.schemars_feature.as_deref()),
            )?;
        }
        if enums || structs || validates {
            let validation = validates.then(|| {
                checks::support_items(
                    checks.patterns,
                    checks.schemas.then_some(model.schemas.as_slice()),
                )
            });
            text.push_str(&crate::support_text::support_module(
                enums,
                structs,
                &integers,
                validation,
                options.schemars_feature.as_deref(),
            )?);
        }
        Ok(text)
    };
    // Each type's tokens are parsed and printed on their own, so that only one type's syntax
    // tree is in memory at a time (a 60,000-type schema otherwise needs gigabytes), on every
    // core; the texts join the file in the order of the types as they are done and are
    // dropped, at most a window of them waiting, so that the texts and the file are not all in
    // memory at once. The support module the types share is printed meanwhile on a thread of
    // its own.
    let support = std::thread::scope(|scope| -> Result<String, Error> {
        let helper = (enums || structs || validates)
            .then(|| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, support)
                    .ok()
            })
            .flatten();
        let ids: Vec<TypeId> = (0..model.types.len()).map(TypeId).collect();
        let mut printed = Ok(());
        let mut joined = 0;
        let print = |&id: &TypeId| {
            let (docs, items, serde_text, checks) = emitter.type_def(id)?;
            let pending = rustdoc::take_doc_lines();
            let mut text = String::new();
            items_text::print_documented_items(&mut text, &docs, items, &pending)?;
            text.push_str(&serde_text);
            items_text::print_documented_items(&mut text, &[], checks, &pending)?;
            Ok(text)
        };
        crate::parallel::for_each_in_order(&ids, WINDOW, print, |text| {
            match (&printed, text) {
                (Ok(()), Ok(text)) => out.push_str(&text),
                (Ok(()), Err(err)) => printed = Err(err),
                (Err(_), _) => return,
            }
            joined += 1;
            // Room for the rest, from the first window's size and a quarter more: grown by
            // doubling, the file would hold its last two buffers at once.
            if joined == WINDOW && ids.len() > WINDOW {
                out.reserve(out.len() / WINDOW * (ids.len() - WINDOW) * 5 / 4);
            }
        });
        let support = match helper {
            Some(helper) => helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => support(),
        };
        printed.and(support)
    })?;
    out.push_str(&support);
    Ok(out)
}

/// `pub type Name = Type;` with its docs, after a blank line, as `prettyplease` prints it;
/// `None` when the line is too long or the type one the user chose for a format (left to
/// `prettyplease`).
fn alias_text(model: &Model, def: &TypeDef, inner: &TypeRef, docs: &[String]) -> Option<String> {
    let mut line = format!("pub type {} = ", def.name);
    crate::serde_text::rust_type(model, inner)?.flat(&mut line);
    line.push(';');
    if line.len() > crate::serde_text::MARGIN {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 64 * docs.len() + 32);
    out.push('\n');
    rustdoc::push_doc_comment(&mut out, "", docs);
    if docs.is_empty() {
        out.push_str("#[allow(missing_docs)]\n");
    }
    out.push_str(&line);
    out.push('\n');
    Some(out)
}

struct Emitter<'a> {
    model: &'a Model,
    options: &'a RustOptions,
    checks: &'a Checks,
    snippets: &'a Snippets,
}

impl Emitter<'_> {
    /// The items of a type; its doc comment comes apart, as the lines to print before them,
    /// and so do the text of its serde impls, printed directly ([`crate::serde_text`]), and the
    /// items of its checks, which follow them.
    fn type_def(
        &self,
        id: TypeId,
    ) -> Result<(Vec<String>, TokenStream, String, TokenStream), Error> {
        let def = self.model.get(id);
        let docs = rustdoc::type_docs(self.model, self.snippets, id);
        let lines = &docs.lines;
        let mut serde_text = String::new();
        let as_text = !self.options.prettyplease_only;
        let items = match &def.kind {
            TypeKind::Struct(s) => {
                let checked = checks::struct_has_own_rules(self.model, def);
                let text = match as_text {
                    true => crate::serde_text::struct_impls(self.model, def, s, checked)?,
                    false => None,
                };
                match text {
                    Some(text) => {
                        let feature = self.options.schemars_feature.as_deref();
                        match crate::struct_text::definition(self.model, def, s, &docs, feature) {
                            // The text holds the definition and its docs, then the impls.
                            Some(definition) => {
                                let (checks_text, checks) = self.struct_checks(id, def, s);
                                return Ok((
                                    Vec::new(),
                                    TokenStream::new(),
                                    definition + &text + &checks_text,
                                    checks,
                                ));
                            }
                            None => {
                                serde_text = text;
                                self.structure(def, s, &docs, false)
                            }
                        }
                    }
                    None => self.structure(def, s, &docs, true),
                }
            }
            TypeKind::Enum(e) => {
                let feature = self.options.schemars_feature.as_deref();
                match as_text.then(|| crate::enum_text::string_enum(def, e, lines, feature)) {
                    // The text holds the items and their docs.
                    Some(Some(text)) => {
                        return Ok((Vec::new(), TokenStream::new(), text, TokenStream::new()));
                    }
                    _ => self.string_enum(def, e, lines),
                }
            }
            TypeKind::Map(value) => {
                self.newtype(def, &TypeRef::Map(Box::new(value.clone())), true, &docs)
            }
            TypeKind::Newtype(inner) if checks::is_checked_newtype(self.model, def) => {
                checks::checked_newtype(
                    self.model,
                    def,
                    inner,
                    allow_missing_docs(lines.is_empty()),
                    self.derive_schemars(),
                    self.schemars_doc(&docs),
                    self.schemars_with(inner, |ty| ty),
                )
            }
            TypeKind::Newtype(inner) => self.newtype(def, inner, false, &docs),
            TypeKind::Alias(inner) => {
                match as_text.then(|| alias_text(self.model, def, inner, lines)) {
                    // The text holds the alias and its docs.
                    Some(Some(text)) => {
                        return Ok((Vec::new(), TokenStream::new(), text, TokenStream::new()));
                    }
                    _ => {
                        let name = ident(&def.name);
                        let allow = allow_missing_docs(lines.is_empty());
                        let ty = rust_type(self.model, inner);
                        quote! {
                            #allow
                            pub type #name = #ty;
                        }
                    }
                }
            }
            TypeKind::Union(u) => {
                let (text, items) = self.union(id, u, &docs)?;
                serde_text = text;
                items
            }
        };
        let mut checks = TokenStream::new();
        if self.checks.validates(id) {
            checks = match &def.kind {
                TypeKind::Struct(s) => {
                    let (text, checks) = self.struct_checks(id, def, s);
                    serde_text.push_str(&text);
                    checks
                }
                TypeKind::Union(_) => match as_text.then(|| self.checks.union_text(def)) {
                    Some(Some(text)) => {
                        serde_text.push_str(&text);
                        TokenStream::new()
                    }
                    _ => self.checks.for_union(def),
                },
                TypeKind::Newtype(inner) => self.checks.for_newtype(self.model, def, inner),
                _ => TokenStream::new(),
            };
        }
        Ok((docs.lines, items, serde_text, checks))
    }

    /// The checks of a struct, when it has rules to check: as text where they take the shape
    /// [`Checks::struct_text`] writes, else as tokens.
    fn struct_checks(&self, id: TypeId, def: &TypeDef, s: &Struct) -> (String, TokenStream) {
        if !self.checks.validates(id) {
            return (String::new(), TokenStream::new());
        }
        let as_text = !self.options.prettyplease_only;
        match as_text
            .then(|| self.checks.struct_text(self.model, def, s))
            .flatten()
        {
            Some(text) => (text, TokenStream::new()),
            None => (String::new(), self.checks.for_struct(self.model, def, s)),
        }
    }

    /// The title and description a `schemars` derive reads from the schema's docs, said outright
    /// where the doc comment goes on with the Example Usage and tables, which a derive would
    /// otherwise put into the JSON Schema.
    fn schemars_doc(&self, docs: &rustdoc::ItemDocs) -> TokenStream {
        match docs.schemars_metadata() {
            Some((title, description)) => {
                self.schemars_attr(&[quote!(title = #title), quote!(description = #description)])
            }
            None => TokenStream::new(),
        }
    }

    fn derive_schemars(&self) -> TokenStream {
        match &self.options.schemars_feature {
            Some(feature) => {
                quote! { #[cfg_attr(feature = #feature, derive(::schemars::JsonSchema))] }
            }
            None => TokenStream::new(),
        }
    }

    /// `#[schemars(with = ...)]` for a field or variant of type `ty` (wrapped by `wrap`) when it
    /// holds a type the user chose for a format: `schemars` then describes it as a string.
    fn schemars_with(
        &self,
        ty: &TypeRef,
        wrap: impl Fn(TokenStream) -> TokenStream,
    ) -> TokenStream {
        let (Some(feature), Some(stand_in)) = (
            &self.options.schemars_feature,
            schema_stand_in(self.model, ty),
        ) else {
            return TokenStream::new();
        };
        let stand_in = type_text(wrap(stand_in));
        quote!(#[cfg_attr(feature = #feature, schemars(with = #stand_in))])
    }

    /// `#[cfg_attr(feature = "schemars", schemars(args))]`: what `serde` would read from a
    /// derive, said to the `schemars` derive alone (serde's impls are written out).
    fn schemars_attr(&self, args: &[TokenStream]) -> TokenStream {
        match &self.options.schemars_feature {
            Some(feature) if !args.is_empty() => {
                quote!(#[cfg_attr(feature = #feature, schemars(#(#args),*))])
            }
            _ => TokenStream::new(),
        }
    }
}
