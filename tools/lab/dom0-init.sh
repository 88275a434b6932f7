#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dom0 PID 1 of the Xen lab, from the per-run payload disk (mounted on /lab
# by /sbin/xsnd-boot). Mounts the rest, starts xenstored and xenconsoled,
# installs the run's modules, runs the plan (or a shell), then writes every
# result as a tar onto the results disk (/dev/vdc) and powers off.
#
# Payload layout: lab/ (this, lib-dom0.sh), plans/ (selftests/lab), modules/,
# bin/xsnd-sig, domu.cpio.gz, and the files plan, mode, timeout.
#
# PID 1 must never exit, so no "set -e" here: every step reports and goes on.

PATH=/lab/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/root
export PATH HOME

mount -t devpts -o gid=5,mode=620 devpts /dev/pts 2>/dev/null || { mkdir -p /dev/pts && mount -t devpts devpts /dev/pts; }
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm
mount -o remount,rw / 2>/dev/null
hostname xsnd-dom0

LAB_RES=/run/results
mkdir -p "$LAB_RES"
export LAB_RES

PLAN=$(cat /lab/plan)
MODE=$(cat /lab/mode)
PLAN_TIMEOUT=$(cat /lab/timeout)
export PLAN MODE

. /lab/lab/lib-dom0.sh
exec 3>/dev/console

lab_log "dom0 up ($(uname -r)), plan $PLAN, mode $MODE"
echo "$(date +%s)" > "$LAB_RES/dom0-start"

lab_log "starting xenstored and xenconsoled"
# xenfs, evtchn/gntdev modules, xenstored, xenconsoled (guest logs to
# /var/log/xen/console, see /etc/default/xen in the image).
if timeout 120 /etc/init.d/xen start > "$LAB_RES/xen-start.log" 2>&1 &&
   timeout 10 xenstore-read domid >/dev/null 2>&1; then
	lab_log "xenstored and xenconsoled up"
	echo up > "$LAB_RES/xen-up"
else
	lab_log "xen tools failed to start (see xen-start.log)"
fi

if [ "$MODE" = shell ]; then
	lab_shell
else
	lab_log "running plan $PLAN (limit ${PLAN_TIMEOUT}s)"
	# Own session, so that the watchdog can end the plan with all its
	# children (xl, arecord...).
	setsid sh -c '. /lab/lab/lib-dom0.sh; . "/lab/plans/$PLAN.sh"' \
		> "$LAB_RES/dom0-plan.log" 2>&1 </dev/null &
	plan_pid=$!
	# Plan watchdog: results must still be collected if a step hangs.
	( sleep "$PLAN_TIMEOUT"; echo timeout > "$LAB_RES/plan-timeout"
	  kill -TERM -$plan_pid 2>/dev/null; sleep 5
	  kill -KILL -$plan_pid 2>/dev/null ) &
	dog_pid=$!
	wait $plan_pid
	echo $? > "$LAB_RES/plan-rc"
	kill $dog_pid 2>/dev/null
	[ -f "$LAB_RES/plan-timeout" ] && lab_log "plan $PLAN hit its ${PLAN_TIMEOUT}s limit"
	lab_log "plan $PLAN finished (rc $(cat "$LAB_RES/plan-rc"))"
fi

lab_collect
lab_log "powering off"
sync
busybox poweroff -f
