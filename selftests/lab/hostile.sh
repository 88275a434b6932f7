# SPDX-License-Identifier: GPL-2.0
#
# Hostile guests (issue 6): dom0 must survive a rogue sndif frontend while a
# well-behaved guest plays bit-exact through it.
#
#   rogue  a PV guest with three vsnd streams (p, c, p) and no kernel
#          frontend: tools/rogue/xsnd-rogue runs the validation checklist,
#          fuzzes (>= 100000 requests) and storms the event channels.
#          snd-xenback routes it to snd-dummy (routes=rogue/*=Dummy,0).
#   good   snd-xenfront playing 10 s of xsnd-sig noise to Loopback,0 while
#          the rogue fuzzes; dom0 records Loopback,1 and verifies every
#          frame (lib-play.sh).
#
# dom0 measures its CPU (/proc/stat) idle, with the rogue idle, and during
# each storm; a storm may cost at most STORM_CPU_MAX percentage points of
# dom0's CPU above the rogue-idle baseline. It counts the backend's lines
# ("snd_xenback:" and "vsnd vsnd-D-N:") dmesg got while fuzzing: at most
# 2 per ring or XenStore attack plus 100 (the log must not grow with the
# number of requests). Snapshots of dom0's side (stream counters, IRQs,
# busy threads) go to hostile-snapshots.txt at each phase and when the
# rogue reports a stall. Afterwards
# no mapped grant may remain and the module must unload. The host adds
# hostile.lab.completed and hostile.klog.{xen,dom0,rogue,good}.
#
# The rogue's binary: tools/rogue/xsnd-rogue, shipped as /lab/bin/xsnd-rogue.
#
#@timeout 2100
#@modules required
#@test hostile.backend.load
#@test hostile.cpu.idle
#@test hostile.rogue.start
#@test hostile.rogue.modules
#@test hostile.rogue.good.first.connect
#@test hostile.rogue.good.first.events
#@test hostile.rogue.ready
#@test hostile.good.guest.start
#@test hostile.good.guest.load
#@test hostile.good.guest.card
#@test hostile.good.guest.aplay
#@test hostile.good.playback
#@test hostile.rogue.fuzz.requests
#@test hostile.rogue.fuzz.answered
#@test hostile.rogue.fuzz.responses
#@test hostile.rogue.fuzz.reconnect
#@test hostile.rogue.fuzz.alive
#@test hostile.rogue.fuzz.dead-at-connect
#@test hostile.rogue.checklist.connect
#@test hostile.rogue.checklist.final.alive
#@test hostile.rogue.checklist.dead-at-connect
#@test hostile.rogue.attack-done
#@test hostile.cpu.baseline
#@test hostile.rogue.storm.ring.kicks
#@test hostile.rogue.storm.ring.alive
#@test hostile.storm.cpu.ring
#@test hostile.rogue.storm.evt.kicks
#@test hostile.rogue.storm.evt.alive
#@test hostile.storm.cpu.evt
#@test hostile.rogue.good.final.connect
#@test hostile.rogue.good.final.events
#@test hostile.rogue.done
#@test hostile.dmesg.bounded
#@test hostile.mapped-pages.zero
#@test hostile.backend.unload

set -u
. /lab/plans/lib-play.sh
. /lab/plans/lib-rogue.sh

HOSTILE_SEED=${HOSTILE_SEED:-6}
HOSTILE_COUNT=${HOSTILE_COUNT:-100000}
STORM_SECS=${STORM_SECS:-20}
STORM_CPU_MAX=20
MAXBUF_KB=8192
MARKS=$LAB_RES/hostile-marks.txt
# debugfs directory: KBUILD_MODNAME, which has an underscore.
XB_DBG=/sys/kernel/debug/snd_xenback
ROGUE_VSND="[ 'card, backend=0, buffer-size=$((MAXBUF_KB * 1024)), short-name=Rogue, long-name=Rogue frontend, sample-rates=48000, sample-formats=s16_le, channels-min=1, channels-max=2', 'pcm, name=rogue', 'stream, unique-id=rp0, type=p', 'stream, unique-id=rc0, type=c', 'stream, unique-id=rp1, type=p' ]"

# ---- CPU: busy (user+nice+system+irq+softirq), idle (+iowait), steal ----------
cpu_snap() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8, $5 + $6, $9 }' /proc/stat; }
# cpu_pct "B I S" "B I S": busy% and steal% of dom0's vCPU time in between.
cpu_pct() {
	echo "$1 $2" | awk '{ b = $4 - $1; i = $5 - $2; s = $6 - $3; t = b + i + s;
		if (t <= 0) t = 1; printf "%.1f %.1f\n", 100 * b / t, 100 * s / t }'
}
cpu_measure() {
	cm_a=$(cpu_snap)
	sleep "$1"
	cpu_pct "$cm_a" "$(cpu_snap)"
}
# The backend's log lines: pr_*() say "snd_xenback:", dev_*() on its
# xenbus devices say "vsnd vsnd-<domid>-<devid>:".
XB_RE='snd_xenback|vsnd vsnd-'
xb_lines() { dmesg | grep -cE "$XB_RE"; }

# guest_start with the rogue's ramdisk (lib-rogue.sh).
rogue_start() {
	GUEST_RAMDISK=$ROGUE_RAMDISK guest_start rogue "$ROGUE_VSND" rogue \
		prefix=hostile.rogue seed="$HOSTILE_SEED" count="$HOSTILE_COUNT" \
		storm="$STORM_SECS" maxbuf=$((MAXBUF_KB * 1024))
}

rogue_go() {
	xs_write "/local/domain/$(guest_domid rogue)/data/xsnd-go" "$1"
}

# dom0's side of things, for the record: stream counters, IRQ counts, the
# busiest threads and the stacks of running or blocked ones.
SNAPS=$LAB_RES/hostile-snapshots.txt
dom0_snapshot() {
	{
		echo "=== $1 at $(cut -d' ' -f1 /proc/uptime) s, load $(cat /proc/loadavg)"
		grep -E 'sndback' /proc/interrupts
		for f in $XB_DBG/dom*/s*; do
			[ -f "$f" ] || continue
			echo "-- $f: $(grep -E '^(name|state|disabled|irqs|spurious|req_errors|req_open|req_close|events|notify_req|notify_evt|xruns|pages_mapped|host_pcm):' "$f" | tr '\n' ' ')"
		done
		echo "mapped_pages $(cat $XB_DBG/mapped_pages 2>/dev/null)"
		top -b -n 1 -H -w 160 | sed -n '7,20p'
		for t in /proc/[0-9]*/task/[0-9]*; do
			ts=$(cut -d' ' -f3 "$t/stat" 2>/dev/null)
			case "$ts" in D|R) ;; *) continue ;; esac
			echo "-- $(cat "$t/comm" 2>/dev/null) ${t#/proc/} $ts"
			head -n 12 "$t/stack" 2>/dev/null
		done
	} >> "$SNAPS" 2>&1
}

# Background: when a rogue marker first shows, note uptime, snd_xenback
# dmesg lines and a CPU snapshot. Cheap (one grep a second), as it runs
# while dom0's CPU is measured.
watch_marks() {
	wm_log=$(guest_log rogue)
	wm_seen=" "
	while :; do
		sleep 0.5
		[ -f "$wm_log" ] || continue
		for m in $(tr -d '\r' < "$wm_log" | sed -n 's/.*xsnd-lab: marker \([a-z-]*\)$/\1/p'); do
			case "$wm_seen" in *" $m "*) continue ;; esac
			echo "$m $(cut -d' ' -f1 /proc/uptime) $(xb_lines) $(cpu_snap)" >> "$MARKS"
			wm_seen="$wm_seen$m "
			case "$m" in
			# Not between the storms: a snapshot costs seconds of
			# dom0 CPU and would delay the next storm's marker.
			fuzz-start|stall|fuzz-done|checklist-start|attack-done|storm-done)
				dom0_snapshot "marker $m" ;;
			esac
		done
		case "$wm_seen" in *" end "*) break ;; esac
		# Every 2 minutes until the attack ends (not during the storms).
		wm_n=$(( ${wm_n:-0} + 1 ))
		case "$wm_seen" in
		*" attack-done "*) ;;
		*) [ $((wm_n % 240)) -eq 0 ] && dom0_snapshot periodic ;;
		esac
	done
}
# wait_mark NAME SECS: until the watcher saw marker NAME (or "end").
wait_mark() {
	wk_end=$(( $(date +%s) + $2 ))
	while [ "$(date +%s)" -lt "$wk_end" ]; do
		grep -q "^$1 " "$MARKS" 2>/dev/null && return 0
		grep -q "^end " "$MARKS" 2>/dev/null && return 2
		sleep 1
	done
	return 1
}
mark_field() { awk -v m="$1" -v f="$2" '$1 == m { print $f; exit }' "$MARKS" 2>/dev/null; }
mark_cpu() { awk -v m="$1" '$1 == m { print $4, $5, $6; exit }' "$MARKS" 2>/dev/null; }

# ---- 1. backend, idle CPU ---------------------------------------------------------------
if lab_load_backend max_buffer_kb=$MAXBUF_KB 'routes=rogue/*=Dummy,0' &&
   lab_modprobe snd-dummy index=1 id=Dummy fake_buffer=0; then
	tap_ok hostile.backend.load "snd-aloop, snd-dummy, snd-xenback max_buffer_kb=$MAXBUF_KB routes=rogue/*=Dummy,0"
else
	lab_load_failed hostile.backend.load
	return 0 2>/dev/null || exit 0
fi
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

set -- $(cpu_measure 10)
CPU_IDLE=$1
tap_diag "dom0 CPU, no guests, 10 s: busy $1%, steal $2%"
tap_ok hostile.cpu.idle "busy $1% steal $2%"

# ---- 2. the rogue boots and proves it can be a frontend ------------------------------
XB0=$(xb_lines)
if rogue_ramdisk && rogue_start; then
	tap_ok hostile.rogue.start
else
	tap_diag_file "$LAB_TMP/rogue.create.log" 20
	tap_fail hostile.rogue.start "ramdisk or xl create failed"
fi
watch_marks &
WATCH=$!
guest_wait_marker rogue rogue-ready 600
tap_check $? hostile.rogue.ready

# ---- 3. attack (fuzz, checklist) while the good guest plays ---------------------------
rogue_go attack
play_test hostile.good xenfront good 7 || dom0_snapshot "good guest failed"
guest_wait_marker rogue attack-done 1500
rc=$?
[ $rc -eq 0 ] || dom0_snapshot "no attack-done"
tap_check $rc hostile.rogue.attack-done

# ---- 4. storms ----------------------------------------------------------------------
sleep 5	# the watcher's attack-done snapshot must not count as baseline
set -- $(cpu_measure 10)
CPU_BASE=$1
tap_diag "dom0 CPU, rogue idle, 10 s: busy $1%, steal $2%"
tap_ok hostile.cpu.baseline "busy $1% steal $2%"
rogue_go storm
wait_mark storm-done $((2 * STORM_SECS + 300))
for ch in ring evt; do
	a=$(mark_cpu "storm-$ch-start")
	b=$(mark_cpu "storm-$ch-done")
	if [ -n "$a" ] && [ -n "$b" ]; then
		set -- $(cpu_pct "$a" "$b")
		tap_diag "dom0 CPU, $ch-channel storm, ${STORM_SECS} s: busy $1%, steal $2% (baseline $CPU_BASE%, idle $CPU_IDLE%)"
		awk -v s="$1" -v b="$CPU_BASE" -v m=$STORM_CPU_MAX 'BEGIN { exit !(s <= b + m) }'
		tap_check $? "hostile.storm.cpu.$ch" "busy $1% vs baseline $CPU_BASE% (limit +$STORM_CPU_MAX points)"
	else
		tap_fail "hostile.storm.cpu.$ch" "no storm-$ch markers"
	fi
done

# ---- 5. the rogue ends; logs, counts -------------------------------------------------
wait_mark rogue-done 600
tap_check $? hostile.rogue.done
RID=$(guest_domid rogue)
if [ -n "$RID" ]; then
	for f in $XB_DBG/dom$RID-*/s*; do
		[ -f "$f" ] && { echo "== $f"; cat "$f"; }
	done > "$LAB_RES/hostile-rogue-debugfs.txt" 2>&1
fi
guest_wait_gone rogue 120
guest_collect rogue
kill $WATCH 2>/dev/null
wait $WATCH 2>/dev/null

tap_diag_file "$MARKS" 20
f0=$(mark_field fuzz-start 3)
f1=$(mark_field fuzz-done 3)
summary=$(grep -h '^# fuzz-summary' "$LAB_RES/guest-rogue.log" 2>/dev/null | head -1)
ring_n=$(echo "$summary" | sed -n 's/.* ring_attacks=\([0-9]*\).*/\1/p')
xs_n=$(echo "$summary" | sed -n 's/.* xs_attacks=\([0-9]*\).*/\1/p')
reqs=$(echo "$summary" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')
XB1=$(xb_lines)
dmesg | grep -E "$XB_RE" | sed -E 's/^\[[ 0-9.]+\] //; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -n 15 > "$LAB_RES/hostile-dmesg-kinds.txt"
tap_diag "backend dmesg lines: $((XB1 - XB0)) during the rogue's life; kinds:"
tap_diag_file "$LAB_RES/hostile-dmesg-kinds.txt" 15
dmesg | head -n 1 | grep -q 'Linux version' || tap_diag "dmesg buffer wrapped: counts are low bounds"
if [ -n "$f0" ] && [ -n "$f1" ] && [ -n "$ring_n" ] && [ -n "$xs_n" ]; then
	lines=$((f1 - f0))
	bound=$((2 * (ring_n + xs_n) + 100))
	[ "$lines" -le "$bound" ]
	tap_check $? hostile.dmesg.bounded "$lines backend log lines while fuzzing ${reqs:-?} requests ($ring_n ring + $xs_n XenStore attacks; bound $bound)"
else
	tap_fail hostile.dmesg.bounded "no fuzz markers or summary"
fi

# ---- 6. teardown: no grant left mapped, module unloads ----------------------------------
guest_destroy rogue
guest_destroy good
i=0
mp=$(cat $XB_DBG/mapped_pages 2>/dev/null)
while [ "${mp:-x}" != 0 ] && [ $i -lt 20 ]; do
	sleep 0.5
	i=$((i + 1))
	mp=$(cat $XB_DBG/mapped_pages 2>/dev/null)
done
[ "${mp:-x}" = 0 ]
tap_check $? hostile.mapped-pages.zero "mapped_pages ${mp:-unreadable} after the guests are gone"
timeout 30 rmmod snd-xenback > /tmp/rmmod.log 2>&1
rc=$?
[ $rc -eq 0 ] || { lsmod | grep -E '^snd_xenback' >> /tmp/rmmod.log; tap_diag_file /tmp/rmmod.log 10; }
tap_check $rc hostile.backend.unload
lab_summary "hostile: fuzzed ${reqs:-?} requests; dom0 CPU idle $CPU_IDLE%, rogue idle $CPU_BASE%; see results.tap for the storms, dmesg and playback"
