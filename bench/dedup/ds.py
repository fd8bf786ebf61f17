"""datasketch MinHashLSH on a directory: 128 permutations, word 5-grams, threshold 0.8.

usage: ds.py DOCS_DIR PAIRS_OUT
"""
import os, re, sys
from datasketch import MinHash, MinHashLSH

docs_dir, out = sys.argv[1], sys.argv[2]
WORD = re.compile(r"\w+")
names = sorted(os.listdir(docs_dir))
lsh = MinHashLSH(threshold=0.8, num_perm=128)
sigs = {}
for n in names:
    with open(os.path.join(docs_dir, n), encoding="utf-8") as f:
        w = WORD.findall(f.read().lower())
    m = MinHash(num_perm=128)
    m.update_batch([" ".join(w[i:i + 5]).encode() for i in range(max(1, len(w) - 4))])
    lsh.insert(n, m)
    sigs[n] = m
pairs = set()
for n in names:
    for o in lsh.query(sigs[n]):
        if o != n:
            pairs.add(tuple(sorted((n, o))))
with open(out, "w") as f:
    for a, b in sorted(pairs):
        f.write(f"{a}\t{b}\n")
print(f"{len(names)} documents, {len(pairs)} pairs")
