# SPDX-License-Identifier: GPL-2.0
#
# Guest side of life.sh's "never CLOSE" case: xsnd-rogue opens and starts
# every playback stream, holds them for a while and exits without STOP,
# CLOSE or disconnecting; then the guest powers off. Parameters: prefix,
# secs.

p=${xsnd_prefix:-life.hold}
. /lab/guest/lib-rogue.sh

if rogue_modules "$p"; then
	timeout $((${xsnd_secs:-5} + 60)) "$ROGUE" --prefix "$p" hold \
		--seconds "${xsnd_secs:-5}" --marker hold-running
fi
lab_marker hold-done
