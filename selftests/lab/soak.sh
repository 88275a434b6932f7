# SPDX-License-Identifier: GPL-2.0
#
# make soak: the long series, in one boot. The hostile plan with 10^6
# fuzzed requests and 60 s storms, then the lifecycle plan with 100
# destroys, 30 save/restore and 30 reload cycles. Knobs set through
# XSND_LAB_ENV win over these.
#
#@timeout 9000
#@modules required
#@include hostile life

set -u

HOSTILE_COUNT=${HOSTILE_COUNT:-1000000}
STORM_SECS=${STORM_SECS:-60}
LIFE_DESTROY=${LIFE_DESTROY:-100}
LIFE_SAVE=${LIFE_SAVE:-30}
LIFE_RELOAD=${LIFE_RELOAD:-30}
export HOSTILE_COUNT STORM_SECS LIFE_DESTROY LIFE_SAVE LIFE_RELOAD

for plan in hostile life; do
	lab_log "== plan $plan"
	( . "/lab/plans/$plan.sh" )
	lab_reset
done
