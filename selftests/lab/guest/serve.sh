# SPDX-License-Identifier: GPL-2.0
#
# Guest side of multi-step plans: load a vsnd frontend, then run the
# commands dom0 hands over in XenStore, one at a time, until "quit".
# Booting a guest under TCG costs half a minute; this lets one guest run
# a whole matrix of tests.
#
#   dom0 writes  data/xsnd-cmd = "SEQ SHELL-LINE"   (lib-serve.sh: gsh)
#   guest writes data/xsnd-msg = the last lines of the command's output,
#                then data/xsnd-ack = "SEQ RC"
#
# SHELL-LINE runs in this shell, with the functions below. Parameters
# (kernel command line): front=xenfront|upstream, prefix.
# Guest TAP: PREFIX.guest.load, PREFIX.guest.card.

p=${xsnd_prefix:-serve}
front=${xsnd_front:-xenfront}
. /lab/guest/lib-front.sh

# g_play SEED FRAMES FMT RATE CH [APLAY-OPTIONS...]: xsnd-sig to hw:0,0.
g_play() {
	gp_seed=$1 gp_frames=$2 gp_fmt=$3 gp_rate=$4 gp_ch=$5
	shift 5
	xsnd-sig gen --seed "$gp_seed" --frames "$gp_frames" --format "$gp_fmt" \
		--channels "$gp_ch" > /tmp/signal.raw || return 2
	timeout $((gp_frames / gp_rate + 60)) aplay -D hw:0,0 -t raw \
		-f "$(echo "$gp_fmt" | tr a-z A-Z)" -r "$gp_rate" -c "$gp_ch" \
		$LAB_BUFFER_OPT "$@" /tmp/signal.raw
}

# g_play_bg ARGS...: g_play in the background (status in /tmp/play.rc);
# g_play_wait: its end, output and status.
g_play_bg() {
	rm -f /tmp/play.rc
	( g_play "$@" > /tmp/play.out 2>&1; echo $? > /tmp/play.rc ) &
}

g_play_wait() {
	for i in $(seq 600); do
		[ -e /tmp/play.rc ] && break
		sleep 0.2
	done
	cat /tmp/play.out
	return "$(cat /tmp/play.rc 2>/dev/null || echo 124)"
}

# g_gap_play pause|stall SEED FRAMES FMT RATE CH AT MS: xsnd-pcm plays,
# pausing the PCM (or stalling its writes into an underrun) once.
g_gap_play() {
	xsnd-sig gen --seed "$2" --frames "$3" --format "$4" --channels "$6" \
		> /tmp/signal.raw || return 2
	# 500 ms of buffer, 20 ms periods: a stall of a second underruns.
	timeout $(($3 / $5 + 60)) xsnd-pcm play -D hw:0,0 \
		-f "$(echo "$4" | tr a-z A-Z)" -r "$5" -c "$6" -b 500000 -p 20000 \
		"--$1-at" "$7" "--$1-ms" "$8" /tmp/signal.raw
}

# g_record_start FRAMES FMT RATE CH [ARECORD-OPTIONS...]: record at most
# FRAMES frames from hw:0,0 in the background into /tmp/capture.raw;
# returns once arecord has the PCM running (or failed). dom0 ends the
# recording with g_record_stop once it has played everything, so a slow
# start (a loaded host) cannot cut the signal short. Each command runs in
# its own subshell, so arecord's pid and status go to /tmp/arecord.pid
# and /tmp/arecord.rc rather than through wait.
g_record_start() {
	gr_frames=$1 gr_fmt=$2 gr_rate=$3 gr_ch=$4
	shift 4
	rm -f /tmp/capture.raw /tmp/arecord.log /tmp/arecord.rc /tmp/arecord.stopped
	( timeout $((gr_frames / gr_rate + 60)) arecord -D hw:0,0 -t raw \
		-f "$(echo "$gr_fmt" | tr a-z A-Z)" -r "$gr_rate" -c "$gr_ch" \
		-s "$gr_frames" $LAB_BUFFER_OPT "$@" /tmp/capture.raw \
		> /tmp/arecord.log 2>&1 &
	  echo $! > /tmp/arecord.pid
	  wait $!
	  echo $? > /tmp/arecord.rc ) &
	# Running once the capture file grows.
	for i in $(seq 50); do
		[ -e /tmp/arecord.rc ] && break
		[ -s /tmp/capture.raw ] && return 0
		sleep 0.2
	done
	cat /tmp/arecord.log
	[ -e /tmp/arecord.rc ] || echo "arecord: no data after 10 s"
	return 1
}

# capture_size: the bytes recorded so far.
capture_size() {
	stat -c %s /tmp/capture.raw 2>/dev/null || echo 0
}

# g_record_stop BYTES: dom0 has played all it had. Record BYTES more (2 s
# of the host's clock: what dom0 played may still be on its way through
# the host's and the guest's buffers), at most 30 s of waiting, then stop
# arecord with SIGINT as a user would.
g_record_stop() {
	gs_want=$(( $(capture_size) + $1 ))
	for i in $(seq 150); do
		[ -e /tmp/arecord.rc ] && break
		[ "$(capture_size)" -ge "$gs_want" ] && break
		sleep 0.2
	done
	[ -e /tmp/arecord.rc ] && return 0
	touch /tmp/arecord.stopped
	kill -INT "$(cat /tmp/arecord.pid)"
	for i in $(seq 50); do
		[ -e /tmp/arecord.rc ] && return 0
		sleep 0.2
	done
	echo "arecord did not stop within 10 s of SIGINT"
	return 1
}

# g_record_verify SEED FRAMES FMT CH: wait for arecord, verify its file.
# arecord stopped by g_record_stop exits with "Aborted by signal".
g_record_verify() {
	for i in $(seq 600); do
		[ -e /tmp/arecord.rc ] && break
		sleep 0.2
	done
	gv_rc=$(cat /tmp/arecord.rc 2>/dev/null || echo "none (still running after 120 s)")
	cat /tmp/arecord.log
	[ -e /tmp/arecord.stopped ] && grep -q '^Aborted by signal' /tmp/arecord.log &&
		gv_rc=0
	[ "$gv_rc" = 0 ] || echo "arecord exit status $gv_rc"
	gv_gaps=$LAB_GAPS
	[ "$gv_gaps" -gt 0 ] || gv_gaps=
	xsnd-sig verify --seed "$1" --frames "$2" --format "$3" \
		--channels "$4" ${gv_gaps:+--gaps "$gv_gaps"} /tmp/capture.raw
	gv_vrc=$?
	rm -f /tmp/capture.raw
	[ "$gv_rc" = 0 ] && return $gv_vrc
	return 1
}

# g_kmsg LINES: the frontends' last kernel messages.
g_kmsg() {
	dmesg | grep -iE 'xen_front|xenfront|vsnd' | tail -n "$1"
}

serve_loop() {
	last=0
	while :; do
		cmd=$(timeout 10 xenstore-read data/xsnd-cmd 2>/dev/null)
		seq=${cmd%% *}
		if [ -z "$cmd" ] || [ "$seq" = "$last" ]; then
			sleep 0.2
			continue
		fi
		last=$seq
		line=${cmd#* }
		[ "$line" = quit ] && break
		echo "# serve $seq: $line"
		( eval "$line" ) > /tmp/cmd.out 2>&1
		rc=$?
		sed 's/^/#   /' /tmp/cmd.out | tail -n 40
		timeout 10 xenstore-write data/xsnd-msg "$(tail -c 3000 /tmp/cmd.out)"
		timeout 10 xenstore-write data/xsnd-ack "$seq $rc"
	done
}

front_load "$p" "$front"
rc=$?
if [ $rc -eq 0 ] && wait_for_file /dev/snd/controlC0 60; then
	tap_ok "$p.guest.card" "$(head -1 /proc/asound/cards 2>/dev/null)"
else
	tap_fail "$p.guest.card" "no sound card: $(ls /dev/snd 2>&1 | tr '\n' ' ')"
fi
lab_marker serve-ready
serve_loop
lab_marker serve-done
