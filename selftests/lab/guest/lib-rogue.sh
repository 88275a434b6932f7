# SPDX-License-Identifier: GPL-2.0
#
# Shared by the guest scripts that run xsnd-rogue (rogue.sh, hold.sh):
# ROGUE is the binary; rogue_modules PREFIX loads xen-evtchn and
# xen-gntalloc (dom0 put them in the ramdisk under /lab/rogue/) and
# reports PREFIX.modules. Return 0 when the rogue can run.

ROGUE=/lab/bin/xsnd-rogue

rogue_modules() {
	rm_rc=0
	[ -x "$ROGUE" ] || { tap_diag "no $ROGUE (tools/Makefile builds it)"; rm_rc=1; }
	if [ $rm_rc -eq 0 ]; then
		insmod /lab/rogue/xen-evtchn.ko > /tmp/insmod.log 2>&1 || rm_rc=1
		# The checklist shares ~1200 pages at once; gntalloc allows 1024.
		insmod /lab/rogue/xen-gntalloc.ko limit=65536 >> /tmp/insmod.log 2>&1 || rm_rc=1
		wait_for_file /dev/xen/gntalloc 10 && wait_for_file /dev/xen/evtchn 10 || rm_rc=1
		tap_diag_file /tmp/insmod.log 5
	fi
	tap_check $rm_rc "$1.modules" "xen-evtchn, xen-gntalloc limit=65536, $ROGUE"
	return $rm_rc
}
