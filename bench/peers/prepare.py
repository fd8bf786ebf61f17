"""Builds the benchmark inputs from ../shared/reference, deterministically.

usage: prepare.py REFERENCE_DIR OUT_DIR SIZE_MB CUT_MB[,CUT_MB...] [--dirs]

The documents of every reference file are interleaved in proportion to each file's text
bytes (the next document always comes from the file whose next document's middle is the
least far into it, as a share of its text), so that any prefix of the stream has about the
same mix of sources as the whole.
The stream is then cut at SIZE_MB and at each CUT_MB (1 MB = 10^6 bytes of UTF-8 text, the
`text` fields only; a cut ends after the document that crosses it). If the reference has
less text than SIZE_MB, documents are repeated from the start of the stream with the id
`ID#rN` (exact copies: garbled reports them as duplicates).

For each size S it writes, in OUT_DIR:
  S.jsonl     {"id", "source", "text"} a line (uncompressed, so no one pays for gzip)
  S.txt       the texts, separated by a blank line (what `wc -w` reads)
  S.meta      "docs text_bytes repeated_docs" on one line
  S.docs/     with --dirs: one file per document (the fallback for a garbled without
              JSONL input), named by position
"""
import glob
import gzip
import json
import os
import sys

ref, out, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
cuts = sorted({int(c) for c in sys.argv[4].split(",") if c} | {size_mb})
dirs = "--dirs" in sys.argv[5:]
MB = 1_000_000


def sources():
    files = sorted(glob.glob(os.path.join(ref, "*.jsonl.gz")))
    if not files:
        sys.exit(f"no *.jsonl.gz in {ref}")
    totals = []
    for f in files:  # first pass: text bytes per file, for the proportions
        n = 0
        with gzip.open(f, "rt", encoding="utf-8") as g:
            for line in g:
                n += len(json.loads(line)["text"].encode())
        totals.append(max(n, 1))
    return files, totals


def interleaved(files, totals):
    handles = [gzip.open(f, "rt", encoding="utf-8") for f in files]
    read = [0] * len(files)
    pending = {}  # the next document of each file, with its text length in bytes

    def refill(i):
        line = handles[i].readline()
        if line:
            d = json.loads(line)
            pending[i] = (d, len(d["text"].encode()))
        else:
            handles[i].close()

    for i in range(len(files)):
        refill(i)
    while pending:
        # the file whose next document's middle is the least far into it, as a share
        i = min(pending, key=lambda k: ((read[k] + pending[k][1] / 2) / totals[k], k))
        d, n = pending.pop(i)
        read[i] += n
        refill(i)
        src = d.get("source") or os.path.basename(files[i]).split(".")[0]
        yield {"id": f"{src}/{d.get('id', '')}", "source": src, "text": d["text"]}


class Sink:
    def __init__(self, size):
        self.size = size
        base = os.path.join(out, str(size))
        self.jsonl = open(base + ".jsonl.part", "w", encoding="utf-8")
        self.txt = open(base + ".txt.part", "w", encoding="utf-8")
        self.dir = base + ".docs" if dirs else None
        if self.dir:
            os.makedirs(self.dir + ".part", exist_ok=True)
        self.docs = self.bytes = self.repeated = 0

    def add(self, doc, nbytes, repeat):
        self.jsonl.write(json.dumps(doc, ensure_ascii=False) + "\n")
        self.txt.write(doc["text"] + "\n\n")
        if self.dir:
            with open(os.path.join(self.dir + ".part", f"{self.docs:07d}.txt"), "w", encoding="utf-8") as f:
                f.write(doc["text"])
        self.docs += 1
        self.bytes += nbytes
        self.repeated += repeat

    def close(self):
        base = os.path.join(out, str(self.size))
        for f, ext in ((self.jsonl, ".jsonl"), (self.txt, ".txt")):
            f.close()
            os.replace(base + ext + ".part", base + ext)
        if self.dir:
            os.replace(self.dir + ".part", self.dir)
        with open(base + ".meta", "w") as f:
            f.write(f"{self.docs} {self.bytes} {self.repeated}\n")


def main():
    os.makedirs(out, exist_ok=True)
    files, totals = sources()
    sinks = [Sink(c) for c in cuts]
    total, rnd = 0, 0
    while sinks:
        fresh = 0
        for doc in interleaved(files, totals):
            fresh += 1
            if rnd:
                doc["id"] += f"#r{rnd}"
            n = len(doc["text"].encode())
            for s in sinks:
                s.add(doc, n, 1 if rnd else 0)
            total += n
            while sinks and total >= sinks[0].size * MB:
                sinks.pop(0).close()
            if not sinks:
                break
        if not fresh:
            sys.exit("the reference has no documents")
        rnd += 1


main()
