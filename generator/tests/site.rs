//! The docs site as a reader sees it: `generated/docs/` built with mdBook and opened in headless
//! Chromium. The page's DOM is read after its scripts ran (`--dump-dom`), and on the
//! ConnectSession page the fields table must show a row per property of the schema, check marks
//! rather than shortcode text, the Rust types with their angle brackets, the examples as written,
//! and links that lead to pages of the built site. A screenshot is saved under `target/`.
//!
//! mdBook and Chromium must be installed (`.ci/run` installs both): without them this test fails
//! and says how to install them; it never passes by skipping.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator lives in the workspace")
        .to_path_buf()
}

/// A tool from the environment variable `var`, else `name` on the `PATH`; fails with `install`.
fn tool(var: &str, name: &str, install: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(var) {
        return PathBuf::from(path);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "`{name}` is not installed, and the docs site cannot be checked without it: {install} \
             (or set {var} to its path). `.ci/run` installs it."
        )
    })
}

/// Runs `command`, killing it after `limit`.
fn run(mut command: Command, limit: Duration) -> Output {
    let what = format!("{command:?}");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {what}: {err}"));
    // The pipes are drained on threads so that a full pipe cannot stall the child.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).map(|_| buf)
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).map(|_| buf)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().expect("reader").expect("stdout readable"),
        stderr: err.join().expect("reader").expect("stderr readable"),
    }
}

/// Headless Chromium with the flags that work in a container, and a fresh profile.
fn chromium(profile: &Path) -> Command {
    let mut command = Command::new(tool(
        "CHROMIUM",
        "chromium",
        "install it with `apt-get install -y chromium`",
    ));
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1400,1800",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// The DOM of `page` once it has loaded and its scripts have run; `profile` is a fresh directory.
fn dump_dom(profile: &Path, page: &Path) -> String {
    let _ = fs::remove_dir_all(profile);
    let mut command = chromium(profile);
    command.arg("--dump-dom").arg(file_url(page));
    let out = run(command, Duration::from_secs(120));
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && dom.contains("</html>"),
        "chromium could not render {}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    dom
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The inner HTML of the first element that starts with `open`, up to the first `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let body = &html[start..];
    let body = &body[body.find('>')? + 1..];
    Some(&body[..body.find(close)?])
}

/// The inner HTML of every `<tag>` element in `html` (elements of the tag must not nest).
fn elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        // `<th` must not match `<thead`.
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let inner = &after[gt + 1..];
        let Some(end) = inner.find(&close) else { break };
        out.push(&inner[..end]);
        rest = &inner[end + close.len()..];
    }
    out
}

/// The text a reader sees in an HTML fragment: tags dropped, `<br>` as a line break, entities
/// decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        if rest[lt..lt + gt].starts_with("<br") {
            out.push('\n');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    decode_entities(&out).trim().to_string()
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Every `href` of an `<a>` element.
fn hrefs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        let tag = &rest[start..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(at) = tag.find(" href=\"") {
            let value = &tag[at + 7..];
            out.push(decode_entities(
                &value[..value.find('"').unwrap_or(value.len())],
            ));
        }
        rest = &rest[start + 3..];
    }
    out
}

/// The cells of a Markdown table row, as written (`\|` kept escaped).
fn markdown_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            c => cells.last_mut().expect("one cell").push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

/// What a Markdown type cell shows: links as their text, entities decoded.
fn markdown_type_text(cell: &str) -> String {
    let mut out = String::new();
    let mut rest = cell;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let (Some(close), Some(end)) = (after.find("]("), after.find(')')) else {
            out.push('[');
            rest = after;
            continue;
        };
        out.push_str(&after[..close]);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// What a Markdown example cell shows: `<br/>` as a line break, `\|` as `|`.
fn markdown_example_text(cell: &str) -> String {
    decode_entities(&cell.replace("<br/>", "\n").replace("\\|", "|"))
        .trim()
        .to_string()
}

/// Links in `dom` (the DOM of `page`, a file of `site`) that do not lead to a file of the site or
/// to an element of the page.
fn broken_links(site: &Path, page: &Path, dom: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for href in hrefs(dom) {
        if href.starts_with("http://") || href.starts_with("https://") {
            continue;
        }
        let (path, fragment) = href.split_once('#').unwrap_or((href.as_str(), ""));
        let target = if path.is_empty() {
            page.to_path_buf()
        } else {
            page.parent().expect("pages are in the site").join(path)
        };
        let Ok(target) = target.canonicalize() else {
            broken.push(format!("{href} (no such file)"));
            continue;
        };
        if !target.starts_with(site) || target.extension().is_none_or(|e| e != "html") {
            broken.push(format!(
                "{href} (leads to {}, not a page of the site)",
                target.display()
            ));
            continue;
        }
        if !fragment.is_empty() && path.is_empty() && !dom.contains(&format!("id=\"{fragment}\"")) {
            broken.push(format!("{href} (no element with that id)"));
        }
    }
    broken
}

#[test]
fn the_docs_site_renders_the_connect_session_page_in_chromium() {
    let root = repo_root();
    let docs = root.join("generated/docs");
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let site = work.join("book");

    // The site, built from the committed pages into target/ (the source tree is left alone).
    let mut mdbook = Command::new(tool(
        "MDBOOK",
        "mdbook",
        "install it with `cargo install --locked mdbook --no-default-features`",
    ));
    mdbook.arg("build").arg(&docs).arg("--dest-dir").arg(&site);
    let out = run(mdbook, Duration::from_secs(120));
    assert!(
        out.status.success(),
        "mdbook build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = site.canonicalize().unwrap();
    let page = site.join("models/connectsession.html");
    assert!(page.is_file(), "the site has no {}", page.display());

    let dom = dump_dom(&work.join("profile-page"), &page);
    let main = between(&dom, "<main", "</main>").expect("the page has a <main>");
    assert!(
        main.contains(">ConnectSession</a></h1>"),
        "the page is the ConnectSession page: {main}"
    );

    // A row per property of the schema, in the schema's order.
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root.join("schema/connect_session.schema.json")).unwrap(),
    )
    .unwrap();
    let properties: Vec<&String> = schema["properties"]
        .as_object()
        .expect("the root has properties")
        .keys()
        .collect();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let table = between(main, "<table", "</table>").expect("the page has a table");
    let header: Vec<String> = elements(table, "th")
        .into_iter()
        .map(visible_text)
        .collect();
    assert_eq!(
        header,
        ["Field", "Type", "Required", "Description", "Example"]
    );
    let body = between(table, "<tbody", "</tbody>").expect("the table has a body");
    let rows: Vec<Vec<String>> = elements(body, "tr")
        .into_iter()
        .map(|row| elements(row, "td").into_iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows.len(),
        properties.len(),
        "one row per property of the schema ({}): {body}",
        properties.len()
    );
    assert_eq!(
        rows.len(),
        15,
        "the ConnectSession schema has 15 properties"
    );

    // The page's Markdown, row by row, for what each cell must show.
    let markdown = fs::read_to_string(docs.join("models/connectsession.md")).unwrap();
    let markdown_rows: Vec<Vec<String>> = markdown
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(markdown_cells)
        .collect();
    assert_eq!(markdown_rows.len(), rows.len());

    for ((row, property), written) in rows.iter().zip(&properties).zip(&markdown_rows) {
        assert_eq!(row.len(), 5, "five cells in the row of {property}: {row:?}");
        let field = visible_text(&row[0]);
        assert!(
            field == **property || field.contains(&format!("JSON key {property}")),
            "the row of {property} shows {field:?}"
        );
        let mark = visible_text(&row[2]);
        let expected = if required.contains(&property.as_str()) {
            "\u{2714}\u{fe0f}"
        } else {
            "\u{2796}"
        };
        assert_eq!(mark, expected, "the Required cell of {property}");
        let ty = visible_text(&row[1]);
        assert_eq!(
            ty,
            markdown_type_text(&written[1]),
            "the Type cell of {property}"
        );
        assert_eq!(
            visible_text(&row[4]),
            markdown_example_text(&written[4]),
            "the Example cell of {property}, as written"
        );
    }
    let account_id = visible_text(&rows[0][1]);
    assert_eq!(
        account_id, "Option<String>",
        "angle brackets survive HTML parsing"
    );
    assert!(
        !rows[0][1].contains("<string"),
        "`<String>` was parsed as an HTML element: {}",
        rows[0][1]
    );
    let main_text = visible_text(main);
    for shortcode in [":heavy_check_mark:", ":heavy_minus_sign:", ":warning:"] {
        assert!(
            !main_text.contains(shortcode),
            "{shortcode} shown as text: {main_text}"
        );
    }

    // Every link of the page and of the index leads to a page of the site.
    let mut broken = broken_links(&site, &page, &dom);
    let index = site.join("index.html");
    let index_dom = dump_dom(&work.join("profile-index"), &index);
    broken.extend(broken_links(&site, &index, &index_dom));
    assert!(broken.is_empty(), "links that lead nowhere: {broken:#?}");
    for model in ["categories", "connectsessiontype", "metadata"] {
        let target = format!("href=\"{model}.html\"");
        assert!(
            main.contains(&target),
            "the page links to {model}.html: {main}"
        );
    }
    assert!(
        index_dom.contains("href=\"models/connectsession.html\""),
        "the index links to the page"
    );

    // A screenshot, to look at.
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-connectsession.png");
    let _ = fs::remove_file(&screenshot);
    let profile = work.join("profile-screenshot");
    let mut command = chromium(&profile);
    command
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(file_url(&page));
    let out = run(command, Duration::from_secs(120));
    let png = fs::read(&screenshot).unwrap_or_default();
    assert!(
        out.status.success() && png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000,
        "no screenshot at {}: {}",
        screenshot.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "screenshot of the ConnectSession page: {}",
        screenshot.display()
    );
}
