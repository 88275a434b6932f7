# SPDX-License-Identifier: GPL-2.0
#
# Guest side of a playback test: load a vsnd frontend, wait for its PCM,
# play an xsnd-sig signal with aplay on hw:0,0. Parameters (kernel command
# line, from lib-play.sh): front=xenfront|upstream seed frames rate channels
# format prefix. Prints "xsnd-lab: marker play-done" in every case.

p=${xsnd_prefix:-play}
front=${xsnd_front:-xenfront}
seed=${xsnd_seed:-1}
frames=${xsnd_frames:-480000}
rate=${xsnd_rate:-48000}
channels=${xsnd_channels:-2}
format=${xsnd_format:-s16_le}

. /lab/guest/lib-front.sh
front_load "$p" "$front"
rc=$?

if [ $rc -eq 0 ] && wait_for_file /dev/snd/pcmC0D0p 60; then
	tap_diag "$(cat /proc/asound/cards 2>/dev/null | head -2 | tr '\n' ' ')"
	tap_ok "$p.guest.card" "/dev/snd/pcmC0D0p"
	xsnd-sig gen --seed "$seed" --frames "$frames" --format "$format" \
		--channels "$channels" > /tmp/signal.raw
	lab_marker play-start
	fmt=$(echo "$format" | tr a-z A-Z)
	timeout $((frames / rate + 60)) aplay -D hw:0,0 -t raw -f "$fmt" \
		-r "$rate" -c "$channels" $LAB_BUFFER_OPT /tmp/signal.raw \
		> /tmp/aplay.log 2>&1
	rc=$?
	tap_diag_file /tmp/aplay.log 30
	if [ $rc -ne 0 ]; then
		dmesg | grep -iE 'vsnd|xenfront|xen_front|snd' | grep -vE 'Command line|xsnd_' |
			tail -n 10 > /tmp/dmesg-tail
		tap_diag "guest kernel messages:"
		tap_diag_file /tmp/dmesg-tail 10
	fi
	tap_check $rc "$p.guest.aplay" "$frames frames"
else
	tap_diag "no PCM device: $(ls /dev/snd 2>&1 | tr '\n' ' ')"
	tap_fail "$p.guest.card" "no /dev/snd/pcmC0D0p"
	tap_fail "$p.guest.aplay" "not run: no PCM device"
fi
lab_marker play-done
