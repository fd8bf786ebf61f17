"""ftfy's mojibake heuristics over every document of a JSONL file, on one core.

usage: ftfy_badness.py INPUT.jsonl RESULT.json

Times `ftfy.badness.badness(text)` (counts every match of ftfy's badness regex) and,
separately, `ftfy.badness.is_bad(text)` (stops at the first match). The texts are read
and parsed before the clocks start.
"""
import json
import sys
import time

from ftfy.badness import badness, is_bad

texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
res = {}
for name, fn in (("badness", badness), ("is_bad", is_bad)):
    wall0, cpu0 = time.perf_counter(), time.process_time()
    flagged = sum(1 for t in texts if fn(t))
    res[name] = {"wall_s": time.perf_counter() - wall0, "cpu_s": time.process_time() - cpu0, "docs_flagged": flagged}
with open(sys.argv[2], "w") as f:
    json.dump(res, f, indent=1)
