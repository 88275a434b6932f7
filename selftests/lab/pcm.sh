# SPDX-License-Identifier: GPL-2.0
#
# The backend's and the frontend's PCM paths (issues 3 and 4), bit-exact,
# with one guest per frontend running every test (guest/serve.sh):
#
#   matrix   S16_LE, S24_LE, S32_LE x 44.1, 48, 96 kHz x mono, stereo, 5 s
#            each, full duplex: playback (the guest plays, dom0 records
#            Loopback,1,0) and at the same time capture (dom0 plays into
#            Loopback,1,0, the guest records through snd-xenback from
#            Loopback,0,0 and verifies), with our snd-xenfront and with
#            Debian's snd_xen_front
#   refuse   the stream re-routed (routes=) to snd-dummy, which has neither
#            96 kHz nor S32_LE: hw_params refuses both, accepts 48k S16_LE
#   ours     (snd_xen_front has no PAUSE, and fails an underrun with EIO)
#            pause: paused for 1 s mid-stream: one silent gap, nothing lost
#            or repeated; underrun: the application stalls 1.5 s and
#            recovers as aplay does: silence, then the rest, no stale data;
#            overrun: the guest is stopped twice for 2.5 s (xl pause) while
#            it records with 1 s of buffer: arecord sees both overruns and
#            recovers, and dom0's signal afterwards arrives whole;
#            mmap and RW at 10 and 20 ms periods, aplay --test-position,
#            amixer: -20 dB arrives scaled by -20 dB, mute as silence
#   two      two guests play different signals at once, to two aloop cards
#            (routes=two2/*=1,0): both bit-exact
#   in place snd-xenback advertises feature-capture-in-place (protocol.rst,
#            "Extensions"): the pcm-xenfront guest captured everything
#            above without a single READ; two1 (snd-xenfront) is created
#            with capture_in_place=N and records bit-exact through READ
#
# Each matrix row and each test of "ours" gets a second attempt if it
# fails (lab_retry: a host that takes QEMU's CPU away overruns some
# recorder); the first attempt stays in the TAP.
# Afterwards the mapped-page counter must be 0 and snd-xenback must unload.
# PCM_MATRIX=short (XSND_LAB_ENV) runs three matrix rows, =none none of
# them, for development.
#
#@timeout 3000
#@modules required
#@test pcm.backend.load
#@test pcm.xenfront.guest.start
#@test pcm.xenfront.play.s16_le.44100.1
#@test pcm.xenfront.play.s16_le.44100.2
#@test pcm.xenfront.play.s16_le.48000.1
#@test pcm.xenfront.play.s16_le.48000.2
#@test pcm.xenfront.play.s16_le.96000.1
#@test pcm.xenfront.play.s16_le.96000.2
#@test pcm.xenfront.play.s24_le.44100.1
#@test pcm.xenfront.play.s24_le.44100.2
#@test pcm.xenfront.play.s24_le.48000.1
#@test pcm.xenfront.play.s24_le.48000.2
#@test pcm.xenfront.play.s24_le.96000.1
#@test pcm.xenfront.play.s24_le.96000.2
#@test pcm.xenfront.play.s32_le.44100.1
#@test pcm.xenfront.play.s32_le.44100.2
#@test pcm.xenfront.play.s32_le.48000.1
#@test pcm.xenfront.play.s32_le.48000.2
#@test pcm.xenfront.play.s32_le.96000.1
#@test pcm.xenfront.play.s32_le.96000.2
#@test pcm.xenfront.capture.s16_le.44100.1
#@test pcm.xenfront.capture.s16_le.44100.2
#@test pcm.xenfront.capture.s16_le.48000.1
#@test pcm.xenfront.capture.s16_le.48000.2
#@test pcm.xenfront.capture.s16_le.96000.1
#@test pcm.xenfront.capture.s16_le.96000.2
#@test pcm.xenfront.capture.s24_le.44100.1
#@test pcm.xenfront.capture.s24_le.44100.2
#@test pcm.xenfront.capture.s24_le.48000.1
#@test pcm.xenfront.capture.s24_le.48000.2
#@test pcm.xenfront.capture.s24_le.96000.1
#@test pcm.xenfront.capture.s24_le.96000.2
#@test pcm.xenfront.capture.s32_le.44100.1
#@test pcm.xenfront.capture.s32_le.44100.2
#@test pcm.xenfront.capture.s32_le.48000.1
#@test pcm.xenfront.capture.s32_le.48000.2
#@test pcm.xenfront.capture.s32_le.96000.1
#@test pcm.xenfront.capture.s32_le.96000.2
#@test pcm.xenfront.pause
#@test pcm.xenfront.underrun
#@test pcm.xenfront.refuse.rate
#@test pcm.xenfront.refuse.format
#@test pcm.xenfront.accept
#@test pcm.upstream.guest.start
#@test pcm.upstream.play.s16_le.44100.1
#@test pcm.upstream.play.s16_le.44100.2
#@test pcm.upstream.play.s16_le.48000.1
#@test pcm.upstream.play.s16_le.48000.2
#@test pcm.upstream.play.s16_le.96000.1
#@test pcm.upstream.play.s16_le.96000.2
#@test pcm.upstream.play.s24_le.44100.1
#@test pcm.upstream.play.s24_le.44100.2
#@test pcm.upstream.play.s24_le.48000.1
#@test pcm.upstream.play.s24_le.48000.2
#@test pcm.upstream.play.s24_le.96000.1
#@test pcm.upstream.play.s24_le.96000.2
#@test pcm.upstream.play.s32_le.44100.1
#@test pcm.upstream.play.s32_le.44100.2
#@test pcm.upstream.play.s32_le.48000.1
#@test pcm.upstream.play.s32_le.48000.2
#@test pcm.upstream.play.s32_le.96000.1
#@test pcm.upstream.play.s32_le.96000.2
#@test pcm.upstream.capture.s16_le.44100.1
#@test pcm.upstream.capture.s16_le.44100.2
#@test pcm.upstream.capture.s16_le.48000.1
#@test pcm.upstream.capture.s16_le.48000.2
#@test pcm.upstream.capture.s16_le.96000.1
#@test pcm.upstream.capture.s16_le.96000.2
#@test pcm.upstream.capture.s24_le.44100.1
#@test pcm.upstream.capture.s24_le.44100.2
#@test pcm.upstream.capture.s24_le.48000.1
#@test pcm.upstream.capture.s24_le.48000.2
#@test pcm.upstream.capture.s24_le.96000.1
#@test pcm.upstream.capture.s24_le.96000.2
#@test pcm.upstream.capture.s32_le.44100.1
#@test pcm.upstream.capture.s32_le.44100.2
#@test pcm.upstream.capture.s32_le.48000.1
#@test pcm.upstream.capture.s32_le.48000.2
#@test pcm.upstream.capture.s32_le.96000.1
#@test pcm.upstream.capture.s32_le.96000.2
#@test pcm.upstream.refuse.rate
#@test pcm.upstream.refuse.format
#@test pcm.upstream.accept
#@test pcm.xenfront.mmap.play.p10ms
#@test pcm.xenfront.mmap.play.p20ms
#@test pcm.xenfront.mmap.capture.p10ms
#@test pcm.xenfront.mmap.capture.p20ms
#@test pcm.xenfront.rw.play.p10ms
#@test pcm.xenfront.rw.capture.p20ms
#@test pcm.xenfront.capture.overrun
#@test pcm.xenfront.test-position
#@test pcm.xenfront.volume
#@test pcm.xenfront.mute
#@test pcm.two.start
#@test pcm.two.g1.playback
#@test pcm.two.g2.playback
#@test pcm.xenfront.capture.in-place
#@test pcm.two.g1.capture.read
#@test pcm.two.g1.reads
#@test pcm.mapped-pages.zero
#@test pcm.backend.unload

set -u
. /lab/plans/lib-serve.sh

PCM_MATRIX=${PCM_MATRIX:-full}
PCM_SECS=${PCM_SECS:-5}
PCM_VSND="[ 'card, backend=0, buffer-size=2097152, short-name=XenSnd, long-name=Xen PV sound, sample-rates=44100;48000;96000, sample-formats=s16_le;s24_le;s32_le, channels-min=1, channels-max=2', 'pcm, name=dev0', 'stream, unique-id=p0, type=p', 'stream, unique-id=c0, type=c' ]"
# By index: card 1 is the second aloop card.
ROUTES_TWO="two2/*=1,0"

set_routes() {
	echo "$1" > /sys/module/snd_xenback/parameters/routes
}

# pcm_matrix FRONT: every row, playback and capture at once.
pcm_matrix() {
	pm_seed=100
	for pm_fmt in s16_le s24_le s32_le; do
		for pm_rate in 44100 48000 96000; do
			for pm_ch in 1 2; do
				pm_seed=$((pm_seed + 1))
				[ "$PCM_MATRIX" = none ] && continue
				if [ "$PCM_MATRIX" = short ]; then
					case "$pm_fmt.$pm_rate.$pm_ch" in
					s16_le.48000.2|s24_le.44100.1|s32_le.96000.2) ;;
					*) continue ;;
					esac
				fi
				pm_row=$pm_fmt.$pm_rate.$pm_ch
				lab_retry t_duplex "pcm-$1" "pcm.$1.play.$pm_row" \
					"pcm.$1.capture.$pm_row" $pm_seed \
					$((pm_rate * PCM_SECS)) $pm_fmt $pm_rate $pm_ch
			done
		done
	done
}

# pcm_refuse FRONT: route the guest to snd-dummy for three hw_params.
pcm_refuse() {
	set_routes "pcm-$1/*=Dummy,0;$ROUTES_TWO"
	gsh "pcm-$1" 60 xsnd-pcm hwcheck -D hw:0,0 -f S16_LE -r 96000 -c 2
	pr_rc=$?
	tap_diag_file "$LAB_TMP/gsh.msg" 4
	[ $pr_rc -eq 1 ] && grep -q '^refused at rate' "$LAB_TMP/gsh.msg"
	tap_check $? "pcm.$1.refuse.rate" "$(head -1 "$LAB_TMP/gsh.msg")"
	gsh "pcm-$1" 60 xsnd-pcm hwcheck -D hw:0,0 -f S32_LE -r 48000 -c 2
	pr_rc=$?
	tap_diag_file "$LAB_TMP/gsh.msg" 4
	[ $pr_rc -eq 1 ] && grep -q '^refused at format' "$LAB_TMP/gsh.msg"
	tap_check $? "pcm.$1.refuse.format" "$(head -1 "$LAB_TMP/gsh.msg")"
	gsh "pcm-$1" 60 xsnd-pcm hwcheck -D hw:0,0 -f S16_LE -r 48000 -c 2
	tap_check $? "pcm.$1.accept" "$(head -1 "$LAB_TMP/gsh.msg")"
	set_routes "$ROUTES_TWO"
}

# pcm_ours: mmap and period sizes, --test-position (snd-xenfront only).
pcm_ours() {
	lab_retry t_play pcm-xenfront pcm.xenfront.mmap.play.p10ms 201 $((48000 * PCM_SECS)) \
		s16_le 48000 2 -M --period-time=10000 --buffer-time=200000
	lab_retry t_play pcm-xenfront pcm.xenfront.mmap.play.p20ms 202 $((48000 * PCM_SECS)) \
		s16_le 48000 2 -M --period-time=20000 --buffer-time=160000
	lab_retry t_gap pcm-xenfront pcm.xenfront.pause pause 301 $((48000 * PCM_SECS)) \
		s16_le 48000 2 $((48000 * PCM_SECS / 2)) 1000
	lab_retry t_gap pcm-xenfront pcm.xenfront.underrun stall 302 $((48000 * PCM_SECS)) \
		s16_le 48000 2 $((48000 * PCM_SECS / 2)) 1500
	# Capture at the lab's 2 s of buffer: an overrun loses frames by
	# definition, and the buffer absorbs the emulator's stalls (playback
	# tolerates them as silent gaps).
	lab_retry t_capture pcm-xenfront pcm.xenfront.mmap.capture.p10ms 203 $((48000 * PCM_SECS)) \
		s16_le 48000 2 -M --period-time=10000 $LAB_BUFFER_OPT
	lab_retry t_capture pcm-xenfront pcm.xenfront.mmap.capture.p20ms 204 $((48000 * PCM_SECS)) \
		s16_le 48000 2 -M --period-time=20000 $LAB_BUFFER_OPT
	lab_retry t_play pcm-xenfront pcm.xenfront.rw.play.p10ms 205 $((48000 * PCM_SECS)) \
		s16_le 48000 2 --period-time=10000 --buffer-time=200000
	lab_retry t_capture pcm-xenfront pcm.xenfront.rw.capture.p20ms 206 $((48000 * PCM_SECS)) \
		s16_le 48000 2 --period-time=20000 $LAB_BUFFER_OPT
	T_CAP_BEFORE=pcm_stall_guest T_CAP_XRUNS=2
	lab_retry t_capture pcm-xenfront pcm.xenfront.capture.overrun 210 $((96000 * PCM_SECS)) \
		s32_le 96000 2 --buffer-time=1000000
	T_CAP_BEFORE= T_CAP_XRUNS=
	t_rec_start s16_le 48000 2
	gsh pcm-xenfront 90 g_play 207 $((48000 * PCM_SECS)) s16_le 48000 2 --test-position
	po_rc=$?
	t_rec_stop
	if [ $po_rc -ne 0 ] || grep -qi suspicious "$LAB_TMP/gsh.msg"; then
		tap_diag_file "$LAB_TMP/gsh.msg" 10
		tap_fail pcm.xenfront.test-position "status $po_rc, $(grep -ci suspicious "$LAB_TMP/gsh.msg") warnings"
	else
		tap_ok pcm.xenfront.test-position "no warnings"
	fi
	pcm_mixer
}

# pcm_stall_guest NAME: stop the guest twice for 2.5 s while it records
# with 1 s of buffer. Each time its arecord overruns and recovers, as on
# a loaded host; the signal that dom0 plays afterwards must arrive whole.
pcm_stall_guest() {
	for ps_i in 1 2; do
		xl pause "$1"
		sleep 2.5
		xl unpause "$1"
		sleep 2
	done
}

# pcm_mixer: amixer's volume and mute reach dom0 (snd-xenfront only).
pcm_mixer() {
	gsh pcm-xenfront 30 amixer -c 0 -- sset PCM -20dB unmute
	tap_diag "$(grep -m1 'Playback' "$LAB_TMP/gsh.msg")"
	T_GAIN_DB=-20
	lab_retry t_play pcm-xenfront pcm.xenfront.volume 208 $((48000 * PCM_SECS)) s16_le 48000 2
	T_GAIN_DB=
	gsh pcm-xenfront 30 amixer -c 0 sset PCM 0dB mute
	t_rec_start s16_le 48000 2
	gsh pcm-xenfront 90 g_play 209 $((48000 * PCM_SECS)) s16_le 48000 2
	pm_rc=$?
	t_rec_stop
	xsnd-sig verify --seed 209 --frames $((48000 * PCM_SECS)) --format s16_le \
		--channels 2 "$LAB_TMP/cap.raw" > "$LAB_TMP/verify.txt" 2>&1
	[ $pm_rc -eq 0 ] && grep -q 'capture is all silence' "$LAB_TMP/verify.txt"
	tap_check $? pcm.xenfront.mute "$(sed -n 's/^signal start: //p' "$LAB_TMP/verify.txt")"
	gsh pcm-xenfront 30 amixer -c 0 sset PCM 0dB unmute
}

# pcm_check_reads TEST NAME NODE: guest NAME's capture stream (s1) has
# feature-capture-in-place = NODE, and its frontend sent READs (NODE 0) or
# none (NODE 1) while frames were captured.
pcm_check_reads() {
	pr_id=$(guest_domid "$2")
	pr_f=/sys/kernel/debug/snd_xenback/dom$pr_id-0/s1
	pr_node=$(xs_read "/local/domain/0/backend/vsnd/$pr_id/0/feature-capture-in-place")
	pr_reads=$(sed -n 's/^req_read: //p' "$pr_f")
	pr_frames=$(sed -n 's/^frames: //p' "$pr_f")
	case "$3:$pr_node:$pr_reads:$pr_frames" in
	1:1:0:[1-9]*|0:0:[1-9]*:[1-9]*) pr_rc=0 ;;
	*) pr_rc=1 ;;
	esac
	tap_check $pr_rc "$1" "node ${pr_node:-absent}, ${pr_reads:-?} READs for ${pr_frames:-?} frames"
}

# pcm_front FRONT: one guest, pcm-FRONT, runs its share.
pcm_front() {
	if ! serve_start "pcm-$1" "$PCM_VSND" "$1" "pcm.$1"; then
		tap_diag_file "$LAB_TMP/pcm-$1.create.log" 10
		tap_fail "pcm.$1.guest.start"
		guest_destroy "pcm-$1"
		guest_collect "pcm-$1"
		return 1
	fi
	tap_ok "pcm.$1.guest.start"
	pcm_matrix "$1"
	pcm_refuse "$1"
	[ "$1" = xenfront ] && pcm_ours
	lab_snapshot_debugfs "pcm-$1"
	[ "$1" = xenfront ] &&
		pcm_check_reads pcm.xenfront.capture.in-place pcm-xenfront 1
	serve_stop "pcm-$1"
}

# Two guests at once, each into its own aloop card.
pcm_two() {
	pt_frames=$((48000 * PCM_SECS))
	# two1 gets no feature-capture-in-place: snd-xenfront's READ path.
	echo N > /sys/module/snd_xenback/parameters/capture_in_place
	serve_start two1 "$PCM_VSND" xenfront pcm.two1
	pt_rc=$?
	echo Y > /sys/module/snd_xenback/parameters/capture_in_place
	[ $pt_rc -eq 0 ] && serve_start two2 "$PCM_VSND" upstream pcm.two2
	tap_check $? pcm.two.start "two1: snd-xenfront, two2: snd_xen_front"
	for g in 1 2; do
		c=hw:Loopback,1,0
		[ $g = 2 ] && c=hw:Loopback2,1,0
		timeout 300 arecord -D $c -t raw -f S16_LE -r 48000 -c 2 -B 2000000 \
			"$LAB_TMP/two$g.raw" > "$LAB_TMP/two$g.arecord.log" 2>&1 &
		eval "pt_arec$g=\$!"
	done
	sleep 1
	( gsh two1 120 g_play 401 $pt_frames s16_le 48000 2
	  echo $? > "$LAB_TMP/two1.rc"; cp "$LAB_TMP/gsh.msg" "$LAB_TMP/two1.msg" ) &
	pt_bg=$!
	gsh two2 120 g_play 402 $pt_frames s16_le 48000 2
	echo $? > "$LAB_TMP/two2.rc"
	cp "$LAB_TMP/gsh.msg" "$LAB_TMP/two2.msg"
	wait $pt_bg
	sleep 1
	kill -INT $pt_arec1 $pt_arec2 2>/dev/null
	wait $pt_arec1 $pt_arec2
	for g in 1 2; do
		cp "$LAB_TMP/two$g.msg" "$LAB_TMP/gsh.msg"
		t_verify pcm.two.g$g.playback "$(cat "$LAB_TMP/two$g.rc")" \
			"$LAB_TMP/two$g.raw" 40$g $pt_frames s16_le 2
		rm -f "$LAB_TMP/two$g.raw"
	done
	lab_retry t_capture two1 pcm.two.g1.capture.read 403 $pt_frames \
		s16_le 48000 2 $LAB_BUFFER_OPT
	pcm_check_reads pcm.two.g1.reads two1 0
	serve_stop two1
	serve_stop two2
}

LAB_ALOOP_ARGS="index=0,1 id=Loopback,Loopback2 enable=1,1 pcm_substreams=1,1"
if lab_load_backend "routes=$ROUTES_TWO" &&
   lab_modprobe snd-dummy index=2 id=Dummy fake_buffer=0; then
	tap_ok pcm.backend.load "2 x snd-aloop, snd-dummy, snd-xenback"
	tap_diag_file /proc/asound/cards 12
else
	lab_load_failed pcm.backend.load
	return 0 2>/dev/null || exit 0
fi

pcm_front xenfront
pcm_front upstream
pcm_two

lab_finish_backend pcm
