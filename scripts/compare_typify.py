#!/usr/bin/env python3
"""Runs schemagen and typify on each corpus case, checks what they emit, prints a comparison.

Called by scripts/compare_typify.sh, which fetches the corpus and the tools; see there for usage.

For each single-file case (typify takes one file) both generators run with a 120 s timeout and
their wall time (best of 3) is measured around the command as a user would run it. Each output
that was generated is `cargo check`ed as a crate of its own: schemagen writes a complete crate;
typify's code is put into a crate with the dependencies its output uses. All these crates share
one CARGO_TARGET_DIR so the dependencies build once. The table goes to stdout and results.tsv.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

GEN_TIMEOUT = 120
# Generation is timed as the best of this many runs (one run is a few milliseconds, and the
# machine may be busy); a run that times out is not repeated.
GEN_RUNS = 3
CHECK_TIMEOUT = 900
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Keep panics and errors short and their timing free of backtrace capture.
QUIET_ENV = {"RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0", "NO_COLOR": "1"}


def run(cmd, timeout, env=None, cwd=None):
    """Runs cmd in its own process group; returns (exit code or None on timeout, output, seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        code = None
    seconds = time.perf_counter() - start
    return code, ANSI.sub("", out.decode("utf-8", "replace")), seconds


def run_timed(cmd, env):
    """Runs a generator GEN_RUNS times; the last run's result with the shortest time."""
    best = None
    for _ in range(GEN_RUNS):
        code, log, seconds = run(cmd, GEN_TIMEOUT, env=env)
        best = seconds if best is None else min(best, seconds)
        if code is None:
            break
    return code, log, best


def short(text, limit=200):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_line(text, pattern):
    for line in text.splitlines():
        if re.search(pattern, line):
            return line.strip()
    return ""


def panic_message(log):
    """The message of a Rust panic, in std's format or color-eyre's ("Message:" / "Location:")."""
    std = re.search(r"panicked at ([^\n]*):\n([^\n]*)", log)
    if std:
        return f"{std.group(2).strip()} (at {std.group(1).strip()})"
    msg = re.search(r"^Message:\s*(.*)$", log, re.M)
    loc = re.search(r"^Location:\s*(.*)$", log, re.M)
    if msg:
        where = f" (at {os.path.basename(loc.group(1).strip())})" if loc else ""
        return msg.group(1).strip() + where
    return first_line(log, r"panicked")


def error_message(log):
    """The most specific line of an error: schemagen's `error...` line, or color-eyre's last cause."""
    causes = re.findall(r"^\s*\d+: (.*)$", log.split("Location:")[0], re.M)
    if causes:
        return causes[-1].strip()
    return first_line(log, r"^error") or first_line(log, r"\S")


def classify(code, log, ok_codes=(0,), refused_codes=()):
    if code is None:
        return "timeout", f"no result within {GEN_TIMEOUT} s"
    if "panicked" in log or code == 101 or code < 0:
        return "panic", panic_message(log) or f"exit {code}"
    if code in ok_codes:
        return "ok", ""
    if code in refused_codes:
        return "refused", error_message(log)
    return "error", f"exit {code}: {error_message(log)}"


def rust_lines(paths):
    total = 0
    for path in paths:
        with open(path, "rb") as f:
            total += sum(1 for _ in f)
    return total


def cargo_check(manifest, target_dir):
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    cmd = ["nice", "-n", "10", "cargo", "check", "--quiet", "--offline",
           "--message-format", "short", "--manifest-path", str(manifest)]
    code, out, seconds = run(cmd, CHECK_TIMEOUT, env=env)
    if code == 0:
        return "yes", "", seconds
    if code is None:
        return "no", f"cargo check timed out after {CHECK_TIMEOUT} s", seconds
    # The first compiler error, with its location (`--message-format short`).
    err = first_line(out, r"(^|: )error(\[E\d+\])?: (?!could not compile)") or first_line(out, r"error")
    return "no", err, seconds


def run_schemagen(args, name, schema, work):
    out = work / "sg" / name
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, **QUIET_ENV)
    cmd = [args.schemagen, "generate", "--schema", schema, "--out", str(out),
           "--crate", f"cmp-sg-{name}", "-q"]
    code, log, seconds = run_timed(cmd, env)
    (work / "logs" / f"{name}.schemagen.log").write_text(log)
    status, msg = classify(code, log, refused_codes=(1,))
    result = {"status": status, "secs": seconds, "lines": 0, "compiles": "-", "msg": msg, "check_secs": 0.0}
    if status == "ok":
        result["lines"] = rust_lines(sorted((out / "src").rglob("*.rs")))
        compiles, err, check_secs = cargo_check(out / "Cargo.toml", work / "check-target")
        result.update(compiles=compiles, check_secs=check_secs)
        if err:
            result["msg"] = err
    return result


def run_typify(args, name, schema, work):
    crate = work / "ty" / name
    shutil.rmtree(crate, ignore_errors=True)
    (crate / "src").mkdir(parents=True)
    generated = crate / "typify.rs"
    env = dict(os.environ, **QUIET_ENV)
    cmd = [args.typify, "typify", schema, "--output", str(generated)]
    code, log, seconds = run_timed(cmd, env)
    (work / "logs" / f"{name}.typify.log").write_text(log)
    if code == 0 and not generated.exists():
        code = 2
    status, msg = classify(code, log)
    result = {"status": status, "secs": seconds, "lines": 0, "compiles": "-", "msg": msg,
              "check_secs": 0.0, "lines_no_builder": 0}
    if status == "ok":
        result["lines"] = rust_lines([generated])
        # typify adds a builder for each struct by default; its size without them, for the ratio.
        plain = crate / "typify-no-builder.rs"
        if run(cmd[:-2] + ["--no-builder", "--output", str(plain)], GEN_TIMEOUT, env=env)[0] == 0:
            result["lines_no_builder"] = rust_lines([plain])
        template = Path(args.typify_template)
        manifest = (template / "Cargo.toml").read_text()
        (crate / "Cargo.toml").write_text(manifest.replace('name = "cmp-typify-template"', f'name = "cmp-ty-{name}"'))
        shutil.copy(template / "Cargo.lock", crate / "Cargo.lock")
        # typify's output opens with inner attributes, so it is pasted in rather than `include!`d.
        (crate / "src" / "lib.rs").write_text("#![allow(warnings)]\n" + generated.read_text())
        compiles, err, check_secs = cargo_check(crate / "Cargo.toml", work / "check-target")
        result.update(compiles=compiles, check_secs=check_secs)
        if err:
            result["msg"] = err
    return result


def fmt_row(cols, widths):
    return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cols, widths)))


def ratio_line(label, pairs):
    """Median of per-case ratios and the ratio of the totals, for (typify, schemagen) pairs."""
    pairs = [(t, s) for t, s in pairs if s > 0]
    if not pairs:
        return f"{label}: no case to compare"
    median = statistics.median(t / s for t, s in pairs)
    total = sum(t for t, _ in pairs) / sum(s for _, s in pairs)
    return f"{label}: median {median:.2f}x, total {total:.2f}x"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--schemagen", required=True)
    parser.add_argument("--typify", required=True)
    parser.add_argument("--typify-template", required=True)
    parser.add_argument("--smoke", action="store_true", help="only the first case of each source")
    args = parser.parse_args()

    work = Path(args.work)
    (work / "logs").mkdir(parents=True, exist_ok=True)
    cases, skipped = [], []
    for line in Path(args.cases).read_text().splitlines():
        # "name<TAB>files[<TAB>schemagen options]": options map remote refs, which typify cannot.
        parts = line.split("\t")
        name, files = parts[0], parts[1].split()
        takes_it = len(files) == 1 and len(parts) < 3
        (cases if takes_it else skipped).append((name, files))
    if args.smoke:
        # One case per source (the label before the first '-'), so that both generators' outputs
        # get compiled even though typify refuses the first schemastore schemas.
        firsts = {}
        for name, files in cases:
            firsts.setdefault(name.split("-", 1)[0], (name, files))
        cases = list(firsts.values())
    if skipped:
        print(f"skipped {len(skipped)} case(s) typify cannot take (several files, or remote "
              "refs mapped to local files): "
              + ", ".join(n for n, _ in skipped))

    widths = [max([len("case")] + [len(n) for n, _ in cases]), 9, 6, 6, 5, 7, 6, 6, 5]
    header = ["case", "schemagen", "sg s", "sg loc", "build", "typify", "ty s", "ty loc", "build"]
    print(fmt_row(header, widths))
    rows = []
    for name, (schema,) in cases:
        sg = run_schemagen(args, name, schema, work)
        ty = run_typify(args, name, schema, work)
        rows.append((name, schema, sg, ty))
        print(fmt_row([name, sg["status"], f"{sg['secs']:.3f}", sg["lines"], sg["compiles"],
                       ty["status"], f"{ty['secs']:.3f}", ty["lines"], ty["compiles"]], widths), flush=True)

    with open(work / "results.tsv", "w") as f:
        cols = ["status", "gen_secs", "lines", "compiles", "check_secs", "message"]
        f.write("\t".join(["case", "schema"] + [f"schemagen_{c}" for c in cols] + [f"typify_{c}" for c in cols]
                          + ["typify_lines_no_builder"]) + "\n")
        for name, schema, sg, ty in rows:
            vals = [name, schema]
            for r in (sg, ty):
                vals += [r["status"], f"{r['secs']:.3f}", str(r["lines"]), r["compiles"],
                         f"{r['check_secs']:.1f}", r["msg"].replace("\t", " ")]
            f.write("\t".join(vals + [str(ty["lines_no_builder"])]) + "\n")

    total = len(rows)
    print()
    for label, key in (("schemagen", 2), ("typify", 3)):
        results = [row[key] for row in rows]
        status = Counter(r["status"] for r in results)
        compiled = sum(1 for r in results if r["compiles"] == "yes")
        gen_time = sum(r["secs"] for r in results)
        errors = status["refused"] + status["error"]
        print(f"{label + ':':<10} generated {status['ok']}/{total}, compiled {compiled}/{total}, "
              f"panics {status['panic']}, clean errors {errors}, timeouts {status['timeout']}, "
              f"total gen time {gen_time:.2f} s")
    print(f"(gen time: wall time of a CLI run, best of {GEN_RUNS}, process start included; "
          "cargo-typify also runs rustfmt on its output)")
    both = [(sg, ty) for _, _, sg, ty in rows if sg["status"] == "ok" and ty["status"] == "ok"]
    print(f"both generated: {len(both)}/{total} cases; typify/schemagen on those:")
    print("  " + ratio_line("generation time", [(ty["secs"], sg["secs"]) for sg, ty in both]))
    print("  " + ratio_line("lines of Rust", [(ty["lines"], sg["lines"]) for sg, ty in both]))
    print("  " + ratio_line("lines of Rust, typify --no-builder",
                            [(ty["lines_no_builder"], sg["lines"]) for sg, ty in both if ty["lines_no_builder"]]))
    both_built = sum(1 for sg, ty in both if sg["compiles"] == "yes" and ty["compiles"] == "yes")
    print(f"  both compiled: {both_built}/{len(both)}")

    notes = [
        ("typify panicked", [(n, s, ty["msg"]) for n, s, _, ty in rows if ty["status"] == "panic"]),
        ("typify failed (error or timeout)", [(n, s, ty["msg"]) for n, s, _, ty in rows if ty["status"] in ("error", "timeout")]),
        ("typify output does not compile", [(n, s, ty["msg"]) for n, s, _, ty in rows if ty["compiles"] == "no"]),
        ("schemagen did not generate, typify did", [(n, s, sg["msg"]) for n, s, sg, ty in rows if sg["status"] != "ok" and ty["status"] == "ok"]),
        ("schemagen output does not compile", [(n, s, sg["msg"]) for n, s, sg, _ in rows if sg["compiles"] == "no"]),
        ("schemagen panicked or timed out", [(n, s, sg["msg"]) for n, s, sg, _ in rows if sg["status"] in ("panic", "timeout", "error")]),
    ]
    for title, items in notes:
        if items:
            print(f"\n{title} ({len(items)}):")
            for name, schema, msg in items:
                print(f"  {name}: {short(msg)}\n      {schema}")
    print(f"\ntable: {work / 'results.tsv'}; logs: {work / 'logs'}")


if __name__ == "__main__":
    sys.exit(main())
