#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Installed by tools/lab/images.sh as /sbin/xsnd-boot in the dom0 image and
# run as PID 1 (init=/sbin/xsnd-boot). It only finds the per-run payload disk
# (second virtio disk, /dev/vdb) and hands over to the payload's init, so the
# cached dom0 image never changes when the lab scripts or the plans do.

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /lab
i=0
while [ ! -b /dev/vdb ] && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
if mount -o ro /dev/vdb /lab && [ -f /lab/lab/dom0-init.sh ]; then
	exec /bin/sh /lab/lab/dom0-init.sh
fi
echo "lab: no payload disk (/dev/vdb) with lab/dom0-init.sh; powering off"
sync
busybox poweroff -f
