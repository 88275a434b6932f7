# SPDX-License-Identifier: GPL-2.0
#
# Guest side of hostile.sh: a rogue sndif frontend. No kernel frontend is
# loaded; xsnd-rogue (tools/rogue) speaks sndif from user space through
# gntalloc and evtchn, whose modules dom0 adds to this guest's ramdisk
# under /lab/rogue/. Phases, each gated by dom0 through XenStore
# (data/xsnd-go) so that dom0 can measure around them:
#
#   good (first) -> marker rogue-ready; go=attack -> fuzz, checklist ->
#   marker attack-done; go=storm -> storm ring, storm evt -> marker
#   storm-done; good (final)
#
# Parameters: prefix seed count storm (seconds per channel) maxbuf.

p=${xsnd_prefix:-hostile.rogue}
seed=${xsnd_seed:-1}
count=${xsnd_count:-100000}
storm=${xsnd_storm:-20}
maxbuf=${xsnd_maxbuf:-8388608}

ROGUE=/lab/bin/xsnd-rogue
[ -x "$ROGUE" ] || ROGUE=/lab/guest/rogue.bin

# wait_go VALUE SECS: until dom0 writes data/xsnd-go = VALUE.
wait_go() {
	i=0
	while [ $i -lt $(($2 * 2)) ]; do
		[ "$(timeout 10 xenstore-read data/xsnd-go 2>/dev/null)" = "$1" ] && return 0
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}

rc=0
[ -x "$ROGUE" ] || { tap_diag "no xsnd-rogue binary (make -C tools rogue)"; rc=1; }
if [ $rc -eq 0 ]; then
	insmod /lab/rogue/xen-evtchn.ko > /tmp/insmod.log 2>&1 || rc=1
	# The checklist shares ~1200 pages at once; gntalloc allows 1024.
	insmod /lab/rogue/xen-gntalloc.ko limit=65536 >> /tmp/insmod.log 2>&1 || rc=1
	wait_for_file /dev/xen/gntalloc 10 && wait_for_file /dev/xen/evtchn 10 || rc=1
	tap_diag_file /tmp/insmod.log 5
fi
tap_check $rc "$p.modules" "xen-evtchn, xen-gntalloc limit=65536, $ROGUE"

if [ $rc -eq 0 ]; then
	timeout 300 "$ROGUE" --prefix "$p" --max-buffer "$maxbuf" good --name "$p.good.first"
	lab_marker rogue-ready
	if wait_go attack 900; then
		timeout 1200 "$ROGUE" --prefix "$p" --max-buffer "$maxbuf" fuzz --seed "$seed" --count "$count"
		lab_marker checklist-start
		timeout 1200 "$ROGUE" --prefix "$p" --max-buffer "$maxbuf" checklist
		lab_marker attack-done
	else
		tap_fail "$p.go.attack" "dom0 never said go"
	fi
	if wait_go storm 600; then
		timeout $((storm + 120)) "$ROGUE" --prefix "$p" storm --seconds "$storm" --channel ring --marker storm-ring
		timeout $((storm + 120)) "$ROGUE" --prefix "$p" storm --seconds "$storm" --channel evt --marker storm-evt
		lab_marker storm-done
	else
		tap_fail "$p.go.storm" "dom0 never said go"
	fi
	timeout 300 "$ROGUE" --prefix "$p" --max-buffer "$maxbuf" good --name "$p.good.final"
fi
lab_marker rogue-done
