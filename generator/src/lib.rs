//! schemagen: Rust types and Markdown field tables from JSON Schema.
//!
//! The pipeline runs in one direction: [`load`] reads the schema files, [`resolve`] follows
//! `$ref`s, [`convert`] builds the [`model`], [`dedup`] merges its identical types and
//! [`naming`] gives them their final names, and [`emit_rust`] (with [`serde_impls`],
//! [`serde_text`], [`items_text`] and [`rustdoc`]) and [`emit_markdown`] print it, the tables of
//! both from the same rows ([`tables`]). [`generate`] runs it all in memory; [`write`](mod@write) is the only module that
//! touches the output directory. Build scripts, the CLI and the tests all call [`generate`].
//!
//! ```no_run
//! // build.rs
//! let config = schemagen::Config::new(["schema/my_types.schema.json"]).crate_name("my_types");
//! let generated = schemagen::generate(&config).unwrap_or_else(|err| panic!("{err}"));
//! let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
//! schemagen::write::write_all(&out_dir, &generated.files).unwrap();
//! ```

#![warn(missing_docs)]

pub mod checks;
pub mod convert;
pub mod dedup;
pub mod diff;
pub mod emit_book;
pub mod emit_markdown;
pub mod emit_rust;
pub mod enum_text;
pub mod error;
pub mod facts;
pub mod graph;
pub mod items_text;
pub mod keywords;
pub mod load;
pub mod manifest;
pub mod model;
pub mod names;
pub mod naming;
pub mod nullable;
pub mod parallel;
pub mod pretty;
pub mod resolve;
pub mod resources;
pub mod rustdoc;
pub mod serde_impls;
pub mod serde_text;
pub mod snippet;
pub mod struct_text;
pub mod support_text;
pub mod tables;
pub mod text;
pub mod union_text;
pub mod validate;
pub mod walk;
pub mod write;
#[cfg(feature = "yaml")]
pub mod yaml;

/// Compiles the README's Rust code (the build script), as a user would paste it.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::{Diagnostic, Error, Location, Severity};
pub use model::{Model, StringFormat};

/// What to generate from which schemas; plain data with builder-style setters.
#[derive(Debug, Clone)]
pub struct Config {
    /// The schema files, in the order their types should appear.
    pub schemas: Vec<PathBuf>,
    /// The directory paths in output are shown relative to, and that `$ref`s may not leave.
    pub base_dir: PathBuf,
    /// The Rust path of the crate (or module) that holds the types (`connect_session`), used by
    /// the snippets' `use` lines.
    pub crate_name: String,
    /// The path of the Rust file in the output (`connect_session.rs`).
    pub rust_file: String,
    /// The directory of the Markdown pages in the output (`docs`).
    pub docs_dir: String,
    /// The cargo feature that enables `schemars::JsonSchema`; `None` for no derive.
    pub schemars_feature: Option<String>,
    /// The command that regenerates the output, named in file headers.
    pub regenerate_command: String,
    /// When set, the output is a complete crate of this package name: `Cargo.toml` listing the
    /// dependencies the types need, `src/lib.rs` and `docs/`.
    pub package: Option<String>,
    /// Rust types chosen for string `format`s, over the built-in ones (`uuid` -> `url::Url`,
    /// or `String` to keep a format as text).
    pub format_types: BTreeMap<String, String>,
    /// Remote `$ref` targets read from local files: a URI (or a prefix ending in `/`) and the
    /// file (or directory) that holds it. Nothing is ever downloaded.
    pub remote_refs: Vec<(String, PathBuf)>,
    /// Structs whose schema does not mention `additionalProperties` keep the other keys of
    /// their object in a flattened map (`additional_properties`), so that a program that reads
    /// and writes the JSON loses nothing; by default they are dropped.
    pub keep_unknown: bool,
    /// Optional properties that may be `null` tell an absent key from `null`: their fields are
    /// `Nullable<T>` (absent, `null` or a value) rather than `Option<T>` (where both are `None`
    /// and `None` is written as an absent key).
    pub absent_vs_null: bool,
}

impl Config {
    /// A configuration for `schemas`, with paths shown relative to the current directory.
    pub fn new<P: AsRef<Path>>(schemas: impl IntoIterator<Item = P>) -> Config {
        let schemas: Vec<PathBuf> = schemas
            .into_iter()
            .map(|p| p.as_ref().to_path_buf())
            .collect();
        let stem = schemas
            .first()
            .and_then(|p| p.file_name())
            .map(|n| {
                n.to_string_lossy()
                    .split('.')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_else(|| "schema".to_string());
        let crate_name = names::identifier(&stem, names::NameKind::Field);
        Config {
            schemas,
            base_dir: PathBuf::from("."),
            rust_file: format!("{}.rs", names::unraw(&crate_name)),
            crate_name,
            docs_dir: "docs".to_string(),
            schemars_feature: Some("schemars".to_string()),
            regenerate_command: "schemagen generate".to_string(),
            package: None,
            format_types: BTreeMap::new(),
            remote_refs: Vec::new(),
            keep_unknown: false,
            absent_vs_null: false,
        }
    }

    /// Shows paths relative to `dir`, and confines `$ref`s to it.
    pub fn base_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.base_dir = dir.into();
        self
    }

    /// Names the crate (or module path, `my_crate::types`) the snippets use (`-` becomes `_`),
    /// and the Rust file after its last segment.
    pub fn crate_name(mut self, name: &str) -> Config {
        self.crate_name = name.replace('-', "_");
        let last = self
            .crate_name
            .rsplit("::")
            .next()
            .unwrap_or("types")
            .to_string();
        self.rust_file = format!("{last}.rs");
        self
    }

    /// Sets the path of the Rust file in the output.
    pub fn rust_file(mut self, path: impl Into<String>) -> Config {
        self.rust_file = path.into();
        self
    }

    /// Sets the command named in the headers of generated files.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Config {
        self.regenerate_command = command.into();
        self
    }

    /// Makes the output a complete crate named `package` (`Cargo.toml`, `src/lib.rs`, `docs/`)
    /// that builds with `cargo build` as it is; the snippets use it by that name.
    pub fn standalone_crate(mut self, package: &str) -> Config {
        self.package = Some(package.to_string());
        self.crate_name = package.replace('-', "_");
        self.rust_file = "src/lib.rs".to_string();
        self
    }

    /// Maps strings of `format` to the Rust type `rust_type` (a path such as `url::Url`, which
    /// must implement `Debug`, `Clone`, `PartialEq`, `Serialize` and `Deserialize`), or, with
    /// `String`, keeps them as text where a built-in type would apply (`date-time`, `uuid`, ...).
    pub fn format_type(mut self, format: &str, rust_type: &str) -> Config {
        self.format_types
            .insert(format.to_string(), rust_type.trim().to_string());
        self
    }

    /// Reads `$ref`s to the remote `uri` from the local `path` instead of refusing them; a `uri`
    /// ending in `/` maps every document under it into the directory `path`.
    pub fn map_ref(mut self, uri: &str, path: impl Into<PathBuf>) -> Config {
        self.remote_refs.push((uri.to_string(), path.into()));
        self
    }

    /// Keeps the keys an object's properties do not name, where its schema does not mention
    /// `additionalProperties`, in a flattened `additional_properties` map (see
    /// [`Config::keep_unknown`]).
    pub fn keep_unknown(mut self, keep: bool) -> Config {
        self.keep_unknown = keep;
        self
    }

    /// Tells an absent key from `null` for optional, nullable properties (see
    /// [`Config::absent_vs_null`]).
    pub fn absent_vs_null(mut self, distinct: bool) -> Config {
        self.absent_vs_null = distinct;
        self
    }

    /// Sets (or, with `None`, removes) the feature behind which `schemars::JsonSchema` is derived.
    pub fn schemars_feature(mut self, feature: Option<&str>) -> Config {
        self.schemars_feature = feature.map(str::to_string);
        self
    }
}

/// What a generated file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The Rust source of the types.
    Rust,
    /// The manifest of a standalone crate.
    Manifest,
    /// A Markdown page.
    Markdown,
    /// A file of the mdBook site beside the pages (`book.toml`, `SUMMARY.md`, its script).
    Book,
}

/// One output file, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the output directory, `/`-separated.
    pub path: String,
    /// The full text.
    pub contents: String,
    /// What it is.
    pub kind: FileKind,
}

/// The result of a generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The output files, in a deterministic order.
    pub files: Vec<GeneratedFile>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    /// The model both emitters read.
    pub model: Model,
    /// Every file read, inputs and the files their `$ref`s reached (for `rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// The crates the generated Rust uses, with their `Cargo.toml` lines.
    pub dependencies: Vec<manifest::Dependency>,
}

/// Runs the whole pipeline in memory.
pub fn generate(config: &Config) -> Result<Generated, Error> {
    generate_documents(config, load_documents(config)?)
}

/// Runs the pipeline on one schema held in memory (`name` is how messages name it); `$ref`s to
/// other files are resolved against `config.base_dir`. `config.schemas` is not read.
pub fn generate_from_text(config: &Config, name: &str, text: &str) -> Result<Generated, Error> {
    let doc = load::Document::parse(
        config.base_dir.join(name),
        name.to_string(),
        text.to_string(),
    )
    .map_err(|diagnostic| Error::Schema {
        diagnostics: vec![diagnostic],
    })?;
    generate_documents(
        config,
        resolve::Documents::from_documents(vec![doc], &config.base_dir),
    )
}

/// The model a configuration gives, and what was learnt on the way: what [`generate`] prints,
/// before anything is printed.
#[derive(Debug, Clone)]
pub struct Built {
    /// The final model: types deduplicated and named as the emitters see them.
    pub model: Model,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    /// Every file read, inputs and the files their `$ref`s reached.
    pub inputs: Vec<PathBuf>,
    /// The `Schema digest: ...` line of the generated Rust file's header.
    pub digest_line: String,
}

/// Runs the pipeline up to the final model (load, resolve, convert, dedup, naming), without
/// emitting anything: what [`diff`] compares.
pub fn build_model(config: &Config) -> Result<Built, Error> {
    build_documents(config, load_documents(config)?)
}

fn load_documents(config: &Config) -> Result<resolve::Documents, Error> {
    if config.schemas.is_empty() {
        return Err(Error::Config("no schema files given".to_string()));
    }
    resolve::Documents::load(&config.schemas, &config.base_dir)
        .map_err(|diagnostics| Error::Schema { diagnostics })
}

fn build_documents(config: &Config, docs: resolve::Documents) -> Result<Built, Error> {
    let mut docs = config
        .remote_refs
        .iter()
        .fold(docs, |docs, (uri, path)| docs.map_remote(uri, path));
    let valid_segment = |s: &str| {
        names::escape_keyword(s.to_string()) == s
            && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if !config.crate_name.split("::").all(valid_segment) {
        return Err(Error::Config(format!(
            "`{}` is not a Rust crate name or module path; use letters, digits and `_` (`my_types`, `my_crate::types`)",
            config.crate_name
        )));
    }
    let mut formats = BTreeMap::new();
    for (format, rust_type) in &config.format_types {
        let mapped = match rust_type.as_str() {
            "String" | "std::string::String" | "::std::string::String" => StringFormat::Plain,
            _ if syn::parse_str::<syn::Type>(rust_type).is_ok() => StringFormat::Custom {
                format: format.clone(),
                rust_type: rust_type.clone(),
            },
            _ => {
                return Err(Error::Config(format!(
                    "`{rust_type}` (for format `{format}`) is not a Rust type; write a path such as `url::Url`, or `String`"
                )));
            }
        };
        formats.insert(format.clone(), mapped);
    }
    let (model, mut diagnostics) = convert::build(
        &mut docs,
        &convert::Options {
            formats,
            keep_unknown: config.keep_unknown,
        },
    );
    let inputs = docs.docs.iter().map(|d| d.path.clone()).collect();
    let Some(mut model) = model else {
        return Err(Error::Schema { diagnostics });
    };
    let mut example_warnings = validate::apply_defaults(&mut model);
    if config.absent_vs_null {
        for def in &mut model.types {
            if let model::TypeKind::Struct(s) = &mut def.kind {
                for field in &mut s.fields {
                    field.tri_state = !field.required && field.nullable && field.default.is_none();
                }
            }
        }
    }
    example_warnings.extend(validate::examples(&model));
    docs.locate_all(&mut example_warnings);
    let digest_line = input_digest_line(&docs);
    // The documents are not needed past this point: their memory goes back before the
    // output is made.
    drop(docs);
    diagnostics.extend(example_warnings);
    dedup::merge_identical(&mut model);
    naming::shorten(&mut model);
    Ok(Built {
        model,
        warnings: diagnostics,
        inputs,
        digest_line,
    })
}

fn generate_documents(config: &Config, docs: resolve::Documents) -> Result<Generated, Error> {
    let Built {
        model,
        warnings: diagnostics,
        inputs,
        digest_line,
    } = build_documents(config, docs)?;
    let sources = model.sources.join(", ");
    if let Some(package) = &config.package {
        let valid = !package.is_empty()
            && package.starts_with(|c: char| c.is_ascii_alphabetic())
            && package
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(Error::Config(format!(
                "`{package}` is not a valid package name; use letters, digits, `-` and `_`, starting with a letter"
            )));
        }
    }
    let snippets = std::sync::Arc::new(snippet::Snippets::of(&model, &config.crate_name));
    let markdown_options = emit_markdown::MarkdownOptions {
        snippets: snippets.clone(),
        crate_name: config.crate_name.clone(),
        header: format!("<!-- @generated by schemagen from {sources}; do not edit -->"),
        index_title: format!("{} models", config.crate_name),
    };
    let pages: Vec<GeneratedFile> = emit_markdown::pages(&model, &markdown_options)
        .into_iter()
        .map(|(path, contents)| GeneratedFile {
            path: format!("{}/{path}", config.docs_dir),
            contents,
            kind: FileKind::Markdown,
        })
        .collect();
    let book: Vec<GeneratedFile> = emit_book::files(
        &model,
        &emit_book::BookOptions {
            sources: sources.clone(),
            title: markdown_options.index_title.clone(),
        },
    )
    .into_iter()
    .map(|(path, contents)| GeneratedFile {
        path: format!("{}/{path}", config.docs_dir),
        contents,
        kind: FileKind::Book,
    })
    .collect();
    let mut rust_options = emit_rust::RustOptions {
        header: vec![
            format!("@generated by schemagen from {sources}; do not edit."),
            format!("Regenerate with `{}`.", config.regenerate_command),
            digest_line,
        ],
        schemars_feature: config.schemars_feature.clone(),
        crate_docs: Vec::new(),
        crate_name: config.crate_name.clone(),
        prettyplease_only: false,
    };
    let mut files = Vec::new();
    if let Some(package) = &config.package {
        rust_options.crate_docs = vec![
            format!("Rust types for {sources}, generated by schemagen."),
            String::new(),
            format!(
                "The Markdown pages of every type are in `{}/`.",
                config.docs_dir
            ),
        ];
        files.push(GeneratedFile {
            path: "Cargo.toml".to_string(),
            contents: manifest::cargo_toml(
                package,
                &model,
                config.schemars_feature.as_deref(),
                &sources,
            ),
            kind: FileKind::Manifest,
        });
    }
    files.insert(
        0,
        GeneratedFile {
            path: config.rust_file.clone(),
            contents: emit_rust::emit(&model, &rust_options, &snippets)?,
            kind: FileKind::Rust,
        },
    );
    files.extend(pages);
    files.extend(book);
    Ok(Generated {
        files,
        warnings: diagnostics,
        dependencies: manifest::dependencies(&model, config.schemars_feature.as_deref()),
        model,
        inputs,
    })
}

/// The header line that records what the output was generated from:
/// `Schema digest: fnv1a64:<hex> of <file>, <file>`, the files every input that was read (`$ref`
/// targets included) as shown relative to the base directory, in order. A build script can
/// recompute it with [`input_digest`] and so tell, without generating anything, whether a
/// committed copy is current.
fn input_digest_line(docs: &resolve::Documents) -> String {
    let mut files: Vec<(&str, &[u8])> = docs
        .docs
        .iter()
        .map(|d| (d.display.as_str(), d.text.as_bytes()))
        .collect();
    files.sort();
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    format!(
        "Schema digest: fnv1a64:{:016x} of {}",
        input_digest(&files),
        names.join(", ")
    )
}

/// FNV-1a (64 bits) over each file's name, a zero byte, its length (8 bytes, little endian)
/// and its contents, in the order given: stable across Rust versions and platforms, and small
/// enough to write out in a build script that does not depend on this crate.
pub fn input_digest(files: &[(&str, &[u8])]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, contents) in files {
        let len = (contents.len() as u64).to_le_bytes();
        let parts: [&[u8]; 4] = [name.as_bytes(), &[0], &len, contents];
        for &byte in parts.into_iter().flatten() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The schema files in `dir` (`*.json`, and `*.yaml` / `*.yml` with the `yaml` feature), sorted
/// by name.
pub fn schema_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let yaml = cfg!(feature = "yaml") && load::is_yaml(&path);
        if path.is_file() && (path.extension().is_some_and(|e| e == "json") || yaml) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
