import time,sys
from mtreview.corpus.formats import read_corpus
from mtreview.glossary.extract import extract_candidates
c=read_corpus('mtreview/data/demo/green-dialectics.tsv')
t=time.time()
cands=extract_candidates(c.segments, None, top=int(sys.argv[1]))
print(time.time()-t)
for i,x in enumerate(cands,1):
    print(i, x.source, x.score, x.count, x.quoted, [ (r.text, r.count, round(r.score,2)) for r in x.renderings])
