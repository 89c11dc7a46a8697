#!/bin/sh
# Runs the libFuzzer targets of a fuzz build for a bounded time each (tools/test does,
# with 60 seconds): the reader and model on the specs and cases as seeds, the validators
# on request bodies, the names and escapes (fuzz_names.c) on file names, titles and
# attrc.yaml; then the inputs fuzz_names kept go through the real attrc, cc and PyYAML
# (names_check.py).  Exit status 0 when none found a crash, a leak or a timeout and every
# kept input passed.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS
set -eu
build="$1"
seconds="$2"
top="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/reader" "$work/validate" "$work/names"
for f in "$top"/specs/*.rst "$top"/tests/cases/*/spec.rst; do
    cp "$f" "$work/reader/$(echo "$f" | tr / _)"
done
cp "$top"/tests/fuzz/seeds/validate/*.json "$work/validate/"
cp "$top"/tests/fuzz/seeds/names/* "$work/names/"
status=0
for t in reader validate names; do
    if "$build/tests/fuzz_$t" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$work/" "$work/$t" > "$work/$t.log" 2>&1; then
        echo "fuzz_$t: $(grep -o 'Done [0-9]* runs' "$work/$t.log"), nothing found"
    else
        echo "fuzz_$t: FAILED"
        tail -40 "$work/$t.log"
        ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null | while read -r a; do
            echo "input: $a"; od -c "$a" | head -20
        done
        status=1
    fi
done
if ! /usr/bin/python3 "$top/tests/fuzz/names_check.py" "$build/compiler/attrc" "$top/include" \
    "$work/names" 300 > "$work/names_check.log" 2>&1; then
    echo "names_check: FAILED"
    tail -40 "$work/names_check.log"
    status=1
else
    tail -1 "$work/names_check.log"
fi
exit $status
