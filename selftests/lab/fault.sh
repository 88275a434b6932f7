# SPDX-License-Identifier: GPL-2.0
#
# A misbehaving backend (issue 6, item 5): snd-xenback's fault injection
# (/sys/kernel/debug/snd_xenback/fault, drivers/snd-xenback/fault.c) makes
# it falsify what our snd-xenfront reads, one mode at a time, while one
# guest (guest/serve.sh, helpers in guest/lib-fault.sh) runs every case:
#
#   bad-id bad-op bad-status no-answer bad-pos evt-flood rsp-prod
#
# A case (fault.MODE.play with aplay; fault.MODE.capture with arecord for
# no-answer, bad-pos and evt-flood, where capture takes other paths) passes
# if, with the fault selected,
#   - aplay/arecord (60 s of data) ends by itself, with an error, within
#     FAULT_SECS (25) seconds (no-answer takes the longest: snd-xenfront's
#     10 s time-out and a watchdog tick),
#   - the guest kernel logged the mode's message about vsnd-0, and at most
#     FAULT_MSG_MAX lines about it in all (rate limited),
# and, after "none" and, where the stream was disabled, a reconnect (the
# frontend re-probed: unbind and bind the vsnd-0 device), a playback is
# bit-exact again (dom0 records Loopback,1,0 and verifies). Each case is
# one TAP line.
#
# evt-hold is a backend that stalls rather than lies: its CUR_POS events
# are held back for FAULT_HOLD_SECS (4) while it still answers requests,
# longer than the application's buffer (the lab's 2 s), then released.
# ALSA would give that application EIO after 1.1 buffer times without
# progress; the stream must instead go on: aplay ends with status 0 and
# dom0 records the signal with at most a silent gap, nothing lost; arecord
# reports an overrun, recovers, and records dom0's signal afterwards
# bit-exact. No Oops, BUG or WARNING in any kernel log: the host adds
# fault.klog.{xen,dom0,xenfront}. Afterwards no grant may stay mapped and
# snd-xenback must unload.
#
#@timeout 1200
#@modules required
#@test fault.backend.load
#@test fault.knob
#@test fault.xenfront.guest.start
#@test fault.xenfront.guest.load
#@test fault.xenfront.guest.card
#@test fault.baseline
#@test fault.bad-id.play
#@test fault.bad-op.play
#@test fault.bad-status.play
#@test fault.no-answer.play
#@test fault.no-answer.capture
#@test fault.bad-pos.play
#@test fault.bad-pos.capture
#@test fault.evt-flood.play
#@test fault.evt-flood.capture
#@test fault.rsp-prod.play
#@test fault.evt-hold.play
#@test fault.evt-hold.capture
#@test fault.mapped-pages.zero
#@test fault.backend.unload

set -u
. /lab/plans/lib-serve.sh

FAULT_SECS=${FAULT_SECS:-25}
FAULT_MSG_MAX=${FAULT_MSG_MAX:-20}
XB_DBG=/sys/kernel/debug/snd_xenback
KNOB=$XB_DBG/fault
# The guest: its own name, as the full plan collects every plan's guests.
G=fault-xenfront
FAULT_VSND="[ 'card, backend=0, buffer-size=524288, short-name=XenSnd, long-name=Xen PV sound, sample-rates=48000, sample-formats=s16_le, channels-min=2, channels-max=2', 'pcm, name=dev0', 'stream, unique-id=p0, type=p', 'stream, unique-id=c0, type=c' ]"
# Recovery playbacks: 3 s each.
FAULT_FRAMES=144000
FAULT_SEED=500
FAULT_HOLD_SECS=${FAULT_HOLD_SECS:-4}

# What each mode does to our frontend: the guest message it must log, and
# whether the stream is disabled (a reconnect is needed) or not.
VIOLATION="backend protocol violation"
fault_expect() {
	case "$1" in
	bad-id|bad-op) echo "$VIOLATION: response to no outstanding request" ;;
	bad-status) echo "is no errno, taken as -EIO" ;;
	no-answer) echo "$VIOLATION: a request went unanswered" ;;
	bad-pos) echo "$VIOLATION: position (moved backwards|jumped by more than the buffer)" ;;
	evt-flood) echo "$VIOLATION: impossible event producer index" ;;
	rsp-prod) echo "$VIOLATION: impossible response producer index" ;;
	esac
}
fault_disables() { [ "$1" != bad-status ]; }
fault_capture() {
	case "$1" in
	no-answer|bad-pos|evt-flood) return 0 ;;
	esac
	return 1
}

fault_set() {
	echo "$1" > "$KNOB" || lab_log "could not select fault $1"
}

# fault_msg FILE: the guest's output of the last gsh, one line per line
# (gsh keeps xenstore-read's escaped form, "\n" between lines).
fault_msg() {
	sed 's/\\n/\n/g' "$LAB_TMP/gsh.msg" > "$1"
}

# fault_run MODE DIR: the case; its verdict in $FR_OK (0 pass) and $FR_WHY.
fault_run() {
	gsh $G $((FAULT_SECS + 30)) ". /lab/guest/lib-fault.sh; gf_run $2 $FAULT_SECS"
	fr_grc=$?
	fr_out=$LAB_TMP/fault-$1-$2.msg
	fault_msg "$fr_out"
	fr_rc=$(sed -n 's/^status \([0-9]*\) after .*/\1/p' "$fr_out")
	fr_secs=$(sed -n 's/^status [0-9]* after \([0-9]*\) s$/\1/p' "$fr_out")
	fr_msgs=$(sed -n 's/^messages: //p' "$fr_out")
	FR_OK=1
	if [ $fr_grc -ne 0 ] || [ -z "$fr_rc" ]; then
		FR_WHY="no answer from the guest ($fr_grc)"
	elif [ "$fr_rc" -eq 0 ]; then
		FR_WHY="${2} succeeded: the garbage was accepted"
	elif [ "$fr_rc" -eq 124 ] || [ "$fr_rc" -ge 128 ] ||
	     [ "$fr_secs" -gt "$FAULT_SECS" ]; then
		FR_WHY="${2} still running after $FAULT_SECS s (status $fr_rc)"
	elif ! grep '^kmsg: ' "$fr_out" | grep -qE "$(fault_expect "$1")"; then
		FR_WHY="no '$(fault_expect "$1")' message"
	elif [ "$fr_msgs" -gt "$FAULT_MSG_MAX" ]; then
		FR_WHY="$fr_msgs kernel lines about vsnd-0 (at most $FAULT_MSG_MAX)"
	else
		FR_OK=0
		FR_WHY="ended in $fr_secs s (status $fr_rc), $fr_msgs kernel lines"
	fi
	FR_WHY="$FR_WHY; $(sed -n 's/^injected: //p' "$KNOB") falsified"
}

# fault_play TEST SEED: a playback, recorded in dom0 and verified; 0 if
# bit-exact. Output in $LAB_TMP/verify.txt.
fault_play() {
	t_rec_start s16_le 48000 2
	gsh $G 60 g_play "$2" $FAULT_FRAMES s16_le 48000 2
	fp_rc=$?
	t_rec_stop
	xsnd-sig verify --seed "$2" --frames $FAULT_FRAMES --format s16_le \
		--channels 2 "$LAB_TMP/cap.raw" > "$LAB_TMP/verify.txt" 2>&1
	fp_vrc=$?
	if [ $fp_rc -ne 0 ] || [ $fp_vrc -ne 0 ]; then
		tap_diag "$1: playback status $fp_rc:"
		fault_msg "$LAB_TMP/play.msg"
		tap_diag_file "$LAB_TMP/play.msg" 8
		tap_diag_file "$LAB_TMP/verify.txt" 8
		return 1
	fi
	return 0
}

# fault_mode MODE: the mode's cases, then the recovery they share.
fault_mode() {
	lab_log "fault $1"
	fault_set "$1"
	fault_run "$1" play
	fm_ok_play=$FR_OK fm_why_play=$FR_WHY
	fm_ok_cap=0 fm_why_cap=
	if fault_capture "$1"; then
		fault_run "$1" capture
		fm_ok_cap=$FR_OK fm_why_cap=$FR_WHY
	fi
	fault_set none

	fm_rec="no reconnect"
	fm_rok=0
	if fault_disables "$1"; then
		gsh $G 90 ". /lab/guest/lib-fault.sh; gf_disabled; gf_reconnect"
		fm_rok=$?
		fault_msg "$LAB_TMP/reconnect.msg"
		fm_rec="$(sed -n 's/^before the reconnect: //p' "$LAB_TMP/reconnect.msg"), reconnect status $fm_rok"
		[ $fm_rok -eq 0 ] || tap_diag_file "$LAB_TMP/reconnect.msg" 10
	fi
	FAULT_SEED=$((FAULT_SEED + 1))
	if [ $fm_rok -eq 0 ] && fault_play "fault.$1" $FAULT_SEED; then
		fm_rec="$fm_rec, then bit-exact"
	else
		fm_rok=1
		fm_rec="$fm_rec, then NOT bit-exact: $(sed -n 's/^frames matched: //p' "$LAB_TMP/verify.txt") frames matched"
	fi

	for fm_dir in play capture; do
		[ $fm_dir = capture ] && ! fault_capture "$1" && continue
		if [ $fm_dir = play ]; then
			fm_ok=$fm_ok_play fm_why=$fm_why_play
		else
			fm_ok=$fm_ok_cap fm_why=$fm_why_cap
		fi
		if [ "$fm_ok" -eq 0 ]; then
			grep '^kmsg: ' "$LAB_TMP/fault-$1-$fm_dir.msg" | head -n 3 > "$LAB_TMP/kmsg"
			tap_diag_file "$LAB_TMP/kmsg" 3
		else
			tap_diag_file "$LAB_TMP/fault-$1-$fm_dir.msg" 16
		fi
		[ "$fm_ok" -eq 0 ] && [ $fm_rok -eq 0 ]
		tap_check $? "fault.$1.$fm_dir" "$fm_why; $fm_rec"
	done
}

# fault_hold_events: hold the backend's events back for FAULT_HOLD_SECS;
# how many were held goes to $LAB_TMP/held (0: the fault missed).
fault_hold_events() {
	fault_set evt-hold
	sleep "$FAULT_HOLD_SECS"
	sed -n 's/^injected: //p' "$KNOB" > "$LAB_TMP/held"
	fault_set none
	tap_diag "evt-hold: events held back $(cat "$LAB_TMP/held") times in $FAULT_HOLD_SECS s"
}

# fault_hold: the evt-hold cases (see the top).
fault_hold() {
	lab_log "fault evt-hold"
	t_rec_start s16_le 48000 2
	gsh $G 30 g_play_bg 520 $((2 * FAULT_FRAMES)) s16_le 48000 2
	sleep 1
	fault_hold_events
	gsh $G 90 g_play_wait
	fh_rc=$?
	t_rec_stop
	if [ "$(cat "$LAB_TMP/held")" -gt 0 ]; then
		t_verify fault.evt-hold.play $fh_rc "$LAB_TMP/cap.raw" 520 \
			$((2 * FAULT_FRAMES)) s16_le 2
	else
		tap_fail fault.evt-hold.play "no event was held back"
	fi
	T_CAP_BEFORE=fault_hold_events T_CAP_XRUNS=1
	t_capture $G fault.evt-hold.capture 521 $FAULT_FRAMES s16_le 48000 2
	T_CAP_BEFORE= T_CAP_XRUNS=
}

# ---- dom0 ----------------------------------------------------------------

if lab_load_backend; then
	tap_ok fault.backend.load "snd-aloop + snd-xenback default_pcm=Loopback,0"
else
	lab_load_failed fault.backend.load
	return 0 2>/dev/null || exit 0
fi

# The knob: root only, "none" by default, unknown names refused.
kn_mode=$(stat -c %a "$KNOB" 2>&1)
kn_read=$(head -1 "$KNOB" 2>&1)
kn_bogus=0
echo bogus 2>/dev/null > "$KNOB" || kn_bogus=1
tap_diag "$KNOB: mode $kn_mode, reads '$kn_read'"
[ "$kn_mode" = 600 ] && [ "${kn_read#\[none\] }" != "$kn_read" ] && [ $kn_bogus -eq 1 ]
tap_check $? fault.knob "0600, [none] by default, 'bogus' refused"

if ! serve_start $G "$FAULT_VSND" xenfront fault.xenfront; then
	tap_diag_file "$LAB_TMP/$G.create.log" 10
	tap_fail fault.xenfront.guest.start
	guest_destroy $G
	guest_collect $G
	return 0 2>/dev/null || exit 0
fi
tap_ok fault.xenfront.guest.start

# The setup works before any fault.
fault_play fault.baseline $FAULT_SEED
tap_check $? fault.baseline "$(sed -n 's/^frames matched: //p' "$LAB_TMP/verify.txt") of $FAULT_FRAMES frames matched"

for mode in bad-id bad-op bad-status no-answer bad-pos evt-flood rsp-prod; do
	fault_mode $mode
done
fault_set none
fault_hold
lab_snapshot_debugfs $G
serve_stop $G

lab_finish_backend fault
