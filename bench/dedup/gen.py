"""Generates the deduplication benchmark corpus.

N documents of about 1 KB: pieces of the reference corpus (../shared/reference, cut at
sentence ends), of which PLANTED are lightly edited copies of other pieces (1 to 5
random word edits: a word replaced, deleted or inserted). Also writes 10 new files to
check against an index of the collection: 5 edited copies of collection documents and
5 pieces that are not in it.

usage: gen.py OUT_DIR [N] [PLANTED] [SEED]
"""
import gzip, json, os, random, re, sys

out = sys.argv[1]
n_docs = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
planted = int(sys.argv[3]) if len(sys.argv) > 3 else 5_000
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
ref = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "reference")
if not os.path.isdir(ref):
    ref = os.path.join("..", "shared", "reference")

SOURCES = ["wikipedia", "wikinews", "reuters21578", "un_general_debates", "bbc_news",
           "presidential_speeches", "gutenberg", "nltk_brown", "nltk_masc_written"]
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")

def pieces():
    """~1 KB pieces, round-robin over the sources so the mix does not depend on N."""
    files = [gzip.open(os.path.join(ref, f"{s}.jsonl.gz"), "rt", encoding="utf-8") for s in SOURCES]
    while files:
        for f in list(files):
            line = f.readline()
            if not line:
                files.remove(f)
                continue
            text = " ".join(json.loads(line)["text"].split())
            buf = ""
            for s in SENT.split(text):
                buf = f"{buf} {s}" if buf else s
                if len(buf) >= 900:
                    yield buf[:1400]
                    buf = ""

def edit(text):
    w = text.split(" ")
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(w))
        op = rng.randrange(3)
        if op == 0:
            w[i] = rng.choice(["new", "report", "said", "however", "market", "people", "year", "also"])
        elif op == 1 and len(w) > 10:
            del w[i]
        else:
            w.insert(i, rng.choice(["very", "indeed", "now", "still", "just", "then"]))
    return " ".join(w)

docs_dir = os.path.join(out, "docs")
new_dir = os.path.join(out, "new")
os.makedirs(docs_dir, exist_ok=True)
os.makedirs(new_dir, exist_ok=True)
originals = []
gen = pieces()
for p in gen:
    originals.append(p)
    if len(originals) >= n_docs - planted + 5:
        break
fresh = originals[-5:]  # not in the collection
originals = originals[: n_docs - planted]
copies = [(rng.randrange(len(originals)), None) for _ in range(planted)]
docs = [(t, None) for t in originals] + [(edit(originals[o]), o) for o, _ in copies]
idx = list(range(len(docs)))
rng.shuffle(idx)  # copies are not next to their originals
name = {}
for k, d in enumerate(idx):
    name[d] = f"d{k:06d}.txt"
with open(os.path.join(out, "planted.tsv"), "w") as f:
    for d, (text, o) in enumerate(docs):
        with open(os.path.join(docs_dir, name[d]), "w", encoding="utf-8") as g:
            g.write(text + "\n")
        if o is not None:
            f.write(f"{name[o]}\t{name[d]}\n")
open(os.path.join(out, "new_expected.tsv"), "w").close()
for k in range(5):
    o = rng.randrange(len(originals))
    with open(os.path.join(new_dir, f"new_copy{k}.txt"), "w", encoding="utf-8") as g:
        g.write(edit(originals[o]) + "\n")
    with open(os.path.join(new_dir, f"new_fresh{k}.txt"), "w", encoding="utf-8") as g:
        g.write(fresh[k] + "\n")
    with open(os.path.join(out, "new_expected.tsv"), "a") as f:
        f.write(f"new_copy{k}.txt\t{name[o]}\n")
size = sum(len(t.encode()) for t, _ in docs)
print(f"{len(docs)} documents ({planted} planted copies), {size / len(docs):.0f} bytes on average, in {docs_dir}")
