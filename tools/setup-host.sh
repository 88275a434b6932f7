#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package that building, checking, the Xen lab and the
# tests need. Idempotent; run as root on Debian 12 (bookworm).

set -eu

PKGS="
	build-essential bc bison flex libelf-dev libssl-dev kmod
	linux-headers-amd64 linux-source-6.1 sparse
	libasound2-dev pkg-config libxen-dev time
	qemu-system-x86 debootstrap e2fsprogs busybox-static cpio xz-utils
	python3 python3-docutils ca-certificates
"

if [ "$(id -u)" -ne 0 ]; then
	echo "setup-host: must run as root (apt-get install)" >&2
	exit 1
fi

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done

if [ -z "$missing" ]; then
	echo "setup-host: all packages present"
	exit 0
fi

echo "setup-host: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
