# SPDX-License-Identifier: GPL-2.0
#
# Every lab plan of make check in one boot of the lab (booting Xen and
# dom0 under TCG costs a minute or more): each runs in its own subshell,
# and lab_reset leaves a bare dom0 between them. Plans knobs (XSND_LAB_ENV)
# pass through, e.g. HOSTILE_COUNT. To keep make check within an hour on
# a 2-core machine, the lifecycle series are shorter here (8 destroys, 2
# save/restore and 3 reload cycles); run.sh life runs 20/10/10 and make
# soak 100/30/30.
#
#@timeout 5300
#@modules required
#@include check pcm life hostile fault bench-smoke

set -u

LIFE_DESTROY=${LIFE_DESTROY:-8}
LIFE_SAVE=${LIFE_SAVE:-2}
LIFE_RELOAD=${LIFE_RELOAD:-3}

for plan in check pcm life hostile fault bench-smoke; do
	lab_log "== plan $plan"
	( . "/lab/plans/$plan.sh" )
	lab_reset
done
