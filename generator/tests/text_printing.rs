//! The items the Rust emitter writes out as text ([`schemagen::serde_text`],
//! [`schemagen::struct_text`], [`schemagen::enum_text`]) are what `syn` and `prettyplease`
//! print, on the real-world corpus: `scripts/corpus.sh` fetches it and runs this test with
//! `SCHEMAGEN_CORPUS_CASES` naming its `cases.tsv` (`name<TAB>files<TAB>options`). The golden
//! test holds the same on the fixtures.

use schemagen::emit_rust::{RustOptions, emit};
use schemagen::{Config, FileKind};

/// The lines of a generated file after its header and crate docs.
fn body(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|line| line.starts_with("//") || line.is_empty())
        .collect()
}

#[test]
#[ignore = "needs the corpus: run by scripts/corpus.sh"]
fn items_written_as_text_are_what_prettyplease_prints_on_the_corpus() {
    let cases = std::env::var("SCHEMAGEN_CORPUS_CASES")
        .expect("SCHEMAGEN_CORPUS_CASES names the corpus's cases.tsv (scripts/corpus.sh sets it)");
    let cases = std::fs::read_to_string(&cases).expect("the cases file reads");
    let (mut compared, mut differ) = (0, Vec::new());
    for line in cases.lines().filter(|line| !line.is_empty()) {
        let mut fields = line.split('\t');
        let name = fields.next().unwrap_or_default();
        let files: Vec<&str> = fields.next().unwrap_or_default().split(' ').collect();
        let mut config = Config::new(&files).standalone_crate("corpus");
        let mut options = fields.next().unwrap_or_default().split(' ');
        while let Some(option) = options.next() {
            if option == "--map-ref" {
                let mapping = options.next().expect("--map-ref has a value");
                let (uri, path) = mapping.split_once('=').expect("--map-ref URI=PATH");
                config = config.map_ref(uri, path);
            }
        }
        // A schema schemagen refuses has nothing to compare; corpus.sh reports refusals.
        let Ok(generated) = schemagen::generate(&config) else {
            continue;
        };
        let rust = generated
            .files
            .iter()
            .find(|file| file.kind == FileKind::Rust)
            .expect("a Rust file");
        let snippets = schemagen::snippet::Snippets::of(&generated.model, &config.crate_name);
        let options = RustOptions {
            header: Vec::new(),
            schemars_feature: config.schemars_feature.clone(),
            crate_docs: Vec::new(),
            crate_name: config.crate_name.clone(),
            prettyplease_only: true,
        };
        let expected = emit(&generated.model, &options, &snippets).expect("prettyplease prints it");
        let (actual, expected) = (body(&rust.contents), body(&expected));
        compared += 1;
        if actual != expected {
            let at = actual
                .iter()
                .zip(&expected)
                .position(|(a, b)| a != b)
                .unwrap_or(actual.len().min(expected.len()));
            differ.push(format!(
                "{name}, line {}:\n  text:         {:?}\n  prettyplease: {:?}",
                at + 1,
                actual.get(at),
                expected.get(at)
            ));
        }
    }
    assert!(compared > 0, "no case of the corpus generated");
    assert!(
        differ.is_empty(),
        "{} of {compared} cases differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    eprintln!("{compared} cases: the text is what prettyplease prints");
}
