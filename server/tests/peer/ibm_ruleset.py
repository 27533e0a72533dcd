"""IBM's Spectral ruleset (npm `@ibm-cloud/openapi-ruleset`) in specls: which of its rules load
and run, why the others do not, and what the ones that run find next to Spectral running the
real ruleset.

IBM's ruleset is a JavaScript module. `ibm/export.js` writes it as a JSON ruleset (functions by
name: Spectral's core functions, the `spectral:oas` functions, IBM's own under `functions`), which
specls reads; Spectral reads the module itself (`ibm/ruleset.js`). Both lint the same OpenAPI 3
files of the corpus; per rule, the findings are matched as `spectral_compare.py` matches them.

Each rule is one of:
- a setting of a `spectral:oas` rule (`'operation-tags': true`, `'info-contact': 'off'`): specls
  reads it for its built-in rule of that id;
- a rule whose `then` uses a Spectral function (`truthy`, `pattern`, `schema`, `typedEnum`, …):
  specls runs it, unless the ruleset file gets an error for it (a JSONPath or an option specls
  cannot read), which the table names;
- a rule whose `then` uses one of IBM's JavaScript functions: specls runs no JavaScript, so the
  rule is skipped (a `ruleset/js-function` warning on the ruleset says so).

Usage:
  ibm_ruleset.py SPECLS SPECTRAL CORPUS [--files N] [--markdown] [--expect FILE [--update]]

  --files N    lint the N smallest OpenAPI 3 files of the sample of `spectral_compare.py` and of
               the corpus's larger specs (default: all of the list below)
  --markdown   print the tables as Markdown (for docs/ibm-ruleset.md)
  --expect     a snapshot of the table (CI); fails when the table differs (--update rewrites it)
"""
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import spectral_compare as sc  # noqa: E402

IBM = HERE / "ibm"
# OpenAPI 3 files (IBM's ruleset is for OpenAPI 3 only), small to large.
FILES = [
    "openapi/oai-learn/v3.0/petstore-expanded.yaml",
    "openapi/oai-learn/v3.0/link-example.yaml",
    "openapi/oai-learn/v3.0/uspto.json",
    "openapi/oai-learn/v3.1/tictactoe.yaml",
    "openapi/redocly-museum/openapi.yaml",
    "openapi/realworld/openapi.yml",
    "openapi/swagger-petstore/openapi.yaml",
    "openapi/nytimes/article_search_v2.yaml",
    "openapi/adyen/ManagementService-v3.json",
]


def npm_ci():
    if not (IBM / "node_modules" / "@ibm-cloud" / "openapi-ruleset").is_dir():
        subprocess.run(
            ["npm", "ci", "--prefix", str(IBM), "--no-audit", "--no-fund", "--ignore-scripts",
             "--loglevel=error"],
            check=True,
        )


def kinds(ruleset):
    """{rule id: (how it is defined, the function names it uses)}."""
    out = {}
    for rid, rule in ruleset["rules"].items():
        if not isinstance(rule, dict):
            out[rid] = ("setting", [])
            continue
        thens = rule["then"] if isinstance(rule["then"], list) else [rule["then"]]
        fns = sorted({t["function"] for t in thens})
        js = [f for f in fns if f in ruleset["functions"]]
        out[rid] = ("ibm-js" if js else "spectral-function", fns)
    return out


def spectral_ibm_findings(spectral, f: Path):
    run = subprocess.run(
        [spectral, "lint", "-r", str(IBM / "ruleset.js"), "-f", "json", "--quiet", str(f)],
        capture_output=True, text=True, check=False, cwd=IBM,
    )
    out = run.stdout.strip()
    if run.returncode not in (0, 1):
        # Spectral stops at an exception in one of IBM's functions: no findings at all for
        # the file, so it is left out of the comparison (and named).
        return None, run.stderr.strip().splitlines()[-1:]
    if not out.startswith("["):
        return [], None
    found = []
    for r in json.loads(out):
        if r["code"] in sc.SCHEMA_RULES or r["code"] in ("unrecognized-format", "parser"):
            continue
        if Path(r.get("source") or f).resolve() != f.resolve():
            continue
        found.append((r["code"], sc.finding_place(r["code"], sc.pointer(r["path"])),
                      r["range"]["start"]["line"] + 1))
    return found, None


def main():
    args = sys.argv[1:]
    flags = {a for a in args if a.startswith("--")}
    expect = None
    if "--expect" in args:
        expect = Path(args[args.index("--expect") + 1])
        args.remove(str(expect))
    n_files = len(FILES)
    if "--files" in args:
        n_files = int(args[args.index("--files") + 1])
        args.remove(str(n_files))
    specls, spectral, corpus = [a for a in args if not a.startswith("--")][:3]
    specls, spectral = (str(Path(t).resolve()) for t in (specls, spectral))
    corpus = Path(corpus)
    files = [(corpus / f).resolve() for f in FILES[:n_files]]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        sys.exit(f"missing from the corpus: {missing}")
    npm_ci()
    exported = subprocess.run(["node", str(IBM / "export.js")], capture_output=True, text=True,
                              check=True, cwd=IBM).stdout
    ruleset = json.loads(exported)
    how = kinds(ruleset)

    with tempfile.TemporaryDirectory() as tmp:
        rs_file = Path(tmp) / ".spectral.json"
        rs_file.write_text(exported)
        config = Path(tmp) / "specls.toml"
        config.write_text(f'ruleset_path = {json.dumps(str(rs_file))}\n')
        run = subprocess.run(
            [specls, "check", "--hints", "--config", str(config), "--format", "json",
             *map(str, files)],
            capture_output=True, text=True, check=False, cwd=tmp,
        )
        if run.returncode not in (0, 1):
            sys.exit(f"specls check failed ({run.returncode}): {run.stderr[-2000:]}")
        report = json.loads(run.stdout)
        # The ruleset's own diagnostics, by the rule they are in.
        problems = defaultdict(list)
        for d in report["diagnostics"]:
            if Path(d["file"]).name != ".spectral.json":
                continue
            parts = (d.get("pointer") or "").split("/")
            if len(parts) > 2 and parts[1] == "rules":
                problems[parts[2].replace("~1", "/").replace("~0", "~")].append(d)
            else:
                problems[""].append(d)
        kinds_of = {f["file"]: f["kind"] or "" for f in report["files"]}
        existing = sc.existing_checks()
        ours = defaultdict(list)
        for d in report["diagnostics"]:
            rule = sc.rule_for(d["code"], kinds_of.get(d["file"], ""), d.get("pointer") or "",
                               existing)
            if rule is not None:
                ours[str(Path(d["file"]).resolve())].append(
                    (rule, sc.finding_place(rule, d.get("pointer") or ""), d["line"]))

    counts = defaultdict(lambda: [0, 0, 0])  # Spectral's, specls's, matched
    failed = []
    for f in files:
        theirs, error = spectral_ibm_findings(spectral, f)
        if theirs is None:
            failed.append((f.relative_to(corpus.resolve()), error))
            continue
        mine = ours.get(str(f.resolve()), [])
        for rule in {r for r, _, _ in theirs} | {r for r, _, _ in mine}:
            t = [(p, l) for r, p, l in theirs if r == rule]
            o = [(p, l) for r, p, l in mine if r == rule]
            m, _, _ = sc.match(o, t)
            counts[rule][0] += len(t)
            counts[rule][1] += len(o)
            counts[rule][2] += m

    def status(rid):
        kind, fns = how[rid]
        errors = [d for d in problems.get(rid, []) if d["severity"] == "error"]
        if kind == "ibm-js":
            return "not run", f"IBM's JavaScript function `{'`, `'.join(fns)}`"
        if errors:
            return "not loaded", "; ".join(f"`{d['code']}`: {d['message']}" for d in errors)
        if kind == "setting":
            value = ruleset["rules"][rid]
            return ("off" if value in ("off", False) else "runs"), f"setting `{json.dumps(value)}` of the built-in rule"
        return "runs", f"Spectral function `{'`, `'.join(fns)}`"

    rows = [(rid, *status(rid)) for rid in sorted(how)]
    summary = defaultdict(int)
    for _, st, _ in rows:
        summary[st] += 1
    md = "--markdown" in flags
    lines = [f"{len(how)} rules: " + ", ".join(f"{n} {st}" for st, n in sorted(summary.items())),
             f"{len(files) - len(failed)} files linted by both"]
    for f, error in failed:
        lines.append(f"left out: Spectral failed on {f}: {' '.join(error)}")
    if md:
        lines += ["", "| rule | specls | why | Spectral | specls | matched |", "|---|---|---|---:|---:|---:|"]
    else:
        lines.append("rule\tspecls\twhy\tSpectral\tspecls\tmatched")
    for rid, st, why in rows:
        s_, o, m = counts.get(rid, (0, 0, 0))
        lines.append(f"| `{rid}` | {st} | {why} | {s_} | {o} | {m} |" if md
                     else f"{rid}\t{st}\t{why}\t{s_}\t{o}\t{m}")
    for p in problems.get("", []):
        if p["code"] != "ruleset/js-function":
            lines.append(f"ruleset: {p['code']}: {p['message']}")
    table = "\n".join(lines) + "\n"
    print(table, end="")
    sc.check_snapshot("ibm_ruleset", table, expect, flags)


if __name__ == "__main__":
    main()
