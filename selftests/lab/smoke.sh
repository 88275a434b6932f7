# SPDX-License-Identifier: GPL-2.0
#
# Lab self-test, no sound drivers needed: Xen and dom0 boot, a guest without
# vsnd starts, runs its script, reports TAP and powers off; xsnd-sig works in
# dom0 and in the guest.
#
#@timeout 300
#@modules optional
#@test smoke.dom0.xsnd-sig
#@test smoke.guest.start
#@test smoke.guest.hello
#@test smoke.guest.xenstore
#@test smoke.guest.xsnd-sig
#@test smoke.guest.marker
#@test smoke.guest.poweroff

set -u

# xsnd-sig round trip in dom0: silence, the signal, silence.
xsnd-sig gen --seed 5 --frames 48000 --format s24_le --channels 2 > /tmp/ref.raw
{ head -c 8000 /dev/zero; cat /tmp/ref.raw; head -c 800 /dev/zero; } > /tmp/cap.raw
xsnd-sig verify --seed 5 --frames 48000 --format s24_le --channels 2 /tmp/cap.raw > /tmp/verify.txt
tap_check $? smoke.dom0.xsnd-sig

guest_start hello "" hello prefix=smoke.guest
tap_check $? smoke.guest.start
guest_wait_marker hello hello-done 120
tap_check $? smoke.guest.marker
guest_wait_gone hello 60
tap_check $? smoke.guest.poweroff
guest_collect hello
