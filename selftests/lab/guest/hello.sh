# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the smoke plan: proves the guest tools and the TAP path.
p=${xsnd_prefix:-hello}

tap_ok "$p.hello" "kernel $(uname -r)"
id=$(timeout 10 xenstore-read domid 2>&1)
tap_check $? "$p.xenstore" "domid $id"
xsnd-sig gen --seed 9 --frames 4800 --format s16_le --channels 2 > /tmp/ref.raw
{ head -c 400 /dev/zero; cat /tmp/ref.raw; } > /tmp/cap.raw
xsnd-sig verify --seed 9 --frames 4800 --format s16_le --channels 2 /tmp/cap.raw > /tmp/v.txt
tap_check $? "$p.xsnd-sig"
lab_marker hello-done
