#!/usr/bin/env python3
"""Benchmark: utm-audit leads against the tools a data engineer would use.

    python3 tests/bench/run.py [--size 256M] [--rounds 3] [--dir DIR]
                               [--prog ./utm-audit] [--gen build/bench/gen]

Generates two seeded exports (tests/bench/gen.c) in DIR: a partly-quoted
one (HubSpot/Dynamics style) and an all-quoted one (Salesforce style), both
CRLF with quoted commas, quotes and line breaks.  Then runs, in interleaved
rounds, utm-audit's full audit (default threads and one thread) and every
peer that is installed, each doing the simpler job: count the rows and the
vague ones, where vague means lower(trim("Lead Source")) is empty or one of
the default rules' vague values (taken from `utm-audit rules show`).  The
generator writes exports where utm-audit's levels vague + missing count
exactly those rows, so every tool must print the same two numbers as the
generator's truth; a disagreement fails the run.

Peers: Python's csv module (always); DuckDB through its CLI (`duckdb` on the
PATH) or through Node.js and the npm package @duckdb/node-api (install it
with `npm install --prefix ~/.cache/utm-audit-bench @duckdb/node-api`, or
point DUCKDB_NODE_MODULES at a node_modules that has it), with 2 threads and
1 thread; mawk, sqlite3 and Miller when installed (Debian: apt-get install
mawk sqlite3 miller).  Peak RSS and CPU time (user + system) are measured
with GNU time (the wrapper's own are not counted).  DuckDB's time through
Node.js is the query's own time and CPU time, measured inside node (Node's
start and the module load are left out; its peak RSS includes Node's).  On a
shared machine the CPU time tells how much work each did when the wall
clock says more about the neighbours.

Prints the machine, then a table of MB/s, rows/s, CPU seconds, peak RSS and
how many times faster utm-audit (default threads) is than each, as plain
text and as Markdown for the README.  Exit status: 0 when all agree, 1 on a
disagreement, 2 on a setup error.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

PY_PEER = r'''
import csv, sys
vague = set(open(sys.argv[2], encoding="utf-8").read().split("\n")) - {""}
rows = nv = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    r = csv.reader(f)
    h = next(r)
    c = h.index("Lead Source")
    for row in r:
        if not row:
            continue
        rows += 1
        v = row[c].strip(" ").lower() if c < len(row) else ""
        if v == "" or v in vague:
            nv += 1
print(rows, nv)
'''

# mawk has no CSV mode: fields are rebuilt from the quote-split pieces of
# each line, and a record goes on while its quotes are unbalanced.
AWK_PEER = r'''
BEGIN {
	while ((getline v < VAGUE) > 0) if (v != "") vague[v] = 1
	rec = ""; open = 0; hdr = 1
}
{
	sub(/\r$/, "")
	rec = open ? rec "\n" $0 : $0
	n = gsub(/"/, "\"", $0)
	if (open) { if (n % 2 == 1) open = 0 } else if (n % 2 == 1) open = 1
	if (open) next
	nf = split_csv(rec, f)
	rec = ""
	if (hdr) { for (i = 1; i <= nf; i++) if (f[i] == "Lead Source") col = i; hdr = 0; next }
	rows++
	s = tolower(f[col]); gsub(/^ +| +$/, "", s)
	if (s == "" || (s in vague)) nv++
}
function split_csv(s, out,    n, np, p, i, k, m, cur, parts) {
	# pieces between quotes: odd ones are outside quotes, where commas
	# split fields; an empty one between two quoted pieces is a ""
	np = split(s, p, "\"")
	n = 0; cur = ""
	for (i = 1; i <= np; i++) {
		if (i % 2 == 0) { cur = cur p[i]; continue }
		if (p[i] == "" && i > 1 && i < np) { cur = cur "\""; continue }
		m = split(p[i], parts, ",")
		if (m == 0) continue
		cur = cur parts[1]
		for (k = 2; k <= m; k++) { out[++n] = cur; cur = parts[k] }
	}
	out[++n] = cur
	return n
}
END { print rows + 0, nv + 0 }
'''

NODE_PEER = r'''
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const [file, vfile, threads] = process.argv.slice(2);
  const fs = require('fs');
  const vague = fs.readFileSync(vfile, 'utf8').split('\n').filter(s => s !== '');
  const list = vague.map(v => "'" + v.replace(/'/g, "''") + "'").join(',');
  const inst = await DuckDBInstance.create(':memory:', { threads: threads });
  const con = await inst.connect();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await con.runAndReadAll(
    "SELECT count(*), count(*) FILTER (WHERE coalesce(lower(trim(\"Lead Source\")), '') IN ('', " +
    list + ")) FROM read_csv('" + file.replace(/'/g, "''") +
    "', header = true, all_varchar = true, quote = '\"', escape = '\"')");
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  const row = r.getRows()[0];
  console.log(String(row[0]) + ' ' + String(row[1]));
  console.error('query_seconds ' + (Number(t1 - t0) / 1e9));
  console.error('query_cpu_seconds ' + ((c1.user + c1.system) / 1e6));
})().catch(e => { console.error(e); process.exit(2); });
'''


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.0f GiB RAM" % (int(line.split()[1]) / 1048576)
    except OSError:
        pass
    load = ""
    try:
        load = "load average %s" % open("/proc/loadavg").read().split()[0]
    except OSError:
        pass
    return "%s, %d cores, %s, %s %s, %s" % (cpu, os.cpu_count() or 1, mem,
                                           platform.system(), platform.release(), load)


def vague_values(prog):
    out = sh([prog, "rules", "show"]).stdout
    m = re.search(r"^vague:\n  values: \[(.*)\]$", out, re.M)
    if not m:
        sys.exit("bench: cannot find the vague values in `utm-audit rules show`")
    vals = [v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", m.group(1))]
    return sorted(set(v.lower() for v in vals))


class Peer:
    def __init__(self, name, threads, argv, parse=None, env=None, inner_time=False):
        self.name, self.threads, self.argv = name, threads, argv
        self.parse = parse or (lambda out, err: tuple(int(x) for x in out.split()[:2]))
        self.env, self.inner_time = env, inner_time
        self.times, self.cpu, self.rss, self.result = {}, {}, {}, {}

    def run(self, path, tag):
        argv = [a.replace("{FILE}", path) for a in self.argv]
        tf = tempfile.NamedTemporaryFile(delete=False)
        tf.close()
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf.name] + argv,
                           capture_output=True, text=True, env=self.env)
        t1 = time.perf_counter()
        if p.returncode not in (0, 1):
            sys.stderr.write(p.stderr)
            raise RuntimeError("%s failed with status %d" % (self.name, p.returncode))
        usr, syst, rss = open(tf.name).read().split()[-3:]
        os.unlink(tf.name)
        secs, cpu, rss = t1 - t0, float(usr) + float(syst), int(rss)
        if self.inner_time:
            m = re.search(r"query_seconds ([0-9.e+-]+)", p.stderr)
            secs = float(m.group(1))
            m = re.search(r"query_cpu_seconds ([0-9.e+-]+)", p.stderr)
            cpu = float(m.group(1))
        self.times.setdefault(tag, []).append(secs)
        self.cpu.setdefault(tag, []).append(cpu)
        self.rss[tag] = max(self.rss.get(tag, 0), rss)
        self.result[tag] = self.parse(p.stdout, p.stderr)


def utm_parse(outfile):
    def parse(out, err):
        j = json.load(open(outfile))
        lv = j["levels"]
        return (j["rows"]["read"], lv["vague"] + lv["missing"])
    return parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="256M")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "utm-audit-bench"))
    ap.add_argument("--prog", default="./utm-audit")
    ap.add_argument("--gen", default="build/bench/gen")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--only", default="", help="comma-separated peer names to run")
    a = ap.parse_args()

    prog = os.path.abspath(a.prog)
    if not os.access(prog, os.X_OK) or not os.access(a.gen, os.X_OK):
        sys.exit("bench: build %s and %s first (make bench does)" % (a.prog, a.gen))
    if not os.path.exists("/usr/bin/time"):
        sys.exit("bench: GNU time (/usr/bin/time) is needed for peak RSS: apt-get install time")
    os.makedirs(a.dir, exist_ok=True)

    files, truth = {}, {}
    for tag, opt in (("partly quoted", []), ("all quoted", ["-q"])):
        path = os.path.join(a.dir, "leads-%s-%s%s.csv" % (a.size, a.seed, "-q" if opt else ""))
        info = path + ".truth"
        if not (os.path.exists(path) and os.path.exists(info)):
            out = sh([a.gen, "-s", a.seed] + opt + [a.size, path]).stdout
            open(info, "w").write(out)
        kv = dict(x.split("=") for x in open(info).read().split())
        files[tag] = path
        truth[tag] = (int(kv["rows"]), int(kv["vague"]))

    vfile = os.path.join(a.dir, "vague.txt")
    open(vfile, "w", encoding="utf-8").write("\n".join(vague_values(prog)) + "\n")
    pyfile = os.path.join(a.dir, "peer_csv.py")
    open(pyfile, "w").write(PY_PEER)
    awkfile = os.path.join(a.dir, "peer.awk")
    open(awkfile, "w").write(AWK_PEER)

    report = os.path.join(a.dir, "report.json")
    ncores = os.cpu_count() or 1
    peers = [
        Peer("utm-audit leads", ncores, [prog, "leads", "--seed", "1", "-f", "json", "-o", report, "{FILE}"],
             parse=utm_parse(report)),
        Peer("utm-audit leads", 1, [prog, "leads", "--threads", "1", "--seed", "1", "-f", "json", "-o", report, "{FILE}"],
             parse=utm_parse(report)),
    ]
    duck = shutil.which("duckdb")
    node_modules = os.environ.get("DUCKDB_NODE_MODULES",
                                  os.path.expanduser("~/.cache/utm-audit-bench/node_modules"))
    if duck:
        vals = ",".join("'%s'" % v.replace("'", "''") for v in open(vfile).read().split("\n") if v)
        for t in (2, 1):
            q = ("SET threads=%d; SELECT count(*), count(*) FILTER (WHERE coalesce(lower(trim(\"Lead Source\")), '') "
                 "IN ('', %s)) FROM read_csv('{FILE}', header=true, all_varchar=true, quote='\"', escape='\"');" % (t, vals))
            peers.append(Peer("DuckDB (CLI)", t, [duck, "-csv", "-noheader", "-c", q],
                              parse=lambda out, err: tuple(int(x) for x in out.strip().splitlines()[-1].split(","))))
    elif shutil.which("node") and os.path.isdir(os.path.join(node_modules, "@duckdb", "node-api")):
        jsfile = os.path.join(a.dir, "peer_duckdb.js")
        open(jsfile, "w").write(NODE_PEER)
        env = dict(os.environ, NODE_PATH=node_modules)
        for t in (2, 1):
            peers.append(Peer("DuckDB (node-api)", t, ["node", jsfile, "{FILE}", vfile, str(t)],
                              env=env, inner_time=True))
    else:
        print("bench: DuckDB not found (no `duckdb`, no %s/@duckdb/node-api): skipped" % node_modules)
    peers.append(Peer("Python csv", 1, [sys.executable, pyfile, "{FILE}", vfile]))
    if shutil.which("mawk"):
        peers.append(Peer("mawk", 1, ["mawk", "-v", "VAGUE=" + vfile, "-f", awkfile, "{FILE}"]))
    else:
        print("bench: mawk not installed: skipped")
    if shutil.which("mlr"):
        vals = ",".join('"%s":1' % v.replace("\\", "\\\\").replace('"', '\\"')
                        for v in open(vfile).read().split("\n") if v)
        dsl = ('begin{@v={%s};@n=0;@k=0} @n+=1; s=strip(tolower(string($*["Lead Source"]))); '
               'if (s=="" || haskey(@v,s)) {@k+=1} end{print @n." ".@k}' % vals)
        peers.append(Peer("Miller", 1, ["mlr", "--icsv", "--ojson", "put", "-q", dsl, "{FILE}"]))
    else:
        print("bench: Miller (mlr) not installed: skipped")
    if shutil.which("sqlite3"):
        sqlf = os.path.join(a.dir, "peer.sql")
        vals = ",".join("'%s'" % v.replace("'", "''") for v in open(vfile).read().split("\n") if v)
        open(sqlf, "w").write(
            ".mode csv\n.import @FILE@ t\n.mode list\n.separator ' '\n"
            "SELECT count(*), sum(coalesce(lower(trim(\"Lead Source\", ' ')), '') IN ('', %s)) FROM t;\n" % vals)
        peers.append(Peer("sqlite3", 1, ["sh", "-c", "sed 's|@FILE@|'\"$1\"'|' '%s' | sqlite3 :memory:" % sqlf, "sh", "{FILE}"]))
    else:
        print("bench: sqlite3 not installed: skipped")
    if a.only:
        keep = set(x.strip() for x in a.only.split(","))
        peers = [p for p in peers if p.name in keep or p.name.split(" ")[0] in keep]

    print("machine: %s" % machine())
    for tag, path in files.items():
        print("input (%s): %s, %.1f MB, %d rows, %d vague" % (tag, path, os.path.getsize(path) / 1e6, *truth[tag]))
    bad = 0
    for r in range(a.rounds):
        for tag, path in files.items():
            for p in peers:
                p.run(path, tag)
        sys.stdout.write("round %d of %d done\n" % (r + 1, a.rounds))
        sys.stdout.flush()

    lines, md = [], []
    for tag, path in files.items():
        mb = os.path.getsize(path) / 1e6
        rows = truth[tag][0]
        ref = statistics.median(peers[0].times[tag])
        lines.append("\n%s export, %.0f MB, %d rows (median of %d rounds)" % (tag, mb, rows, a.rounds))
        lines.append("%-20s %7s %9s %12s %8s %10s %10s  %s" % ("tool", "threads", "MB/s", "rows/s", "CPU s",
                                                              "peak RSS", "utm-audit x", "agrees"))
        md.append("\n**%s export**, %.0f MB, %d rows, median of %d rounds\n" % (tag, mb, rows, a.rounds))
        md.append("| tool | threads | MB/s | rows/s | CPU s | peak RSS | utm-audit is x faster |")
        md.append("|---|---:|---:|---:|---:|---:|---:|")
        for p in peers:
            t = statistics.median(p.times[tag])
            cpu = statistics.median(p.cpu[tag])
            ok = p.result[tag] == truth[tag]
            bad += not ok
            lines.append("%-20s %7d %9.0f %12.0f %8.2f %8.0f MB %10.2f  %s" % (
                p.name, p.threads, mb / t, rows / t, cpu, p.rss[tag] / 1024, t / ref,
                "yes" if ok else "NO: %r" % (p.result[tag],)))
            md.append("| %s | %d | %.0f | %.0f | %.2f | %.0f MB | %.2f |" % (
                p.name, p.threads, mb / t, rows / t, cpu, p.rss[tag] / 1024, t / ref))
    print("\n".join(lines))
    print("\nMarkdown:\n\nMachine: %s\n%s" % (machine(), "\n".join(md)))
    if bad:
        print("\nbench: %d result(s) disagree with the generator's truth" % bad)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (subprocess.CalledProcessError, RuntimeError) as e:
        sys.stderr.write("bench: %s\n" % e)
        sys.exit(2)
