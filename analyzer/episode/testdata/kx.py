import os,sys,re
rvu={'97530':1.07,'97110':0.90,'97112':1.02,'97116':0.88,'97140':0.82,'97535':0.98,'97162':3.09,'97164':2.11}
rvu26={'97530':1.05}
cf={2025:32.3465,2026:33.4009}
th={2025:2410,2026:2480}
def price(code,year):
    r=rvu26.get(code,rvu[code]) if year==2026 else rvu[code]
    return int(r*cf[year]*100+0.5)/100
for case in sys.argv[1:]:
    files=sorted(f for f in os.listdir(case) if f.endswith('.txt') and f!='want.txt')
    tot={}; crossed={}; out=[]
    notes=[]
    for f in files:
        t=open(os.path.join(case,f)).read().split('\n')
        disc=re.search(r'Discipline: (\w+)','\n'.join(t)).group(1)
        notes.append((f[:10],f,t,disc))
    notes.sort(key=lambda x:x[0])
    for d,f,t,disc in notes:
        y=int(d[:4]); g='OT' if disc=='OT' else 'PTSLP'
        for i,l in enumerate(t):
            m=re.match(r'(\d{5})-G[PON](-KX)? x(\d+)',l)
            if not m: continue
            k=(y,g); tot[k]=tot.get(k,0)+price(m.group(1),y)*int(m.group(3))
            if tot[k]>th[y]: crossed[k]=True
            if crossed.get(k) and not m.group(2): out.append(f"{f}:{i+1}: episode/kx-modifier-missing")
    print(case, tot); print("\n".join(out))
