"""The verdict of validators no one in this project wrote, for every spec of the corpus.

OpenAPI and Swagger: `openapi-spec-validator` (PyPI). AsyncAPI: the official schemas of
`@asyncapi/specs` (the corpus's copy) under the `jsonschema` package (Draft 7).
Prints one JSON object: {relative path: {"valid": bool, "why": first error}}.
Usage: peer_verdicts.py CORPUS_DIR < file-list (one path per line)
"""
import json
import sys
from pathlib import Path

import yaml
from jsonschema import Draft7Validator
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename


def asyncapi_schema(corpus, version):
    minor = ".".join(str(version).split(".")[:2])
    path = Path(corpus) / "metaschemas/asyncapi/schemas" / f"{minor}.0.json"
    return json.loads(path.read_text()) if path.exists() else None


def main():
    corpus = sys.argv[1]
    out = {}
    for name in sys.stdin.read().splitlines():
        rel = str(Path(name).relative_to(corpus))
        try:
            if "asyncapi" in rel:
                doc = yaml.safe_load(Path(name).read_text())
                schema = asyncapi_schema(corpus, doc.get("asyncapi"))
                if schema is None:
                    out[rel] = {"valid": None, "why": "unknown AsyncAPI version"}
                    continue
                errors = list(Draft7Validator(schema).iter_errors(doc))
                out[rel] = {"valid": not errors, "why": errors[0].message[:200] if errors else ""}
            else:
                spec, _ = read_from_filename(name)
                validate(spec)
                out[rel] = {"valid": True, "why": ""}
        except Exception as e:  # noqa: BLE001 — any failure is the peer's "invalid"
            out[rel] = {"valid": False, "why": f"{type(e).__name__}: {str(e)[:200]}"}
    json.dump(out, sys.stdout, indent=0, sort_keys=True)


main()
