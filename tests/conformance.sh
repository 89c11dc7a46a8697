#!/bin/sh
# The reader against docutils on the real specs of ../shared/CORPUS (corpus by default;
# the suite runs corpus and corpus-nfv), where they are: every table identical, none
# missing or extra, no crash.  Skips (exit 77) where the corpus or python3-docutils is
# absent, as on a user's clone.
attrc="$1"
corpus="${2:-corpus}"
top="$(cd "$(dirname "$0")/.." && pwd)"
shared="$top/../shared"
if [ ! -x "$shared/tools/conformance" ] || [ ! -d "$shared/$corpus" ]; then
    echo "SKIP: $shared/$corpus and its conformance tool are not here"
    exit 77
fi
if ! /usr/bin/python3 -c 'import docutils' 2>/dev/null; then
    echo "SKIP: python3-docutils is not installed"
    exit 77
fi
exec /usr/bin/python3 "$shared/tools/conformance" "$attrc extract" "$shared/$corpus"
