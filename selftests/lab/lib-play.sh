# SPDX-License-Identifier: GPL-2.0
#
# dom0 helpers for playback plans (sourced by check.sh, demo.sh): a guest
# plays an xsnd-sig signal through a vsnd card; snd-xenback routes it to
# snd-aloop device 0; dom0 records the loopback's other end and verifies it
# bit for bit.
#
#   play_test PREFIX FRONT GUEST SEED
#     FRONT: xenfront (ours) or upstream (Debian's snd_xen_front).
#     Results: PREFIX.guest.start (dom0), PREFIX.guest.{load,card,aplay}
#     (guest), PREFIX.playback (dom0). Sets PLAY_VERIFY to the report file.

PLAY_RATE=${PLAY_RATE:-48000}
PLAY_CHANNELS=${PLAY_CHANNELS:-2}
PLAY_FORMAT=${PLAY_FORMAT:-s16_le}
PLAY_FRAMES=${PLAY_FRAMES:-480000}
PLAY_VSND=${PLAY_VSND:-"[ 'card, backend=0, buffer-size=524288, short-name=XenSnd, long-name=Xen PV sound, sample-rates=44100;48000, sample-formats=s16_le', 'pcm, name=dev1', 'stream, unique-id=pcmDev1p, type=p' ]"}
# dom0 side of the loopback: what the guest plays on Loopback,0,0 comes out
# of capture device Loopback,1,0.
PLAY_CAPTURE_PCM=${PLAY_CAPTURE_PCM:-hw:Loopback,1,0}

play_test() {
	pt_prefix=$1 pt_front=$2 pt_guest=$3 pt_seed=$4
	pt_cap=/tmp/$pt_guest.capture.raw
	pt_fmt=$(echo "$PLAY_FORMAT" | tr a-z A-Z)
	PLAY_VERIFY=$LAB_RES/$pt_guest.verify.txt

	# Record from before the guest exists until after it reports the end;
	# 2 s of ALSA buffer so a slow dom0 does not overrun.
	timeout 600 arecord -D "$PLAY_CAPTURE_PCM" -t raw -f "$pt_fmt" \
		-r "$PLAY_RATE" -c "$PLAY_CHANNELS" -B 2000000 "$pt_cap" \
		> "$LAB_RES/$pt_guest.arecord.log" 2>&1 &
	pt_arec=$!
	sleep 1
	kill -0 $pt_arec 2>/dev/null ||
		lab_log "arecord on $PLAY_CAPTURE_PCM did not start (see $pt_guest.arecord.log)"

	if ! guest_start "$pt_guest" "$PLAY_VSND" play front="$pt_front" \
		seed="$pt_seed" frames="$PLAY_FRAMES" rate="$PLAY_RATE" \
		channels="$PLAY_CHANNELS" format="$PLAY_FORMAT" prefix="$pt_prefix"; then
		tap_diag_file "$LAB_TMP/$pt_guest.create.log" 20
		tap_fail "$pt_prefix.guest.start" "xl create failed"
		kill -INT $pt_arec 2>/dev/null
		wait $pt_arec
		guest_collect "$pt_guest"
		tap_diag "no playback: the guest did not start"
		tap_fail "$pt_prefix.playback" "guest did not start"
		return 1
	fi
	tap_ok "$pt_prefix.guest.start"

	# 10 s of audio, up to 30 s for modprobe snd_xen_front, guest boot.
	guest_wait_marker "$pt_guest" play-done $((PLAY_FRAMES / PLAY_RATE + 150))
	pt_mrc=$?
	lab_snapshot_debugfs "$pt_guest"
	if [ $pt_mrc -ne 0 ] && pt_id=$(guest_domid "$pt_guest"); then
		{ echo "frontend:"; xs_ls "/local/domain/$pt_id/device/vsnd"
		  echo "backend:"; xs_ls "/local/domain/0/backend/vsnd/$pt_id"
		} > "$LAB_RES/$pt_guest.xenstore.txt" 2>&1
		tap_diag_file "$LAB_RES/$pt_guest.xenstore.txt" 40
	fi
	sleep 2
	kill -INT $pt_arec 2>/dev/null
	wait $pt_arec
	guest_wait_gone "$pt_guest" 60
	guest_collect "$pt_guest"

	[ $pt_mrc -eq 0 ] || tap_diag "the guest never reported play-done"
	pt_gaps=$LAB_GAPS
	[ "$pt_gaps" -gt 0 ] || pt_gaps=
	xsnd-sig verify --seed "$pt_seed" --frames "$PLAY_FRAMES" \
		--format "$PLAY_FORMAT" --channels "$PLAY_CHANNELS" \
		${pt_gaps:+--gaps "$pt_gaps"} "$pt_cap" \
		> "$PLAY_VERIFY" 2>&1
	pt_vrc=$?
	# Where it broke, in detail: verify without accepting gaps.
	[ $pt_vrc -ne 0 ] && [ -n "$pt_gaps" ] &&
		xsnd-sig verify --seed "$pt_seed" --frames "$PLAY_FRAMES" \
			--format "$PLAY_FORMAT" --channels "$PLAY_CHANNELS" \
			"$pt_cap" 2>&1 | grep -E '^break|played again|lost' >> "$PLAY_VERIFY"
	tap_diag_file "$PLAY_VERIFY" 24
	grep -qiE 'overrun|xrun|error' "$LAB_RES/$pt_guest.arecord.log" &&
		tap_diag_file "$LAB_RES/$pt_guest.arecord.log" 5
	if [ $pt_vrc -ne 0 ]; then
		dmesg | grep -iE 'xenback|snd|alsa' | tail -n 10 > "$LAB_TMP/$pt_guest.dmesg-tail"
		tap_diag "dom0 kernel messages:"
		tap_diag_file "$LAB_TMP/$pt_guest.dmesg-tail" 10
	fi
	if [ $pt_vrc -ne 0 ] && [ -f "$pt_cap" ]; then
		# Keep a failed capture for debugging (it compresses well).
		gzip -1 -c "$pt_cap" > "$LAB_RES/$pt_guest.capture.raw.gz"
		tap_diag "capture kept as $pt_guest.capture.raw.gz"
	fi
	rm -f "$pt_cap"
	tap_check $pt_vrc "$pt_prefix.playback" \
		"$(sed -n 's/^frames matched: //p' "$PLAY_VERIFY") of $PLAY_FRAMES frames matched$(lab_gaps_note "$PLAY_VERIFY")"
	return $pt_vrc
}
