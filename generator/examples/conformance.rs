//! The JSON-Schema-Test-Suite conformance harness (run by `scripts/conformance.sh`).
//!
//! For each draft it generates one Rust type per test group with the schemagen library, compiles
//! them all in one crate, and compares `serde_json::from_value::<T>(instance).is_ok()` with each
//! case's `valid`. A group whose schema is refused, or whose generated code does not compile,
//! disagrees on every case; it is counted apart so that nothing is hidden.
//!
//! ```text
//! conformance --suite DIR --out DIR --lock Cargo.lock [--map-ref URI=PATH]... [--draft D]...
//!             [--files a.json,b.json] [--optional] [--strict]
//! ```
//!
//! `--suite` is the suite's root (with `tests/` and `remotes/`); `--out` receives one crate per
//! draft, `results.md` and `results.json`; `--lock` pins the crates' dependencies to a lock file
//! (the workspace's); `--map-ref` reads a remote URI from a local file, as the CLI's option does
//! (the suite's `remotes/` are mapped from `http://localhost:1234/` already); `--strict` exits 1 when a generated crate does not compile or a case panics.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use serde_json::{Value, json};

/// The drafts run when none is named, in the order they are reported.
const DRAFTS: &[&str] = &["draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"];

/// Keywords that only constrain objects: a schema with one of them and no `type` is generated
/// as a struct, which rejects the arrays and strings the specification lets through.
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
];

/// Why a case disagrees, where the harness can tell from the schema and the instance; the first
/// that applies, in this order. Each has its reason in CONFORMANCE.md.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cause {
    /// A valid non-object refused (at the root, or where a `$ref` leads back to it): object
    /// keywords without `type` make a struct, on purpose.
    ObjectWithoutType,
    /// A custom meta-schema whose `$vocabulary` leaves keywords out: vocabularies are not read.
    Vocabulary,
    /// A valid schema refused by the type generated from a draft's own meta-schema (draft 4).
    MetaSchema,
    /// A valid non-array refused: `items` / `prefixItems` without `type` make a `Vec`.
    ArrayWithoutType,
    /// A valid `null` refused: the root is a union of several types and `null`, and `null` is
    /// only accepted where the type is used as an `Option`.
    NullableRoot,
    /// An integer written with a zero fraction (`1.0`) refused by a plain `i64` (an alias, an
    /// item): only struct fields and checked newtypes read it as JSON Schema does.
    WholeFloat,
    /// `unevaluatedProperties` / `unevaluatedItems`: the annotations of every applicator are not
    /// collected.
    Unevaluated,
    /// `$dynamicRef` / `$recursiveRef`: resolved statically, not in the dynamic scope.
    DynamicRef,
    /// A keyword behind a `$ref` inside a kept keyword: the JSON evaluator does not follow
    /// references, so the keywords that hold one are not checked.
    BehindRef,
    /// Keys of a typed map or struct against `patternProperties`.
    PatternKeys,
    /// A subschema `false` (a property, items, an alternative) generated as any value.
    FalseSubschema,
    /// `anyOf` and `oneOf` alternatives, left to the type (an untagged enum takes the first
    /// that reads).
    Alternatives,
    /// None of the above.
    Other,
}

impl Cause {
    const ALL: [Cause; 13] = [
        Cause::ObjectWithoutType,
        Cause::Vocabulary,
        Cause::MetaSchema,
        Cause::ArrayWithoutType,
        Cause::NullableRoot,
        Cause::WholeFloat,
        Cause::Unevaluated,
        Cause::DynamicRef,
        Cause::BehindRef,
        Cause::PatternKeys,
        Cause::FalseSubschema,
        Cause::Alternatives,
        Cause::Other,
    ];

    fn label(self) -> &'static str {
        match self {
            Cause::ObjectWithoutType => "object keywords without `type` (a struct, on purpose)",
            Cause::Vocabulary => "a meta-schema's `$vocabulary` (not read)",
            Cause::MetaSchema => "the draft's meta-schema as a type",
            Cause::ArrayWithoutType => "`items` without `type` (a `Vec`, on purpose)",
            Cause::NullableRoot => "`null` for a root union of several types",
            Cause::WholeFloat => "`1.0` where a plain integer type is read",
            Cause::Unevaluated => "`unevaluatedProperties` / `unevaluatedItems`",
            Cause::DynamicRef => "`$dynamicRef` / `$recursiveRef` (resolved statically)",
            Cause::BehindRef => "a keyword behind a `$ref` inside a checked keyword",
            Cause::PatternKeys => "keys against `patternProperties`",
            Cause::FalseSubschema => "a subschema `false` generated as any value",
            Cause::Alternatives => "`anyOf` / `oneOf` alternatives (left to the type)",
            Cause::Other => "other",
        }
    }

    /// The cause of a disagreement on `data` (`valid` says which way it went wrong).
    fn of(schema: &Value, data: &Value, valid: bool) -> Cause {
        if schema
            .get("$schema")
            .and_then(Value::as_str)
            .is_some_and(|uri| uri.contains("localhost"))
        {
            return Cause::Vocabulary;
        }
        if valid {
            let through_ref = data.is_object()
                && object_without_type(schema, &Value::Null)
                && mentions(schema, &|k, _| k == "$ref");
            if object_without_type(schema, data) || through_ref {
                return Cause::ObjectWithoutType;
            }
            if array_without_type(schema, data) {
                return Cause::ArrayWithoutType;
            }
            let types = schema.get("type").and_then(Value::as_array);
            if data.is_null() && types.is_some_and(|t| t.len() > 2 && t.contains(&json!("null"))) {
                return Cause::NullableRoot;
            }
            let meta = |_: &str, v: &Value| {
                v.as_str()
                    .is_some_and(|uri| uri.starts_with("http://json-schema.org/draft-0"))
            };
            if mentions(schema, &|k, v| k == "$ref" && meta(k, v)) {
                return Cause::MetaSchema;
            }
            if has_whole_float(data) {
                return Cause::WholeFloat;
            }
        }
        if mentions(schema, &|k, _| k.starts_with("unevaluated")) {
            return Cause::Unevaluated;
        }
        if mentions(schema, &|k, _| k == "$dynamicRef" || k == "$recursiveRef") {
            return Cause::DynamicRef;
        }
        if !valid && mentions(schema, &|k, _| k == "$ref") {
            return Cause::BehindRef;
        }
        if mentions(schema, &|k, _| k == "patternProperties") {
            return Cause::PatternKeys;
        }
        if !valid && has_false_subschema(schema) {
            return Cause::FalseSubschema;
        }
        if mentions(schema, &|k, _| k == "anyOf" || k == "oneOf") {
            return Cause::Alternatives;
        }
        Cause::Other
    }
}

/// Whether a valid non-array is rejected because the schema names `items` or `prefixItems`
/// without a `type`.
fn array_without_type(schema: &Value, data: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    !data.is_array()
        && !map.contains_key("type")
        && ["items", "prefixItems"]
            .iter()
            .any(|k| map.contains_key(*k))
}

/// Whether some number of `data` is a whole number written with a fraction (`1.0`).
fn has_whole_float(data: &Value) -> bool {
    match data {
        Value::Number(n) => n.is_f64() && n.as_f64().is_some_and(|x| x.fract() == 0.0),
        Value::Array(items) => items.iter().any(has_whole_float),
        Value::Object(map) => map.values().any(has_whole_float),
        _ => false,
    }
}

/// Whether some object inside `schema` has a key (with its value) that `found` accepts.
fn mentions(schema: &Value, found: &dyn Fn(&str, &Value) -> bool) -> bool {
    match schema {
        Value::Object(map) => map.iter().any(|(k, v)| found(k, v) || mentions(v, found)),
        Value::Array(items) => items.iter().any(|item| mentions(item, found)),
        _ => false,
    }
}

/// Whether `schema` holds a subschema `false` where the generator keeps any value: under
/// `properties`, `items`, `not`, an applicator or a `$defs` entry (not `additionalProperties`
/// / `additionalItems`, which are checked).
fn has_false_subschema(schema: &Value) -> bool {
    let is_false = |v: &Value| *v == Value::Bool(false);
    mentions(schema, &|k, v| match k {
        "items" | "not" | "contains" | "propertyNames" | "if" | "then" | "else" => is_false(v),
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
            v.as_object().is_some_and(|m| m.values().any(is_false))
        }
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
            v.as_array().is_some_and(|a| a.iter().any(is_false))
        }
        _ => false,
    })
}

struct Args {
    suite: PathBuf,
    out: PathBuf,
    lock: Option<PathBuf>,
    map_refs: Vec<(String, PathBuf)>,
    drafts: Vec<String>,
    files: Option<Vec<String>>,
    optional: bool,
    strict: bool,
}

/// One test group: a schema and its cases.
struct Group {
    /// The test file, relative to the draft's directory (`ref.json`, `optional/bignum.json`).
    file: String,
    description: String,
    schema: Value,
    cases: Vec<Case>,
    status: Status,
}

struct Case {
    description: String,
    data: Value,
    valid: bool,
    /// `Some(accepted)` once run.
    accepted: Option<bool>,
    panicked: bool,
}

enum Status {
    /// Generated into module `module`.
    Generated {
        module: String,
    },
    Refused(String),
    NoCompile(String),
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let args = parse_args()?;
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let mut report = String::from("# JSON-Schema-Test-Suite conformance\n\n");
    let mut summary = Vec::new();
    let mut all = serde_json::Map::new();
    let mut strict_failures = 0;
    for draft in &args.drafts {
        let started = std::time::Instant::now();
        let mut groups = load_groups(&args, draft)?;
        if groups.is_empty() {
            return Err(format!(
                "no test files for {draft} under {}",
                args.suite.display()
            ));
        }
        generate_groups(&args, draft, &mut groups);
        let crate_dir = args.out.join(draft).join("crate");
        let binary = build_crate(&args, &crate_dir, &mut groups)?;
        run_cases(&crate_dir, &binary, &mut groups)?;
        let stats = Stats::of(&groups);
        strict_failures += stats.no_compile_groups + stats.panics;
        let line = format!(
            "{draft}: {} [{:.0}s]",
            stats.headline(groups.len()),
            started.elapsed().as_secs_f64(),
        );
        println!("{line}");
        summary.push(line);
        report.push_str(&draft_report(draft, &groups, &stats));
        all.insert(draft.clone(), case_outcomes(&groups));
    }
    report.insert_str(
        "# JSON-Schema-Test-Suite conformance\n\n".len(),
        &format!("```text\n{}\n```\n\n", summary.join("\n")),
    );
    let results_md = args.out.join("results.md");
    std::fs::write(&results_md, report).map_err(|e| format!("{}: {e}", results_md.display()))?;
    let results_json = args.out.join("results.json");
    let text = serde_json::to_string_pretty(&Value::Object(all)).unwrap_or_default();
    std::fs::write(&results_json, text).map_err(|e| format!("{}: {e}", results_json.display()))?;
    println!("details: {}", results_md.display());
    if args.strict && strict_failures > 0 {
        eprintln!(
            "error: {strict_failures} groups failed to compile or cases panicked (see {})",
            results_md.display()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: conformance --suite DIR --out DIR [--lock FILE] [--map-ref URI=PATH]... [--draft D]... [--files a.json,b.json] [--optional] [--strict]";
    let mut args = Args {
        suite: PathBuf::new(),
        out: PathBuf::new(),
        lock: None,
        map_refs: Vec::new(),
        drafts: Vec::new(),
        files: None,
        optional: false,
        strict: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{arg} needs a value; {usage}"))
        };
        match arg.as_str() {
            "--suite" => args.suite = PathBuf::from(value()?),
            "--out" => args.out = PathBuf::from(value()?),
            "--lock" => args.lock = Some(PathBuf::from(value()?)),
            "--draft" => args.drafts.push(value()?),
            "--map-ref" => {
                let mapping = value()?;
                let (uri, path) = mapping
                    .split_once('=')
                    .ok_or_else(|| format!("--map-ref takes URI=PATH, not `{mapping}`"))?;
                args.map_refs.push((uri.to_string(), PathBuf::from(path)));
            }
            "--files" => args.files = Some(value()?.split(',').map(str::to_string).collect()),
            "--optional" => args.optional = true,
            "--strict" => args.strict = true,
            _ => return Err(format!("unknown argument `{arg}`; {usage}")),
        }
    }
    if args.suite.as_os_str().is_empty() || args.out.as_os_str().is_empty() {
        return Err(usage.to_string());
    }
    if args.drafts.is_empty() {
        args.drafts = DRAFTS.iter().map(|d| d.to_string()).collect();
    }
    Ok(args)
}

/// The groups of a draft's test files (sorted by name; `optional/` only with `--optional`).
fn load_groups(args: &Args, draft: &str) -> Result<Vec<Group>, String> {
    let dir = args.suite.join("tests").join(draft);
    let mut files = Vec::new();
    collect_json(&dir, &dir, args.optional, &mut files)?;
    files.sort();
    if let Some(wanted) = &args.files {
        files.retain(|f| wanted.iter().any(|w| w == f));
    }
    let dialect = match draft {
        "draft4" => "http://json-schema.org/draft-04/schema#",
        "draft6" => "http://json-schema.org/draft-06/schema#",
        "draft7" => "http://json-schema.org/draft-07/schema#",
        "draft2019-09" => "https://json-schema.org/draft/2019-09/schema",
        _ => "https://json-schema.org/draft/2020-12/schema",
    };
    let mut groups = Vec::new();
    for file in files {
        let path = dir.join(&file);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for group in parsed.as_array().into_iter().flatten() {
            let mut schema = group.get("schema").cloned().unwrap_or(Value::Bool(true));
            // The suite's older drafts leave the dialect implicit: the directory says it.
            if let Value::Object(map) = &mut schema {
                if !map.contains_key("$schema") {
                    map.insert("$schema".to_string(), Value::String(dialect.to_string()));
                }
            }
            let cases = group
                .get("tests")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|t| Case {
                    description: text_of(t, "description"),
                    data: t.get("data").cloned().unwrap_or(Value::Null),
                    valid: t.get("valid") == Some(&Value::Bool(true)),
                    accepted: None,
                    panicked: false,
                })
                .collect();
            groups.push(Group {
                file: file.clone(),
                description: text_of(group, "description"),
                schema,
                cases,
                status: Status::Refused(String::new()),
            });
        }
    }
    Ok(groups)
}

fn collect_json(
    root: &Path,
    dir: &Path,
    optional: bool,
    out: &mut Vec<String>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if optional {
                collect_json(root, &path, optional, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "json") {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

fn text_of(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Generates every group's module; the refused ones keep the first error.
fn generate_groups(args: &Args, draft: &str, groups: &mut [Group]) {
    let schemas_dir = args.out.join(draft).join("schemas");
    let _ = std::fs::create_dir_all(&schemas_dir);
    let remotes = args.suite.join("remotes");
    for (index, group) in groups.iter_mut().enumerate() {
        let module = format!("g{index:04}");
        let name = format!("{module}.json");
        let text = serde_json::to_string_pretty(&group.schema).unwrap_or_default();
        // Kept on disk so that a refusal can be reproduced with the CLI.
        let _ = std::fs::write(schemas_dir.join(&name), &text);
        let config = args.map_refs.iter().fold(
            schemagen::Config::new([name.as_str()])
                .base_dir(&schemas_dir)
                .crate_name(&module)
                .schemars_feature(None)
                .map_ref("http://localhost:1234/", &remotes),
            |config, (uri, path)| config.map_ref(uri, path),
        );
        let generated = std::panic::catch_unwind(|| {
            schemagen::generate_from_text(&config, &name, &text).map_err(|e| e.to_string())
        });
        group.status = match generated {
            Err(_) => Status::Refused("the generator panicked".to_string()),
            Ok(Err(message)) => Status::Refused(first_line(&message)),
            Ok(Ok(generated)) => {
                // A root that accepts anything and only holds definitions has no type of its
                // own: the generated code reads it as a `serde_json::Value`, and so does this.
                // The root's own type is the one named after it (a member of a union of
                // several types, which shares its schema, is not).
                let at_root = |t: &&schemagen::model::TypeDef| {
                    t.origin.pointer.is_empty() && t.origin.file == name
                };
                let types = &generated.model.types;
                let root = types
                    .iter()
                    .filter(at_root)
                    .find(|t| t.named_in_schema)
                    .or_else(|| types.iter().find(at_root))
                    .map_or_else(|| "::serde_json::Value".to_string(), |t| t.name.clone());
                let rust = generated
                    .files
                    .iter()
                    .find(|f| f.kind == schemagen::FileKind::Rust);
                match rust {
                    Some(rust) => {
                        let source = format!(
                            "{}\npub fn check(value: ::serde_json::Value) -> bool {{\n    ::serde_json::from_value::<{root}>(value).is_ok()\n}}\n",
                            rust.contents
                        );
                        let _ = std::fs::create_dir_all(args.out.join(draft).join("crate/src"));
                        let path = args.out.join(draft).join(format!("crate/src/{module}.rs"));
                        match std::fs::write(&path, source) {
                            Ok(()) => Status::Generated { module },
                            Err(e) => Status::Refused(format!("{}: {e}", path.display())),
                        }
                    }
                    None => Status::Refused("no Rust file was generated".to_string()),
                }
            }
        };
    }
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .find(|l| l.starts_with("error"))
        .or_else(|| message.lines().next())
        .unwrap_or_default()
        .to_string()
}

/// Writes the crate of the generated groups and builds it; groups whose module does not compile
/// are marked and left out, and the crate is built again without them.
fn build_crate(args: &Args, crate_dir: &Path, groups: &mut [Group]) -> Result<PathBuf, String> {
    let target = args.out.join("target");
    for _attempt in 0..4 {
        write_crate(args, crate_dir, groups)?;
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "build",
                "--quiet",
                "--message-format=json",
                "--manifest-path",
            ])
            .arg(crate_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut binary = None;
        let mut failed: BTreeMap<String, String> = BTreeMap::new();
        let mut unattributed = Vec::new();
        for line in stdout.lines() {
            let Ok(message) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            match message.get("reason").and_then(Value::as_str) {
                Some("compiler-artifact") => {
                    if let Some(exe) = message.get("executable").and_then(Value::as_str) {
                        binary = Some(PathBuf::from(exe));
                    }
                }
                Some("compiler-message") => {
                    let diagnostic = &message["message"];
                    if diagnostic["level"] != "error" {
                        continue;
                    }
                    let rendered = first_line(diagnostic["rendered"].as_str().unwrap_or(""));
                    let module = diagnostic["spans"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|s| s["file_name"].as_str())
                        .find_map(|f| {
                            f.strip_prefix("src/")?
                                .strip_suffix(".rs")
                                .filter(|m| m.starts_with('g'))
                        });
                    match module {
                        Some(module) => {
                            failed.entry(module.to_string()).or_insert(rendered);
                        }
                        None if !rendered.contains("aborting due to") => {
                            unattributed.push(rendered)
                        }
                        None => {}
                    }
                }
                _ => {}
            }
        }
        if output.status.success() {
            return binary.ok_or_else(|| "cargo built no executable".to_string());
        }
        if failed.is_empty() {
            return Err(format!(
                "the crate {} does not build: {}",
                crate_dir.display(),
                unattributed.join("; ")
            ));
        }
        for group in groups.iter_mut() {
            if let Status::Generated { module, .. } = &group.status {
                if let Some(error) = failed.get(module) {
                    group.status = Status::NoCompile(error.clone());
                }
            }
        }
    }
    Err(format!(
        "the crate {} still does not build",
        crate_dir.display()
    ))
}

fn write_crate(args: &Args, crate_dir: &Path, groups: &[Group]) -> Result<(), String> {
    let src = crate_dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let manifest = "[package]\nname = \"conformance-cases\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\nserde = { version = \"1.0.200\", features = [\"derive\"] }\nserde_json = \"1.0.100\"\nchrono = { version = \"0.4.38\", default-features = false, features = [\"std\", \"serde\"] }\nuuid = { version = \"1.4\", default-features = false, features = [\"std\", \"serde\"] }\nregress = \"0.12\"\n";
    write_if_changed(&crate_dir.join("Cargo.toml"), manifest)?;
    if let Some(lock) = &args.lock {
        let target = crate_dir.join("Cargo.lock");
        if !target.exists() {
            std::fs::copy(lock, &target).map_err(|e| format!("{}: {e}", lock.display()))?;
        }
    }
    let mut main =
        String::from("// @generated by the conformance harness.\n#![allow(warnings)]\n\n");
    let mut table = String::new();
    for group in groups {
        if let Status::Generated { module, .. } = &group.status {
            let _ = writeln!(main, "mod {module};");
            let _ = writeln!(table, "    {module}::check,");
        } else {
            table.push_str("    |_| false,\n");
        }
    }
    let _ = write!(
        main,
        r#"
const CHECKS: &[fn(::serde_json::Value) -> bool] = &[
{table}];

/// Reads `[[group, instance], ...]` (only the cases of `group` when one is given) and prints, for
/// each case, 1 (accepted), 0 (rejected) or 2 (panicked). The checks run on a thread with a
/// large stack: a debug build of deeply nested types needs it.
fn main() {{
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("the cases file");
    let only: Option<usize> = args.next().map(|g| g.parse().expect("a group number"));
    let text = std::fs::read_to_string(path).expect("readable cases");
    let cases: Vec<(usize, ::serde_json::Value)> = ::serde_json::from_str(&text).expect("cases");
    std::panic::set_hook(Box::new(|_| {{}}));
    let run = move || -> Vec<u8> {{
        cases
            .into_iter()
            .filter(|(group, _)| only.is_none_or(|g| g == *group))
            .map(|(group, value)| match std::panic::catch_unwind(|| CHECKS[group](value)) {{
                Ok(true) => 1,
                Ok(false) => 0,
                Err(_) => 2,
            }})
            .collect()
    }};
    let out = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .expect("a thread")
        .join()
        .expect("results");
    println!("{{}}", ::serde_json::to_string(&out).expect("output"));
}}
"#
    );
    write_if_changed(&src.join("main.rs"), &main)
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs the built crate on the cases (of one group); `None` when the process aborted.
fn run_binary(
    binary: &Path,
    cases: &Path,
    group: Option<usize>,
) -> Result<Option<Vec<u8>>, String> {
    let mut command = Command::new(binary);
    command.arg(cases).stderr(Stdio::null());
    if let Some(group) = group {
        command.arg(group.to_string());
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    if !output.status.success() {
        return Ok(None);
    }
    serde_json::from_slice(&output.stdout)
        .map(Some)
        .map_err(|e| format!("unreadable output of {}: {e}", binary.display()))
}

/// Runs every case of the generated groups through the built crate.
fn run_cases(crate_dir: &Path, binary: &Path, groups: &mut [Group]) -> Result<(), String> {
    let mut cases = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        if matches!(group.status, Status::Generated { .. }) {
            for case in &group.cases {
                cases.push(json!([index, case.data]));
            }
        }
    }
    let path = crate_dir.join("cases.json");
    let text = serde_json::to_string(&cases).unwrap_or_default();
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    // One run for every case; when a case aborts the process (a stack overflow), one run per
    // group, and the groups that abort count as having panicked on every case.
    let results: Vec<u8> = match run_binary(binary, &path, None)? {
        Some(results) => results,
        None => {
            let mut all = Vec::new();
            for (index, group) in groups.iter().enumerate() {
                if matches!(group.status, Status::Generated { .. }) {
                    match run_binary(binary, &path, Some(index))? {
                        Some(results) => all.extend(results),
                        None => {
                            eprintln!(
                                "{} \"{}\": the process aborted (stack overflow?)",
                                group.file, group.description
                            );
                            all.extend(std::iter::repeat_n(2, group.cases.len()));
                        }
                    }
                }
            }
            all
        }
    };
    let mut results = results.into_iter();
    for group in groups.iter_mut() {
        if matches!(group.status, Status::Generated { .. }) {
            for case in &mut group.cases {
                let result = results
                    .next()
                    .ok_or_else(|| "fewer results than cases".to_string())?;
                case.accepted = Some(result == 1);
                case.panicked = result == 2;
            }
        }
    }
    Ok(())
}

#[derive(Default)]
struct Stats {
    generated_groups: usize,
    refused_groups: usize,
    no_compile_groups: usize,
    cases: usize,
    agree: usize,
    panics: usize,
    /// Per test file: [cases, agree, invalid accepted, valid rejected, refused, not compiled,
    /// object keywords without `type`].
    files: BTreeMap<String, [usize; 7]>,
    /// Disagreements of generated groups by cause: [invalid accepted, valid rejected].
    causes: BTreeMap<Cause, [usize; 2]>,
}

impl Stats {
    /// `N groups: G generated, R refused, C failed to compile; cases agreeing A/T (P%)`.
    fn headline(&self, groups: usize) -> String {
        format!(
            "{groups} groups: {} generated, {} refused, {} failed to compile; cases agreeing {}/{} ({:.1}%)",
            self.generated_groups,
            self.refused_groups,
            self.no_compile_groups,
            self.agree,
            self.cases,
            percent(self.agree, self.cases)
        )
    }

    fn of(groups: &[Group]) -> Stats {
        let mut stats = Stats::default();
        for group in groups {
            match group.status {
                Status::Generated { .. } => stats.generated_groups += 1,
                Status::Refused(_) => stats.refused_groups += 1,
                Status::NoCompile(_) => stats.no_compile_groups += 1,
            }
            let row = stats.files.entry(group.file.clone()).or_default();
            for case in &group.cases {
                stats.cases += 1;
                row[0] += 1;
                stats.panics += usize::from(case.panicked);
                match (&group.status, case.accepted) {
                    (Status::Refused(_), _) => row[4] += 1,
                    (Status::NoCompile(_), _) | (_, None) => row[5] += 1,
                    (_, Some(accepted)) if accepted == case.valid => {
                        stats.agree += 1;
                        row[1] += 1;
                    }
                    (_, Some(true)) => {
                        row[2] += 1;
                        let cause = Cause::of(&group.schema, &case.data, false);
                        stats.causes.entry(cause).or_default()[0] += 1;
                    }
                    (_, Some(false)) => {
                        row[3] += 1;
                        let cause = Cause::of(&group.schema, &case.data, true);
                        stats.causes.entry(cause).or_default()[1] += 1;
                        if object_without_type(&group.schema, &case.data) {
                            row[6] += 1;
                        }
                    }
                }
            }
        }
        stats
    }
}

/// Whether a valid non-object is rejected because the schema names object keywords without a
/// `type`: the deliberate mapping of such schemas to structs.
fn object_without_type(schema: &Value, data: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    !data.is_object()
        && !map.contains_key("type")
        && OBJECT_KEYWORDS.iter().any(|k| map.contains_key(*k))
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

fn draft_report(draft: &str, groups: &[Group], stats: &Stats) -> String {
    let mut out = format!("## {draft}\n\n{}", stats.headline(groups.len()));
    let untyped: usize = stats.files.values().map(|r| r[6]).sum();
    let _ = writeln!(
        out,
        "; valid non-objects rejected because the schema has object keywords and no `type` (a struct, on purpose): {untyped}; cases that panicked: {}.\n",
        stats.panics
    );
    out.push_str("| file | cases | agree | invalid accepted | valid rejected | refused | not compiled | of which no `type` |\n");
    out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (file, r) in &stats.files {
        let _ = writeln!(
            out,
            "| {file} | {} | {} | {} | {} | {} | {} | {} |",
            r[0], r[1], r[2], r[3], r[4], r[5], r[6]
        );
    }
    out.push_str("\nDisagreements by cause (the first that applies; see CONFORMANCE.md):\n\n");
    out.push_str("| cause | invalid accepted | valid rejected |\n| --- | ---: | ---: |\n");
    for cause in Cause::ALL {
        if let Some([accepted, rejected]) = stats.causes.get(&cause) {
            let _ = writeln!(out, "| {} | {accepted} | {rejected} |", cause.label());
        }
    }
    let troubled: Vec<&Group> = groups
        .iter()
        .filter(|g| !matches!(g.status, Status::Generated { .. }))
        .collect();
    if !troubled.is_empty() {
        out.push_str("\nGroups not generated or not compiled:\n\n");
        for group in troubled {
            let (what, why) = match &group.status {
                Status::Refused(why) => ("refused", why),
                Status::NoCompile(why) => ("not compiled", why),
                Status::Generated { .. } => continue,
            };
            let _ = writeln!(
                out,
                "- {} \"{}\" ({what}): `{}`",
                group.file,
                group.description,
                why.replace('`', "'")
            );
        }
    }
    out.push_str("\nDisagreements:\n\n");
    for group in groups {
        for case in &group.cases {
            if let Some(accepted) = case.accepted {
                if accepted != case.valid {
                    let kind = if accepted {
                        "invalid accepted"
                    } else {
                        "valid rejected"
                    };
                    let cause = Cause::of(&group.schema, &case.data, case.valid);
                    let _ = writeln!(
                        out,
                        "- {} \"{}\" / \"{}\": {kind} ({})",
                        group.file,
                        group.description,
                        case.description,
                        cause.label()
                    );
                }
            }
        }
    }
    out.push('\n');
    out
}

/// Every case's outcome, for comparing two runs: `file / group / case` -> `agree`,
/// `invalid accepted`, `valid rejected`, `refused` or `not compiled`.
fn case_outcomes(groups: &[Group]) -> Value {
    let mut map = serde_json::Map::new();
    for group in groups {
        for case in &group.cases {
            let outcome = match (&group.status, case.accepted) {
                (Status::Refused(_), _) => "refused",
                (Status::NoCompile(_), _) | (_, None) => "not compiled",
                (_, Some(a)) if a == case.valid => "agree",
                (_, Some(true)) => "invalid accepted",
                (_, Some(false)) => "valid rejected",
            };
            map.insert(
                format!(
                    "{} / {} / {}",
                    group.file, group.description, case.description
                ),
                Value::String(outcome.to_string()),
            );
        }
    }
    Value::Object(map)
}
