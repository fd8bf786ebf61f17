"""datasketch MinHashLSH over the documents of a JSONL file, on one core: 128 permutations,
word 5-grams, threshold 0.8 (as bench/dedup/ds.py, which reads a directory).

usage: minhash.py INPUT.jsonl PAIRS_OUT RESULT.json

The texts are read before the clocks start; timed: shingling, MinHash, LSH insert and query.
"""
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

docs = [(d["id"], d["text"]) for d in map(json.loads, open(sys.argv[1], encoding="utf-8"))]
WORD = re.compile(r"\w+")
wall0, cpu0 = time.perf_counter(), time.process_time()
lsh = MinHashLSH(threshold=0.8, num_perm=128)
sigs = []
for i, (_, text) in enumerate(docs):
    w = WORD.findall(text.lower())
    m = MinHash(num_perm=128)
    m.update_batch([" ".join(w[k:k + 5]).encode() for k in range(max(1, len(w) - 4))])
    lsh.insert(i, m)
    sigs.append(m)
pairs = set()
for i, m in enumerate(sigs):
    for o in lsh.query(m):
        if o != i:
            pairs.add((min(i, o), max(i, o)))
wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
with open(sys.argv[2], "w") as f:
    for a, b in sorted(pairs):
        f.write(f"{docs[a][0]}\t{docs[b][0]}\n")
with open(sys.argv[3], "w") as f:
    json.dump({"wall_s": wall, "cpu_s": cpu, "docs": len(docs), "pairs": len(pairs)}, f, indent=1)
