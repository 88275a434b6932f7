# SPDX-License-Identifier: GPL-2.0
#
# Lifecycle faults (issues 4 and 6). A bystander guest "by" (snd-xenfront)
# stays connected throughout and must play bit-exact after each series.
#
#   destroy  LIFE_DESTROY (20) guests playing through snd-xenfront, LIFE_PAR
#            (4) at a time, are destroyed mid-stream; within 20 s the
#            backend must have unmapped everything and closed every host
#            substream
#   hold     xsnd-rogue opens and starts its streams and leaves without
#            STOP or CLOSE; the guest powers off; the same clean-up
#   save     LIFE_SAVE (10) times: xl save and xl restore of a guest while
#            it plays; the card must come back and play 1 s bit-exact
#   reload   LIFE_RELOAD (10) times: rmmod snd-xenback with "by" connected,
#            modprobe it again; the card must come back and play 1 s
#            bit-exact
#
# Clean means: snd-xenback's mapped_pages is 0 and no host substream is
# open (/proc/asound/card*/pcm*/sub*/status). At the end the module must
# unload.
#
#@timeout 3000
#@modules required
#@test life.backend.load
#@test life.bystander.start
#@test life.destroy
#@test life.destroy.bystander
#@test life.hold.start
#@test life.hold.clean
#@test life.hold.bystander
#@test life.save.start
#@test life.save
#@test life.save.bystander
#@test life.reload
#@test life.reload.bystander
#@test life.mapped-pages.zero
#@test life.backend.unload

set -u
. /lab/plans/lib-serve.sh
. /lab/plans/lib-rogue.sh

LIFE_DESTROY=${LIFE_DESTROY:-20}
LIFE_PAR=${LIFE_PAR:-4}
LIFE_SAVE=${LIFE_SAVE:-10}
LIFE_RELOAD=${LIFE_RELOAD:-10}
XB_DBG=/sys/kernel/debug/snd_xenback
VSND="[ 'card, backend=0, buffer-size=524288, short-name=XenSnd, long-name=Xen PV sound, sample-rates=48000, sample-formats=s16_le, channels-min=1, channels-max=2', 'pcm, name=dev0', 'stream, unique-id=p0, type=p', 'stream, unique-id=c0, type=c' ]"
SEED=500

# Host substreams that are not closed, one "card/pcm/sub" per line.
open_substreams() {
	for f in /proc/asound/card*/pcm*/sub*/status; do
		[ -f "$f" ] && ! grep -q closed "$f" && echo "${f#/proc/asound/}"
	done
}

# life_clean SECS: wait until nothing is mapped or open; print the time.
life_clean() {
	lc_end=$(( $(date +%s) + $1 ))
	lc_t0=$(date +%s)
	while :; do
		lc_mp=$(cat $XB_DBG/mapped_pages 2>/dev/null)
		if [ "$lc_mp" = 0 ] && [ -z "$(open_substreams)" ]; then
			echo "clean after $(( $(date +%s) - lc_t0 )) s"
			return 0
		fi
		if [ "$(date +%s)" -ge "$lc_end" ]; then
			echo "NOT clean after $1 s: mapped_pages $lc_mp, open: $(open_substreams | tr '\n' ' ')"
			return 1
		fi
		sleep 0.5
	done
}

# The vsnd states of NAME: "backend frontend" (4 4 = connected).
vsnd_states() {
	vs_id=$(guest_domid "$1") || { echo "gone"; return 1; }
	echo "$(xs_read "/local/domain/0/backend/vsnd/$vs_id/0/state")" \
		"$(xs_read "/local/domain/$vs_id/device/vsnd/0/state")"
}

# wait_connected NAME SECS
wait_connected() {
	wc_end=$(( $(date +%s) + $2 ))
	while [ "$(date +%s)" -lt "$wc_end" ]; do
		[ "$(vsnd_states "$1")" = "4 4" ] && return 0
		sleep 0.5
	done
	return 1
}

# bystander TEST: "by" plays 2 s bit-exact.
bystander() {
	SEED=$((SEED + 1))
	t_play by "$1" $SEED 96000 s16_le 48000 2
}

# One destroy round: LIFE_PAR guests start playing, all are destroyed
# mid-stream at once; prints what happened.
destroy_round() {
	dr_names=
	for j in $(seq "$LIFE_PAR"); do
		SEED=$((SEED + 1))
		GUEST_MEMORY=128 guest_start "victim$j" "$VSND" play front=xenfront \
			seed=$SEED frames=$((48000 * 120)) prefix="life.victim$j" \
			> /dev/null && dr_names="$dr_names victim$j"
	done
	dr_playing=0
	for g in $dr_names; do
		guest_wait_marker "$g" play-start 150 && dr_playing=$((dr_playing + 1))
	done
	sleep 2
	dr_mp=$(cat $XB_DBG/mapped_pages)
	for g in $dr_names; do
		xl_t destroy "$g" || echo "round $1: xl destroy $g failed"
	done
	dr_out=$(life_clean 20)
	dr_rc=$?
	echo "round $1: $dr_playing of $LIFE_PAR playing ($dr_mp pages mapped), destroyed; $dr_out"
	[ "$dr_playing" -eq "$LIFE_PAR" ] && [ $dr_rc -eq 0 ]
}

life_destroy() {
	ld_ok=0
	ld_rounds=$(( (LIFE_DESTROY + LIFE_PAR - 1) / LIFE_PAR ))
	for i in $(seq "$ld_rounds"); do
		destroy_round "$i" >> "$LAB_TMP/destroy.txt" 2>&1 && ld_ok=$((ld_ok + 1))
	done
	tap_diag_file "$LAB_TMP/destroy.txt" 24
	[ $ld_ok -eq "$ld_rounds" ]
	tap_check $? life.destroy "$((ld_ok * LIFE_PAR)) of $((ld_rounds * LIFE_PAR)) guests destroyed mid-stream ($LIFE_PAR at a time), then clean"
	bystander life.destroy.bystander
}

life_hold() {
	if ! rogue_ramdisk || ! GUEST_RAMDISK=$ROGUE_RAMDISK guest_start hold \
		"$VSND" hold prefix=life.hold secs=5 ||
	   ! guest_wait_marker hold hold-running 120; then
		tap_fail life.hold.start "the rogue guest did not start its streams"
		guest_destroy hold
	else
		tap_ok life.hold.start "mapped_pages $(cat $XB_DBG/mapped_pages) while held"
	fi
	guest_wait_gone hold 60
	guest_collect hold
	lh_out=$(life_clean 20)
	tap_check $? life.hold.clean "$lh_out"
	bystander life.hold.bystander
}

# One save/restore cycle of "sv" while it plays; then 1 s bit-exact.
save_once() {
	gsh sv 20 "g_play $((SEED + 1000)) $((48000 * 120)) s16_le 48000 2 > /tmp/bg.log 2>&1 &"
	sleep 3
	rm -f /var/tmp/sv.save
	XL_TIMEOUT=180 xl_t save sv /var/tmp/sv.save > "$LAB_TMP/save.log" 2>&1 ||
		{ echo "cycle $1: xl save failed: $(tail -1 "$LAB_TMP/save.log")"; return 1; }
	XL_TIMEOUT=180 xl_t restore /var/tmp/sv.save > "$LAB_TMP/restore.log" 2>&1 ||
		{ echo "cycle $1: xl restore failed: $(tail -1 "$LAB_TMP/restore.log")"; return 1; }
	rm -f /var/tmp/sv.save
	wait_connected sv 60 ||
		{ echo "cycle $1: not connected after restore: $(vsnd_states sv)"; return 1; }
	# The interrupted aplay ends by itself (xrun or error) or is stopped.
	gsh sv 30 "killall aplay 2>/dev/null; sleep 1; cat /tmp/bg.log | tail -3"
	echo "cycle $1: restored; the interrupted aplay said: $(tr '\n' ' ' < "$LAB_TMP/gsh.msg")"
	SEED=$((SEED + 1))
	t_play sv "life.save.cycle$1" $SEED 48000 s16_le 48000 2 > /dev/null
	grep -q "^ok .* - life.save.cycle$1 " "$LAB_TAP"
}

life_save() {
	ls_fail=0
	if ! GUEST_MEMORY=128 serve_start sv "$VSND" xenfront life.sv; then
		tap_fail life.save.start
		guest_destroy sv
		return 1
	fi
	tap_ok life.save.start
	for i in $(seq "$LIFE_SAVE"); do
		save_once "$i" >> "$LAB_TMP/save.txt" 2>&1 || ls_fail=$((ls_fail + 1))
	done
	tap_diag_file "$LAB_TMP/save.txt" 30
	[ $ls_fail -eq 0 ]
	tap_check $? life.save "$((LIFE_SAVE - ls_fail)) of $LIFE_SAVE save/restore cycles mid-stream, then 1 s bit-exact"
	serve_stop sv
	bystander life.save.bystander
}

# One rmmod/modprobe cycle with "by" connected.
reload_once() {
	timeout 60 rmmod snd-xenback > "$LAB_TMP/rmmod.log" 2>&1 ||
		{ echo "cycle $1: rmmod failed: $(cat "$LAB_TMP/rmmod.log")"; return 1; }
	[ -z "$(open_substreams)" ] || echo "cycle $1: substreams open after rmmod: $(open_substreams)"
	lab_modprobe snd-xenback default_pcm=Loopback,0 ||
		{ echo "cycle $1: modprobe failed"; return 1; }
	wait_connected by 60 ||
		{ echo "cycle $1: by not connected again: $(vsnd_states by)"; return 1; }
	gsh by 60 'for i in $(seq 100); do [ -e /dev/snd/pcmC0D0p ] && exit 0; sleep 0.3; done; exit 1' ||
		{ echo "cycle $1: no PCM device in the guest"; return 1; }
	SEED=$((SEED + 1))
	t_play by "life.reload.cycle$1" $SEED 48000 s16_le 48000 2 > /dev/null
	grep -q "^ok .* - life.reload.cycle$1 " "$LAB_TAP" ||
		{ echo "cycle $1: playback not bit-exact"; return 1; }
	echo "cycle $1: ok"
}

life_reload() {
	lr_fail=0
	for i in $(seq "$LIFE_RELOAD"); do
		reload_once "$i" >> "$LAB_TMP/reload.txt" 2>&1 || lr_fail=$((lr_fail + 1))
	done
	tap_diag_file "$LAB_TMP/reload.txt" 24
	[ $lr_fail -eq 0 ]
	tap_check $? life.reload "$((LIFE_RELOAD - lr_fail)) of $LIFE_RELOAD rmmod/modprobe cycles: the card came back and played bit-exact"
	bystander life.reload.bystander
}

# Eight substreams: the destroy rounds play LIFE_PAR guests at once. The
# bystander's checks run alone, so they get substream 0, which dom0 records
# as hw:Loopback,1,0.
LAB_ALOOP_ARGS="index=0 id=Loopback pcm_substreams=8"
if lab_load_backend; then
	tap_ok life.backend.load
else
	tap_fail life.backend.load
	return 0 2>/dev/null || exit 0
fi
if serve_start by "$VSND" xenfront life.by; then
	tap_ok life.bystander.start
else
	tap_fail life.bystander.start
fi

life_destroy
life_hold
life_save
life_reload

serve_stop by
mp=$(life_clean 20)
tap_check $? life.mapped-pages.zero "$mp"
timeout 30 rmmod snd-xenback > "$LAB_TMP/rmmod.log" 2>&1
rc=$?
tap_diag_file "$LAB_TMP/rmmod.log" 5
tap_check $rc life.backend.unload
