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

. /lab/guest/lib-rogue.sh

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

rogue_modules "$p"
rc=$?

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
		sleep 5	# let dom0 settle: each storm is measured on its own
		timeout $((storm + 120)) "$ROGUE" --prefix "$p" storm --seconds "$storm" --channel evt --marker storm-evt
		lab_marker storm-done
	else
		tap_fail "$p.go.storm" "dom0 never said go"
	fi
	timeout 300 "$ROGUE" --prefix "$p" --max-buffer "$maxbuf" good --name "$p.good.final"
fi
lab_marker rogue-done
