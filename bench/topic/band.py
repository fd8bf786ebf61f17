# Experiment (session 13): the topic feature inside bands of the bigram ratio (is it complementary?).
import numpy as np, sys
R=np.load(sys.argv[1]); k,d,words,ch,seen,oin,nS,fw,fmax,soft,lr,unseen=R.T[:12]
f=soft-10*fw
def auc(pos,neg):
    x=np.concatenate([pos,neg]); r=x.argsort().argsort()+1.0
    return (r[:len(pos)].sum()-len(pos)*(len(pos)+1)/2)/(len(pos)*len(neg))
W={kk:sum({dd:w for kk2,dd,w in zip(k,d,words) if kk2==kk}.values()) for kk in (0,1,2)}
for kk in (1,2):
  print(f'k={kk}')
  for name,band in [('unseen>=1, lnLR 6+',(unseen>=1)&(lr>=6)),('unseen>=1, lnLR 4-6',(unseen>=1)&(lr>=4)&(lr<6)),('unseen>=1, lnLR 2-4',(unseen>=1)&(lr>=2)&(lr<4)),('unseen>=1, lnLR<2',(unseen>=1)&(lr<2)),('no unseen side',(unseen==0))]:
    m=band&(nS>0)&~np.isnan(f)
    pos=f[m&(k==kk)&(ch==1)]; neg=f[m&(k==kk)&(ch==0)]; cl=f[m&(k==0)]
    t=np.quantile(cl,0.9)
    print(f'  {name:22s} clean/1000 {len(cl)*1000/W[0]:6.2f} swaps/1000 {len(pos)*1000/W[kk]:6.2f} AUC {auc(pos,neg):.3f} | above clean q90: swaps/1000 {(pos>t).sum()*1000/W[kk]:.2f} vs clean/1000 {(cl>t).sum()*1000/W[0]:.2f} (LR of that cut {((pos>t).mean())/0.1:.2f})')
