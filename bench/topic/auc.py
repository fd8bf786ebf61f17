# Experiment (session 13): AUC and per-1,000-word rates of the topic features.
import numpy as np, sys
R = np.load(sys.argv[1])
k, d, words, ch, seen, oin, nS, fw, fmax, soft, lr, unseen = R.T[:12]
def auc(pos, neg):
    pos = pos[~np.isnan(pos)]; neg = neg[~np.isnan(neg)]
    x = np.concatenate([pos, neg]); r = x.argsort().argsort() + 1.0
    return (r[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))
feats = {'max_s-fw': fmax - fw, 'soft10-fw': soft - 10 * fw, '-fw': -fw}
# clean words per text (k=0): sum of words over distinct docs
docw = {}
for kk, dd, ww in zip(k, d, words): docw[(kk, dd)] = ww
W = {kk: sum(v for (a, b), v in docw.items() if a == kk) for kk in (0, 1, 2)}
print('words', W, 'rows', len(R))
hasS = nS > 0
for kk in (1, 2):
    m = k == kk
    print(f'--- k={kk} ({[0,5,15][kk]}% spin): swapped {int((m&(ch==1)).sum())} of {int(m.sum())} in vocab; with S: {int((m&(ch==1)&hasS).sum())}; orig in S: {int((m&(oin==1)).sum())}')
    for name, f in feats.items():
        sub = m & hasS
        a_all = auc(f[sub & (ch == 1)], f[sub & (ch == 0)])
        a_uns = auc(f[sub & (ch == 1) & (seen == 0)], f[sub & (ch == 0) & (seen == 0)])
        a_oin = auc(f[sub & (oin == 1) & (seen == 0)], f[sub & (ch == 0) & (seen == 0)])
        print(f'  {name:10s} AUC all {a_all:.3f}  bigram-unseen {a_uns:.3f}  unseen&orig-in-S {a_oin:.3f}')
    # rates at thresholds from clean text (k=0)
    for name, f in feats.items():
        c = np.sort(f[(k == 0) & hasS & ~np.isnan(f)])[::-1]
        for fp in (0.5, 0.1):
            n = int(fp * W[0] / 1000); t = c[n]
            sel = m & hasS & (f > t)
            tp = (sel & (ch == 1)).sum() * 1000 / W[kk]; fpk = (sel & (ch == 0)).sum() * 1000 / W[kk]
            tpu = (sel & (ch == 1) & (seen == 0)).sum() * 1000 / W[kk]
            cu = ((k == 0) & hasS & (f > t) & (seen == 0)).sum() * 1000 / W[0]
            print(f'  {name:10s} clean {fp}/1000 (t={t:.3f}): swaps {tp:.2f}/1000 (bigram-unseen {tpu:.2f}), spun-doc false {fpk:.2f}; clean hits not bigram-seen {cu:.2f}')
# the bigram reference: strong or pair words
for kk in (0, 1, 2):
    m = k == kk
    print(f'bigram seen, k={kk}: swaps {((m&(seen==1)&(ch==1)).sum()*1000/W[kk]):.2f}/1000, other {((m&(seen==1)&(ch==0)).sum()*1000/W[kk]):.2f}/1000')
