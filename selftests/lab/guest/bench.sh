# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the benchmark plans (bench.sh, bench-smoke.sh; dom0 side
# in lib-bench.sh): load a vsnd frontend, wait for the card's playback and
# capture PCM (one pcm device, streams unique-id p and c), then run
# xsnd-bench on hw:0,0 each time dom0 writes a new step into XenStore:
#
#   data/xsnd-go = "TAG PERIOD_US SECONDS WARMUP [XSND-BENCH-OPTIONS]"
#                                                   run one step
#   data/xsnd-go = "quit"                           power off
#
# xsnd-bench prints "xsnd-lab: marker TAG-run" when its measured part
# starts and its "xsnd-bench: result name=TAG ..." line at the end; this
# script then prints the marker TAG-done. Parameters (kernel command line):
# front=xenfront|upstream, prefix. Guest TAP: PREFIX.guest.load,
# PREFIX.guest.card.

p=${xsnd_prefix:-bench}
front=${xsnd_front:-xenfront}

# Eight guests and dom0 on the lab's two emulated CPUs wait for a CPU
# for seconds at a time (the steal time xsnd-bench reports): the soft
# lockup and RCU stall detectors would log that as BUG and Call Trace,
# which fail the run. The benchmark reports the starvation itself.
echo 0 > /proc/sys/kernel/soft_watchdog 2>/dev/null
echo 1 > /sys/module/rcupdate/parameters/rcu_cpu_stall_suppress 2>/dev/null

. /lab/guest/lib-front.sh
front_load "$p" "$front"
rc=$?

card=1
if [ $rc -ne 0 ] || ! wait_for_file /dev/snd/pcmC0D0p 60 ||
   ! wait_for_file /dev/snd/pcmC0D0c 10; then
	card=0
fi
if [ $card -eq 1 ]; then
	tap_ok "$p.guest.card" "/dev/snd/pcmC0D0p and pcmC0D0c"
else
	tap_diag "no PCM devices: $(ls /dev/snd 2>&1 | tr '\n' ' ')"
	tap_fail "$p.guest.card" "no /dev/snd/pcmC0D0p and pcmC0D0c"
fi
lab_marker bench-ready

# Waiting costs little CPU: a process start costs a lot under TCG, so the
# guest blocks in a XenStore watch (its first event fires at once, the
# second on a change; the time limit covers a change that came before
# the watch was set) rather than polling.
last=
while :; do
	go=$(timeout 10 xenstore-read data/xsnd-go 2>/dev/null)
	if [ -z "$go" ] || [ "$go" = "$last" ]; then
		timeout 1 xenstore-watch -n 2 data/xsnd-go > /dev/null 2>&1
		continue
	fi
	last=$go
	[ "$go" = quit ] && break
	set -- $go
	tag=$1 period_us=$2 secs=$3 warmup=$4
	shift 4
	if [ $card -eq 1 ]; then
		timeout $((secs + warmup + 60)) xsnd-bench -D hw:0,0 -r 48000 \
			-c 2 -p "$period_us" -d "$secs" -w "$warmup" -N "$tag" \
			-M "$tag" "$@" 2>&1
		echo "xsnd-bench: exit tag=$tag rc=$?"
	else
		echo "xsnd-bench: exit tag=$tag rc=127 (no card)"
	fi
	lab_marker "$tag-done"
done
lab_marker bench-quit
