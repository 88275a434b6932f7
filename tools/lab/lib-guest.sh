# SPDX-License-Identifier: GPL-2.0
#
# domU helpers of the Xen lab (busybox sh), sourced by /init before the
# guest script. TAP goes to the console; dom0 extracts it from the
# xenconsoled log. Every xenstore call has a time limit.
#
#   tap_ok NAME [MSG], tap_fail NAME [MSG], tap_check RC NAME [MSG],
#   tap_diag MSG, tap_diag_file FILE [MAXLINES]
#   lab_marker NAME   "xsnd-lab: marker NAME" on the console, and
#                     data/xsnd-marker = NAME in the guest's XenStore dir
#   wait_for_file PATH SECS

# Test players and recorders (aplay, arecord) use 2 s buffers: on a
# shared 2-core CI machine QEMU's threads, and so a whole domain, can stall
# for over a second (CI has seen 1.5 s), and the tests are about
# bit-exactness, not latency. 2 s of 96 kHz stereo S32 still fits
# snd-aloop's and the drivers' 2 MiB.
# The lab's vsnd configs allow it (buffer-size); latency tests set their own.
LAB_BUFFER_OPT=--buffer-time=2000000
# Integrity tests (xsnd-sig verify) accept up to LAB_GAPS runs of inserted
# silence: a dropout while the lab stalled. Nothing lost, repeated or
# altered is ever accepted; the count is reported. LAB_GAPS=0 is strict.
# dom0's value comes in on the kernel command line (xsnd_gaps).
LAB_GAPS=${xsnd_gaps:-3}

TAP_COUNT=/tmp/.tap-count

tap_init() {
	echo 0 > "$TAP_COUNT"
	echo "TAP version 13"
}

tap_result() {
	n=$(( $(cat "$TAP_COUNT") + 1 ))
	echo "$n" > "$TAP_COUNT"
	echo "$1 $n - $2${3:+ # $3}"
}

tap_ok() { tap_result ok "$1" "${2:-}"; }
tap_fail() { tap_result "not ok" "$1" "${2:-}"; }
tap_check() {
	if [ "$1" -eq 0 ]; then tap_ok "$2" "${3:-}"; else tap_fail "$2" "${3:-}"; fi
}
tap_diag() { echo "# $*"; }
# tap_diag_file FILE [MAXLINES]: the file as TAP diagnostics; a long one is
# cut in the middle (its first third and the rest from its end).
tap_diag_file() {
	[ -f "$1" ] || return 0
	td_max=${2:-20}
	if [ "$(wc -l < "$1")" -le "$td_max" ]; then
		tr -d '\r' < "$1"
	else
		head -n $((td_max / 3)) "$1" | tr -d '\r'
		echo "[...]"
		tail -n $((td_max - td_max / 3)) "$1" | tr -d '\r'
	fi | sed 's/^/#   /'
}
tap_done() { echo "1..$(cat "$TAP_COUNT")"; }

lab_marker() {
	echo "xsnd-lab: marker $1"
	timeout 10 xenstore-write data/xsnd-marker "$1" 2>/dev/null
	return 0
}

wait_for_file() {
	i=0
	while [ ! -e "$1" ]; do
		[ $i -ge $(($2 * 5)) ] && return 1
		sleep 0.2
		i=$((i + 1))
	done
	return 0
}
