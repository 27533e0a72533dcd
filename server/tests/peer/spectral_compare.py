"""specls and Spectral side by side: both lint the same specs with the same ruleset
(`spectral/ruleset.yaml`: `spectral:oas` and `spectral:asyncapi`, recommended), and this prints,
per rule, how far they agree on the set of findings.

A finding is (file, rule, place). Spectral's place is its JSON path; specls's is the `pointer` of
`specls check --format json` (the node its diagnostic starts on). Two findings of one rule in one
file match when their pointers are equal, else when they start on the same line (the two tools
sometimes put a finding on a key and on its value), else when one pointer is inside the other (a
finding on a value and on its parent object). Each tool's findings are a set: one per (file,
rule, place), the place of an example's finding being the example. Agreement of a rule =
matched / (Spectral's + specls's - matched).

The meta-schema rules (`oas2-schema`, `oas3-schema`, `asyncapi-schema`,
`asyncapi-3-document-resolved`, `asyncapi-3-document-unresolved`) are left out: specls reports
meta-schema errors under its own `schema/…` codes, and their verdicts are compared with other
validators by `compare.py`. Findings Spectral reports in other files (through `$ref`s) are left
out too: the specs compared are single files. specls's own checks that Spectral rules stand for
are counted as those rules: `Check::Existing` in the rule files (`ref/unused-component` is
`oas3-unused-component` or `oas2-unused-definition`), and the example checks
(`spec/example-mismatch`, `spec/media-example-mismatch`, `spec/default-not-in-enum`; specls
splits them as Spectral does, but reports a finding in a referenced example where the example
is, so the split here is by place) as `oas2-`/`oas3-valid-media-example` where
the value is a media type's, a parameter's or a header's example, else `…-valid-schema-example`;
unresolved `$ref`s (`ref/missing-file`, `ref/missing-pointer`) as `invalid-ref`.

Usage:
  spectral_compare.py SPECLS SPECTRAL CORPUS [--all] [--expect FILE] [--update] [--timing]
  spectral_compare.py SPECLS SPECTRAL CORPUS --speed [--largest N] [--with FILE]... [--runs N]

  --all      every OpenAPI/Swagger/AsyncAPI file of the corpus (default: the sample below);
             with `--only TEXT`, those whose path holds TEXT
  --expect   a snapshot of the table; fails when the table differs (--update rewrites it)
  --timing   also times both tools on each file and prints the totals
  --verbose  lists disagreements (two per file and eight per rule; all of one with --rule ID)
  --speed    instead of the findings: wall time and peak memory of one lint of each of the N
             largest OpenAPI files of the corpus (default 5) and of each `--with` file, by
             specls (`specls check`), Spectral (`spectral lint`, this ruleset) and Redocly
             (`redocly lint`, its `recommended` rules; npm `@redocly/cli`, installed into
             `redocly/node_modules` on first use); `--runs N` takes the median of N runs of
             each tool (default 1)
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
RULESET = HERE / "spectral" / "ruleset.yaml"
SCHEMA_RULES = {
    "oas2-schema", "oas3-schema", "asyncapi-schema",
    "asyncapi-3-document-resolved", "asyncapi-3-document-unresolved",
}
# specls's unresolved-`$ref` checks, Spectral's resolver's `invalid-ref`.
REF_CHECKS = {"ref/missing-file", "ref/missing-pointer"}
RULES = HERE.parent.parent / "src" / "lint" / "rules"


def existing_checks():
    """specls's own checks that a Spectral rule id stands for (`Check::Existing` in the rule's
    file): {code: [(rule id, formats)]}, e.g. `ref/unused-component` is `oas3-unused-component`
    in OpenAPI 3 and `oas2-unused-definition` in Swagger 2.0."""
    out = {}
    for f in RULES.glob("*.rs"):
        text = f.read_text()
        m = re.search(r"Check::Existing\(&\[([^\]]*)\]", text)
        if not m:
            continue
        rule = re.search(r'\bid: "([^"]+)"', text).group(1)
        formats = re.search(r"\bformats: (\w+)", text).group(1)
        for code in re.findall(r'"([^"]+)"', m.group(1)):
            out.setdefault(code, []).append((rule, formats))
    return out


# specls's example and default checks, which Spectral splits into media and schema examples.
EXAMPLE_CHECKS = {"spec/example-mismatch", "spec/media-example-mismatch", "spec/default-not-in-enum"}
# A media type's, a parameter's or a header's example (Spectral's `$..parameters..` and
# `$..headers..` take those under `components` too), or an Example Object of
# `components/examples`, which only those name (Spectral follows the `$ref` and reports the
# finding where the example is).
MEDIA = re.compile(
    r"/content/[^/]+/examples?(/|$)|/responses/[^/]+/examples/"
    r"|/(parameters|headers)/[^/]+/examples?(/|$)|^/components/examples/"
)


def rule_for(code, kind, pointer, existing):
    """The Spectral rule id of a specls diagnostic at `pointer` in a document of `kind`, or None."""
    if code in REF_CHECKS:
        return "invalid-ref"
    if code in EXAMPLE_CHECKS:
        family = "oas2" if kind.startswith("Swagger") else "oas3" if kind.startswith("OpenAPI 3") else None
        if family is None:
            return None
        return f"{family}-valid-{'media' if MEDIA.search(pointer) else 'schema'}-example"
    if code in existing:
        family = "OAS2" if kind.startswith("Swagger") else "OAS3" if kind.startswith("OpenAPI 3") else ""
        for rule, formats in existing[code]:
            if formats == "OAS" or formats == family:
                # The meta-schema rules are compared elsewhere (above).
                return None if rule in SCHEMA_RULES else rule
        return None
    # Spectral's rule ids have no `/`; specls's own checks are `category/name`.
    return None if "/" in code or code in SCHEMA_RULES else code

# Small and middle-sized single-file specs of each kind: quick enough for every CI run.
SAMPLE = [
    "openapi/oai-learn/v2.0/yaml/petstore-expanded.yaml",
    "openapi/oai-learn/v2.0/json/uber.json",
    "openapi/oai-learn/v3.0/petstore-expanded.yaml",
    "openapi/oai-learn/v3.0/link-example.yaml",
    "openapi/oai-learn/v3.0/uspto.json",
    "openapi/oai-learn/v3.1/tictactoe.yaml",
    "openapi/oai-learn/v3.1/webhook-example.yaml",
    "openapi/nytimes/article_search_v2.yaml",
    "openapi/realworld/openapi.yml",
    "openapi/redocly-museum/openapi.yaml",
    "openapi/swagger-petstore/openapi.yaml",
    "openapi/prometheus-alertmanager/openapi.yaml",
    "openapi/amadeus/PointsOfInterest_v1_swagger_specification.yaml",
    "asyncapi/asyncapi-spec-examples-2.6.0/streetlights-kafka.yml",
    "asyncapi/asyncapi-spec-examples-2.6.0/slack-rtm.yml",
    "asyncapi/asyncapi-spec-examples-3.0.0/streetlights-kafka-asyncapi.yml",
    "asyncapi/asyncapi-spec-examples-3.0.0/slack-rtm-asyncapi.yml",
]


def pointer(path):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def is_spec(f: Path) -> bool:
    """A root document of OpenAPI, Swagger or AsyncAPI (by its first keys)."""
    try:
        head = f.read_text(errors="replace")[:4000]
    except OSError:
        return False
    return any(k in head for k in ('openapi', 'swagger', 'asyncapi'))


def spectral_findings(spectral, f: Path):
    run = subprocess.run(
        [spectral, "lint", "-r", str(RULESET), "-f", "json", "--quiet", str(f)],
        capture_output=True, text=True, check=False,
    )
    out = run.stdout.strip()
    if not out.startswith("["):
        # No findings prints nothing in JSON mode on some versions; anything else is a failure.
        if run.returncode == 0 or not out:
            return []
        sys.exit(f"spectral failed on {f}: {run.stderr[-2000:]}{out[-2000:]}")
    found = []
    for r in json.loads(out):
        if r["code"] in SCHEMA_RULES or r["code"] in ("unrecognized-format", "parser"):
            continue
        if Path(r.get("source") or f).resolve() != f.resolve():
            continue
        found.append((r["code"], finding_place(r["code"], pointer(r["path"])), r["range"]["start"]["line"] + 1))
    return found


def specls_findings(specls, files, config):
    run = subprocess.run(
        [specls, "check", "--hints", "--config", str(config), "--format", "json", *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"specls check failed ({run.returncode}): {run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    kinds = {f["file"]: f["kind"] or "" for f in report["files"]}
    existing = existing_checks()
    by_file = defaultdict(list)
    for d in report["diagnostics"]:
        pointer = d.get("pointer") or ""
        rule = rule_for(d["code"], kinds.get(d["file"], ""), pointer, existing)
        if rule is not None:
            by_file[str(Path(d["file"]).resolve())].append((rule, finding_place(rule, pointer), d["line"]))
    return by_file


# Where an example starts: `…/example`, `…/x-example`, `…/default`, `…/examples/<name>` (and its
# `/value`), not a property of that name (`…/properties/example`).
EXAMPLE_ROOT = re.compile(
    r"^(.*?(?<!/properties)/(?:example|x-example|default)|.*?(?<!/properties)/examples/[^/]+(?:/value)?)(?:/|$)"
)


def finding_place(rule, pointer):
    """Where a finding of `rule` is, for matching. An example finding is its example: specls
    reports an example's most telling error, Spectral one or more, and they do not pick alike
    (specls may name `…/example/id`, Spectral `…/example/created_at`, for one example that
    fails twice)."""
    if rule.endswith("-example"):
        m = EXAMPLE_ROOT.match(pointer)
        if m:
            return m.group(1)
    return pointer


def as_set(findings):
    """One finding per place (the first): the comparison is of the sets of (rule, place). Spectral
    reports an example once per error its validator gives (a `oneOf` none of whose branches
    takes the example: the `oneOf` and each branch's error, all at that example), specls once."""
    seen, out = set(), []
    for p, l in findings:
        if p not in seen:
            seen.add(p)
            out.append((p, l))
    return out


def related(a, b):
    """One pointer is the other or inside it (a finding on a value and on its parent). The
    document's root only matches a top-level key (where specls puts a finding about the
    document, such as a missing `servers`)."""
    if not a or not b:
        return (a or b).count("/") <= 1
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def match(ours, theirs):
    """How many findings of one rule in one file match: equal pointers first, then equal lines,
    then pointers one inside the other."""
    ours, theirs = list(ours), list(theirs)
    matched = 0
    passes = (
        lambda o, t: o[0] == t[0],
        lambda o, t: o[1] == t[1],
        lambda o, t: related(o[0], t[0]),
    )
    for same in passes:
        rest = []
        for o in ours:
            i = next((i for i, t in enumerate(theirs) if same(o, t)), None)
            if i is None:
                rest.append(o)
            else:
                theirs.pop(i)
                matched += 1
        ours = rest
    return matched, ours, theirs


def measure(cmd, cwd, env=None):
    """Wall time (s) and peak resident memory (MiB) of one run of `cmd`, and its exit code."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4: the rusage of this child (and of the children it waited for), not of every child.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, code, stderr


def redocly_bin():
    """`redocly` from `redocly/node_modules`, installed from the lock file on first use."""
    folder = HERE / "redocly"
    bin_ = folder / "node_modules" / ".bin" / "redocly"
    if not bin_.exists():
        subprocess.run(
            ["npm", "ci", "--prefix", str(folder), "--no-audit", "--no-fund", "--ignore-scripts",
             "--loglevel=error"],
            check=True,
        )
    return bin_


def speed(specls, spectral, corpus, args, flags):
    """The speed table (see --speed above)."""
    def opt(name, default):
        return args[args.index(name) + 1] if name in args else default
    largest = int(opt("--largest", "5"))
    runs = int(opt("--runs", "1"))
    files = sorted(
        (f for f in (corpus / "openapi").rglob("*")
         if f.suffix in (".yaml", ".yml", ".json") and f.is_file() and is_spec(f)),
        key=lambda f: -f.stat().st_size,
    )[:largest]
    files += [Path(args[i + 1]) for i, a in enumerate(args) if a == "--with"]
    redocly = redocly_bin()
    # The tools run in another folder: absolute paths.
    specls, spectral = (str(Path(t).resolve()) if Path(t).exists() else shutil.which(t) or t
                        for t in (specls, spectral))
    # Redocly sends usage data and checks for updates unless told not to.
    env = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # An empty folder as the working directory: no `redocly.yaml`, `specls.toml` or ruleset
        # of this repository is picked up.
        # The ruleset inside that folder: specls reads no ruleset outside its workspace.
        ruleset = Path(tmp) / "ruleset.yaml"
        ruleset.write_text(RULESET.read_text())
        config = Path(tmp) / "specls.toml"
        config.write_text(f'ruleset_path = {json.dumps(str(ruleset))}\n')
        tools = {
            "specls": lambda f: [specls, "check", "--config", str(config), str(f.resolve())],
            "Spectral": lambda f: [spectral, "lint", "-r", str(ruleset), "-f", "json",
                                   "--quiet", str(f.resolve())],
            "Redocly": lambda f: [str(redocly), "lint", "--format", "json", str(f.resolve())],
        }
        for f in files:
            row = {"file": f, "size": f.stat().st_size}
            for name, cmd in tools.items():
                samples = []
                for _ in range(runs):
                    wall, rss, code, err = measure(cmd(f), tmp, env)
                    # Exit 1 is "findings" for all three; anything else is a failure.
                    if code not in (0, 1):
                        sys.exit(f"{name} failed on {f} (exit {code}): {err[-2000:]}")
                    samples.append((wall, rss))
                row[name] = (statistics.median(w for w, _ in samples),
                             max(r for _, r in samples))
                print(f"{f.name}: {name} {row[name][0]:.2f} s, {row[name][1]:.0f} MiB",
                      file=sys.stderr)
            rows.append(row)
    print(f"| spec | size | specls | Spectral | Redocly | Spectral ÷ specls | Redocly ÷ specls |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        try:
            name = r["file"].relative_to(corpus)
        except ValueError:
            name = r["file"].name
        cell = lambda t: f"{r[t][0]:.2f} s, {r[t][1]:.0f} MiB"
        ratio = lambda t: f"{r[t][0] / r['specls'][0]:.1f}× time, {r[t][1] / r['specls'][1]:.1f}× memory"
        print(f"| `{name}` | {r['size'] / 2**20:.1f} MiB | {cell('specls')} | {cell('Spectral')} | "
              f"{cell('Redocly')} | {ratio('Spectral')} | {ratio('Redocly')} |")


def main():
    args = sys.argv[1:]
    flags = {a for a in args if a.startswith("--")}
    expect = None
    if "--expect" in args:
        expect = Path(args[args.index("--expect") + 1])
        args.remove(str(expect))
    valued = {"--largest", "--runs", "--with", "--rule", "--only"}
    # --verbose --rule ID: every disagreement of that rule (else two per file, eight per rule).
    only_rule = args[args.index("--rule") + 1] if "--rule" in args else None
    positional = [a for i, a in enumerate(args)
                  if not a.startswith("--") and (i == 0 or args[i - 1] not in valued)]
    specls, spectral, corpus = positional[:3]
    corpus = Path(corpus)
    if "--speed" in flags:
        speed(specls, spectral, corpus, args, flags)
        return
    if "--all" in flags:
        files = sorted(
            f for kind in ("openapi", "asyncapi") for f in (corpus / kind).rglob("*")
            if f.suffix in (".yaml", ".yml", ".json") and f.is_file() and is_spec(f)
        )
        # --only TEXT (repeatable): the files whose path holds one of them.
        only = [args[i + 1] for i, a in enumerate(args) if a == "--only"]
        if only:
            files = [f for f in files if any(o in str(f) for o in only)]
    else:
        files = [corpus / s for s in SAMPLE]
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            sys.exit(f"missing from the corpus: {missing}")

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "specls.toml"
        config.write_text(f'ruleset_path = {json.dumps(str(RULESET.resolve()))}\n')
        t0 = time.monotonic()
        ours = specls_findings(specls, files, config)
        specls_time = time.monotonic() - t0
    spectral_time = 0.0
    rules = defaultdict(lambda: [0, 0, 0])  # Spectral's, specls's, matched
    examples = defaultdict(list)
    for f in files:
        t0 = time.monotonic()
        theirs = spectral_findings(spectral, f)
        spectral_time += time.monotonic() - t0
        mine = ours.get(str(f.resolve()), [])
        for rule in sorted({r for r, _, _ in theirs} | {r for r, _, _ in mine}):
            t = as_set((p, l) for r, p, l in theirs if r == rule)
            o = as_set((p, l) for r, p, l in mine if r == rule)
            m, only_ours, only_theirs = match(o, t)
            rules[rule][0] += len(t)
            rules[rule][1] += len(o)
            rules[rule][2] += m
            rel = f.relative_to(corpus)
            every = rule == only_rule
            examples[rule] += [f"  specls only: {rel} {p} (line {l})"
                               for p, l in (only_ours if every else only_ours[:2])]
            examples[rule] += [f"  Spectral only: {rel} {p} (line {l})"
                               for p, l in (only_theirs if every else only_theirs[:2])]

    lines = [f"{len(files)} files", "rule\tSpectral\tspecls\tmatched\tagreement"]
    for rule in sorted(rules):
        s, o, m = rules[rule]
        union = s + o - m
        pct = 100.0 if union == 0 else 100.0 * m / union
        lines.append(f"{rule}\t{s}\t{o}\t{m}\t{pct:.1f}%")
    table = "\n".join(lines) + "\n"
    print(table, end="")
    if "--verbose" in flags:
        for rule in sorted(examples):
            if examples[rule]:
                print(rule)
                print("\n".join(examples[rule] if rule == only_rule else examples[rule][:8]))
    if "--timing" in flags:
        print(f"time: specls {specls_time:.2f} s (one process), Spectral {spectral_time:.2f} s "
              f"({len(files)} processes)")
    check_snapshot("spectral_compare", table, expect, flags)


def check_snapshot(script, table, expect, flags):
    """`--expect FILE`: fails when `table` differs from the snapshot (`--update` rewrites it)."""
    if expect is None:
        return
    if "--update" in flags:
        expect.write_text(table)
    elif expect.read_text() != table:
        sys.exit(f"{script}: the table differs from {expect} (see the table above; "
                 f"rerun with --update after checking why)")


if __name__ == "__main__":
    main()
