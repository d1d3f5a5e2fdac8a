//! The `schemagen` command line on the real repository and on a copy of it: `check`, `generate`,
//! the schema-edit story end to end, determinism, and exit codes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator lives in the workspace")
        .to_path_buf()
}

fn schemagen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemagen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("schemagen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        // The docs site `mdbook build` writes is build output, git-ignored: not a source.
        let site = Path::new("generated/docs").join(schemagen::emit_book::BUILD_DIR);
        if entry.path().ends_with(&site) {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the repository's sources (no build output, no git).
fn copy_of_repo(name: &str) -> PathBuf {
    let root = repo_root();
    let dir = scratch(name);
    for file in ["Cargo.toml", "Cargo.lock", "build.rs", "README.md"] {
        fs::copy(root.join(file), dir.join(file)).unwrap();
    }
    for tree in ["src", "schema", "generated"] {
        copy_tree(&root.join(tree), &dir.join(tree));
    }
    copy_tree(&root.join("generator"), &dir.join("generator"));
    dir
}

fn mtimes(dir: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            out.extend(mtimes(&entry.path()));
        } else {
            out.push((entry.path(), entry.metadata().unwrap().modified().unwrap()));
        }
    }
    out.sort();
    out
}

/// Runs cargo in `dir`, offline, with a target directory of its own under the workspace's.
fn cargo(dir: &Path, args: &[&str], target: &str) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    Command::new(cargo)
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target").join(target))
        .output()
        .expect("cargo runs")
}

fn cargo_build(dir: &Path, features: &[&str]) -> Output {
    let mut args = vec!["build", "-p", "connect-session"];
    args.extend(features);
    cargo(dir, &args, "schema-edit")
}

#[test]
fn check_passes_on_the_committed_output() {
    let out = schemagen(&repo_root(), &["check"]);
    assert!(
        out.status.success(),
        "generated/ is stale:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("is up to date"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_finds_the_project_from_a_subdirectory() {
    let out = schemagen(&repo_root().join("generator/src"), &["check", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn schema_edit_story_end_to_end() {
    let repo = copy_of_repo("schema-edit");
    let schema_path = repo.join("schema/connect_session.schema.json");

    // 1. Add a property to the schema.
    let mut schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&schema_path).unwrap()).unwrap();
    schema["properties"]["region"] = serde_json::json!({
        "type": ["string", "null"],
        "description": "The data region of the session | with a pipe",
        "examples": ["eu1"]
    });
    fs::write(&schema_path, serde_json::to_string_pretty(&schema).unwrap()).unwrap();

    // 2. `check` fails, shows the diff and the command that fixes it.
    let out = schemagen(&repo, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let diff = text(&out.stdout);
    assert!(diff.contains("--- a/"), "{diff}");
    assert!(
        diff.contains("+    pub region: ::std::option::Option<::std::string::String>,"),
        "{diff}"
    );
    assert!(diff.contains("+| `region`"), "{diff}");
    assert!(
        text(&out.stderr).contains("run `cargo run -p json-schemagen -- generate`"),
        "{}",
        text(&out.stderr)
    );

    // 3. The build sees that the committed copy no longer matches schema/ (the digest in its
    //    header) and stops with the command to run; with `regenerate` it generates the types
    //    from schema/ itself, and warns.
    fs::write(
        repo.join("src/lib.rs"),
        fs::read_to_string(repo.join("src/lib.rs")).unwrap()
            + "\n/// The region, through the new field.\npub fn region_of(session: &ConnectSession) -> Option<&str> {\n    session.region.as_deref()\n}\n",
    )
    .unwrap();
    let build = cargo_build(&repo, &[]);
    assert!(!build.status.success(), "{}", text(&build.stderr));
    assert!(
        text(&build.stderr).contains(
            "generated/ is stale (schema/ has changed): run `cargo run -p json-schemagen -- generate`"
        ),
        "{}",
        text(&build.stderr)
    );
    let build = cargo_build(&repo, &["--features", "regenerate"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert!(
        text(&build.stderr).contains("generated/ is stale"),
        "{}",
        text(&build.stderr)
    );

    // 4. `generate` refreshes the Rust copy and the page.
    let out = schemagen(&repo, &["generate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rust = fs::read_to_string(repo.join("generated/connect_session.rs")).unwrap();
    assert!(
        rust.contains("pub region: ::std::option::Option<::std::string::String>,"),
        "{rust}"
    );
    assert!(
        rust.contains("/// The data region of the session | with a pipe"),
        "{rust}"
    );
    let page = fs::read_to_string(repo.join("generated/docs/models/connectsession.md")).unwrap();
    let row = page
        .lines()
        .find(|l| l.starts_with("| `region`"))
        .expect("a row for the new field");
    assert!(row.contains("Option&lt;String&gt;"), "{row}");
    assert!(
        row.contains("The data region of the session \\| with a pipe"),
        "{row}"
    );
    assert!(row.contains("eu1"), "{row}");
    assert_eq!(row.matches(" | ").count(), 4, "five cells: {row}");

    // 5. `check` passes, and the build no longer warns.
    let out = schemagen(&repo, &["check"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let build = cargo_build(&repo, &[]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert!(
        !text(&build.stderr).contains("stale"),
        "{}",
        text(&build.stderr)
    );

    // 6. Regenerating changes nothing and rewrites nothing.
    let before = mtimes(&repo.join("generated"));
    let contents: Vec<String> = before
        .iter()
        .map(|(p, _)| fs::read_to_string(p).unwrap())
        .collect();
    let out = schemagen(&repo, &["generate"]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("0 written"),
        "{}",
        text(&out.stderr)
    );
    let after = mtimes(&repo.join("generated"));
    assert_eq!(before, after);
    let again: Vec<String> = after
        .iter()
        .map(|(p, _)| fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(contents, again);

    // 7. A broken schema stops a regenerating build with readable errors through cargo, not a
    //    backtrace.
    let broken = fs::read_to_string(&schema_path)
        .unwrap()
        .replacen("\"number\"", "\"nubmer\"", 1);
    fs::write(&schema_path, broken).unwrap();
    let build = cargo_build(&repo, &["--features", "regenerate"]);
    assert!(!build.status.success());
    let stderr = text(&build.stderr);
    assert!(
        stderr.contains("error: connect-session@0.1.0: schema/connect_session.schema.json:")
            && stderr.contains("unknown type \"nubmer\""),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean \"number\"?"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // 8. A field whose type needs a crate the package lacks: the build names the line to add.
    let with_uuid = fs::read_to_string(&schema_path)
        .unwrap()
        .replacen("\"nubmer\"", "\"number\"", 1)
        .replacen(
            "\"properties\": {",
            "\"properties\": {\n    \"trace_id\": { \"type\": \"string\", \"format\": \"uuid\" },",
            1,
        );
    fs::write(&schema_path, with_uuid).unwrap();
    let build = cargo_build(&repo, &["--features", "regenerate"]);
    assert!(!build.status.success());
    let stderr = text(&build.stderr);
    assert!(
        stderr.contains("the generated types use uuid but")
            && stderr.contains("uuid = { version = \"1.4\""),
        "{stderr}"
    );
}

#[test]
fn removing_a_type_removes_its_page() {
    let repo = copy_of_repo("remove-type");
    let schema_path = repo.join("schema/connect_session.schema.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&schema_path).unwrap()).unwrap();
    schema["properties"]["metadata"] = serde_json::json!({"type": ["object", "null"]});
    schema["$defs"].as_object_mut().unwrap().remove("Metadata");
    fs::write(&schema_path, serde_json::to_string_pretty(&schema).unwrap()).unwrap();

    let out = schemagen(&repo, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("+++ /dev/null"),
        "{}",
        text(&out.stdout)
    );

    let out = schemagen(&repo, &["generate"]);
    assert!(
        text(&out.stderr).contains("1 removed"),
        "{}",
        text(&out.stderr)
    );
    assert!(!repo.join("generated/docs/models/metadata.md").exists());
    let index = fs::read_to_string(repo.join("generated/docs/README.md")).unwrap();
    assert!(!index.contains("metadata.md"), "{index}");
    let summary = fs::read_to_string(repo.join("generated/docs/SUMMARY.md")).unwrap();
    assert!(!summary.contains("metadata.md"), "{summary}");
}

#[test]
fn the_book_files_are_checked_and_generate_keeps_what_it_did_not_write() {
    let repo = copy_of_repo("book-files");
    let docs = repo.join("generated/docs");
    let summary = fs::read_to_string(docs.join("SUMMARY.md")).unwrap();
    assert!(
        summary.contains(
            "[connect_session models](README.md)\n\n- [ConnectSession](models/connectsession.md)\n"
        ),
        "the index first, then the pages: {summary}"
    );
    fs::write(
        docs.join("SUMMARY.md"),
        summary.replace("- [Metadata](models/metadata.md)\n", ""),
    )
    .unwrap();
    fs::remove_file(docs.join("book.toml")).unwrap();
    // A built site and a file of the user's own, neither written by schemagen.
    fs::create_dir_all(docs.join("book/models")).unwrap();
    fs::write(docs.join("book/index.html"), "<html></html>").unwrap();
    fs::write(docs.join("notes.md"), "# Notes\n").unwrap();

    let out = schemagen(&repo, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let diff = text(&out.stdout);
    assert!(diff.contains("+- [Metadata](models/metadata.md)"), "{diff}");
    assert!(
        diff.contains("generated/docs/book.toml\n@@ -0,0 +1,"),
        "{diff}"
    );

    let out = schemagen(&repo, &["generate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(docs.join("SUMMARY.md")).unwrap(),
        summary
    );
    assert!(docs.join("book.toml").exists());
    assert!(docs.join("book/index.html").exists());
    assert!(docs.join("notes.md").exists());
    assert!(schemagen(&repo, &["check"]).status.success());
}

#[test]
fn explicit_schema_and_out_work_anywhere() {
    let dir = scratch("explicit-paths");
    let schema = dir.join("my-schema.json");
    fs::write(
        &schema,
        r#"{"type": "object", "properties": {"a-b": {"type": "integer"}}, "required": ["a-b"]}"#,
    )
    .unwrap();
    let out = schemagen(
        &dir,
        &[
            "generate",
            "--schema",
            "my-schema.json",
            "--out",
            "out",
            "--crate-name",
            "my_types",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rust = fs::read_to_string(dir.join("out/my_types.rs")).unwrap();
    assert!(rust.contains("pub struct MySchema {"), "{rust}");
    assert!(
        rust.contains(
            "#[cfg_attr(feature = \"schemars\", schemars(rename = \"a-b\"))]\n    pub a_b: i64,"
        ),
        "{rust}"
    );
    assert!(dir.join("out/docs/models/myschema.md").exists());
    let out = schemagen(
        &dir,
        &[
            "check",
            "--schema",
            "my-schema.json",
            "--out",
            "out",
            "--crate-name",
            "my_types",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn schema_errors_exit_1_with_file_pointer_and_position() {
    let dir = scratch("schema-error");
    fs::write(dir.join("bad.json"), "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"a\": {\"type\": \"strnig\"}\n  }\n}\n")
        .unwrap();
    let out = schemagen(&dir, &["generate", "--schema", "bad.json", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr,
        "error: unknown type \"strnig\"\n  --> bad.json:4:19 at /properties/a/type\n  |\n4 |     \"a\": {\"type\": \"strnig\"}\n  |                   ^^^^^^^^\n  = help: did you mean \"string\"? The JSON Schema types are string, number, integer, boolean, array, object and null\n\n1 error in the schema; nothing was generated\n"
    );
    assert!(!dir.join("out").exists(), "nothing is written on error");
    // With a warning beside the error: shown normally, left out by --quiet.
    fs::write(
        dir.join("bad.json"),
        "{\"titel\": \"x\", \"properties\": {\"a\": {\"type\": \"strnig\"}}}",
    )
    .unwrap();
    let loud = schemagen(&dir, &["generate", "--schema", "bad.json", "--out", "out"]);
    assert!(text(&loud.stderr).contains("warning: unknown keyword `titel`"));
    let quiet = schemagen(
        &dir,
        &["generate", "--schema", "bad.json", "--out", "out", "-q"],
    );
    assert_eq!(quiet.status.code(), Some(1));
    let stderr = text(&quiet.stderr);
    assert!(
        stderr.contains("unknown type \"strnig\"") && !stderr.contains("warning"),
        "{stderr}"
    );
}

#[test]
fn invalid_json_reports_the_position() {
    let dir = scratch("invalid-json");
    fs::write(
        dir.join("broken.json"),
        "{\n  \"type\": \"object\",\n  \"properties\": {,}\n}\n",
    )
    .unwrap();
    let out = schemagen(&dir, &["check", "--schema", "broken.json", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(
            "error: invalid JSON: key must be a string\n  --> broken.json:3:18 at (document root)"
        ),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = schemagen(&repo_root(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = schemagen(&repo_root(), &["generate", "--out"]);
    assert_eq!(out.status.code(), Some(2));
    // Outside the repository, so that no ancestor has a schema/ directory.
    let dir = std::env::temp_dir().join(format!("schemagen-no-project-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let out = schemagen(&dir, &["check"]);
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no schema/ directory"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn format_types_are_chosen_on_the_command_line() {
    let dir = scratch("format-types");
    let schema = fixture_schema("formats.json");
    let schema = schema.to_str().unwrap();
    let out_dir = dir.join("out");
    let out_dir = out_dir.to_str().unwrap();
    let args = [
        "generate",
        "--schema",
        schema,
        "--out",
        out_dir,
        "-q",
        "--format-type",
        "uuid=String",
        "--format-type",
        "uri=url::Url",
    ];
    let out = schemagen(&dir, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rust = fs::read_to_string(dir.join("out/types.rs")).unwrap();
    assert!(rust.contains("pub id: ::std::string::String,"), "{rust}");
    assert!(rust.contains("pub link: url::Url,"), "{rust}");
    assert!(
        rust.contains("--format-type 'uuid=String' --format-type 'uri=url::Url'"),
        "{rust}"
    );
    let with_format = |format: &str| {
        let args = [
            "generate",
            "--schema",
            schema,
            "--out",
            out_dir,
            "--format-type",
            format,
        ];
        schemagen(&dir, &args)
    };
    for bad in ["uuid=not a type!", "uuid", "=String", "uuid=Vec<"] {
        let out = with_format(bad);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out.stderr));
    }
    let stderr = text(&with_format("uuid=Vec<").stderr);
    assert!(
        stderr.contains("`Vec<` (for format `uuid`) is not a Rust type"),
        "{stderr}"
    );
}

fn fixture_schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schemas")
        .join(name)
}

#[test]
fn standalone_crate_builds_and_runs_its_page_snippets() {
    let dir = scratch("standalone");
    let schema = fixture_schema("stackone_openapi.json");
    let out = schemagen(
        &dir,
        &[
            "generate",
            "--schema",
            schema.to_str().unwrap(),
            "--out",
            "out",
            "--crate",
            "stackone-types",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The real StackOne spec has two examples that do not match their schemas.
    assert_eq!(
        text(&out.stderr).matches("warning: example").count(),
        2,
        "{}",
        text(&out.stderr)
    );
    let manifest = fs::read_to_string(dir.join("out/Cargo.toml")).unwrap();
    for dependency in ["serde = ", "serde_json = ", "chrono = ", "schemars = "] {
        assert!(manifest.contains(dependency), "{manifest}");
    }
    let test = cargo(&dir.join("out"), &["test"], "standalone");
    assert!(
        test.status.success(),
        "{}{}",
        text(&test.stdout),
        text(&test.stderr)
    );
    assert!(
        text(&test.stdout).contains("test result: ok. 3 passed"),
        "{}",
        text(&test.stdout)
    );

    // A schema without dates needs no chrono.
    let out = schemagen(
        &dir,
        &[
            "generate",
            "--schema",
            fixture_schema("nullable.json").to_str().unwrap(),
            "--out",
            "plain",
            "--crate",
            "plain",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let manifest = fs::read_to_string(dir.join("plain/Cargo.toml")).unwrap();
    assert!(!manifest.contains("chrono"), "{manifest}");
    assert!(
        fs::read_to_string(dir.join("plain/src/lib.rs"))
            .unwrap()
            .contains("//! Rust types for")
    );
}

#[test]
fn json_format_reports_diagnostics_for_tools() {
    let dir = scratch("json-format");
    fs::write(
        dir.join("bad.json"),
        r##"{"properties": {"a": {"type": "strnig"}, "b": {"$ref": "#/$defs/B"}}}"##,
    )
    .unwrap();
    let out = schemagen(
        &dir,
        &[
            "check", "--schema", "bad.json", "--out", "out", "--format", "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("one JSON object on stdout");
    assert_eq!(report["ok"], false);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2, "{report}");
    assert_eq!(diagnostics[0]["severity"], "error");
    assert_eq!(diagnostics[0]["file"], "bad.json");
    assert_eq!(diagnostics[0]["pointer"], "/properties/a/type");
    assert_eq!(diagnostics[0]["line"], 1);
    assert_eq!(diagnostics[0]["column"], 31);
    assert_eq!(diagnostics[1]["pointer"], "/properties/b/$ref");

    let out = schemagen(&repo_root(), &["check", "--format", "json"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report,
        serde_json::json!({"diagnostics": [], "stale": [], "ok": true})
    );
}

#[test]
fn remote_refs_are_read_from_the_files_they_are_mapped_to() {
    let dir = scratch("map-ref");
    fs::create_dir_all(dir.join("vendor/common")).unwrap();
    fs::write(
        dir.join("order.json"),
        r##"{"title": "Order", "type": "object", "required": ["id"], "properties": {
            "id": {"$ref": "https://example.com/schemas/common/id.json"},
            "money": {"$ref": "https://example.com/schemas/common/money.json#/$defs/Money"}}}"##,
    )
    .unwrap();
    fs::write(
        dir.join("vendor/common/id.json"),
        r#"{"title": "Id", "type": "string", "format": "uuid"}"#,
    )
    .unwrap();
    fs::write(
        dir.join("vendor/common/money.json"),
        r#"{"$defs": {"Money": {"type": "object", "properties": {"cents": {"type": "integer"}}}}}"#,
    )
    .unwrap();
    let generate = |extra: &[&str]| {
        let mut args = vec!["generate", "--schema", "order.json", "--out", "out", "-q"];
        args.extend_from_slice(extra);
        schemagen(&dir, &args)
    };
    // Unmapped: refused, and the help says how to map it.
    let out = generate(&[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("remote references are not fetched") && stderr.contains("--map-ref"),
        "{stderr}"
    );
    // A prefix mapped to a directory covers both documents.
    let out = generate(&["--map-ref", "https://example.com/schemas/=vendor/"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rust = fs::read_to_string(dir.join("out/types.rs")).unwrap();
    assert!(rust.contains("pub id: ::uuid::Uuid,"), "{rust}");
    assert!(rust.contains("pub struct Money"), "{rust}");
    // One document mapped to one file; the other stays refused.
    let out = generate(&[
        "--map-ref",
        "https://example.com/schemas/common/id.json=vendor/common/id.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("`$ref` to `https://example.com/schemas/common/money.json`"),
        "{}",
        text(&out.stderr)
    );
}

fn history(version: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/history");
    let file = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{version}-")))
        })
        .unwrap_or_else(|| panic!("no {version}-*.json in {}", dir.display()));
    file.display().to_string()
}

#[test]
fn diff_of_two_files_classifies_every_change_and_exits_3_when_one_breaks() {
    let dir = scratch("diff_files");
    let out = schemagen(&dir, &["diff", &history("v7"), &history("v8")]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "ConnectSession.organization_id: type f64 → OrganizationId [api: breaking; wire: breaks old readers]\n\
         OrganizationId: union added [api: additive; wire: compatible]\n\
         semver: major (2 changes, 1 breaking the API, 1 breaking the wire)\n"
    );
    let out = schemagen(
        &dir,
        &["diff", &history("v7"), &history("v8"), "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["semver"], "major");
    assert_eq!(json["changes"][0]["path"], "ConnectSession.organization_id");
    assert_eq!(json["changes"][0]["change"], "field-type-changed");
    assert_eq!(json["changes"][0]["api"], "breaking");
    assert_eq!(json["changes"][0]["wire"], "breaking");
    assert_eq!(json["changes"][1]["path"], "OrganizationId");
    assert_eq!(json["changes"][1]["api"], "additive");
    assert_eq!(json["changes"][1]["wire"], "compatible");

    // Nothing breaking: exit 0.
    let schema = |description: &str, defs: &str| {
        format!(
            r#"{{"title": "Thing", "type": "object", "description": "{description}", "properties": {{"a": {{"type": "string"}}}}, "$defs": {{{defs}}}}}"#
        )
    };
    fs::write(dir.join("a.json"), schema("One.", "")).unwrap();
    fs::write(dir.join("b.json"), schema("Two.", "")).unwrap();
    let out = schemagen(&dir, &["diff", "a.json", "b.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .ends_with("semver: patch (1 change, 0 breaking the API, 0 breaking the wire)\n")
    );
    let extra = r#""Extra": {"type": "object", "properties": {"b": {"type": "string"}}}"#;
    fs::write(dir.join("c.json"), schema("One.", extra)).unwrap();
    let out = schemagen(&dir, &["diff", "a.json", "c.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout)
            .contains("Extra: struct added [api: additive; wire: compatible]\nsemver: minor")
    );

    // Directories: every schema in each.
    for (sub, file) in [("old", "a.json"), ("new", "c.json")] {
        fs::create_dir_all(dir.join(sub)).unwrap();
        fs::copy(dir.join(file), dir.join(sub).join("thing.json")).unwrap();
    }
    let out = schemagen(&dir, &["diff", "old", "new", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["semver"], "minor");
    assert_eq!(json["changes"][0]["change"], "type-added");

    // Usage errors exit 2, schema errors 1 (saying which version fails).
    let out = schemagen(&dir, &["diff", "a.json", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.json is neither a schema file nor a directory"));
    fs::write(dir.join("broken.json"), "{\"type\": \"nubmer\"}").unwrap();
    let out = schemagen(&dir, &["diff", "broken.json", "a.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the old schemas (broken.json) do not build"));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=schemagen", "-c", "user.email=schemagen@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs (schemagen diff REV and the summaries of generate and check read schemas with git: install it, e.g. apt-get install git)");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

#[test]
fn diff_of_a_revision_and_the_summaries_of_generate_and_check() {
    let dir = copy_of_repo("diff_revision");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "schema", "generated", "Cargo.toml"]);
    git(&dir, &["commit", "-q", "-m", "first"]);
    let path = dir.join("schema/connect_session.schema.json");
    let edited = fs::read_to_string(&path).unwrap().replacen(
        r#""id": {
      "type": "number"
    }"#,
        r#""id": {
      "type": "string"
    }"#,
        1,
    );
    fs::write(&path, edited).unwrap();
    let line = "ConnectSession.id: type f64 → String [api: breaking; wire: breaks old readers and old writers]";

    let out = schemagen(&dir, &["diff", "HEAD"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with(&format!("{line}\nsemver: major")));
    let out = schemagen(&dir, &["diff", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`no-such-branch` is not a revision"));

    // Before the edit is committed, the output came from HEAD's schema.
    let out = schemagen(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("schema changes since the schemas committed at HEAD"),
        "{stderr}"
    );
    assert!(stderr.contains(line), "{stderr}");

    // Committed without regenerating (what CI sees): the output came from the commit before.
    git(&dir, &["commit", "-q", "-am", "id is a string"]);
    let out = schemagen(&dir, &["check"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("schema changes since the schemas committed at "),
        "{stderr}"
    );
    assert!(!stderr.contains("at HEAD"), "{stderr}");
    assert!(stderr.contains(line), "{stderr}");

    let out = schemagen(&dir, &["generate", "--changes-md"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains(line));
    let changes = fs::read_to_string(dir.join("generated/docs/CHANGES.md")).unwrap();
    assert!(changes.starts_with("# Schema changes\n"), "{changes}");
    assert!(
        changes.contains("| `ConnectSession.id` | type f64 → String | breaking | breaks old readers and old writers |"),
        "{changes}"
    );
    // Regenerating again records nothing new, and the output is current.
    let out = schemagen(&dir, &["generate", "--changes-md"]);
    assert!(out.status.success());
    assert_eq!(
        fs::read_to_string(dir.join("generated/docs/CHANGES.md")).unwrap(),
        changes
    );
    assert!(schemagen(&dir, &["check"]).status.success());
}

#[test]
fn generate_without_git_history_still_generates_and_says_why_there_is_no_summary() {
    let dir = copy_of_repo("diff_no_history");
    let path = dir.join("schema/connect_session.schema.json");
    let edited = fs::read_to_string(&path).unwrap().replacen(
        "\"title\": \"ConnectSession\",",
        "\"title\": \"ConnectSession\", \"description\": \"A session.\",",
        1,
    );
    fs::write(&path, edited).unwrap();
    let out = schemagen(&dir, &["generate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("note: no summary of the schema changes: "),
        "{}",
        text(&out.stderr)
    );
    // CHANGES.md is only written on request.
    assert!(!dir.join("generated/docs/CHANGES.md").exists());
    assert!(
        fs::read_to_string(dir.join("generated/connect_session.rs"))
            .unwrap()
            .contains("A session.")
    );
}
