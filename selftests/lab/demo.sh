# SPDX-License-Identifier: GPL-2.0
#
# Demo: one guest plays 10 s of test signal through snd-xenfront and
# snd-xenback into dom0's snd-aloop; dom0 records it and says, in plain
# words, what was sent, what came back and whether it matches bit for bit.
#
#@timeout 600
#@modules required
#@test demo.backend.load
#@test demo.xenfront.guest.start
#@test demo.xenfront.guest.load
#@test demo.xenfront.guest.card
#@test demo.xenfront.guest.aplay
#@test demo.xenfront.playback

set -u
. /lab/plans/lib-play.sh

if lab_load_backend; then
	tap_ok demo.backend.load
else
	tap_fail demo.backend.load
	lab_summary "demo: the dom0 backend (snd-xenback) did not load; nothing was played"
	return 0 2>/dev/null || exit 0
fi

play_test demo.xenfront xenfront xenfront 42
got=$(sed -n 's/^frames matched: //p' "$PLAY_VERIFY")
match=$(sed -n 's/^match: //p' "$PLAY_VERIFY")
what="$PLAY_FRAMES frames ($((PLAY_FRAMES / PLAY_RATE)) s of $PLAY_RATE Hz, $PLAY_CHANNELS channels, $PLAY_FORMAT)"
if grep -q '^ok .* - demo.xenfront.guest.aplay' "$LAB_RES/guest-xenfront.tap" 2>/dev/null; then
	lab_summary "demo: the guest played $what with aplay on its Xen PV sound card (snd-xenfront)"
else
	lab_summary "demo: the guest's aplay of $what on its Xen PV sound card (snd-xenfront) FAILED (see guest-xenfront.log)"
fi
lab_summary "demo: dom0 (snd-xenback -> snd-aloop) recorded it: frames sent $PLAY_FRAMES, frames received intact ${got:-0}"
lab_summary "demo: bit-exact match: ${match:-no} (details: xenfront.verify.txt)"
