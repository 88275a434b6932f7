# SPDX-License-Identifier: GPL-2.0
#
# Every lab plan of make check in one boot of the lab (booting Xen and
# dom0 under TCG costs a minute or more): each runs in its own subshell,
# and lab_reset leaves a bare dom0 between them. Plans knobs (XSND_LAB_ENV)
# pass through, e.g. HOSTILE_COUNT.
#
#@timeout 5100
#@modules required
#@include check pcm life hostile fault

set -u

for plan in check pcm life hostile fault; do
	lab_log "== plan $plan"
	( . "/lab/plans/$plan.sh" )
	lab_reset
done
