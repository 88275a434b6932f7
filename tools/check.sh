#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything, in one run, on a fresh Debian 12 machine.
#   1. host packages (idempotent), 2. build, 3. static checks,
#   4. KUnit, 5. the Xen lab tests (plan full: every lab plan in one boot).
# Each part prints TAP; this script counts every top-level "ok"/"not ok"
# line and ends with one summary line, "N passed, N failed". A part that
# cannot run counts as failed, never as skipped.

set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=$top/out/check
mkdir -p "$out"
passed=0
failed=0

# run_part NAME COMMAND...: run, keep the log, count its TAP results.
run_part() {
	name=$1
	shift
	echo "== $name: $*"
	"$@" >"$out/$name.log" 2>&1
	rc=$?
	cat "$out/$name.log"
	p=$(grep -cE '^ok [0-9]+' "$out/$name.log")
	f=$(grep -cE '^not ok [0-9]+' "$out/$name.log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc without reporting a failed test"
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name ran no test"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	echo "== $name: $p passed, $f failed (log: out/check/$name.log)"
}

# build_tap: building is a test of its own.
build_tap() {
	echo "TAP version 13"
	if make -C "$top" modules && make -C "$top" tools; then
		echo "ok 1 - build.modules-and-tools"
	else
		echo "not ok 1 - build.modules-and-tools"
		return 1
	fi
}

if [ "$(id -u)" -eq 0 ]; then
	sh tools/setup-host.sh || { echo "not ok - host set-up failed"; failed=1; }
fi
make -s linux-src || { echo "not ok - linux-source-6.1 unavailable"; failed=$((failed + 1)); }

run_part build build_tap
run_part static make -s static
run_part kunit sh tools/kunit.sh
run_part lab sh tools/lab/run.sh full

echo "make check: logs in out/check/, lab results in out/lab/"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
