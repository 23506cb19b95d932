import os, datetime as dt
D=dt.date
TITLE={'PT':'Physical Therapy','OT':'Occupational Therapy','SLP':'Speech-Language Pathology'}
MOD={'PT':'GP','OT':'GO','SLP':'GN'}
KIND={'eval':'Evaluation','daily':'Daily note','progress':'Progress report','reeval':'Re-evaluation','discharge':'Discharge summary'}
ACTS=[
 ("TherEx 97110", "lateral band walks 2 laps; bridges 2x12; seated knee flexion stretch 3x30 s.", "Pain 4/10 on arrival; pt reports stiffness in the morning that eases after 20 min of walking."),
 ("TherAct 97530", "floor-to-counter lifts of a laundry basket x6 w/ CGA and cues for hip hinge, for doing her laundry.", "Pt reports she carried groceries from the car for the first time this week."),
 ("Gait training 97116", "ambulation 300 ft w/ SPC on tile and carpet, cues for heel strike; curb step-up x4 w/ SBA.", "Pt states the cane feels steadier on the driveway since last session."),
 ("NMR 97112", "tandem stance 4x20 s w/ light touch; foam balance w/ head turns 3x30 s, min A for recovery.", "Pt reports one near-fall in the kitchen when turning quickly."),
 ("Manual therapy 97140", "STM to distal quad and ITB; patellar mobs gr III all directions; tib-fem flexion mobs gr III.", "Pt reports knee swelling went down after icing last night."),
 ("Self-care 97535", "upper and lower body dressing w/ reacher and sock aid, min A, cues for sequencing, for dressing at home.", "Pt reports needing help from her daughter to put on shoes this morning."),
]
ACTS2=[
 ("TherEx 97110", "standing hip abduction w/ 2# cuff 2x12 ea; wall squats to 60 deg 3x10; recumbent bike 8 min level 3."),
 ("Gait training 97116", "stair training 12 steps reciprocal w/ 1 rail, CGA descending, cues for lead leg; ambulation w/o AD 150 ft."),
 ("NMR 97112", "weight shifts on BOSU w/ UE support 3x1 min; reactive stepping to perturbations x10, min A x2."),
 ("TherAct 97530", "car transfer simulation x3 w/ SBA and verbal cues for sequencing; carrying a 5# grocery bag 50 ft w/ SPC."),
 ("Self-care 97535", "shower transfer w/ tub bench x2, min A, cues for hand placement; toileting w/ raised seat, SBA."),
]
SPOOL=[
 "Pain 4/10 on arrival; pt reports stiffness in the morning that eases after 20 min of walking.",
 "Pt reports she carried groceries from the car for the first time this week.",
 "Pt states the cane feels steadier on the driveway since last session.",
 "Pt reports one near-fall in the kitchen when turning quickly.",
 "Pt reports knee swelling went down after icing last night.",
 "Pt reports needing help from her daughter to put on shoes this morning.",
 "Pt arrives late after a poor night's sleep; reports soreness 5/10 in the thigh after gardening on Sunday.",
]
APOOL=[
 "Quad control improving; pt still needs tactile cues to keep the knee over the foot during stance.",
 "Endurance limits carryover: pt required two seated rest breaks and cues to pace the tasks.",
 "Turning remains the main fall risk; min A needed on pivots, so balance work continues before community outings.",
 "Pt self-corrected trunk lean on 3 of 5 trials, a first; next visit grade down cues and add dual-task walking.",
]
def note(patient, pid, d, kind, disc, payer, charges, narrative_idx=0, extra_p="", kxall=False, clone_of=None):
    lines=[f"Outpatient {TITLE[disc]} — {KIND[kind]}", f"Patient: {patient}    Patient ID: {pid}", f"DOS: {d:%m/%d/%Y}", f"Note type: {KIND[kind]}", f"Discipline: {disc}", f"Payer: {payer}", "Time in 9:00 / Time out 9:45", ""]
    i=narrative_idx
    o={'PT':(0,0,0,0),'OT':(1,3,5,2),'SLP':(3,1,2,1)}[disc]
    a=ACTS[(i+o[0])%6]; b=ACTS2[(i+o[1])%5]
    lines.append(f"S: {SPOOL[(i+o[2])%7]} Visit {i+1} of the plan.")
    lines.append("")
    lines.append("O:")
    lines.append(f"{a[0]} (9:00-9:23, 23 min): {a[1]}")
    lines.append(f"{b[0]} (9:23-9:45, 22 min): {b[1]}")
    lines.append("")
    lines.append(f"A: {APOOL[(i+o[3])%4]}")
    lines.append("")
    lines.append("P: 2x/wk. "+extra_p)
    lines.append("")
    lines.append("Billing:")
    for c in charges:
        code, units = c[0], c[1]
        kx = "-KX" if (kxall or (len(c)>2 and c[2])) else ""
        lines.append(f"{code}-{MOD[disc]}{kx} x{units} units (23 min)")
    lines.append("Total timed minutes: 45   Total treatment time: 45")
    lines.append("Signed: Alicia Brandt, PT, DPT")
    return "\n".join(lines)+"\n"

def write(case, files, want):
    os.makedirs(case, exist_ok=True)
    for name, text in files: open(os.path.join(case,name),'w').write(text)
    open(os.path.join(case,'want.txt'),'w').write("".join(w+"\n" for w in want))

def course(pid, disc, payer, start, n, step=2, eval_p="POC: 12 weeks.", progress_at=None, charges=None, reeval_at=None, reeval_p="", kx_from=None, name="Test Patient"):
    files=[]; d=start
    for k in range(n):
        kind='eval' if k==0 else 'daily'
        if progress_at and k in progress_at: kind='progress'
        if reeval_at and k in reeval_at: kind='reeval'
        ch = charges(k) if charges else [("97110",1),("97530",2)]
        if kind=='eval': ch=[("97162",1)]+ch[:1]
        if kind=='reeval': ch=[("97164",1)]+ch[:1]
        p = eval_p if kind=='eval' else (reeval_p if kind=='reeval' else "")
        files.append((f"{d:%Y-%m-%d}-{disc.lower()}-{kind}.txt", note(name,pid,d,kind,disc,payer,ch,k,p, kxall=(kx_from is not None and k>=kx_from))))
        d += dt.timedelta(days=step if d.weekday()!=4 else 3)
    return files

# 1. progress report exactly on day 10: no findings; then 9 more dailies (days 2-10 of the next period): day 10 flagged
f=course("EP-1","PT","Medicare",D(2025,3,3),19,progress_at={9})
write("progress-on-day-10", f, [f"{f[18][0]}:3: episode/progress-report-due"])
# 2. re-evaluation restarts the period and the plan: POC 4 weeks; re-eval on visit 8 with a new 6-week plan
f=course("EP-2","PT","Medicare",D(2025,3,3),16,eval_p="POC: 4 weeks.",reeval_at={7},reeval_p="Plan of care recertified: certification period 03/19/2025 through 04/30/2025.")
write("reeval-restarts", f, [])
# 2b. same without the re-eval: day 10.. flagged and plan expired after 03/31
f=course("EP-2B","PT","Medicare",D(2025,3,3),16,eval_p="POC: 4 weeks.")
want=[]
for k,(name,_) in enumerate(f):
    d=D(int(name[:4]),int(name[5:7]),int(name[8:10]))
    if k>=9: want.append(f"{name}:3: episode/progress-report-due")
    if d>D(2025,3,31): want.append(f"{name}:3: episode/plan-of-care-expired")
write("no-reeval", f, sorted(want))
# 3. PT and OT separately: PT and OT interleaved, each 8 visits (no progress due), charges PT ~ $1,900, OT ~ $1,000: no KX though combined > $2,410
pt=course("EP-3","PT","Medicare",D(2025,3,3),8,step=2,charges=lambda k:[("97530",4),("97110",3)])
ot=course("EP-3","OT","Medicare",D(2025,3,4),8,step=2,charges=lambda k:[("97535",2),("97530",2)])
write("pt-ot-separate", pt+ot, [])
# 4. commercial patient: 14 dailies, no progress report, big charges, plan 90 days default: only plan expiry
f=course("EP-4","PT","Blue Cross PPO (commercial)",D(2025,1,6),14,step=7,eval_p="",charges=lambda k:[("97530",4),("97110",4)])
want=[]
for k,(name,_) in enumerate(f):
    d=D(int(name[:4]),int(name[5:7]),int(name[8:10]))
    if d>D(2025,1,6)+dt.timedelta(days=90): want.append(f"{name}:3: episode/plan-of-care-expired")
write("commercial", f, sorted(want))
# 5. year boundary: Dec 2025 charges cross CY2025 threshold; Jan 2026 restarts the total; periods run across Jan 1
f=course("EP-5","PT","Medicare",D(2025,12,1),20,step=2,progress_at={6},charges=lambda k:[("97530",4),("97110",3),("97112",2)])
write("year-boundary", f, None or [])
# 6. KX already present after the crossing
f=course("EP-6","PT","Medicare",D(2025,3,3),9,step=2,charges=lambda k:[("97530",4),("97110",4),("97112",2)],kx_from=6)
write("kx-present", f, [])
# 7. cloned note vs same-template different content
f=course("EP-7","PT","Medicare",D(2025,3,3),5)
name3,text3=f[3]
clone=text3.replace("DOS: 03/10/2025","DOS: 03/14/2025").replace("tandem stance 4x20 s","tandem stance 4x30 s").replace("head turns 3x30 s","head turns 2x30 s")
assert clone!=text3
files=f+[("2025-03-14-pt-daily.txt",clone)]
# a same-template note whose activities and responses differ (the template's
# S/O/A labels, times and plan lines are shared)
base=note("Test Patient","EP-7",D(2025,3,17),'daily','PT','Medicare',[("97110",1),("97530",2)],3).split("\n")
for k,l in enumerate(base):
    if l.startswith("S: "): base[k]="S: Pt reports her knee gave way once on the stairs at her sister's house; no fall. Visit 4 of the plan."
    elif l.startswith("NMR 97112"): base[k]="NMR 97112 (9:00-9:23, 23 min): single-leg stance on R 5x10 s w/ UE support fading to fingertip; step-over hurdles x10 w/ SBA, cues for hip flexion."
    elif l.startswith("TherAct 97530"): base[k]="TherAct 97530 (9:23-9:45, 22 min): step-ups to 6 in box 3x10 w/ rail; mini squats 2x15 to 45 deg; heel raises 2x20."
    elif l.startswith("A: "): base[k]="A: Knee buckling on stairs points to eccentric quad control; pt needed tactile cues at the knee on every step-over."
files.append(("2025-03-17-pt-daily.txt","\n".join(base)))
write("cloned", files, ["2025-03-14-pt-daily.txt:3: episode/cloned-note"])
