"""Compares specls's valid/invalid verdict with the peers' (peer_verdicts.py) on every OpenAPI,
Swagger and AsyncAPI file of the corpus, and checks each disagreement against the table
`server/tests/peer/disagreements.tsv` (path, specls's verdict, the peer's, why). Fails when a
disagreement is not in the table, or the table lists one that no longer happens.
Usage: compare.py SPECLS_BIN CORPUS_DIR PEER_JSON FILE_LIST
"""
import json
import subprocess
import sys
from pathlib import Path

specls, corpus, peer_json, file_list = sys.argv[1:5]
here = Path(__file__).parent
files = Path(file_list).read_text().splitlines()
peer = json.loads(Path(peer_json).read_text())

run = subprocess.run(
    [specls, "check", "--format", "json", *files], capture_output=True, text=True, check=False
)
if run.returncode not in (0, 1):
    sys.exit(f"specls check failed ({run.returncode}): {run.stderr}")
report = json.loads(run.stdout)
kinds = {f["file"]: f["kind"] for f in report["files"]}
errors = {}
for d in report["diagnostics"]:
    # Validity is what the peer judges: lint rules (codes without a `category/`, Spectral's ids
    # such as `no-$ref-siblings`) are about style and docs, not validity.
    if d["severity"] == "error" and "/" in d["code"]:
        errors.setdefault(d["file"], f'{d["line"]}:{d["column"]} {d["code"]} {d["message"]}')

table = {}
for line in (here / "disagreements.tsv").read_text().splitlines()[1:]:
    if line.strip():
        path, ours, theirs, why = line.split("\t")
        table[path] = (ours, theirs, why)

compared, agree, found = 0, 0, {}
for f in files:
    rel = str(Path(f).relative_to(corpus))
    p = peer.get(rel)
    kind = kinds.get(f, "")
    if p is None or p["valid"] is None or kind == "fragment" or kind.startswith("AsyncAPI 1"):
        continue
    compared += 1
    ours = "invalid" if f in errors else "valid"
    theirs = "valid" if p["valid"] else "invalid"
    if ours == theirs:
        agree += 1
    else:
        found[rel] = (ours, theirs, errors.get(f, ""), p["why"])

problems = []
for rel, (ours, theirs, our_why, their_why) in sorted(found.items()):
    listed = table.get(rel)
    if listed is None or listed[:2] != (ours, theirs):
        problems.append(
            f"unexplained: {rel}: specls {ours} ({our_why}), peer {theirs} ({their_why})"
        )
for rel in sorted(set(table) - set(found)):
    problems.append(f"stale table entry (they agree now): {rel}")

print(f"compared {compared} specs: {agree} same verdict, {len(found)} disagreements (all explained: {not problems})")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
