"""Counts the planted pairs found: score.py PLANTED_TSV (ds PAIRS_TSV | garbled JSON | stream JSONL)"""
import json, sys

planted = {tuple(sorted(l.split())) for l in open(sys.argv[1]) if l.strip()}
kind, path = sys.argv[2], sys.argv[3]
found = set()
if kind == "ds":
    found = {tuple(sorted(l.split())) for l in open(path) if l.strip()}
else:
    if kind == "stream":  # `check --format jsonl`: one record a line
        files = [json.loads(l) for l in open(path) if l.startswith("{")]
    else:
        files = json.load(open(path))["files"]
    for f in files:
        a = f["path"].rsplit("/", 1)[-1]
        for d in f["duplicates"]:
            found.add(tuple(sorted((a, d["path"].rsplit("/", 1)[-1]))))
hit = len(planted & found)
print(f"{hit}\t{len(planted)}\t{len(found)}\t{len(found - planted)}")
