// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: debugfs.
 *
 *   /sys/kernel/debug/snd_xenback/mapped_pages     grant pages mapped, all guests
 *   /sys/kernel/debug/snd_xenback/dom<D>-<dev>/s<N> one stream's state and counters
 *   /sys/kernel/debug/snd_xenback/fault            fault injection, a test
 *                                                  facility (fault.c)
 *
 * Counters are read without locking; each value is a snapshot.
 */

#include "common.h"

#include <linux/debugfs.h>
#include <linux/seq_file.h>

static struct dentry *sndback_dbg_root;

static const char *const sndback_state_names[] = {
	[SNDBACK_CLOSED] = "closed",
	[SNDBACK_OPEN] = "open",
	[SNDBACK_RUNNING] = "running",
	[SNDBACK_PAUSED] = "paused",
};

static const char *const sndback_op_names[] = {
	"open", "close", "read", "write", "set_volume", "get_volume",
	"mute", "unmute", "trigger", "hw_param_query",
};

static int sndback_stream_show(struct seq_file *m, void *unused)
{
	struct sndback_stream *s = m->private;
	struct sndback_stats *st = &s->stats;
	unsigned int i;

	seq_printf(m, "name: %s\ntype: %s\nunique_id: %s\nstate: %s\n",
		   s->name, s->cfg.capture ? "capture" : "playback",
		   s->cfg.unique_id, sndback_state_names[READ_ONCE(s->state)]);
	seq_printf(m, "disabled: %d\n",
		   test_bit(SNDBACK_F_DISABLED, &s->flags));
	seq_printf(m, "format: %u\nrate: %u\nchannels: %u\nbuffer_bytes: %u\nperiod_bytes: %u\n",
		   s->params.sndif_format, s->params.rate, s->params.channels,
		   s->params.buffer_bytes, s->params.period_bytes);
	seq_printf(m, "host_pcm: %s\n", s->host.route);
	seq_printf(m, "host_period_frames: %u\nhost_buffer_frames: %u\n",
		   s->host.period_frames, s->host.buffer_frames);
	seq_printf(m, "pages_mapped: %u\nappl: %llu\ncopied: %llu\npos: %llu\n",
		   s->shbuf.nr_pages, s->appl, s->copied, s->pos);
	seq_printf(m, "frames: %llu\nxruns: %llu\nevents: %llu\n",
		   st->frames, st->xruns, st->events);
	seq_printf(m, "notify_evt: %llu\nnotify_req: %llu\nirqs: %llu\nspurious: %llu\nevt_irqs: %llu\n",
		   st->notify_evt, st->notify_req, st->irqs, st->spurious,
		   st->evt_irqs);
	for (i = 0; i < ARRAY_SIZE(sndback_op_names); i++)
		seq_printf(m, "req_%s: %llu\n", sndback_op_names[i],
			   st->reqs[i]);
	seq_printf(m, "req_errors: %llu\nreq_bad_op: %llu\n", st->errors,
		   st->bad_ops);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sndback_stream);

static int sndback_mapped_get(void *data, u64 *val)
{
	*val = atomic_read(&sndback_mapped_pages);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sndback_mapped_fops, sndback_mapped_get, NULL,
			 "%llu\n");

/**
 * sndback_debugfs_dev_add() - publish a connected device's streams
 * @be: device
 *
 * Context: process context (xenwatch).
 */
void sndback_debugfs_dev_add(struct sndback_dev *be)
{
	char name[32];
	unsigned int i;

	snprintf(name, sizeof(name), "dom%u-%u", be->domid, be->devid);
	be->dbg = debugfs_create_dir(name, sndback_dbg_root);
	for (i = 0; i < be->nr_streams; i++) {
		snprintf(name, sizeof(name), "s%u", i);
		debugfs_create_file(name, 0400, be->dbg, &be->streams[i],
				    &sndback_stream_fops);
	}
}

/**
 * sndback_debugfs_dev_remove() - withdraw them; idempotent
 * @be: device
 *
 * Context: process context (xenwatch).
 */
void sndback_debugfs_dev_remove(struct sndback_dev *be)
{
	debugfs_remove_recursive(be->dbg);
	be->dbg = NULL;
}

/**
 * sndback_debugfs_init() - create the module's directory
 *
 * Context: module init.
 */
void sndback_debugfs_init(void)
{
	sndback_dbg_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file_unsafe("mapped_pages", 0400, sndback_dbg_root,
				   NULL, &sndback_mapped_fops);
	sndback_fault_debugfs_init(sndback_dbg_root);
}

/**
 * sndback_debugfs_exit() - remove it
 *
 * Context: module exit.
 */
void sndback_debugfs_exit(void)
{
	debugfs_remove_recursive(sndback_dbg_root);
}
