#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Xen lab runner: boot Xen 4.17 + a Debian dom0 under QEMU (TCG), run a test
# plan from selftests/lab/ with PV guests, bring the TAP and every log back.
#
#   tools/lab/run.sh PLAN            run selftests/lab/PLAN.sh
#   tools/lab/run.sh PLAN --shell    dom0 root shell on this terminal instead
#                                    (Ctrl-a x quits QEMU)
#
# Results: out/lab/PLAN-YYYYmmdd-HHMMSS/ (results.tap, serial.log = Xen +
# dom0 console, dom0-dmesg.txt, guest-NAME.log/.dmesg/.tap, ...). The last
# line printed is "N passed, N failed". Exit status 0 only if nothing failed:
# a failed or missing test, a QEMU or plan time-out, missing results, or an
# Oops/BUG/WARNING/general protection fault/Call Trace in any kernel log.
#
# A plan is a dom0 shell script sourced with tools/lab/lib-dom0.sh; its
# header declares what it needs:
#   #@test NAME       a result the plan must produce (missing = not ok)
#   #@timeout SECS    dom0-side limit for the plan (default 600)
#   #@modules required|optional    our two .ko files (default required)
#   #@include PLAN... plans this one runs (sources) in the same boot: their
#                     #@test lines are expected too
#   #@memory MIB      QEMU's memory (default 2048; dom0 has 1024 of it,
#                     Xen's guests share the rest)
# Guest scripts live in selftests/lab/guest/NAME.sh.
#
# Environment: XSND_CACHE (image cache), XSND_LAB_TIMEOUT (plan limit),
# XSND_LAB_NICE (QEMU's nice value, default -5), XSND_LAB_DYNDBG=1 (our
# modules' dev_dbg messages into dom0's and the guests' dmesg),
# XSND_LAB_XENFRONT_KO / XSND_LAB_XENBACK_KO (other .ko files, e.g. to
# bisect; the file name must stay snd-xenfront.ko / snd-xenback.ko),
# XSND_LAB_ENV="NAME=VALUE ..." (plan knobs, set in dom0 before the plan;
# names are upper case, values have no blanks or quotes).

set -eu

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$LAB_DIR/../.." && pwd)
PLAN_DIR=$REPO/selftests/lab

msg() { echo "lab: $*" >&2; }
die() { echo "lab: error: $*" >&2; exit 2; }

PLAN=
MODE=run
for a in "$@"; do
	case "$a" in
	--shell) MODE=shell ;;
	-h|--help) sed -n '3,34p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option $a" ;;
	*) [ -z "$PLAN" ] || die "one plan only"; PLAN=$a ;;
	esac
done
if [ -z "$PLAN" ]; then
	[ "$MODE" = shell ] && PLAN=smoke || die "usage: run.sh PLAN [--shell] (plans: $(cd "$PLAN_DIR" && ls *.sh | grep -v '^lib' | sed 's/\.sh$//' | tr '\n' ' '))"
fi
PLAN_FILE=$PLAN_DIR/$PLAN.sh
[ -f "$PLAN_FILE" ] || die "no plan $PLAN_FILE"

# One lab VM at a time: QEMU takes both cores, and a second VM makes every
# timing in the first one meaningless. Held until this script exits.
LAB_LOCK=${XSND_LAB_LOCK:-/tmp/xsnd-lab-vm.lock}
exec 9>"$LAB_LOCK"
if ! flock -n 9; then
	msg "another lab VM is running; waiting for $LAB_LOCK"
	flock 9
fi

plan_header() { sed -n "s/^#@$1[[:space:]]\{1,\}//p" "$PLAN_FILE"; }
PLAN_TIMEOUT=${XSND_LAB_TIMEOUT:-$(plan_header timeout | head -1)}
PLAN_TIMEOUT=${PLAN_TIMEOUT:-600}
NEED_MODULES=$(plan_header modules | head -1)
NEED_MODULES=${NEED_MODULES:-required}
QEMU_MEM=$(plan_header memory | head -1)
QEMU_MEM=${QEMU_MEM:-2048}
# QEMU limit: the plan, plus boot (~30 s) and result collection.
QEMU_TIMEOUT=$((PLAN_TIMEOUT + 240))

for t in qemu-system-x86_64 mke2fs cpio gzip tar timeout depmod make cc; do
	command -v "$t" >/dev/null || die "missing host tool '$t' (run tools/setup-host.sh)"
done

# ---- images (cached) -----------------------------------------------------------
IMG=$(sh "$LAB_DIR/images.sh")
KVER=$(cat "$IMG/kver")

# ---- payload ---------------------------------------------------------------------
MODS=""
for m in "${XSND_LAB_XENFRONT_KO:-$REPO/drivers/snd-xenfront/snd-xenfront.ko}" \
	 "${XSND_LAB_XENBACK_KO:-$REPO/drivers/snd-xenback/snd-xenback.ko}"; do
	if [ -f "$m" ]; then
		modinfo -F vermagic "$m" | grep -q "^$KVER " ||
			msg "warning: $m vermagic '$(modinfo -F vermagic "$m")' is not $KVER"
		[ "${m#"$REPO"/}" = "$m" ] && msg "note: using $m"
		MODS="$MODS $m"
	elif [ "$NEED_MODULES" = required ] && [ "$MODE" = run ]; then
		die "missing $m: build the drivers first (make -C $REPO)"
	else
		msg "note: $m not built; running without it"
	fi
done

msg "building tools (tools/Makefile)"
make -s -C "$REPO/tools" >&2 || die "building tools/ failed"
SIG=$REPO/tools/xsnd-sig/xsnd-sig
# Test programs for dom0 and the guests (tools/Makefile PROGS).
BINS="$SIG $REPO/tools/xsnd-pcm/xsnd-pcm $REPO/tools/xsnd-bench/xsnd-bench
$REPO/tools/rogue/xsnd-rogue"

STAMP=$(date +%Y%m%d-%H%M%S)
if [ "$MODE" = shell ]; then
	OUT=$REPO/out/lab/$PLAN-shell-$STAMP
else
	OUT=$REPO/out/lab/$PLAN-$STAMP
fi
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/xsnd-lab.XXXXXX")
QPID=
cleanup() {
	# QEMU runs in the background (under timeout): stop it on ^C.
	[ -n "$QPID" ] && kill -TERM "$QPID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

msg "payload for plan $PLAN (results in ${OUT#"$REPO"/})"
P=$WORK/payload
mkdir -p "$P/lab" "$P/plans" "$P/modules" "$P/bin"
cp "$LAB_DIR/dom0-init.sh" "$LAB_DIR/lib-dom0.sh" "$P/lab/"
cp -r "$PLAN_DIR"/. "$P/plans/"
cp $BINS "$P/bin/"
for m in $MODS; do cp "$m" "$P/modules/"; done
echo "$PLAN" > "$P/plan"
echo "$MODE" > "$P/mode"
echo "$PLAN_TIMEOUT" > "$P/timeout"
# XSND_LAB_DYNDBG=1: load our modules with dyndbg=+p (dev_dbg to dmesg).
[ -n "${XSND_LAB_DYNDBG:-}" ] && echo 1 > "$P/dyndbg"
: > "$P/env"
for kv in ${XSND_LAB_ENV:-}; do
	case "$kv" in
	[A-Z]*=*) ;;
	*) die "XSND_LAB_ENV: '$kv' is not NAME=VALUE" ;;
	esac
	case "${kv%%=*}${kv#*=}" in
	*[!A-Za-z0-9_.,:/+-]*) die "XSND_LAB_ENV: '$kv' has characters other than [A-Za-z0-9_.,:/+-]" ;;
	esac
	echo "$kv" >> "$P/env"
done

# domU initramfs = cached base cpio + this run's cpio (later files win).
G=$WORK/guest
B=$WORK/base
mkdir -p "$G/lab/bin" "$G/dev" "$B"
cp "$LAB_DIR/guest-init.sh" "$G/init"
chmod 755 "$G/init"
cp "$LAB_DIR/lib-guest.sh" "$G/lab/"
[ -d "$PLAN_DIR/guest" ] && cp -r "$PLAN_DIR/guest" "$G/lab/guest"
cp $BINS "$G/lab/bin/"
mknod "$G/dev/console" c 5 1
if [ -n "$MODS" ]; then
	# modules.dep over the base's modules plus ours, so modprobe works.
	(cd "$B" && zcat "$IMG/domu-base.cpio.gz" | cpio -id --quiet "lib/modules/*")
	mkdir -p "$B/lib/modules/$KVER/extra"
	for m in $MODS; do cp "$m" "$B/lib/modules/$KVER/extra/"; done
	depmod -b "$B" "$KVER"
	mkdir -p "$G/lib/modules"
	cp -r "$B/lib/modules/$KVER" "$G/lib/modules/"
	rm -rf "$G/lib/modules/$KVER/kernel"
fi
(cd "$G" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$WORK/guest.cpio.gz"
cat "$IMG/domu-base.cpio.gz" "$WORK/guest.cpio.gz" > "$P/domu.cpio.gz"

mb=$(( $(du -sm "$P" | cut -f1) + 32 ))
mke2fs -q -t ext4 -L xsnd-payload -d "$P" "$WORK/payload.ext4" "${mb}M" >/dev/null
truncate -s 512M "$WORK/results.img"

# ---- boot --------------------------------------------------------------------------
XEN_CMD="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all console_timestamps=boot"
XEN_CMD="$XEN_CMD dom0_mem=1024M,max:1024M dom0_max_vcpus=2 bootscrub=0 spec-ctrl=eager-fpu"
# No commas: QEMU splits -initrd on them.
DOM0_CMD="console=hvc0 root=/dev/vda rw init=/sbin/xsnd-boot"

set -- -accel tcg,thread=multi,tb-size=256 -cpu max,-smap -machine q35 \
	-smp 2 -m "$QEMU_MEM" -display none -no-reboot \
	-kernel "$IMG/xen" -append "$XEN_CMD" \
	-initrd "$IMG/vmlinuz $DOM0_CMD,$IMG/dom0-initrd.img" \
	-drive "file=$IMG/dom0.ext4,if=virtio,format=raw,snapshot=on" \
	-drive "file=$WORK/payload.ext4,if=virtio,format=raw,snapshot=on" \
	-drive "file=$WORK/results.img,if=virtio,format=raw"

echo "$PLAN" > "$OUT/plan"
cp "$IMG/versions" "$OUT/versions"

if [ "$MODE" = shell ]; then
	msg "booting Xen + dom0 with a shell on this terminal (Ctrl-a x quits); log $OUT/serial.log"
	qrc=0
	qemu-system-x86_64 "$@" \
		-chardev "stdio,id=ser0,mux=on,signal=off,logfile=$OUT/serial.log" \
		-serial chardev:ser0 -mon chardev=ser0 || qrc=$?
	if tar -tf "$WORK/results.img" >/dev/null 2>&1; then
		tar -xf "$WORK/results.img" -C "$OUT"
	fi
	msg "shell session ended (QEMU rc $qrc); logs in $OUT"
	exit 0
fi

msg "booting Xen + dom0 (limit ${QEMU_TIMEOUT}s); serial log $OUT/serial.log"
# Audio runs in real time under TCG: a busy host causes underruns.
LAB_NICE=${XSND_LAB_NICE:--5}
load=$(cut -d' ' -f1 /proc/loadavg)
if [ "${load%.*}" -ge "$(nproc)" ]; then
	msg "warning: host load average $load on $(nproc) CPUs: real-time audio may underrun"
fi
echo "host load average at start: $load" > "$OUT/host-load.txt"
: > "$OUT/serial.log"
start=$(date +%s)
# Audio runs in real time: give QEMU priority over host build jobs.
TIME_V=""
[ -x /usr/bin/time ] && TIME_V="/usr/bin/time -v -o $OUT/qemu-time.txt"
# shellcheck disable=SC2086
timeout -k 15 "$QEMU_TIMEOUT" $TIME_V \
	nice -n "$LAB_NICE" qemu-system-x86_64 "$@" -monitor none -serial "file:$OUT/serial.log" \
	</dev/null >"$OUT/qemu.log" 2>&1 &
QPID=$!
# Live progress: the "lab:" lines dom0 prints on its console; tail ends
# with QEMU.
tail -n +1 -F --pid=$QPID "$OUT/serial.log" 2>/dev/null | tr -d '\r' |
	grep --line-buffered '^lab: ' >&2 &
qrc=0
wait $QPID || qrc=$?
QPID=
wall=$(( $(date +%s) - start ))
wait || true
peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/qemu-time.txt" 2>/dev/null)
msg "QEMU exited with $qrc after ${wall}s, peak RSS $(( ${peak_kb:-0} / 1024 )) MiB"

# ---- results -------------------------------------------------------------------------
got_results=no
if tar -tf "$WORK/results.img" >/dev/null 2>&1; then
	tar -xf "$WORK/results.img" -C "$OUT" && got_results=yes
fi

H=$OUT/host.tap
echo "TAP version 13" > "$H"
host_result() {
	# host_result 0|1 NAME [MSG]
	if [ "$1" -eq 0 ]; then r="ok"; else r="not ok"; fi
	echo "$r 0 - $2${3:+ # $3}" >> "$H"
	echo "$2" >> "$WORK/host-tests"
}
: > "$WORK/host-tests"

# Whole-run health.
why=""
[ "$qrc" -eq 0 ] || why="QEMU exit status $qrc"
[ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ] && why="QEMU killed at the ${QEMU_TIMEOUT}s limit"
[ "$got_results" = yes ] || why="${why:+$why; }no results came back from dom0"
[ -f "$OUT/plan-timeout" ] && why="${why:+$why; }plan hit its ${PLAN_TIMEOUT}s limit in dom0"
[ "$got_results" = yes ] && [ ! -f "$OUT/xen-up" ] && why="${why:+$why; }xenstored/xenconsoled did not start"
if [ -n "$why" ]; then
	echo "# $why" >> "$H"
	tr -d '\r' < "$OUT/serial.log" | tail -n 15 | sed 's/^/#   serial: /' >> "$H"
	host_result 1 "$PLAN.lab.completed" "$why"
else
	host_result 0 "$PLAN.lab.completed"
fi

# Kernel logs: Oops, BUG, WARNING, general protection fault, Call Trace.
KLOG_RE='Oops|BUG|WARNING|general protection fault|Call Trace'
klog_scan() {
	# klog_scan NAME FILE...: stdin-free scan of the given files
	name=$1
	shift
	hits=$WORK/klog-$name
	: > "$hits"
	for f in "$@"; do
		[ -f "$f" ] || continue
		tr -d '\r' < "$f" | grep -E "$KLOG_RE" |
			grep -vE '^(lab:|xsnd-lab:|#|ok |not ok )' >> "$hits" || true
	done
	if [ -s "$hits" ]; then
		sort -u "$hits" | head -n 30 | sed 's/^/#   /' >> "$H"
		host_result 1 "$PLAN.klog.$name" "$(sort -u "$hits" | wc -l) suspicious kernel log lines"
	else
		host_result 0 "$PLAN.klog.$name"
	fi
}
tr -d '\r' < "$OUT/serial.log" | grep '^(XEN)' > "$WORK/xen-serial.txt" || true
tr -d '\r' < "$OUT/serial.log" | grep -v '^(XEN)' > "$WORK/dom0-serial.txt" || true
klog_scan xen "$WORK/xen-serial.txt" "$OUT/xen-dmesg.txt"
klog_scan dom0 "$WORK/dom0-serial.txt" "$OUT/dom0-dmesg.txt"
for gl in "$OUT"/guest-*.log; do
	[ -f "$gl" ] || continue
	g=${gl##*/guest-}
	g=${g%.log}
	klog_scan "$g" "$gl" "$OUT/guest-$g.dmesg"
done

# Merge: the plan's expected tests in order, then any others, then the host's.
{
	plan_header test
	for inc in $(plan_header include); do
		sed -n "s/^#@test[[:space:]]\{1,\}//p" "$PLAN_DIR/$inc.sh"
	done
} > "$WORK/expected"
TAPS=""
for t in "$OUT/dom0.tap" "$OUT"/guest-*.tap "$H"; do
	[ -f "$t" ] && TAPS="$TAPS $t"
done
# shellcheck disable=SC2086
awk -v hosttests="$WORK/host-tests" '
function add(name, st, m) {
	if (!(name in status)) { order[++nr] = name; status[name] = st }
	else if (st == "not ok") status[name] = "not ok"
	if (m != "") note[name] = (note[name] == "" ? m : note[name] "; " m)
	diag[name] = diag[name] pend
	pend = ""
}
FNR == NR { if ($0 != "") { want[++ne] = $0; isexp[$0] = 1 }; next }
FNR == 1 { pend = "" }
/^TAP version/ || /^[0-9]+\.\.[0-9]+/ { next }
/^#/ { pend = pend $0 "\n"; next }
/^(not )?ok / {
	st = ($1 == "ok") ? "ok" : "not ok"
	line = $0
	sub(/^(not )?ok [0-9]+ (- )?/, "", line)
	m = ""
	i = index(line, " # ")
	if (i) { m = substr(line, i + 3); line = substr(line, 1, i - 1) }
	if (toupper(m) ~ /^SKIP/) { st = "not ok"; m = "was skipped, counts as failed: " substr(m, 5) }
	add(line, st, m)
}
END {
	n = 0
	for (i = 1; i <= ne; i++) list[++n] = want[i]
	while ((getline t < hosttests) > 0) { ishost[t] = 1; hl[++nh] = t }
	for (i = 1; i <= nr; i++)
		if (!(order[i] in isexp) && !(order[i] in ishost)) list[++n] = order[i]
	for (i = 1; i <= nh; i++) list[++n] = hl[i]
	print "TAP version 13"
	print "1.." n
	pass = 0; fail = 0
	for (i = 1; i <= n; i++) {
		t = list[i]
		if (!(t in status)) { status[t] = "not ok"; note[t] = "missing result: the test did not run or did not report" }
		printf "%s", diag[t]
		printf "%s %d - %s%s\n", status[t], i, t, (note[t] != "" ? " # " note[t] : "")
		if (status[t] == "ok") pass++; else fail++
	}
	printf "%d passed, %d failed\n", pass, fail > "/dev/stderr"
}' "$WORK/expected" $TAPS > "$OUT/results.tap" 2> "$WORK/counts"

cat "$OUT/results.tap"
if [ -s "$OUT/summary.txt" ]; then
	echo
	cat "$OUT/summary.txt"
fi
echo
echo "lab: plan $PLAN: wall ${wall}s, QEMU peak RSS $(( ${peak_kb:-0} / 1024 )) MiB; logs in $OUT"
cat "$WORK/counts"
fails=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' "$WORK/counts")
[ "${fails:-1}" -eq 0 ]
