#!/usr/bin/env python3
"""Benchmark of `utm-audit links`: links per second and start-up time.

    python3 tests/bench/links.py [--links 1000000] [--runs 5] [--seed 1]
        [--dir /tmp/utm-audit-bench] [--prog ./utm-audit]
        [--startup-runs 200] [--startup-rounds 10] [--spawn build/bench/spawn]
        [--callgrind N] [--only text|text-1t|csv|csv-1t|clean]

Writes three seeded link sets of --links links into DIR (once; they are
reused while the seed and size are the same): one URL per line as in
samples/links-clean.txt, the CSV form of samples/links-messy.csv (name,
channel, URL, notes), and a clean one.  In the first two most links are
clean (utm_source, utm_medium and utm_campaign as the default rules spell
them, some utm_content and utm_term, '+' and %XX and UTF-8 in terms); one
in ten carries one of the usual problems: alias spellings (LinkedIn, LI,
fb, ppc), a capital, placeholders, &amp;, a typo in a name, UTMs after
'#', a missing medium, a vague or unknown source, an e-mail address, a bad
escape, no scheme; one in a hundred is a link seen before.  The clean set
(one URL per line) has none of those: what a CI run that passes reads.

Then times, in interleaved rounds, what CI runs:
    utm-audit links -f json -o /dev/null FILE
on each set (plain text and CSV are read in pieces on one thread a core),
and the text and CSV sets again with --threads 1, and prints the median
wall time and links per second of each (and the fastest run: the machine
is shared, and the minimum is what the program costs when nothing else
runs).
These runs still go through Python's subprocess.run, whose own cost per
run (milliseconds on a busy host, see the floor below) matters only when
--links is small.

Start-up is timed without Python: the launcher --spawn (tests/bench/spawn.c,
built by `make bench-links`) starts `utm-audit links -q -o /dev/null` on a
one-line file with posix_spawn, times each run with CLOCK_MONOTONIC from
just before posix_spawn to just after wait4 returns, and reads the run's
minor page faults and CPU time (user + system) from wait4's rusage.  The
--startup-runs runs are split into --startup-rounds rounds; each round
also times as many runs of /bin/true, in turn before and after, so both
see the same moments of the shared host.  /bin/true is the floor: what
starting and reaping any process costs here (process creation and exec in
the kernel, the dynamic loader, libc).  The first line gives the median
wall time of the utm-audit runs and the fastest; the second the floor's
median and fastest, utm-audit's median minus the floor's (its own
start-up, with the host's noise partly cancelled, not removed), and the
medians of minor faults and CPU time of both, which the host's load moves
less than wall time.  With --callgrind N it also counts instructions
(valgrind --tool=callgrind, deterministic on a busy machine) on the first
N links of the text set, on one thread, and on the one-line file and
prints the instructions per link, start-up left out.

Exit status 0, or 2 on a setup error (the program failing counts).
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SOURCES = [  # (source, medium) pairs the default rules know, clean
    ("google", "cpc"), ("google", "cpc"), ("google", "cpc"), ("bing", "cpc"),
    ("linkedin", "paid_social"), ("linkedin", "paid_social"), ("linkedin", "social"),
    ("facebook", "paid_social"), ("instagram", "paid_social"), ("xing", "social"),
    ("youtube", "video"), ("newsletter", "email"), ("newsletter", "email"),
    ("mailchimp", "email"), ("hs_email", "email"), ("google", "organic"),
    ("twitter", "social"), ("partner", "referral"), ("wlw", "referral"),
    ("europages", "referral"), ("techtarget", "display"), ("google", "display"),
]
ALIASES = [  # (source, medium) spelled as ad managers and people do
    ("LinkedIn", "paid_social"), ("LI", "Social"), ("fb", "paid_social"),
    ("Facebook", "Paid_Social"), ("Google", "CPC"), ("google", "ppc"),
    ("nieuwsbrief", "e-mail"), ("newsletter", "Email"), ("adwords", "cpc"),
    ("linkedin.com", "social"), ("YouTube", "video"),
]
PROBLEMS = [  # (weight, kind)
    (30, "alias"), (6, "space"), (4, "macro"), (3, "amp"), (3, "typo"),
    (3, "fragment"), (4, "missing"), (3, "vague"), (4, "unknown"), (2, "pii"),
    (2, "badesc"), (2, "noscheme"), (2, "double"), (2, "dupparam"),
]
HOSTS = ["www.example.com", "www.example.com", "www.example.com", "shop.example.com",
         "www.example.de", "www.example.nl", "events.example.com"]
LANGS = ["en", "de", "nl", "fr", "it", "es"]
SECTIONS = ["products", "produkte", "producten", "webinar", "events", "case-studies",
            "blog", "contact", "downloads", "solutions", "industries", "service"]
WORDS = ["pumps", "valves", "compressors", "seals", "predictive-maintenance",
         "hannover-messe", "food-processing", "chemicals", "water", "energy",
         "retrofit", "spare-parts", "iot", "digital-twin", "mining", "pharma"]
TERMS = ["industrial+pump", "industriepumpe", "pompe%20industrielle",
         "bomba+centr%C3%ADfuga", "pumpen+f%C3%BCr+chemie", "seal+kit",
         "gear%20pump", "valve", "dosing+pump", "vacuum+pump+price",
         "%E3%83%9D%E3%83%B3%E3%83%97", "pompa+ad+ingranaggi"]
CONTENT = ["carousel_a", "carousel_b", "video_15s", "video_30s", "header_button",
           "footer_link", "banner_728x90", "text_ad", "lead_form", "story"]


def campaigns(rng, n):
    out = []
    for i in range(n):
        y = rng.choice(["2025", "2026"])
        q = rng.choice(["q1", "q2", "q3", "q4", "01", "02", "03", "04", "05", "06",
                        "07", "08", "09", "10", "11", "12"])
        out.append("%s-%s-%s-%s" % (y, q, rng.choice(WORDS), rng.choice(WORDS)))
    return out


def one_link(rng, camps, k, clean=False):
    host = rng.choice(HOSTS)
    path = "/%s/%s/%s" % (rng.choice(LANGS), rng.choice(SECTIONS), rng.choice(WORDS))
    if rng.random() < 0.6:
        path += "-%d" % rng.randrange(100000)
    src, med = rng.choice(SOURCES)
    camp = rng.choice(camps)
    extra = []
    if rng.random() < 0.35:
        extra.append("utm_content=" + rng.choice(CONTENT) +
                     ("_%d" % rng.randrange(50) if rng.random() < 0.5 else ""))
    if med == "cpc" and rng.random() < 0.5:
        extra.append("utm_term=" + rng.choice(TERMS))
    if rng.random() < 0.05:
        extra.append("utm_id=%d" % rng.randrange(10 ** 6))
    if rng.random() < 0.08:
        extra.append("gclid=Cj0KCQjw%d" % rng.randrange(10 ** 9))
    frag = ""
    scheme = "https://"
    kind = None
    if not clean and rng.random() < 0.10:
        r = rng.randrange(sum(w for w, _ in PROBLEMS))
        for w, kind in PROBLEMS:
            if r < w:
                break
            r -= w
    names = ["utm_source", "utm_medium", "utm_campaign"]
    vals = [src, med, camp]
    sep = "&"
    if kind == "alias":
        vals[0], vals[1] = rng.choice(ALIASES)
    elif kind == "space":
        vals[2] = camp.replace("-", "+", 2).title()
    elif kind == "macro":
        vals[2] = rng.choice(["{campaignid}", "{{campaign.name}}", "*|CAMPAIGN_UID|*",
                              "__CAMPAIGN_NAME__"])
    elif kind == "amp":
        sep = "&amp;"
    elif kind == "typo":
        names[2] = "utm_campain"
    elif kind == "fragment":
        frag = "#utm_campaign=" + camp
        names, vals = names[:2], vals[:2]
    elif kind == "missing":
        names, vals = [names[0], names[2]], [vals[0], vals[2]]
    elif kind == "vague":
        vals[0] = rng.choice(["website", "(not set)", "other", "direct"])
    elif kind == "unknown":
        vals[0] = rng.choice(["linkdin", "gogle", "acme-partner", "tradeshow%d" % k])
    elif kind == "pii":
        extra.append("utm_content=jan.jansen%d%%40example.nl" % rng.randrange(1000))
    elif kind == "badesc":
        vals[2] = camp + "%_u"
    elif kind == "noscheme":
        scheme = ""
    elif kind == "double":
        vals[2] = camp.replace("-", "%2520", 1)
    elif kind == "dupparam":
        extra.append("utm_campaign=" + camp)
    q = sep.join("%s=%s" % nv for nv in zip(names, vals))
    if extra:
        q += sep + sep.join(extra)
    return "%s%s%s?%s%s" % (scheme, host, path, q, frag), src


def generate(n, seed, txt, csvf, cleanf):
    rng = random.Random(seed)
    camps = campaigns(rng, 2000)
    prev = []
    with open(txt + ".tmp", "w", encoding="utf-8", newline="\n") as t, \
            open(csvf + ".tmp", "w", encoding="utf-8", newline="\n") as c:
        t.write("# utm-audit links benchmark: %d links, seed %d\n" % (n, seed))
        c.write("Link name,Channel,Final URL,Notes\n")
        for k in range(n):
            if prev and rng.random() < 0.01:
                link = rng.choice(prev)		# the same link twice
                src = "dup"
            else:
                link, src = one_link(rng, camps, k)
                if len(prev) < 1000:
                    prev.append(link)
                elif rng.random() < 0.001:
                    prev[rng.randrange(1000)] = link
            t.write(link + "\n")
            notes = "" if rng.random() < 0.8 else '"ok, checked by %s"' % rng.choice(
                ["Anna", "Bram", "Chris"])
            c.write("%s ad %d,%s,%s,%s\n" % (src, k % 97, src.title(), link, notes))
    crng = random.Random(seed + 1000003)	# the other sets stay as they were
    with open(cleanf + ".tmp", "w", encoding="utf-8", newline="\n") as t:
        t.write("# utm-audit links benchmark: %d clean links, seed %d\n" % (n, seed))
        for k in range(n):
            t.write(one_link(crng, camps, k, clean=True)[0] + "\n")
    os.replace(txt + ".tmp", txt)
    os.replace(csvf + ".tmp", csvf)
    os.replace(cleanf + ".tmp", cleanf)


def run_once(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode > 1:
        sys.stderr.write("links.py: %s: exit %d: %s" % (" ".join(cmd), p.returncode,
                                                        p.stderr.decode(errors="replace")))
        sys.exit(2)
    return dt


def spawn_runs(spawn, n, cmd):
    """Runs cmd n times under the launcher; a list of (wall_ms, minflt, cpu_ms)."""
    p = subprocess.run([spawn, "-a", str(n)] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write("links.py: timing %s failed (%s exit %d):\n%s"
                         % (" ".join(cmd), os.path.basename(spawn), p.returncode,
                            p.stderr.decode(errors="replace")))
        sys.exit(2)
    runs = []
    for line in p.stdout.decode().splitlines():
        f = line.split()
        if f[0] == "run":
            runs.append((float(f[3]), float(f[5]), float(f[7])))
    if len(runs) != n:
        sys.exit("links.py: %s printed %d runs, not %d" % (spawn, len(runs), n))
    return runs


def startup(spawn, prog, one, total, rounds):
    """--startup-runs runs of prog and as many of /bin/true in interleaved rounds."""
    true = "/bin/true" if os.access("/bin/true", os.X_OK) else shutil.which("true")
    rounds = max(1, min(rounds, total))
    cmd = [prog, "links", "-q", "-o", "/dev/null", one]
    st, fl = [], []
    for r in range(rounds):
        n = total // rounds + (r < total % rounds)
        if r % 2:
            st += spawn_runs(spawn, n, cmd)
            fl += spawn_runs(spawn, n, [true])
        else:
            fl += spawn_runs(spawn, n, [true])
            st += spawn_runs(spawn, n, cmd)

    def med(runs, k):
        return statistics.median(x[k] for x in runs)

    print("start-up (one-line file): median %.2f ms of %d runs (min %.2f ms)"
          % (med(st, 0), len(st), min(x[0] for x in st)))
    print("start-up floor (%s, %d runs in %d interleaved rounds): median %.2f ms "
          "(min %.2f ms); utm-audit median minus floor %.2f ms; median minor faults %g "
          "(floor %g), CPU user+sys %.2f ms (floor %.2f ms)"
          % (true, len(fl), rounds, med(fl, 0), min(x[0] for x in fl),
             med(st, 0) - med(fl, 0), med(st, 1), med(fl, 1), med(st, 2), med(fl, 2)))


def callgrind_ir(cmd, tmp):
    out = os.path.join(tmp, "callgrind.out")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run(["valgrind", "-q", "--tool=callgrind", "--callgrind-out-file=" + out]
                       + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=dict(os.environ, LC_ALL="C"))
    if p.returncode > 1:
        sys.stderr.write(p.stderr.decode(errors="replace"))
        sys.exit(2)
    for line in open(out, encoding="utf-8", errors="replace"):
        m = re.match(r"^(?:summary|totals): *(\d+)", line)
        if m:
            return int(m.group(1))
    sys.exit("links.py: no instruction count in " + out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=int, default=1000000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", default="/tmp/utm-audit-bench")
    ap.add_argument("--prog", default="./utm-audit")
    ap.add_argument("--startup-runs", type=int, default=200)
    ap.add_argument("--startup-rounds", type=int, default=10)
    ap.add_argument("--spawn", default="build/bench/spawn")
    ap.add_argument("--callgrind", type=int, default=0, metavar="N")
    ap.add_argument("--only", choices=["text", "text-1t", "csv", "csv-1t", "clean"])
    a = ap.parse_args()
    prog = os.path.abspath(a.prog)
    if not os.access(prog, os.X_OK):
        sys.exit("links.py: %s: not executable (make first)" % a.prog)
    spawn = os.path.abspath(a.spawn)
    if not os.access(spawn, os.X_OK):
        sys.exit("links.py: %s: not executable (make %s)" % (a.spawn, a.spawn))
    if a.startup_runs < 1:
        sys.exit("links.py: --startup-runs must be at least 1")
    os.makedirs(a.dir, exist_ok=True)
    base = os.path.join(a.dir, "links-%d-s%d" % (a.links, a.seed))
    txt, csvf, cleanf = base + ".txt", base + ".csv", base + "-clean.txt"
    if not (os.path.exists(txt) and os.path.exists(csvf) and os.path.exists(cleanf)):
        t0 = time.perf_counter()
        generate(a.links, a.seed, txt, csvf, cleanf)
        print("generated %s{.txt,.csv,-clean.txt} in %.1f s"
              % (base, time.perf_counter() - t0))
    os.environ["LC_ALL"] = "C"
    sets = [("text", txt, []), ("text-1t", txt, ["--threads", "1"]), ("csv", csvf, []),
            ("csv-1t", csvf, ["--threads", "1"]), ("clean", cleanf, [])]
    if a.only:
        sets = [s for s in sets if s[0] == a.only]
    print("machine: %s, %d cores; %s" % (os.uname().machine, os.cpu_count(),
                                         os.uname().release))
    times = {name: [] for name, _, _ in sets}
    for r in range(a.runs):
        for name, path, extra in sets:
            times[name].append(run_once([prog, "links", "-f", "json", "-o", "/dev/null"]
                                        + extra + [path]))
    for name, path, _ in sets:
        med = statistics.median(times[name])
        print("links %-7s %d links: median %.3f s of %d runs (min %.3f, max %.3f): "
              "%.2f M links/s (fastest run %.2f M links/s)"
              % (name, a.links, med, a.runs, min(times[name]), max(times[name]),
                 a.links / med / 1e6, a.links / min(times[name]) / 1e6))
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one.txt")
        with open(one, "w") as f:
            f.write("https://www.example.com/?utm_source=google&utm_medium=cpc"
                    "&utm_campaign=2026-q2-pumps\n")
        startup(spawn, prog, one, a.startup_runs, a.startup_rounds)
        if a.callgrind > 0:
            sl = os.path.join(tmp, "slice.txt")
            with open(txt, encoding="utf-8") as f, open(sl, "w", encoding="utf-8") as o:
                for i, line in enumerate(f):
                    if i > a.callgrind:	# the header comment, then N links
                        break
                    o.write(line)
            one_t = ["--threads", "1"]
            i1 = callgrind_ir([prog, "links", "-f", "json", "-o", "/dev/null"] + one_t + [one],
                              tmp)
            iN = callgrind_ir([prog, "links", "-f", "json", "-o", "/dev/null"] + one_t + [sl],
                              tmp)
            print("callgrind: start-up %d instructions; %d links %d instructions: "
                  "%.0f instructions per link" % (i1, a.callgrind, iN,
                                                  (iN - i1) / a.callgrind))


if __name__ == "__main__":
    main()
