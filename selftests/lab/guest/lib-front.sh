# SPDX-License-Identifier: GPL-2.0
#
# Shared by the guest scripts that use a kernel frontend (play.sh,
# serve.sh): front_load PREFIX FRONT loads FRONT's module, xenfront (ours,
# snd-xenfront), upstream (Debian's snd_xen_front) or a module name, and
# reports PREFIX.guest.load. Return: modprobe's status.

front_load() {
	case "$2" in
	xenfront) fl_mod=snd-xenfront ;;
	upstream) fl_mod=snd_xen_front ;;
	*) fl_mod=$2 ;;
	esac
	# snd_xen_front's probe can wait up to 30 s for the backend to connect.
	timeout 90 modprobe "$fl_mod" ${xsnd_dyndbg:+dyndbg=+p} > /tmp/modprobe.log 2>&1
	fl_rc=$?
	tap_diag_file /tmp/modprobe.log 10
	tap_check $fl_rc "$1.guest.load" "modprobe $fl_mod"
	return $fl_rc
}
