#!/usr/bin/python3
"""Every --format json output validates against its schema in docs/schema/ (real outputs, on
real captures, clean and not)."""
import glob, json, os, subprocess, sys
from jsonschema import Draft7Validator, RefResolver

binary, source = sys.argv[1], sys.argv[2]
schemas = os.path.join(source, "docs", "schema")
def validator(name):
    schema = json.load(open(os.path.join(schemas, name)))
    store = {"finding.schema.json": json.load(open(os.path.join(schemas, "finding.schema.json")))}
    return Draft7Validator(schema, resolver=RefResolver(base_uri="file://" + schemas + "/", referrer=schema, store=store))

data = os.path.join(source, "testdata", "redis-7.0.15")
fresh = sorted(glob.glob(os.path.join(data, "a-fresh-cluster", "nodes-*.conf")))
migrating = sorted(glob.glob(os.path.join(data, "c-slots-mid-migration", "nodes-*.conf")))
cases = [
    ("validate.schema.json", ["validate", "--format", "json"] + fresh + ["/nonexistent"]),
    ("validate.schema.json", ["validate", "--format", "json", "--require-unlocked", os.path.join(data, "h-noaddr", "nodes-7000.conf")]),
    ("dump.schema.json", ["dump", "--format", "json", migrating[1]]),
    ("dump.schema.json", ["dump", "--format", "json", os.path.join(source, "testdata", "redis-7.2.6", "a-fresh-cluster", "nodes-7000.conf")]),
    ("diff.schema.json", ["diff", "--format", "json", os.path.join(data, "a-fresh-cluster", "nodes-7003.conf"),
                          os.path.join(data, "d-after-manual-failover", "nodes-7003.conf")]),
    ("diff.schema.json", ["diff", "--format", "json", os.path.join(data, "h-handshake", "nodes-7000.conf"),
                          os.path.join(data, "h-handshake", "cluster-nodes-7000.txt")]),
    ("check.schema.json", ["check", "--format", "json"] + fresh),
    ("check.schema.json", ["check", "--format", "json"] + migrating),
]
failed = 0
for schema, args in cases:
    out = subprocess.run([binary] + args, capture_output=True, text=True).stdout
    errors = list(validator(schema).iter_errors(json.loads(out)))
    for e in errors: print(f"{schema} {args[0]}: {e.message} at {list(e.path)}")
    failed += bool(errors)
print(f"{len(cases) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
