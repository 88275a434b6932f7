#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the lab's domU initramfs (added by run.sh's payload cpio on top of
# the cached base from images.sh). Runs /lab/guest/$xsnd_script.sh with TAP
# on the console (hvc0, which xenconsoled logs in dom0), dumps dmesg between
# markers, and powers the guest off. Kernel command-line words xsnd_KEY=VAL
# become shell variables for the script.

PATH=/lab/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run

xsnd_script=none
xsnd_name=guest
for w in $(cat /proc/cmdline); do
	case "$w" in
	xsnd_*=*) export "$w" ;;
	esac
done

. /lab/lib-guest.sh

echo "xsnd-lab: guest $xsnd_name up ($(uname -r)), script $xsnd_script"
lab_marker up
tap_init
if [ -f "/lab/guest/$xsnd_script.sh" ]; then
	( . "/lab/guest/$xsnd_script.sh" ) 2>&1
else
	tap_fail "$xsnd_name.script" "no guest script '$xsnd_script'"
fi
tap_done

echo "xsnd-lab: dmesg-begin"
dmesg
echo "xsnd-lab: dmesg-end"
lab_marker end
sync
poweroff -f
