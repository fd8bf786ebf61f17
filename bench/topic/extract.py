# Experiment (session 13, topic coherence): training-part token stream of ../shared/reference.
# Skips the dev split (FNV-1a of "source/id" multiple of 20), keeps the first MAXW words of each doc.
import gzip, json, os, re, sys, collections, numpy as np
# Where the experiment's arrays live (made by extract.py); TOPIC=DIR to put them elsewhere.
TOPIC = os.environ.get('TOPIC', 'bench/out/topic')
REF = os.environ.get('REF', '../shared/reference')
MAXW = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
def fnv(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h ^= b; h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
tok = re.compile(r"[a-z]+")
words = []; doc_bounds = [0]; srcs = collections.Counter()
for f in sorted(os.listdir(REF)):
    stem = f.split('.')[0]
    with gzip.open(os.path.join(REF, f), 'rt') as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip(): continue
            v = json.loads(line)
            i = v.get('id'); i = str(i) if i is not None else str(n)
            s = v.get('source') or stem
            if fnv(f"{s}/{i}") % 20 == 0: continue
            w = tok.findall(v['text'][:MAXW * 8].lower())[:MAXW]
            words.extend(w); doc_bounds.append(len(words)); srcs[s] += len(w)
    print(f, len(words), flush=True)
cnt = collections.Counter(words)
vocab = [w for w, c in cnt.most_common() if c >= 5]
print('tokens', len(words), 'types>=5', len(vocab))
idx = {w: k for k, w in enumerate(vocab)}
ids = np.array([idx.get(w, -1) for w in words], dtype=np.int32)
os.makedirs(TOPIC, exist_ok=True)
np.save(os.path.join(TOPIC, 'ids.npy'), ids); np.save(os.path.join(TOPIC, 'bounds.npy'), np.array(doc_bounds, dtype=np.int64))
with open(os.path.join(TOPIC, 'vocab.txt'), 'w') as fh:
    for w in vocab: fh.write(f"{w}\t{cnt[w]}\n")
print(srcs)
