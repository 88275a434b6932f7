# SPDX-License-Identifier: GPL-2.0
#
# dom0 side of the plans that run xsnd-rogue in a guest (hostile.sh,
# life.sh). rogue_ramdisk builds $ROGUE_RAMDISK: the lab's domU ramdisk
# plus xen-evtchn and xen-gntalloc from dom0's kernel, under /lab/rogue/
# (guest/lib-rogue.sh loads them). Start such a guest with
# GUEST_RAMDISK=$ROGUE_RAMDISK guest_start ...

ROGUE_RAMDISK=$LAB_TMP/domu-rogue.cpio.gz

rogue_ramdisk() {
	rr=$LAB_TMP/rogue-root
	rm -rf "$rr"
	mkdir -p "$rr/lab/rogue"
	for m in xen-evtchn xen-gntalloc; do
		f=$(find "/lib/modules/$(uname -r)" -name "$m.ko*" | head -1)
		[ -n "$f" ] || { lab_log "no $m module in dom0"; return 1; }
		case "$f" in
		*.ko) cp "$f" "$rr/lab/rogue/$m.ko" ;;
		*.ko.xz) xz -dc "$f" > "$rr/lab/rogue/$m.ko" ;;
		*.ko.gz) gzip -dc "$f" > "$rr/lab/rogue/$m.ko" ;;
		*) return 1 ;;
		esac
	done
	(cd "$rr" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$LAB_TMP/rogue-extra.cpio.gz" &&
		cat /lab/domu.cpio.gz "$LAB_TMP/rogue-extra.cpio.gz" > "$ROGUE_RAMDISK"
}
