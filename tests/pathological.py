#!/usr/bin/python3
"""Pathological inputs, each at two sizes: attrc (and the validators' harness) must finish
with the expected exit status, never a signal, and their wall time and peak memory must
grow at most linearly from the small size to the big one.  No fixed time is checked: the
machines vary too much; a ratio between two runs of the same build does not.

usage: pathological.py ATTRC HARNESS [--only NAME] [--runs N] [--verbose]

The big size is the one issue 14 names; the small one about a quarter of it:

  nested          a bullet list nested 100,000 deep on one line, then block quotes
                  indented one more space a line, 4,000 lines deep (beyond 64 levels
                  attrc reads nothing, with a warning)
  grid-wide       a grid table 5,000 columns wide (20 rows)
  row-spans       a grid table of 100,000 cells spanning two rows each, beside one
                  spanning all 200,000 rows
  grid-rows       a grid table of 200,000 rows
  csv-rows        a csv-table of 1,000,000 rows (with --max-table-cells 0)
  csv-over-limit  the same table with the default limit: refused at once (status 1)
  long-line       a list-table cell of one 10 MB line of inline markup
  headings        100,000 section titles, three levels below the section read, and a
                  small table every 100
  resources       40,000 small tables, each naming another resource and carrying a
                  method table, through attrc check (the model's lookups by name)
  json-deep       request bodies nested 100,000 deep, to the harness: each answered
                  with an error or as unreadable, and no crash

For each, the minimum over --runs runs (3) of the wall time and of the peak memory (the
ru_maxrss os.wait4 gives for the child) at each size; the ratio big/small must stay under
TIME_FACTOR (2.5) times the ratio of the input sizes for time, MEM_FACTOR (2) times for
memory.  Times under TIME_FLOOR (0.05 s) count as that floor, and memory under the floor
of what a child of this process starts with (Linux gives a forked child the parent's
resident size as its first peak: about 10 MB of Python) counts as that floor, so that
small figures do not make noisy ratios.  The harness's own child figures (harness
--rusage) are used when the harness has that option, with a floor of 2 MB.
"""
import argparse, json, os, sys, tempfile, time

TIME_FACTOR = 2.5
MEM_FACTOR = 2.0
TIME_FLOOR = 0.05  # seconds

HEAD = "Spec\n====\n\nREST API impact\n---------------\n\n"


def nested(n):
    """n: the depth of the bullet list (100,000 big); the block quotes go 4,000 deep for
    the big size (their text grows as the square of the depth)."""
    d = int(4000 * (n / 100000) ** 0.5)
    quotes = "".join(" " * k + "q%d\n" % k for k in range(d))
    return HEAD + "- " * n + "x\n\n" + quotes + "\n" + "1. " * (n // 4) + "y\n"


def grid_wide(cols):
    border = "+" + "---+" * cols + "\n"
    head = "+" + "===+" * cols + "\n"
    row = "|" + " x |" * cols + "\n"
    return HEAD + border + row + head + (row + border) * 19 + "\n"


def row_spans(spans):
    """spans cells of two rows each beside one cell spanning all 2 x spans rows."""
    rows = 2 * spans
    out = [HEAD, "+------+-----+---+\n", "| a    | b   | c |\n", "+======+=====+===+\n"]
    for k in range(rows):
        out.append("| %-4s | %-3s | c |\n" % ("all" if k == 0 else "", "two" if k % 2 == 0
                                                                          else ""))
        if k + 1 == rows:
            out.append("+------+-----+---+\n")
        elif k % 2:
            out.append("|      +-----+---+\n")
        else:
            out.append("|      |     +---+\n")
    return "".join(out) + "\n"


def grid_rows(rows):
    out = [HEAD, "+--------+--------+------+\n", "| name   | type   | more |\n",
           "+========+========+======+\n"]
    for k in range(rows):
        out.append("| a%-5d | string | x    |\n+--------+--------+------+\n" % (k % 100000))
    return "".join(out) + "\n"


def csv_rows(rows):
    body = "".join("   a%d,string,\"RW, all\"\n" % k for k in range(rows))
    return HEAD + ".. csv-table:: Big\n   :header: Attribute, Type, Access\n\n" + body


def long_line(nbytes):
    unit = "*em* **strong** ``lit`` `interp` plain "
    line = unit * (nbytes // len(unit))
    return HEAD + ".. list-table::\n\n   * - a\n     - " + line + "\n   * - b\n     - c\n"


def headings(n):
    out = [HEAD]
    for k in range(n):
        title = "Heading %d" % k
        out.append("%s\n%s\n\n" % (title, "~^'"[k % 3] * len(title)))
        if k % 100 == 0:
            out.append("====  ====\na     b\n====  ====\n\n")
    return "".join(out)


def resources(n):
    out = [HEAD]
    for k in range(n):
        out.append(".. csv-table:: /r%d\n   :header: Attribute,Type,Access\n\n   a,string,RW\n\n"
                   "======  =========\nMethod  URL\n======  =========\nGET     /r%d/{id}\n"
                   "======  =========\n\n" % (k, k))
    return "".join(out)


def deep_json(depth):
    return "[" * (depth // 2) + '{"a":' * (depth - depth // 2) + "1" + "}" * (
        depth - depth // 2) + "]" * (depth // 2)


# name: (generator, big size, small size, attrc arguments, expected status)
INPUTS = {
    "nested": (nested, 100000, 25000, ["extract"], 0),
    "grid-wide": (grid_wide, 5000, 1250, ["extract"], 0),
    "row-spans": (row_spans, 100000, 25000, ["extract"], 0),
    "grid-rows": (grid_rows, 200000, 50000, ["extract"], 0),
    "csv-rows": (csv_rows, 1000000, 250000, ["extract", "--max-table-cells", "0"], 0),
    "csv-over-limit": (csv_rows, 1000000, 400000, ["extract"], 1),
    "long-line": (long_line, 10 << 20, 10 << 18, ["extract"], 0),
    "headings": (headings, 100000, 25000, ["extract"], 0),
    "resources": (resources, 40000, 10000, ["check"], 0),
    "json-deep": (deep_json, 100000, 25000, None, 0),
}


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def in_child(fn, path, gen, size):
    """fn(path, gen(size)) in a child process, so that this one stays small: a child
    forked from it starts with its resident size as its peak memory."""
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        code = 1
        try:
            fn(path, gen(size))
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if status:
        sys.exit("pathological: could not write %s" % path)


def tail(f, n=2000):
    """The last n bytes of a file (this process reads no more, to stay small)."""
    f.seek(0, os.SEEK_END)
    f.seek(max(0, f.tell() - n))
    return f.read()


def spawn(argv, stdin_path=None, keep_stdout=False):
    """Runs argv with standard output to /dev/null (or a file read back, keep_stdout)
    and standard error to a file; returns (status, or -signal, wall seconds, ru_maxrss
    in KiB, standard output, the end of standard error)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            open(os.devnull, "wb") as null:
        fin = open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb")
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # pragma: no cover (the child)
            try:
                os.dup2(fin.fileno(), 0)
                os.dup2((out if keep_stdout else null).fileno(), 1)
                os.dup2(err.fileno(), 2)
                os.execv(argv[0], argv)
            finally:
                os._exit(127)
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
        fin.close()
        code = os.waitstatus_to_exitcode(status)
        return code, wall, ru.ru_maxrss, tail(out, 1 << 20), tail(err)


class Harness:
    """The validators' harness: which requests it reads, and whether it reports its
    child's resource use (--rusage)."""

    def __init__(self, path, tmp):
        self.path = path
        probe = os.path.join(tmp, "probe.jsonl")
        with open(probe, "w") as f:
            f.write(json.dumps(self.request(text="{}")) + "\n")
        code, _, _, out, err = spawn([path, "--rusage"], probe, keep_stdout=True)
        self.text = code == 0 and out.strip() != b""
        self.rusage = b"maxrss_kib" in err

    @staticmethod
    def request(body=None, text=None):
        q = {"resource": "endpoint", "op": "create", "admin": True, "owner": True}
        if text is not None:
            q["text"] = text
        else:
            q["body"] = body
        return q

    def write(self, path, body):
        """The body as a JSON value (the line is too deep for jansson: unreadable), and
        as a request text when the harness reads those (refused as too deep)."""
        with open(path, "w") as f:
            f.write(json.dumps(self.request(body="@@")).replace('"@@"', body) + "\n")
            if self.text:
                f.write(json.dumps(self.request(text=body)) + "\n")

    def check(self, out):
        """None when every answer is an error or unreadable, else why not."""
        lines = out.decode("utf-8", "replace").splitlines()
        if not lines:
            return "no answer"
        for line in lines:
            try:
                a = json.loads(line)
            except ValueError:
                return "an answer that is not JSON: %r" % line[:200]
            if not ("unreadable" in a or a.get("ok") is False):
                return "a body nested this deep was accepted: %r" % line[:200]
        return None


def measure(argv, stdin_path, runs, harness=None):
    """The exit status, the least wall time and peak memory over runs, and the output of
    the last run; for the harness, its output, and its own child's memory when it
    reports it (--rusage)."""
    best_t = best_m = None
    for _ in range(runs):
        code, wall, maxrss, out, err = spawn(argv, stdin_path, keep_stdout=bool(harness))
        if harness and harness.rusage:
            try:
                maxrss = json.loads(err.decode().splitlines()[-1])["maxrss_kib"]
            except (ValueError, IndexError, KeyError):
                pass
        best_t = wall if best_t is None else min(best_t, wall)
        best_m = maxrss if best_m is None else min(best_m, maxrss)
    return code, best_t, best_m, out, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("attrc")
    ap.add_argument("harness")
    ap.add_argument("--only", action="append")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    attrc, harness_path = os.path.abspath(a.attrc), os.path.abspath(a.harness)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        harness = Harness(harness_path, tmp)
        for name, (gen, big, small, args, want) in INPUTS.items():
            if a.only and name not in a.only:
                continue
            figures = []
            floor = 8192  # KiB: what a child of this process starts with, at least
            for size in (small, big):
                path = os.path.join(tmp, "%s-%d.%s" % (name, size, "jsonl" if args is None
                                                       else "rst"))
                if args is None:
                    in_child(harness.write, path, gen, size)
                    argv, stdin = [harness_path] + ["--rusage"] * harness.rusage, path
                else:
                    in_child(write, path, gen, size)
                    argv, stdin = [attrc] + args + [path], None
                nbytes = os.path.getsize(path)
                if args is None and harness.rusage:
                    floor = 2048  # the harness's own child: it starts at the harness's size
                else:
                    floor = max(floor, spawn([attrc, "--version"])[2])
                code, t, m, out, err = measure(argv, stdin, a.runs,
                                               harness if args is None else None)
                os.unlink(path)
                what = "%s (%d, %.1f MB)" % (name, size, nbytes / 1e6)
                if code < 0:
                    failures.append("%s: killed by signal %d\n%s" % (
                        what, -code, err[-2000:].decode("utf-8", "replace")))
                elif code != want:
                    failures.append("%s: exit status %d, expected %d\n%s" % (
                        what, code, want, err[-2000:].decode("utf-8", "replace")))
                elif args is None and harness.check(out):
                    failures.append("%s: %s" % (what, harness.check(out)))
                figures.append((nbytes, t, m))
                if a.verbose:
                    print("  %-40s %7.3f s %9.1f MB" % (what, t, m / 1024))
            (n1, t1, m1), (n2, t2, m2) = figures
            size_ratio = n2 / n1
            time_ratio = max(t2, TIME_FLOOR) / max(t1, TIME_FLOOR)
            mem_ratio = max(m2, floor) / max(m1, floor)
            line = ("%-15s size x%.2f: time %.3f -> %.3f s (x%.2f), memory %.1f -> %.1f MB "
                    "(x%.2f)" % (name, size_ratio, t1, t2, time_ratio, m1 / 1024, m2 / 1024,
                                 mem_ratio))
            print(line)
            if time_ratio > TIME_FACTOR * size_ratio:
                failures.append("%s: time grew x%.2f for an input x%.2f larger (limit x%.2f)"
                                % (name, time_ratio, size_ratio, TIME_FACTOR * size_ratio))
            if mem_ratio > MEM_FACTOR * size_ratio:
                failures.append("%s: memory grew x%.2f for an input x%.2f larger (limit x%.2f)"
                                % (name, mem_ratio, size_ratio, MEM_FACTOR * size_ratio))
            sys.stdout.flush()
    for f in failures:
        print("FAIL " + f)
    print("pathological: %d inputs at two sizes, %d failure(s)" % (
        len(a.only or INPUTS), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
