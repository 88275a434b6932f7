# SPDX-License-Identifier: GPL-2.0
#
# First-light playback, bit-exact: a guest plays 10 s of xsnd-sig noise
# through our snd-xenfront, then a second guest through Debian's upstream
# snd_xen_front; snd-xenback routes both to snd-aloop, dom0 records the
# loopback and verifies every frame. Then the backend must unload.
# The host adds check.lab.completed and check.klog.{xen,dom0,GUEST}.
#
#@timeout 900
#@modules required
#@test check.backend.load
#@test check.xenfront.guest.start
#@test check.xenfront.guest.load
#@test check.xenfront.guest.card
#@test check.xenfront.guest.aplay
#@test check.xenfront.playback
#@test check.upstream.guest.start
#@test check.upstream.guest.load
#@test check.upstream.guest.card
#@test check.upstream.guest.aplay
#@test check.upstream.playback
#@test check.backend.unload

set -u
. /lab/plans/lib-play.sh

if lab_load_backend; then
	tap_ok check.backend.load "snd-aloop + snd-xenback default_pcm=Loopback,0"
else
	lab_load_failed check.backend.load
	# The playback tests cannot run: the host reports them as missing.
	return 0 2>/dev/null || exit 0
fi

play_test check.xenfront xenfront xenfront 1
play_test check.upstream upstream upstream 2

guest_destroy xenfront
guest_destroy upstream
sleep 1
timeout 30 rmmod snd-xenback > /tmp/rmmod.log 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	lsmod | grep -E '^snd_xenback' >> /tmp/rmmod.log
	tap_diag_file /tmp/rmmod.log 10
fi
tap_check $rc check.backend.unload
