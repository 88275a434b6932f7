// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: module parameters, module-wide state, init and exit.
 */

#include "common.h"

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xen.h>
#include <xen/page.h>

/* Default for max_buffer_kb: snd-aloop's largest buffer, 512 pages. */
#define SNDBACK_DEFAULT_BUFFER_KB	2048

static unsigned int max_buffer_kb = SNDBACK_DEFAULT_BUFFER_KB;
module_param(max_buffer_kb, uint, 0444);
MODULE_PARM_DESC(max_buffer_kb,
		 "Largest stream buffer a guest may have mapped, in KiB (default 2048, at most 16384)");

unsigned int sndback_host_periods = 4;
module_param_named(host_periods, sndback_host_periods, uint, 0444);
MODULE_PARM_DESC(host_periods,
		 "Least periods in the host PCM buffer, which is otherwise as large as the guest's and 1 s, 2..16 (default 4)");

char *sndback_default_pcm;
module_param_named(default_pcm, sndback_default_pcm, charp, 0444);
MODULE_PARM_DESC(default_pcm,
		 "Host PCM for guest streams: \"CARD,DEVICE\", CARD an index or an ALSA card id (e.g. \"Loopback,0\")");

/*
 * routes is writable at run time: a table that does not parse is refused
 * (the write fails with -EINVAL and the old table stays), and the newline
 * that echo appends is dropped.
 */
static int sndback_routes_set(const char *val, const struct kernel_param *kp)
{
	char *table;
	int err;

	table = kstrdup(val, GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	strim(table);
	err = sndback_route_check(table);
	if (err)
		pr_warn("routes: malformed table refused: \"%s\"\n", table);
	else
		err = param_set_charp(table, kp);
	kfree(table);
	return err;
}

static const struct kernel_param_ops sndback_routes_ops = {
	.set = sndback_routes_set,
	.get = param_get_charp,
	.free = param_free_charp,
};

char *sndback_routes;
module_param_cb(routes, &sndback_routes_ops, &sndback_routes, 0644);
MODULE_PARM_DESC(routes,
		 "Per-guest routes \"DOMAIN/UNIQUE-ID=CARD,DEVICE;...\"; DOMAIN a name or domid, '*' matches any; applies at the next OPEN");

/*
 * Read when a guest's device appears, so a change applies to guests
 * created after it. Only for testing a frontend's READ path: the feature
 * costs nothing here, since captured frames always go straight into the
 * guest's buffer.
 */
bool sndback_capture_in_place = true;
module_param_named(capture_in_place, sndback_capture_in_place, bool, 0644);
MODULE_PARM_DESC(capture_in_place,
		 "Advertise feature-capture-in-place to new guest devices, so their frontends need no READ per capture period (default Y)");

unsigned int sndback_max_buffer_bytes;
struct workqueue_struct *sndback_wq;
atomic_t sndback_mapped_pages = ATOMIC_INIT(0);

static int sndback_check_params(void)
{
	char card[SNDBACK_CARD_ID_MAX + 1];
	unsigned int dev;

	if (!max_buffer_kb ||
	    max_buffer_kb > SNDBACK_BUFFER_BYTES_LIMIT / 1024) {
		pr_err("max_buffer_kb=%u out of range 1..%u\n", max_buffer_kb,
		       SNDBACK_BUFFER_BYTES_LIMIT / 1024);
		return -EINVAL;
	}
	if (sndback_host_periods < 2 || sndback_host_periods > 16) {
		pr_err("host_periods=%u out of range 2..16\n",
		       sndback_host_periods);
		return -EINVAL;
	}
	if (!sndback_default_pcm || !*sndback_default_pcm) {
		pr_warn("no default_pcm: every OPEN will fail with -ENODEV\n");
	} else if (sndback_route_parse(sndback_default_pcm, card,
				       sizeof(card), &dev)) {
		pr_err("default_pcm=\"%s\" is not CARD,DEVICE\n",
		       sndback_default_pcm);
		return -EINVAL;
	}
	sndback_max_buffer_bytes = max_buffer_kb * 1024;
	return 0;
}

static int __init sndback_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;
	if (XEN_PAGE_SIZE != PAGE_SIZE) {
		pr_err("needs XEN_PAGE_SIZE (%lu) == PAGE_SIZE (%lu)\n",
		       XEN_PAGE_SIZE, PAGE_SIZE);
		return -ENODEV;
	}
	err = sndback_check_params();
	if (err)
		return err;

	sndback_wq = alloc_workqueue("sndback", WQ_UNBOUND | WQ_HIGHPRI, 0);
	if (!sndback_wq)
		return -ENOMEM;
	sndback_debugfs_init();
	err = sndback_xenbus_init();
	if (err)
		goto err_destroy_wq;
	return 0;

err_destroy_wq:
	sndback_debugfs_exit();
	destroy_workqueue(sndback_wq);
	return err;
}
module_init(sndback_init);

static void __exit sndback_exit(void)
{
	sndback_xenbus_exit();
	sndback_debugfs_exit();
	destroy_workqueue(sndback_wq);
	WARN_ON(atomic_read(&sndback_mapped_pages));
}
module_exit(sndback_exit);

MODULE_DESCRIPTION("Xen PV sound backend (sndif) feeding host ALSA PCMs");
MODULE_AUTHOR("The snd-xen developers");
MODULE_LICENSE("GPL");
MODULE_ALIAS("xen-backend:vsnd");
