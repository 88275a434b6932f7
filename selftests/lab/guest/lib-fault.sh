# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the fault plan (selftests/lab/fault.sh): functions for the
# commands dom0 hands to guest/serve.sh, each sourcing this file first:
#
#   gf_run play|capture SECS   aplay or arecord on hw:0,0 (60 s of zeros)
#                              under timeout SECS; prints the tail of its
#                              output, "messages: N", the kernel lines about
#                              vsnd-0 it caused ("kmsg: ..."), and last
#                              "status RC after S s"
#   gf_disabled                one short aplay, to show whether the stream
#                              is still disabled (status 0: it is not)
#   gf_reconnect               unbind snd-xenfront from vsnd-0, wait until
#                              the backend is Closed, bind it again and wait
#                              for the new card: a new connection, new rings

GF_DRV=/sys/bus/xen/drivers/snd_xenfront

gf_run() {
	gf_n=$(dmesg | wc -l)
	gf_t0=$(date +%s)
	case "$1" in
	play)
		timeout "$2" aplay -D hw:0,0 -t raw -f S16_LE -r 48000 -c 2 \
			-d 60 /dev/zero ;;
	capture)
		timeout "$2" arecord -D hw:0,0 -t raw -f S16_LE -r 48000 -c 2 \
			-d 60 /dev/null ;;
	esac > /tmp/gf.log 2>&1
	gf_rc=$?
	gf_t1=$(date +%s)
	dmesg | tail -n +$((gf_n + 1)) | grep 'vsnd-0' > /tmp/gf.dmesg
	tail -n 4 /tmp/gf.log
	echo "messages: $(wc -l < /tmp/gf.dmesg)"
	sed 's/^/kmsg: /' /tmp/gf.dmesg | head -n 8
	echo "status $gf_rc after $((gf_t1 - gf_t0)) s"
}

gf_disabled() {
	timeout 10 aplay -D hw:0,0 -t raw -f S16_LE -r 48000 -c 2 -d 1 \
		/dev/zero > /tmp/gf.log 2>&1
	gf_rc=$?
	tail -n 2 /tmp/gf.log
	echo "before the reconnect: aplay status $gf_rc"
}

# gf_state PATH WANT SECS: wait until XenStore PATH reads WANT.
gf_state() {
	gf_i=0
	while [ "$(timeout 10 xenstore-read "$1" 2>/dev/null)" != "$2" ]; do
		[ $gf_i -ge $(($3 * 5)) ] && { echo "$1 is not $2 after $3 s"; return 1; }
		sleep 0.2
		gf_i=$((gf_i + 1))
	done
	return 0
}

gf_reconnect() {
	gf_be=$(timeout 10 xenstore-read device/vsnd/0/backend) ||
		{ echo "no device/vsnd/0/backend"; return 1; }
	echo vsnd-0 > "$GF_DRV/unbind" || return 1
	# Rebound before the backend saw Closed, the device would wait forever.
	gf_state "$gf_be/state" 6 20 || return 1
	echo vsnd-0 > "$GF_DRV/bind" || return 1
	gf_state device/vsnd/0/state 4 30 || return 1
	wait_for_file /dev/snd/pcmC0D0p 10 || { echo "no pcmC0D0p"; return 1; }
	echo "reconnected: $(head -1 /proc/asound/cards)"
}
