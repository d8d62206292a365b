#!/usr/bin/env python3
"""Extracts the part of Twilio's REST API v2010 OpenAPI description that Switchboard uses.

Usage: python3 extract.py path/to/twilio_api_v2010.json > twilio_api_v2010.subset.json

The output keeps, byte for byte in meaning, the operations listed in OPERATIONS (with their
path-level `servers`, `description` and `x-twilio`), every component schema they reference
(transitively), the security scheme and the tags the operations name. It is deterministic:
keys are sorted and the output ends with a newline, so running it twice on the same input
gives the same bytes.
"""

import hashlib
import json
import sys

ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"

# (path, [methods]) used by Switchboard, in the order of the README's resource list.
OPERATIONS = [
    (ACCOUNT + "/AvailablePhoneNumbers/{CountryCode}/Local.json", ["get"]),
    (ACCOUNT + "/AvailablePhoneNumbers/{CountryCode}/TollFree.json", ["get"]),
    (ACCOUNT + "/AvailablePhoneNumbers/{CountryCode}/Mobile.json", ["get"]),
    (ACCOUNT + "/IncomingPhoneNumbers.json", ["get", "post"]),
    (ACCOUNT + "/IncomingPhoneNumbers/{Sid}.json", ["get", "post", "delete"]),
    ("/2010-04-01/Accounts/{Sid}.json", ["get"]),
    (ACCOUNT + "/Applications.json", ["get", "post"]),
    (ACCOUNT + "/Applications/{Sid}.json", ["get", "post", "delete"]),
    (ACCOUNT + "/Calls.json", ["get", "post"]),
    (ACCOUNT + "/Calls/{Sid}.json", ["get", "post"]),
    (ACCOUNT + "/Recordings/{Sid}.json", ["get", "delete"]),
    (ACCOUNT + "/Messages.json", ["get", "post"]),
    (ACCOUNT + "/Messages/{Sid}.json", ["get"]),
]

SOURCE_REPO = "github.com/twilio/twilio-oai"
SOURCE_COMMIT = "d50069b44ea8cd23141385bdb6db48f16ff75bb5"
SOURCE_FILE = "spec/json/twilio_api_v2010.json"

REF_PREFIX = "#/components/schemas/"


def collect_refs(node, found):
    """Adds the component schema names `node` references (directly) to `found`."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith(REF_PREFIX):
                raise SystemExit(f"unsupported $ref {ref!r}")
            found.add(ref[len(REF_PREFIX):])
        for value in node.values():
            collect_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            collect_refs(value, found)


def main(argv):
    if len(argv) != 2:
        raise SystemExit("usage: extract.py path/to/twilio_api_v2010.json")
    with open(argv[1], "rb") as f:
        raw = f.read()
    spec = json.loads(raw)

    paths = {}
    tags = set()
    for path, methods in OPERATIONS:
        source = spec["paths"].get(path)
        if source is None:
            raise SystemExit(f"missing path {path}")
        item = {k: v for k, v in source.items() if k in ("servers", "description", "x-twilio")}
        for method in methods:
            if method not in source:
                raise SystemExit(f"missing operation {method.upper()} {path}")
            item[method] = source[method]
            tags.update(source[method].get("tags", []))
        paths[path] = item

    schemas = spec["components"]["schemas"]
    wanted = set()
    collect_refs(paths, wanted)
    pending = list(wanted)
    while pending:
        name = pending.pop()
        if name not in schemas:
            raise SystemExit(f"missing schema {name}")
        more = set()
        collect_refs(schemas[name], more)
        for extra in more - wanted:
            wanted.add(extra)
            pending.append(extra)

    subset = {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "servers": spec.get("servers", []),
        "security": spec.get("security", []),
        "tags": [t for t in spec.get("tags", []) if t.get("name") in tags],
        "paths": paths,
        "components": {
            "securitySchemes": spec["components"].get("securitySchemes", {}),
            "schemas": {name: schemas[name] for name in sorted(wanted)},
        },
        "x-switchboard-subset": {
            "source": f"{SOURCE_REPO} {SOURCE_FILE} @ {SOURCE_COMMIT}",
            "source_sha256": hashlib.sha256(raw).hexdigest(),
            "generated_by": "crates/twilio-sim/openapi/extract.py",
            "operations": [
                f"{m.upper()} {p}" for p, methods in OPERATIONS for m in methods
            ],
        },
    }
    json.dump(subset, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
