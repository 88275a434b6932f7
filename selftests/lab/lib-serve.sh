# SPDX-License-Identifier: GPL-2.0
#
# dom0 helpers for plans that run many tests in one guest (guest/serve.sh):
#
#   serve_start NAME VSND FRONT PREFIX   boot a guest with FRONT's frontend
#                                        loaded, wait until it takes commands
#   gsh NAME SECS SHELL-LINE             run SHELL-LINE in the guest; return
#                                        its status (124: no answer in time);
#                                        its output's tail in $LAB_TMP/gsh.msg
#   serve_stop NAME                      let the guest finish and collect it
#
# and the bit-exact tests built on them, each one TAP result in dom0:
#
#   t_play NAME TEST SEED FRAMES FMT RATE CH [APLAY-OPTIONS...]
#       the guest plays; dom0 records $SERVE_CAPTURE_PCM and verifies
#   t_gap NAME TEST pause|stall SEED FRAMES FMT RATE CH AT MS
#       the same through xsnd-pcm, paused once (or stalled into an
#       underrun): the capture must hold the signal with silent gaps (at
#       most 2) and nothing lost or repeated
#   t_capture NAME TEST SEED FRAMES FMT RATE CH [ARECORD-OPTIONS...]
#       dom0 plays into $SERVE_PLAY_PCM; the guest records and verifies
#   t_duplex NAME PTEST CTEST SEED FRAMES FMT RATE CH
#       both at once: the guest plays signal SEED and records SEED+1000

SERVE_CAPTURE_PCM=${SERVE_CAPTURE_PCM:-hw:Loopback,1,0}
SERVE_PLAY_PCM=${SERVE_PLAY_PCM:-hw:Loopback,1,0}
# The most a guest's recording may exceed the signal, in seconds: how
# late dom0 may start playing on a loaded host.
SERVE_REC_MARGIN=30

serve_start() {
	guest_start "$1" "$2" serve front="$3" prefix="$4" || return 1
	guest_wait_marker "$1" serve-ready 180
}

gsh() {
	gs_name=$1 gs_secs=$2
	shift 2
	gs_id=$(guest_domid "$gs_name") || { echo "no guest $gs_name" > "$LAB_TMP/gsh.msg"; return 125; }
	gs_dir=/local/domain/$gs_id/data
	# Unique even when gsh runs in background subshells.
	SERVE_SEQ=$(date +%s%N)
	xs_write "$gs_dir/xsnd-cmd" "$SERVE_SEQ $*"
	# dom0 created the node: hand it to the guest so it may read it.
	timeout 10 xenstore-chmod "$gs_dir/xsnd-cmd" "n$gs_id"
	gs_end=$(( $(date +%s) + gs_secs ))
	while [ "$(date +%s)" -lt "$gs_end" ]; do
		gs_ack=$(xs_read "$gs_dir/xsnd-ack")
		if [ "${gs_ack%% *}" = "$SERVE_SEQ" ]; then
			# xenstore-read escapes newlines and backslashes.
			printf '%b\n' "$(xs_read "$gs_dir/xsnd-msg")" > "$LAB_TMP/gsh.msg"
			return "${gs_ack#* }"
		fi
		sleep 0.3
	done
	echo "no answer from $gs_name within $gs_secs s to: $*" > "$LAB_TMP/gsh.msg"
	return 124
}

serve_stop() {
	gsh "$1" 10 quit
	guest_wait_gone "$1" 60
	guest_collect "$1"
}

# sig_padded SEED FRAMES FMT RATE CH FILE: the signal and 1 s of silence,
# for dom0 to play: snd-aloop may cut the last stretch a playback drains,
# so the signal must not be the last thing played.
sig_padded() {
	{ xsnd-sig gen --seed "$1" --frames "$2" --format "$3" --channels "$5"
	  head -c $(( $(serve_frame_bytes "$3" "$5") * $4 )) /dev/zero
	} > "$6"
}

# Bytes per frame of FMT (s16_le, s24_le, s32_le) times CH.
serve_frame_bytes() {
	case "$1" in
	s16_le) echo $((2 * $2)) ;;
	*) echo $((4 * $2)) ;;
	esac
}

# serve_rec_tail FMT RATE CH: the bytes of 2 s, what the guest records
# after dom0 has played everything (g_record_stop).
serve_rec_tail() {
	echo $((2 * $2 * $(serve_frame_bytes "$1" "$3")))
}

# t_verify TEST RC FILE SEED FRAMES FMT CH [GAPS]: the TAP result of a
# capture; bit-exact, or scaled by $T_GAIN_DB dB if that is set.
# t_kmsg [GUEST]: after a failure, the drivers' last kernel messages in
# dom0 and, with GUEST, in that guest.
t_kmsg() {
	dmesg | grep -iE 'xenback|vsnd' | tail -n 5 > "$LAB_TMP/dmesg-tail"
	tap_diag "dom0 kernel:"
	tap_diag_file "$LAB_TMP/dmesg-tail" 5
	[ $# -gt 0 ] || return 0
	tap_diag "$1 kernel:"
	gsh "$1" 30 g_kmsg 5
	tap_diag_file "$LAB_TMP/gsh.msg" 5
}

t_verify() {
	tv_test=$1 tv_rc=$2 tv_file=$3
	tv_gaps=${8:-$LAB_GAPS}
	[ "$tv_gaps" -gt 0 ] || tv_gaps=
	xsnd-sig verify --seed "$4" --frames "$5" --format "$6" --channels "$7" \
		${tv_gaps:+--gaps "$tv_gaps"} ${T_GAIN_DB:+--gain-db "$T_GAIN_DB"} \
		"$tv_file" > "$LAB_TMP/verify.txt" 2>&1
	tv_vrc=$?
	# Where it broke, in detail: verify without accepting gaps.
	[ $tv_vrc -ne 0 ] && [ -n "$tv_gaps" ] &&
		xsnd-sig verify --seed "$4" --frames "$5" --format "$6" \
			--channels "$7" ${T_GAIN_DB:+--gain-db "$T_GAIN_DB"} \
			"$tv_file" 2>&1 | grep -E '^break|played again|lost' \
			>> "$LAB_TMP/verify.txt"
	if [ "$tv_rc" -ne 0 ] || [ $tv_vrc -ne 0 ]; then
		tap_diag "guest said (status $tv_rc):"
		tap_diag_file "$LAB_TMP/gsh.msg" 12
		tap_diag_file "$LAB_TMP/verify.txt" 12
		t_kmsg
	fi
	[ $tv_vrc -eq 0 ] && [ "$tv_rc" -eq 0 ]
	tap_check $? "$tv_test" \
		"$(sed -n 's/^frames matched: //p' "$LAB_TMP/verify.txt") of $5 frames matched$(lab_gaps_note "$LAB_TMP/verify.txt")"
}

# dom0 records SERVE_CAPTURE_PCM in the background into $LAB_TMP/cap.raw.
t_rec_start() {
	rm -f "$LAB_TMP/cap.raw"
	timeout 600 arecord -D "$SERVE_CAPTURE_PCM" -t raw \
		-f "$(echo "$1" | tr a-z A-Z)" -r "$2" -c "$3" -B 2000000 \
		"$LAB_TMP/cap.raw" > "$LAB_TMP/arecord.log" 2>&1 &
	T_AREC=$!
	sleep 1
}

t_rec_stop() {
	sleep 1
	kill -INT $T_AREC 2>/dev/null
	wait $T_AREC
	grep -qiE 'overrun|xrun' "$LAB_TMP/arecord.log" &&
		tap_diag "dom0 arecord: $(grep -iE 'overrun|xrun' "$LAB_TMP/arecord.log" | head -1)"
}

t_play() {
	tp_name=$1 tp_test=$2 tp_seed=$3 tp_frames=$4 tp_fmt=$5 tp_rate=$6 tp_ch=$7
	shift 7
	t_rec_start "$tp_fmt" "$tp_rate" "$tp_ch"
	gsh "$tp_name" $((tp_frames / tp_rate + 90)) g_play "$tp_seed" "$tp_frames" \
		"$tp_fmt" "$tp_rate" "$tp_ch" "$@"
	tp_rc=$?
	t_rec_stop
	t_verify "$tp_test" $tp_rc "$LAB_TMP/cap.raw" "$tp_seed" "$tp_frames" \
		"$tp_fmt" "$tp_ch"
}

t_gap() {
	tu_name=$1 tu_test=$2 tu_mode=$3 tu_seed=$4 tu_frames=$5 tu_fmt=$6
	tu_rate=$7 tu_ch=$8
	t_rec_start "$tu_fmt" "$tu_rate" "$tu_ch"
	gsh "$tu_name" $((tu_frames / tu_rate + 90)) g_gap_play "$tu_mode" \
		"$tu_seed" "$tu_frames" "$tu_fmt" "$tu_rate" "$tu_ch" "$9" "${10}"
	tu_rc=$?
	t_rec_stop
	tap_diag "$(grep -m1 -E '^(paused|stalled)' "$LAB_TMP/gsh.msg")"
	tap_diag "$(grep -m1 '^played' "$LAB_TMP/gsh.msg")"
	t_verify "$tu_test" $tu_rc "$LAB_TMP/cap.raw" "$tu_seed" "$tu_frames" \
		"$tu_fmt" "$tu_ch" 2
	tap_diag "$(grep -m1 '^silent gaps' "$LAB_TMP/verify.txt")"
}

# t_record_check NAME TEST SEED FRAMES FMT CH SECS: the guest's recording
# (g_record_start) holds the signal. T_CAP_XRUNS: the overruns arecord
# must have reported and survived.
t_record_check() {
	tk_name=$1 tk_test=$2 tk_frames=$4
	gsh "$tk_name" "$7" g_record_verify "$3" "$4" "$5" "$6"
	tk_rc=$?
	tk_note="$(sed -n 's/^frames matched: //p' "$LAB_TMP/gsh.msg") of $tk_frames frames matched$(lab_gaps_note "$LAB_TMP/gsh.msg")"
	if [ -n "${T_CAP_XRUNS:-}" ]; then
		tk_xruns=$(grep -c '^overrun!!!' "$LAB_TMP/gsh.msg")
		tk_note="$tk_note, $tk_xruns overruns recovered"
		[ "$tk_xruns" -ge "$T_CAP_XRUNS" ] || {
			tk_note="$tk_note (expected $T_CAP_XRUNS)"
			tk_rc=1
		}
	fi
	if [ $tk_rc -ne 0 ]; then
		tap_diag_file "$LAB_TMP/gsh.msg" 16
		t_kmsg "$tk_name"
	fi
	tap_check $tk_rc "$tk_test" "$tk_note"
}

t_capture() {
	tc_name=$1 tc_test=$2 tc_seed=$3 tc_frames=$4 tc_fmt=$5 tc_rate=$6 tc_ch=$7
	shift 7
	tc_sig=$LAB_TMP/sig.raw
	sig_padded "$tc_seed" "$tc_frames" "$tc_fmt" "$tc_rate" "$tc_ch" "$tc_sig"
	# The guest records first; dom0 plays once the guest's capture runs,
	# then stops it (at most the signal plus SERVE_REC_MARGIN s).
	if ! gsh "$tc_name" 30 g_record_start $((tc_frames + SERVE_REC_MARGIN * tc_rate)) \
		"$tc_fmt" "$tc_rate" "$tc_ch" "$@"; then
		tap_diag_file "$LAB_TMP/gsh.msg" 10
		tap_fail "$tc_test" "the guest's arecord did not start"
		gsh "$tc_name" 150 g_record_verify 0 1 "$tc_fmt" "$tc_ch"
		return 1
	fi
	# T_CAP_BEFORE: a command run with the guest's name once it records.
	[ -z "${T_CAP_BEFORE:-}" ] || $T_CAP_BEFORE "$tc_name"
	timeout $((tc_frames / tc_rate + 60)) aplay -D "$SERVE_PLAY_PCM" -t raw $LAB_BUFFER_OPT \
		-f "$(echo "$tc_fmt" | tr a-z A-Z)" -r "$tc_rate" -c "$tc_ch" \
		"$tc_sig" > "$LAB_TMP/aplay.log" 2>&1 ||
		{ tap_diag "dom0 aplay failed:"; tap_diag_file "$LAB_TMP/aplay.log" 5; }
	rm -f "$tc_sig"
	gsh "$tc_name" 60 g_record_stop "$(serve_rec_tail "$tc_fmt" "$tc_rate" "$tc_ch")" ||
		tap_diag_file "$LAB_TMP/gsh.msg" 3
	t_record_check "$tc_name" "$tc_test" "$tc_seed" "$tc_frames" "$tc_fmt" \
		"$tc_ch" 90
}

t_duplex() {
	td_name=$1 td_ptest=$2 td_ctest=$3 td_seed=$4 td_frames=$5 td_fmt=$6
	td_rate=$7 td_ch=$8
	td_cseed=$((td_seed + 1000))
	td_secs=$((td_frames / td_rate))
	sig_padded "$td_cseed" "$td_frames" "$td_fmt" "$td_rate" "$td_ch" \
		"$LAB_TMP/sig.raw"
	t_rec_start "$td_fmt" "$td_rate" "$td_ch"
	if ! gsh "$td_name" 30 g_record_start $((td_frames + SERVE_REC_MARGIN * td_rate)) \
		"$td_fmt" "$td_rate" "$td_ch"; then
		tap_diag_file "$LAB_TMP/gsh.msg" 10
		tap_fail "$td_ctest" "the guest's arecord did not start"
		td_crc=1
	else
		td_crc=0
	fi
	gsh "$td_name" 30 g_play_bg "$td_seed" "$td_frames" "$td_fmt" "$td_rate" "$td_ch"
	timeout $((td_secs + 60)) aplay -D "$SERVE_PLAY_PCM" -t raw $LAB_BUFFER_OPT \
		-f "$(echo "$td_fmt" | tr a-z A-Z)" -r "$td_rate" -c "$td_ch" \
		"$LAB_TMP/sig.raw" > "$LAB_TMP/aplay.log" 2>&1 ||
		{ tap_diag "dom0 aplay failed:"; tap_diag_file "$LAB_TMP/aplay.log" 5; }
	rm -f "$LAB_TMP/sig.raw"
	[ $td_crc -eq 0 ] && { gsh "$td_name" 60 g_record_stop \
		"$(serve_rec_tail "$td_fmt" "$td_rate" "$td_ch")" ||
		tap_diag_file "$LAB_TMP/gsh.msg" 3; }
	gsh "$td_name" $((td_secs + 90)) g_play_wait
	td_prc=$?
	t_rec_stop
	t_verify "$td_ptest" $td_prc "$LAB_TMP/cap.raw" "$td_seed" "$td_frames" \
		"$td_fmt" "$td_ch"
	[ $td_crc -eq 0 ] || return 1
	t_record_check "$td_name" "$td_ctest" "$td_cseed" "$td_frames" "$td_fmt" \
		"$td_ch" 150
}
