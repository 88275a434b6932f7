# SPDX-License-Identifier: GPL-2.0
#
# dom0 helpers of the Xen lab, sourced by dom0-init.sh and by every plan
# (selftests/lab/PLAN.sh). POSIX sh. Every xl and xenstore call has a time
# limit; pass/fail comes from what the tests print, never from xl alone.
#
# TAP:     tap_ok NAME [MSG], tap_fail NAME [MSG], tap_check RC NAME [MSG],
#          tap_diag MSG, tap_diag_file FILE [MAXLINES]
# Modules: lab_load_backend [PARAMS...]   (snd-aloop + snd-xenback)
# Guests:  guest_start NAME VSND SCRIPT [KEY=VAL...]
#          guest_wait_marker NAME MARKER SECS, guest_wait_gone NAME SECS,
#          guest_destroy NAME, guest_collect NAME, guest_domid NAME,
#          guest_vsnd_state NAME [DEVID]
# Output:  lab_log MSG (console + progress), lab_summary MSG (printed by
#          the host after the run)

LAB_RES=${LAB_RES:-/run/results}
LAB_TMP=/run/lab
LAB_CONSOLE_DIR=/var/log/xen/console
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
LAB_GAPS=${LAB_GAPS:-3}
# Set when the run was started with XSND_LAB_DYNDBG=1.
LAB_DYNDBG=$(cat /lab/dyndbg 2>/dev/null || true)
# Plan knobs from the host's XSND_LAB_ENV ("NAME=VALUE ..."), e.g.
# HOSTILE_COUNT=1000000 for the soak run.
if [ -s /lab/env ]; then
	set -a
	. /lab/env
	set +a
fi
mkdir -p "$LAB_TMP" "$LAB_RES"

# Shown on the serial console (fd 3 is the console when dom0-init set it up).
lab_log() {
	echo "[$(cut -d' ' -f1 /proc/uptime)] lab: $*" >> "$LAB_RES/dom0-progress.log"
	if { true >&3; } 2>/dev/null; then
		echo "lab: $*" >&3
	else
		echo "lab: $*"
	fi
}

# Lines the host prints at the end of the run, for humans (demo).
lab_summary() {
	echo "$*" >> "$LAB_RES/summary.txt"
}

# ---- TAP (dom0 side; the host merges it with the guests' TAP) -------------

LAB_TAP=$LAB_RES/dom0.tap

tap_next() {
	[ -f "$LAB_TAP" ] || echo "TAP version 13" > "$LAB_TAP"
	echo $(( $(grep -cE '^(ok|not ok) ' "$LAB_TAP") + 1 ))
}

tap_diag() {
	[ -f "$LAB_TAP" ] || echo "TAP version 13" > "$LAB_TAP"
	echo "# $*" >> "$LAB_TAP"
}

# tap_diag_file FILE [MAXLINES]: the file as TAP diagnostics; a long one is
# cut in the middle (its first third and the rest from its end).
tap_diag_file() {
	[ -f "$1" ] || return 0
	[ -f "$LAB_TAP" ] || echo "TAP version 13" > "$LAB_TAP"
	td_max=${2:-40}
	if [ "$(wc -l < "$1")" -le "$td_max" ]; then
		tr -d '\r' < "$1"
	else
		head -n $((td_max / 3)) "$1" | tr -d '\r'
		echo "[...]"
		tail -n $((td_max - td_max / 3)) "$1" | tr -d '\r'
	fi | sed 's/^/#   /' >> "$LAB_TAP"
}

# LAB_ATTEMPT: set by lab_retry, said after every result of a second run.
LAB_ATTEMPT=

tap_ok() {
	n=$(tap_next)
	set -- "$1" "${2:+$2${LAB_ATTEMPT:+; }}$LAB_ATTEMPT"
	echo "ok $n - $1${2:+ # $2}" >> "$LAB_TAP"
	lab_log "ok $1${2:+ ($2)}"
}

tap_fail() {
	n=$(tap_next)
	set -- "$1" "${2:+$2${LAB_ATTEMPT:+; }}$LAB_ATTEMPT"
	echo "not ok $n - $1${2:+ # $2}" >> "$LAB_TAP"
	lab_log "not ok $1${2:+ ($2)}"
}

tap_check() {
	if [ "$1" -eq 0 ]; then tap_ok "$2" "${3:-}"; else tap_fail "$2" "${3:-}"; fi
}

# tap_append FILE: FILE's results and diagnostics, renumbered to follow.
tap_append() {
	ta_n=$(( $(tap_next) - 1 ))
	grep -v '^TAP version' "$1" | while IFS= read -r ta_line; do
		case $ta_line in
		"ok "*|"not ok "*)
			ta_n=$((ta_n + 1))
			echo "$ta_line" | sed -E "s/^(ok|not ok) [0-9]+ /\1 $ta_n /" ;;
		*)	echo "$ta_line" ;;
		esac
	done >> "$LAB_TAP"
}

# lab_retry CMD...: run a real-time test (a function that prints its own
# TAP results) and, if any of them failed, run it once more. Audio through
# an emulated machine is bit-exact only while the host gives QEMU its CPU:
# a host that takes the CPU away for seconds (steal of 50 % was seen on
# this machine type, with silent stretches of 20 s in dom0's recordings)
# overruns some recorder, in dom0 or a guest, whatever the drivers do. The
# first attempt's lines stay in the TAP as diagnostics, so a retry is
# always visible; a second failure is a failure.
lab_retry() {
	lr_tap=$LAB_TAP
	LAB_TAP=$LAB_TMP/retry.tap
	rm -f "$LAB_TAP"
	"$@"
	LAB_TAP=$lr_tap
	if ! grep -q '^not ok ' "$LAB_TMP/retry.tap"; then
		tap_append "$LAB_TMP/retry.tap"
		return 0
	fi
	lab_log "retrying: $(grep -m1 '^not ok ' "$LAB_TMP/retry.tap")"
	tap_diag "first attempt, retried:"
	grep -v '^TAP version' "$LAB_TMP/retry.tap" | sed 's/^#* */#   /' >> "$LAB_TAP"
	LAB_ATTEMPT="second attempt"
	"$@"
	lr_rc=$?
	LAB_ATTEMPT=
	return $lr_rc
}

# ---- xl and XenStore with time limits ----------------------------------------

xl_t() { timeout "${XL_TIMEOUT:-60}" xl "$@"; }
xs_read() { timeout 10 xenstore-read "$@" 2>/dev/null; }
xs_write() { timeout 10 xenstore-write "$@"; }
xs_ls() { timeout 10 xenstore-ls "$@" 2>/dev/null; }

# ---- modules -------------------------------------------------------------------

# lab_modprobe NAME [PARAMS...]: this run's /lab/modules/NAME.ko if there
# is one (its dependencies from modinfo, then insmod: no depmod over the
# whole tree, which is slow under TCG), else the distribution's module.
lab_modprobe() {
	local lm_ko lm_dep lm_name  # recursive: dash and busybox have local
	lm_ko=/lab/modules/$(echo "$1" | tr _ -).ko
	if [ -f "$lm_ko" ]; then
		shift
		for lm_dep in $(modinfo -F depends "$lm_ko" | tr , ' '); do
			lab_modprobe "$lm_dep" || return 1
		done
		lm_name=$(modinfo -F name "$lm_ko")
		grep -q "^$lm_name " /proc/modules && return 0
		timeout 60 insmod "$lm_ko" "$@"
	else
		timeout 60 modprobe "$@"
	fi
}

# snd-aloop as card 0 "Loopback" (or as $LAB_ALOOP_ARGS says), then
# snd-xenback routing every guest stream to Loopback device 0. Extra args
# go to snd-xenback.
lab_load_backend() {
	lab_modprobe snd-aloop ${LAB_ALOOP_ARGS:-index=0 id=Loopback pcm_substreams=1} ||
		{ lab_log "modprobe snd-aloop failed"; return 1; }
	lab_modprobe snd-xenback default_pcm=Loopback,0 ${LAB_DYNDBG:+dyndbg=+p} "$@" ||
		{ lab_log "loading snd-xenback failed"; return 1; }
	if [ -n "$LAB_DYNDBG" ]; then
		echo "module snd_xenback +p" > /sys/kernel/debug/dynamic_debug/control ||
			lab_log "could not enable snd_xenback dev_dbg"
	fi
	return 0
}

# lab_finish_backend PREFIX: with every guest gone, snd-xenback must have
# nothing mapped (PREFIX.mapped-pages.zero) and unload (PREFIX.backend.unload).
lab_finish_backend() {
	sleep 1
	lf_mp=$(cat /sys/kernel/debug/snd_xenback/mapped_pages 2>&1)
	[ "$lf_mp" = 0 ]
	tap_check $? "$1.mapped-pages.zero" "mapped_pages $lf_mp"
	timeout 30 rmmod snd-xenback > "$LAB_TMP/rmmod.log" 2>&1
	lf_rc=$?
	[ $lf_rc -eq 0 ] || lsmod | grep -E '^snd_xenback' >> "$LAB_TMP/rmmod.log"
	tap_diag_file "$LAB_TMP/rmmod.log" 5
	tap_check $lf_rc "$1.backend.unload"
}

# lab_snapshot_debugfs TAG: copy snd-xenback's debugfs counters into the
# results (xenback-debugfs-TAG/), e.g. while a guest's streams still exist.
lab_snapshot_debugfs() {
	for sd_dir in /sys/kernel/debug/snd_xenback /sys/kernel/debug/snd-xenback; do
		[ -d "$sd_dir" ] || continue
		mkdir -p "$LAB_RES/xenback-debugfs-$1"
		for f in $(find "$sd_dir" -type f); do
			timeout 5 cat "$f" > "$LAB_RES/xenback-debugfs-$1/$(echo "${f#"$sd_dir"/}" | tr / _)" 2>&1
		done
	done
	return 0
}

# lab_load_failed TEST: a plan's backend did not load: the last kernel
# messages as diagnostics, then TEST fails.
lab_load_failed() {
	dmesg | tail -n 20 > "$LAB_TMP/dmesg-tail"
	tap_diag_file "$LAB_TMP/dmesg-tail" 20
	tap_fail "$1"
}

# lab_gaps_note VERIFY.TXT: ", N silent gaps (F frames)" if xsnd-sig verify
# saw dropouts, for the TAP message.
lab_gaps_note() {
	sed -n 's/^silent gaps inside the signal: \([1-9][0-9]*\) (\(.*\))$/, \1 silent gaps (\2)/p' "$1"
}

# ---- guests ----------------------------------------------------------------------

guest_log() { echo "$LAB_CONSOLE_DIR/guest-$1.log"; }

guest_domid() { xl_t domid "$1" 2>/dev/null; }

# guest_start NAME VSND SCRIPT [KEY=VAL...]
#   VSND: the inside of xl's vsnd = [ ... ] (e.g. "[ 'card, ...', 'pcm, ...' ]"),
#   or "" for a guest without sound. SCRIPT: selftests/lab/guest/SCRIPT.sh,
#   which sees KEY=VAL as $xsnd_KEY. GUEST_MEMORY / GUEST_VCPUS /
#   GUEST_RAMDISK override.
guest_start() {
	gname=$1 gvsnd=$2 gscript=$3
	shift 3
	gextra="console=hvc0 xsnd_script=$gscript xsnd_name=$gname xsnd_gaps=$LAB_GAPS"
	[ -n "$LAB_DYNDBG" ] && gextra="$gextra xsnd_dyndbg=1"
	for kv in "$@"; do
		gextra="$gextra xsnd_$kv"
	done
	gcfg=$LAB_TMP/$gname.cfg
	{
		echo "name = \"$gname\""
		echo "type = \"pv\""
		echo "kernel = \"/boot/vmlinuz-$(uname -r)\""
		echo "ramdisk = \"${GUEST_RAMDISK:-/lab/domu.cpio.gz}\""
		echo "extra = \"$gextra\""
		echo "memory = ${GUEST_MEMORY:-256}"
		echo "vcpus = ${GUEST_VCPUS:-1}"
		echo "on_poweroff = \"destroy\""
		echo "on_reboot = \"destroy\""
		echo "on_crash = \"destroy\""
		[ -n "$gvsnd" ] && echo "vsnd = [ $gvsnd ]"
	} > "$gcfg"
	rm -f "$(guest_log "$gname")"
	lab_log "starting guest $gname (script $gscript)"
	XL_TIMEOUT=120 xl_t create "$gcfg" > "$LAB_TMP/$gname.create.log" 2>&1
	grc=$?
	cp "$gcfg" "$LAB_TMP/$gname.create.log" "$LAB_RES/" 2>/dev/null
	if [ $grc -ne 0 ]; then
		lab_log "xl create $gname failed (rc $grc)"
		return $grc
	fi
	return 0
}

# guest_wait_marker NAME MARKER SECS: wait until the guest printed
# "xsnd-lab: marker MARKER" on its console.
# Return 0 found, 1 timed out, 2 the guest is gone without it.
guest_wait_marker() {
	gl=$(guest_log "$1")
	gend=$(( $(date +%s) + $3 ))
	gi=0
	while [ "$(date +%s)" -lt "$gend" ]; do
		if [ -f "$gl" ] && tr -d '\r' < "$gl" | grep -q "xsnd-lab: marker $2\$"; then
			return 0
		fi
		gi=$((gi + 1))
		if [ $((gi % 10)) -eq 0 ] && ! guest_domid "$1" >/dev/null; then
			tr -d '\r' < "$gl" 2>/dev/null | grep -q "xsnd-lab: marker $2\$" && return 0
			lab_log "guest $1 is gone before marker '$2'"
			return 2
		fi
		sleep 0.5
	done
	lab_log "guest $1: no marker '$2' within $3 s"
	return 1
}

# guest_wait_gone NAME SECS: wait for the guest to power itself off;
# destroy it at the time limit. Return 0 if it went by itself.
guest_wait_gone() {
	gend=$(( $(date +%s) + $2 ))
	while [ "$(date +%s)" -lt "$gend" ]; do
		guest_domid "$1" >/dev/null || return 0
		sleep 1
	done
	lab_log "guest $1 still running after $2 s: destroying it"
	guest_destroy "$1"
	return 1
}

guest_destroy() {
	guest_domid "$1" >/dev/null || return 0
	xl_t destroy "$1" >> "$LAB_TMP/$1.create.log" 2>&1
}

# Frontend state of vsnd device DEVID (default 0) of guest NAME.
guest_vsnd_state() {
	gid=$(guest_domid "$1") || return 1
	xs_read "/local/domain/$gid/device/vsnd/${2:-0}/state"
}

# guest_collect NAME: copy the guest's console log into the results, with
# its TAP lines (guest-NAME.tap) and its dmesg dump (guest-NAME.dmesg).
guest_collect() {
	gl=$(guest_log "$1")
	[ -f "$gl" ] || { lab_log "guest $1 left no console log"; return 1; }
	sleep 1 # let xenconsoled drain
	tr -d '\r' < "$gl" | sed -E 's/^\[[0-9]{4}-[0-9-]+ [0-9:.]+\] //' > "$LAB_RES/guest-$1.log"
	grep -E '^(TAP version 13|1\.\.[0-9]+|(not )?ok [0-9]+|# )' "$LAB_RES/guest-$1.log" \
		> "$LAB_RES/guest-$1.tap"
	sed -n '/^xsnd-lab: dmesg-begin$/,/^xsnd-lab: dmesg-end$/p' "$LAB_RES/guest-$1.log" |
		sed '1d;$d' > "$LAB_RES/guest-$1.dmesg"
	[ -s "$LAB_RES/guest-$1.dmesg" ] || rm -f "$LAB_RES/guest-$1.dmesg"
}

# ---- run end -----------------------------------------------------------------

lab_collect() {
	lab_log "collecting results"
	if [ -f "$LAB_TAP" ]; then
		echo "1..$(grep -cE '^(ok|not ok) ' "$LAB_TAP")" >> "$LAB_TAP"
	fi
	for gl in "$LAB_CONSOLE_DIR"/guest-*.log; do
		[ -f "$gl" ] || continue
		g=${gl##*/guest-}
		g=${g%.log}
		[ -f "$LAB_RES/guest-$g.log" ] || guest_collect "$g"
	done
	xl_t list > "$LAB_RES/xl-list.txt" 2>&1
	xl_t dmesg > "$LAB_RES/xen-dmesg.txt" 2>&1
	dmesg > "$LAB_RES/dom0-dmesg.txt" 2>&1
	mkdir -p "$LAB_RES/xen-logs"
	cp /var/log/xen/*.log "$LAB_RES/xen-logs/" 2>/dev/null
	date +%s > "$LAB_RES/collected"
	timeout 60 tar -C "$LAB_RES" -cf /dev/vdc . ||
		echo "lab: writing results to /dev/vdc failed" >&3
	sync
	timeout 10 blockdev --flushbufs /dev/vdc 2>/dev/null
}

# An interactive root shell on the serial console, for debugging.
lab_shell() {
	if [ -f /lab/modules/snd-xenback.ko ]; then
		lab_load_backend && lab_log "snd-aloop and snd-xenback loaded"
	fi
	cat >&3 <<EOF

lab: dom0 debug shell. Xen tools are up; the payload is in /lab.
lab:   . /lab/lab/lib-dom0.sh          lab helpers (guest_start, xs_read...)
lab:   guest_start g1 "" hello         a guest without sound
lab:   xl list; xl dmesg; cat /var/log/xen/console/guest-g1.log
lab: exit the shell to power off (results in /run/results come back).

EOF
	setsid -w -c env PS1='xsnd-dom0# ' TERM=vt100 /bin/bash --norc -i \
		<>/dev/hvc0 >&0 2>&0
}

# lab_reset: back to a bare dom0 between the plans of a composite plan:
# no guest, no sound module of a previous plan.
lab_reset() {
	for lr_g in $(xl_t list 2>/dev/null | awk 'NR > 2 { print $1 }'); do
		xl_t destroy "$lr_g" > /dev/null 2>&1
	done
	sleep 1
	for lr_m in snd_xenback snd_aloop snd_dummy; do
		grep -q "^$lr_m " /proc/modules && timeout 30 rmmod "$lr_m"
	done
	return 0
}
