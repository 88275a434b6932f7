#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the Xen lab's images from Debian packages only, cached by a hash of
# this recipe (this script, which holds every package list, and the dom0
# boot stub it installs):
#
#   ${XSND_CACHE:-~/.cache/xen-snd}/lab/<hash>/
#     xen                 uncompressed Xen 4.17 hypervisor (multiboot ELF)
#     vmlinuz             Debian 6.1 kernel, for dom0 (QEMU -kernel) and domU
#     dom0-initrd.img     dom0 initrd (virtio_pci, virtio_blk, ext4)
#     dom0.ext4           dom0 root: bookworm + updates, xen-utils-4.17, ALSA
#     domu-base.cpio.gz   domU initramfs base: static busybox, ALSA tools,
#                         xenstore tools, sound modules (no /init: the lab's
#                         per-run payload cpio adds it)
#     kver, versions      kernel release; package versions used
#
# Usage: images.sh [--dir]
#   Builds if needed (progress on stderr) and prints the directory on stdout.
#   --dir only prints the directory the current recipe uses.
# Needs root (debootstrap, chroot) and the packages of tools/setup-host.sh.

set -eu

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE_ROOT=${XSND_CACHE:-$HOME/.cache/xen-snd}/lab
MIRROR=${XSND_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
XEN_VER=4.17

# dom0 userland. Installed after the dist-upgrade so that the kernel and the
# Xen tools come from bookworm-updates/-security and match the hypervisor.
DOM0_PKGS="xen-utils-$XEN_VER xenstore-utils alsa-utils kmod udev procps
linux-image-amd64 initramfs-tools busybox util-linux iproute2"
# Modules a guest test may load (plus their dependencies); our own
# snd-xenfront comes with each run's payload.
DOMU_MODULES="snd_xen_front snd_pcm snd_timer snd_dummy snd_aloop"
# Programs copied into the domU initramfs with their libraries.
DOMU_PROGS="/usr/bin/aplay /usr/bin/arecord /usr/bin/amixer /usr/sbin/alsactl
/usr/bin/xenstore-read /usr/bin/xenstore-write /usr/bin/xenstore-ls
/usr/bin/xenstore-rm /usr/bin/xenstore-exists /usr/bin/xenstore-watch
/usr/bin/xenstore-list /usr/bin/xenstore-chmod"

msg() { echo "lab: $*" >&2; }
die() { echo "lab: error: $*" >&2; exit 1; }

recipe_hash() {
	cat "$LAB_DIR/images.sh" "$LAB_DIR/dom0-boot.sh" | sha256sum | cut -c1-16
}

HASH=$(recipe_hash)
OUT=$CACHE_ROOT/$HASH

if [ "${1:-}" = "--dir" ]; then
	echo "$OUT"
	exit 0
fi

if [ -f "$OUT/.complete" ]; then
	msg "images: reusing cache $OUT (recipe $HASH)"
	echo "$OUT"
	exit 0
fi

[ "$(id -u)" -eq 0 ] || die "building the images needs root (debootstrap, chroot)"
for t in debootstrap mke2fs cpio gzip busybox apt-get dpkg depmod modprobe; do
	command -v "$t" >/dev/null || die "missing host tool '$t' (run tools/setup-host.sh)"
done
BUSYBOX_STATIC=$(command -v busybox)
ldd "$BUSYBOX_STATIC" 2>&1 | grep -q 'not a dynamic' ||
	die "$BUSYBOX_STATIC is not static (install busybox-static)"

start=$(date +%s)
mkdir -p "$CACHE_ROOT"
TMP=$OUT.tmp
ROOT=$TMP/root
rm -rf "$TMP"
mkdir -p "$TMP"

cleanup() {
	for m in proc sys dev/pts; do
		mountpoint -q "$ROOT/$m" 2>/dev/null && umount -l "$ROOT/$m"
	done
	return 0
}
trap 'cleanup; msg "images: build failed; partial tree left in $TMP"' EXIT
trap 'exit 130' INT TERM

in_root() {
	# Run a command in the dom0 chroot, non-interactive, with a time limit.
	timeout 1200 chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"
}

# --- Xen hypervisor --------------------------------------------------------
msg "images: fetching xen-hypervisor-$XEN_VER-amd64 (cache $OUT)"
mkdir -p "$TMP/xenpkg"
(cd "$TMP/xenpkg" && timeout 300 apt-get download -q -o APT::Sandbox::User=root \
	"xen-hypervisor-$XEN_VER-amd64" >&2)
dpkg -x "$TMP"/xenpkg/xen-hypervisor-*.deb "$TMP/xenpkg/x"
XEN_PKG_VER=$(dpkg-deb -f "$TMP"/xenpkg/xen-hypervisor-*.deb Version)
zcat "$TMP/xenpkg/x/boot/xen-$XEN_VER-amd64.gz" > "$TMP/xen"
rm -rf "$TMP/xenpkg"

# --- dom0 root ---------------------------------------------------------------
msg "images: debootstrap $SUITE minbase (about a minute)"
timeout 1200 debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" \
	> "$TMP/debootstrap.log" 2>&1 ||
	{ tail -20 "$TMP/debootstrap.log" >&2; die "debootstrap failed (log $TMP/debootstrap.log)"; }

# The host's Debian sources (bookworm, -updates, -security); other vendors'
# lists are left out.
rm -f "$ROOT/etc/apt/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] && grep -q 'debian\.org/debian' "$f" || continue
	cp "$f" "$ROOT/etc/apt/${f#/etc/apt/}"
done
ls "$ROOT"/etc/apt/sources.list "$ROOT"/etc/apt/sources.list.d/* >/dev/null 2>&1 ||
	echo "deb $MIRROR $SUITE main" > "$ROOT/etc/apt/sources.list"
# No daemons may start inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"
# Small dom0 initrd: only what finding the root disk needs.
mkdir -p "$ROOT/etc/initramfs-tools/conf.d"
echo "MODULES=list" > "$ROOT/etc/initramfs-tools/conf.d/xsnd-lab.conf"
echo "COMPRESS=gzip" >> "$ROOT/etc/initramfs-tools/conf.d/xsnd-lab.conf"
mount -t proc proc "$ROOT/proc"

msg "images: apt-get update + dist-upgrade + install dom0 packages"
APT="apt-get -q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold"
{
	in_root apt-get -q update &&
	in_root $APT dist-upgrade &&
	# shellcheck disable=SC2086
	in_root $APT install --no-install-recommends $DOM0_PKGS
} > "$TMP/apt.log" 2>&1 ||
	{ tail -20 "$TMP/apt.log" >&2; die "apt in the dom0 chroot failed (log $TMP/apt.log)"; }

UTILS_VER=$(in_root dpkg-query -W -f='${Version}' "xen-utils-$XEN_VER")
[ "$UTILS_VER" = "$XEN_PKG_VER" ] ||
	die "xen-utils-$XEN_VER $UTILS_VER differs from the hypervisor $XEN_PKG_VER"

# Exactly one kernel: the newest.
KVER=$(ls "$ROOT/lib/modules" | sort -V | tail -1)
for k in $(ls "$ROOT/lib/modules"); do
	[ "$k" = "$KVER" ] && continue
	in_root $APT purge "linux-image-$k" >> "$TMP/apt.log" 2>&1 || true
done

printf 'virtio_pci\nvirtio_blk\next4\n' >> "$ROOT/etc/initramfs-tools/modules"
in_root update-initramfs -u -k "$KVER" >> "$TMP/apt.log" 2>&1 ||
	die "update-initramfs failed (log $TMP/apt.log)"
in_root apt-get clean

# Lab settings: guest console logs to files, and the PID-1 boot stub.
cat >> "$ROOT/etc/default/xen" <<'EOF'

# xen-snd lab: keep every guest's console in /var/log/xen/console/guest-NAME.log
XENCONSOLED_ARGS="--log=guest --log-dir=/var/log/xen/console --timestamp=guest"
EOF
mkdir -p "$ROOT/var/log/xen/console"
install -m 755 "$LAB_DIR/dom0-boot.sh" "$ROOT/sbin/xsnd-boot"
echo xsnd-dom0 > "$ROOT/etc/hostname"
sed -i 's/^root:[^:]*:/root::/' "$ROOT/etc/shadow"

cp "$ROOT/boot/vmlinuz-$KVER" "$TMP/vmlinuz"
cp "$ROOT/boot/initrd.img-$KVER" "$TMP/dom0-initrd.img"
echo "$KVER" > "$TMP/kver"
in_root dpkg-query -W -f='${Package} ${Version}\n' "xen-utils-$XEN_VER" \
	"linux-image-$KVER" alsa-utils xenstore-utils > "$TMP/versions"
echo "xen-hypervisor-$XEN_VER-amd64 $XEN_PKG_VER" >> "$TMP/versions"

# --- domU initramfs base ---------------------------------------------------
msg "images: domU initramfs base"
U=$TMP/domu
mkdir -p "$U/bin" "$U/sbin" "$U/usr/bin" "$U/usr/sbin" "$U/usr/share" \
	"$U/proc" "$U/sys" "$U/dev" "$U/tmp" "$U/run" "$U/etc" "$U/lib/modules" \
	"$U/var/run" "$U/root"
cp "$BUSYBOX_STATIC" "$U/bin/busybox"
for app in $("$U/bin/busybox" --list-full); do
	[ -e "$U/$app" ] || ln -s /bin/busybox "$U/$app"
done

copy_in() {
	# Copy $1 (a path in the dom0 root) to the same path under $U.
	mkdir -p "$U$(dirname "$1")"
	cp -L "$ROOT$1" "$U$1"
}
for p in $DOMU_PROGS; do
	[ -e "$ROOT$p" ] || die "domU program $p is not in the dom0 root"
	rm -f "$U$p"
	copy_in "$p"
	for lib in $(in_root ldd "$p" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
		[ -e "$U$lib" ] || copy_in "$lib"
	done
done
cp -a "$ROOT/usr/share/alsa" "$U/usr/share/alsa"

mkdir -p "$U/lib/modules/$KVER"
for m in $DOMU_MODULES; do
	modprobe -d "$ROOT" -S "$KVER" --show-depends "$m" |
		sed -n 's/^insmod \([^ ]*\).*/\1/p'
done | sort -u | while read -r ko; do
	rel=${ko#"$ROOT"}
	mkdir -p "$U$(dirname "$rel")"
	cp "$ROOT$rel" "$U$rel"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	cp "$ROOT/lib/modules/$KVER/$f" "$U/lib/modules/$KVER/"
done
depmod -b "$U" "$KVER"
echo 'root:x:0:0:root:/root:/bin/sh' > "$U/etc/passwd"
echo 'root:x:0:' > "$U/etc/group"
(cd "$U" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 > "$TMP/domu-base.cpio.gz"
rm -rf "$U"

# --- dom0 image --------------------------------------------------------------
msg "images: dom0 ext4 image"
cleanup
mke2fs -q -t ext4 -L xsnd-dom0 -d "$ROOT" "$TMP/dom0.ext4" 2G >/dev/null
rm -rf "$ROOT"

trap - EXIT
touch "$TMP/.complete"
rm -rf "$OUT"
mv "$TMP" "$OUT"
msg "images: built in $(( $(date +%s) - start )) s: $OUT"
# Keep one older recipe's images (another branch may use it), drop the rest.
ls -dt "$CACHE_ROOT"/*/.complete 2>/dev/null | sed 's,/\.complete$,,' |
	grep -vx "$OUT" | tail -n +2 | while read -r old; do
		msg "images: removing old cache $old"
		rm -rf "$old"
	done
sed 's/^/lab:   /' "$OUT/versions" >&2
echo "$OUT"
