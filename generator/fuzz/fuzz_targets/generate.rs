//! Fuzzes the whole schemagen pipeline: JSON text -> load -> resolve -> convert -> emit.
//!
//! Every input that generates must produce Rust that `syn` parses and Markdown tables whose
//! rows all have as many cells as their first row. Every input that does not generate must
//! produce an error that formats. Any panic is a finding.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use schemagen::{Config, FileKind};

/// One config for the whole run, over an empty directory made once (so `$ref`s to other
/// files find nothing, and nothing outside it can be read).
fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let dir = std::env::temp_dir().join("schemagen-fuzz");
        std::fs::create_dir_all(&dir).expect("create the fuzzing base dir");
        Config::new(Vec::<PathBuf>::new())
            .base_dir(dir)
            .crate_name("fuzzed")
    })
}

/// The number of `|` in `line` that are not escaped as `\|` (GFM splits table cells this way).
fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut prev = None;
    for c in line.chars() {
        if c == '|' && prev != Some('\\') {
            count += 1;
        }
        prev = Some(c);
    }
    count
}

/// Panics when a row of a Markdown table (a run of lines starting with `|`) has a different
/// number of unescaped `|` than the first row of its table.
fn check_tables(path: &str, contents: &str) {
    let mut first: Option<(usize, &str, usize)> = None;
    for (index, line) in contents.lines().enumerate() {
        if !line.starts_with('|') {
            first = None;
            continue;
        }
        let pipes = unescaped_pipes(line);
        match first {
            None => first = Some((index + 1, line, pipes)),
            Some((first_line, first_text, expected)) => assert_eq!(
                pipes,
                expected,
                "{path}:{}: table row has {pipes} unescaped `|`, the table's first row \
                 (line {first_line}) has {expected}\n  first: {first_text}\n  row:   {line}",
                index + 1,
            ),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match schemagen::generate_from_text(config(), "fuzz.json", text) {
        Ok(generated) => {
            for file in &generated.files {
                match file.kind {
                    FileKind::Rust => {
                        if let Err(err) = syn::parse_file(&file.contents) {
                            panic!(
                                "{} does not parse: {err} at {:?}\n{}",
                                file.path,
                                err.span().start(),
                                file.contents
                            );
                        }
                    }
                    FileKind::Markdown => check_tables(&file.path, &file.contents),
                    _ => {}
                }
            }
        }
        Err(err) => {
            let _ = err.to_string();
        }
    }
});
