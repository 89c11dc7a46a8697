#!/usr/bin/python3
"""Diagnostics are coloured on a terminal, and not when NO_COLOR is set or when standard
error is not a terminal.

usage: tty_colour.py ATTRC
"""
import os, pty, subprocess, sys, tempfile

attrc = sys.argv[1]
spec = "REST API impact\n===============\n\n+---+\n| a  |\n+---+\n"
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "spec.rst")
    with open(path, "w") as f:
        f.write(spec)

    def on_tty(env):
        master, slave = pty.openpty()
        p = subprocess.Popen([attrc, "extract", path], stdout=subprocess.DEVNULL, stderr=slave,
                             env=env)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        p.wait()
        os.close(master)
        return p.returncode, out.decode()

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    rc, out = on_tty(env)
    assert rc == 1, rc
    assert "\033[1;31merror:" in out, repr(out)
    rc, out = on_tty(dict(env, NO_COLOR="1"))
    assert "\033[" not in out and "error: ragged right edge" in out, repr(out)
    r = subprocess.run([attrc, "extract", path], capture_output=True, text=True, env=env)
    assert "\033[" not in r.stderr and "error: ragged right edge" in r.stderr, repr(r.stderr)
print("ok: colour on a terminal only, and never with NO_COLOR")
