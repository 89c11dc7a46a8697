#!/usr/bin/python3
"""The reader's and the model's benchmark.

usage: tests/bench/bench.py ATTRC [--runs N] [--mb N] [--corpus DIR]

1. A large spec (tests/bench/gen_spec.py: 100 MB, 10,000 tables of the four kinds with
   long prose between them), read by `attrc extract` and by `attrc check` (the reader,
   then every table into the model: whole file in memory), beside `wc -l` and `cat` on
   the same file: wall time (median of N runs, interleaved so that they share the
   machine's noise), MB/s, peak memory (max RSS), and the ratios.
2. The real specs of ../shared/corpus (when present): docutils reading their tables
   (tests/docutils_tables.py, one process for all files) beside `attrc extract` and
   `attrc check` (one process for all files each): median times and the ratios.

Times come from hyperfine where it is installed (Debian's package), else from timed runs
here; peak memory from GNU time (Debian's "time").  Prints a Markdown report for
docs/performance.md.
"""
import argparse, json, os, platform, shlex, shutil, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))


TIME = "/usr/bin/time"  # GNU time (Debian's "time"): the peak memory of the command alone


def wall(cmd):
    """Wall time (s) of one run."""
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        sys.exit("benchmark command failed: %s" % " ".join(cmd))
    return t


def peak_rss(cmd):
    """Peak RSS (KiB) of the command alone, by GNU time; 0 where it is missing."""
    if not os.path.exists(TIME):
        return 0
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run([TIME, "-f", "%M", "-o", out.name] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        m = out.read().strip().splitlines()
        return int(m[-1]) if m and m[-1].isdigit() else 0


def measure(cmds, runs):
    """cmds: name -> argv.  Median wall time of `runs` runs, by hyperfine where it is
    installed (it times a process with the least overhead, runs the commands in turn
    and warms up first), else by interleaved timed runs here; then one run each under
    GNU time for the memory.  Returns name -> (median s, peak RSS KiB)."""
    names = list(cmds)
    hf = shutil.which("hyperfine")
    if hf:
        with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
            subprocess.run([hf, "-N", "-w", "2", "-r", str(runs), "-i", "--style", "none",
                            "--export-json", out.name] +
                           [" ".join(shlex.quote(a) for a in cmds[k]) for k in names],
                           check=True, stdout=subprocess.DEVNULL)
            res = json.load(out)["results"]
        med = {k: r["median"] for k, r in zip(names, res)}
    else:
        times = {k: [] for k in names}
        for c in cmds.values():
            wall(c)
        for _ in range(runs):
            for k in names:
                times[k].append(wall(cmds[k]))
        med = {k: statistics.median(v) for k, v in times.items()}
    return {k: (med[k], peak_rss(cmds[k])) for k in names}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("attrc")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--corpus", default=os.path.join(top, "..", "shared", "corpus"))
    a = ap.parse_args()
    runs, mb, corpus, attrc = a.runs, a.mb, a.corpus, os.path.abspath(a.attrc)
    out = os.path.join(here, "out")
    os.makedirs(out, exist_ok=True)
    big = os.path.join(out, "large-%g.rst" % mb)
    if not os.path.exists(big):
        subprocess.run([sys.executable, os.path.join(here, "gen_spec.py"), big, "--mb", str(mb)],
                       check=True)
    size = os.path.getsize(big)
    tables = subprocess.run([attrc, "extract", "--max-input-size", "3G", big],
                            capture_output=True, check=True).stdout.count(b"\n")
    cmds = {
        "wc -l": ["wc", "-l", big],
        "cat > /dev/null": ["cat", big],
        "attrc extract": [attrc, "extract", "--max-input-size", "3G", big],
        "attrc check": [attrc, "check", "--max-input-size", "3G", "--max-errors", "0", big],
    }
    res = measure(cmds, runs)
    print("## Large spec\n")
    print("%s: %.1f MB, %d lines, %d tables read; median of %d runs on %s, %s.\n" % (
        os.path.relpath(big, top), size / 1e6, sum(1 for _ in open(big, "rb")), tables, runs,
        platform.machine(), "%d cores" % os.cpu_count()))
    print("| command | median time | throughput | peak memory | time / `wc -l` |")
    print("|---|---|---|---|---|")
    base = res["wc -l"][0]
    for k, (t, m) in res.items():
        print("| `%s` | %.3f s | %.0f MB/s | %.1f MB (%.2f x file) | %.1f |" % (
            k, t, size / 1e6 / t, m / 1024, m * 1024 / size, t / base))
    if os.path.isdir(corpus):
        files = sorted(os.path.join(r, f) for r, _, fs in os.walk(corpus) for f in fs
                       if f.endswith(".rst"))
        ref = [sys.executable, os.path.join(top, "tests", "docutils_tables.py")] + files
        cres = measure({"docutils": ref, "attrc extract": [attrc, "extract"] + files,
                        "attrc check": [attrc, "check", "--max-errors", "0"] + files},
                       max(3, runs // 2))
        total = sum(os.path.getsize(f) for f in files)
        print("\n## Real specs\n")
        print("%d files of ../shared/corpus (%.1f MB); one process for all files, median of "
              "%d runs.\n" % (len(files), total / 1e6, max(3, runs // 2)))
        print("| reader | median time | peak memory |")
        print("|---|---|---|")
        for k, (t, m) in cres.items():
            print("| %s | %.3f s | %.1f MB |" % (k, t, m / 1024))
        print("\nattrc extract is %.0f times faster than docutils here; attrc check takes "
              "%.2f times the time of attrc extract." % (
                  cres["docutils"][0] / cres["attrc extract"][0],
                  cres["attrc check"][0] / cres["attrc extract"][0]))
    else:
        print("\n(../shared/corpus is not here: the comparison with docutils is skipped)")


main()
