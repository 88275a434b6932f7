#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Static checks of the kernel modules, as TAP:
#   W=1 build without warnings, sparse (C=1) without warnings,
#   checkpatch.pl --strict without findings, kernel-doc without warnings,
#   the reStructuredText documents without docutils warnings.
#
# Usage: static-check.sh KDIR CHECKPATCH FILE...

set -u

kdir=$1
checkpatch=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
n=0
failed=0

result() {	# result NAME OK LOGFILE
	n=$((n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $n - static.$1"
	else
		failed=$((failed + 1))
		echo "not ok $n - static.$1"
		sed 's/^/# /' "$3" | head -n 60
	fi
}

echo "TAP version 13"
echo "1..5"

# A clean W=1 build: every file compiled, any compiler warning fails.
make -s -C "$kdir" M="$top" clean >/dev/null 2>&1
make -C "$kdir" M="$top" W=1 modules >"$log/build" 2>&1
rc=$?
grep -E '(warning|error):' "$log/build" >"$log/w1" || true
[ $rc -ne 0 ] && tail -n 20 "$log/build" >>"$log/w1"
result w1-build "$([ $rc -eq 0 ] && [ ! -s "$log/w1" ] && echo 0 || echo 1)" "$log/w1"

# C=2 runs sparse on every source without recompiling: all it says is sparse's.
make -C "$kdir" M="$top" C=2 modules >"$log/build" 2>&1
rc=$?
grep -E '(warning|error):' "$log/build" >"$log/sparse" || true
[ $rc -ne 0 ] && tail -n 20 "$log/build" >>"$log/sparse"
result sparse "$([ $rc -eq 0 ] && [ ! -s "$log/sparse" ] && echo 0 || echo 1)" "$log/sparse"

# checkpatch. CAMELCASE is ignored: the only mixed-case identifiers are the
# kernel's own (enum xenbus_state values such as XenbusStateConnected).
: >"$log/checkpatch"
for f in "$@"; do
	"$checkpatch" --strict --no-tree -q --ignore CAMELCASE -f "$top/$f" \
		>>"$log/checkpatch" 2>&1
done
result checkpatch "$([ ! -s "$log/checkpatch" ] && echo 0 || echo 1)" "$log/checkpatch"

: >"$log/kdoc"
kdoc=$(dirname "$checkpatch")/kernel-doc
for f in "$@"; do
	"$kdoc" -none "$top/$f" >>"$log/kdoc" 2>&1
done
result kernel-doc "$([ ! -s "$log/kdoc" ] && echo 0 || echo 1)" "$log/kdoc"

# Documentation/*.rst and the drivers' README.rst: a warning fails.
: >"$log/rst"
for f in "$top"/Documentation/*.rst "$top"/drivers/*/README.rst; do
	/usr/bin/python3 - "$f" >>"$log/rst" 2>&1 <<'PY' || echo "$f: docutils failed" >>"$log/rst"
import sys
import docutils.core
with open(sys.argv[1]) as f:
    docutils.core.publish_string(f.read(), source_path=sys.argv[1],
                                 writer_name="null",
                                 settings_overrides={"halt_level": 2,
                                                     "report_level": 2})
PY
done
result rst "$([ ! -s "$log/rst" ] && echo 0 || echo 1)" "$log/rst"

echo "# static: $((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
