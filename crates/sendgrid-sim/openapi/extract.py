#!/usr/bin/env python3
"""Extracts the part of SendGrid's Mail API description (twilio/sendgrid-oai,
spec/json/tsg_mail_v3.json) that Switchboard uses: the `POST /v3/mail/send` operation and
every component it references, transitively. Nothing is rewritten; descriptions and
examples are kept. The result is written, byte for byte the same, to the stand-in's
`openapi/` and to the adapter's `tests/openapi/`.

    usage: extract.py path/to/tsg_mail_v3.json
"""

import hashlib
import json
import os
import sys

PATHS = {"/v3/mail/send": ["post"]}
NAME = "tsg_mail_v3.mail_send.json"
HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = [HERE, os.path.join(HERE, "..", "..", "sendgrid", "tests", "openapi")]


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            found.add(tuple(ref[len("#/components/"):].split("/")))
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def main(argv):
    raw = open(argv[1], "rb").read()
    spec = json.loads(raw)
    paths = {p: {m: spec["paths"][p][m] for m in methods} for p, methods in PATHS.items()}
    components = {"securitySchemes": spec["components"]["securitySchemes"]}
    pending = set()
    refs(paths, pending)
    done = set()
    while pending:
        key = pending.pop()
        if key in done:
            continue
        done.add(key)
        section, name = key
        value = spec["components"][section][name]
        components.setdefault(section, {})[name] = value
        refs(value, pending)
    subset = {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "servers": spec["servers"],
        "security": spec["security"],
        "paths": paths,
        "components": {k: dict(sorted(v.items())) for k, v in sorted(components.items())},
        "x-switchboard-subset": {
            "source": "github.com/twilio/sendgrid-oai spec/json/tsg_mail_v3.json",
            "commit": "dbe0e0d2e67a0c3c55b222d54df2acda2b9027a7",
            "source_sha256": hashlib.sha256(raw).hexdigest(),
            "operations": [f"{m.upper()} {p}" for p, ms in PATHS.items() for m in ms],
        },
    }
    text = json.dumps(subset, indent=2, ensure_ascii=False) + "\n"
    for target in TARGETS:
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, NAME), "w", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    main(sys.argv)
