// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: fault injection, a test facility.
 *
 * The frontend treats the backend as untrusted; to test that, root can make
 * this backend misbehave. /sys/kernel/debug/snd_xenback/fault (0600) selects
 * one misbehaviour, applied to every stream of every guest from its next
 * response or event on:
 *
 *   none        behave (the default)
 *   bad-id      responses carry an id that no request in flight has
 *   bad-op      responses echo another operation than the request's
 *   bad-status  response statuses are neither 0 nor an errno
 *   no-answer   requests are consumed and executed but never answered
 *   bad-pos     CUR_POS positions alternate between 1 GiB beyond the true
 *               one (more than any buffer) and the true one (behind it)
 *   evt-flood   the event page's in_prod claims more events than it holds
 *   rsp-prod    the request ring's rsp_prod claims more responses than
 *               there were requests
 *   evt-hold    CUR_POS events are held back as if the guest's event ring
 *               were full, requests still answered: a stalled backend; the
 *               events resume, with the newest position, once it is "none"
 *
 * Only what the guest reads is falsified: our own ring indices, positions
 * and event ids stay right, so "none" makes the backend behave again at
 * once. A frontend that disabled the stream meanwhile needs a reconnect.
 * Reading the file lists the modes, the current one in brackets, and how
 * many responses and events were falsified since it was chosen.
 *
 * The hooks sit behind a static key: while the mode is "none" each costs a
 * jump patched out of the response and event paths (common.h).
 */

#include "common.h"

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/*
 * bad-pos: how far ahead the falsified positions are. More than the largest
 * buffer (SNDBACK_BUFFER_BYTES_LIMIT) and than any progress between two
 * events, so the true position that follows lies behind it.
 */
#define SNDBACK_FAULT_POS_AHEAD		SZ_1G

/**
 * enum sndback_fault - misbehaviours, in the order the debugfs file lists them
 * @SNDBACK_FAULT_NONE: behave
 * @SNDBACK_FAULT_BAD_ID: responses carry an id no request in flight has
 * @SNDBACK_FAULT_BAD_OP: responses echo another operation
 * @SNDBACK_FAULT_BAD_STATUS: statuses neither 0 nor an errno
 * @SNDBACK_FAULT_NO_ANSWER: requests executed but never answered
 * @SNDBACK_FAULT_BAD_POS: CUR_POS far beyond the buffer, then backwards
 * @SNDBACK_FAULT_EVT_FLOOD: impossible event page in_prod
 * @SNDBACK_FAULT_RSP_PROD: impossible request ring rsp_prod
 * @SNDBACK_FAULT_EVT_HOLD: events held back, requests answered
 */
enum sndback_fault {
	SNDBACK_FAULT_NONE,
	SNDBACK_FAULT_BAD_ID,
	SNDBACK_FAULT_BAD_OP,
	SNDBACK_FAULT_BAD_STATUS,
	SNDBACK_FAULT_NO_ANSWER,
	SNDBACK_FAULT_BAD_POS,
	SNDBACK_FAULT_EVT_FLOOD,
	SNDBACK_FAULT_RSP_PROD,
	SNDBACK_FAULT_EVT_HOLD,
};

static const char *const sndback_fault_names[] = {
	[SNDBACK_FAULT_NONE] = "none",
	[SNDBACK_FAULT_BAD_ID] = "bad-id",
	[SNDBACK_FAULT_BAD_OP] = "bad-op",
	[SNDBACK_FAULT_BAD_STATUS] = "bad-status",
	[SNDBACK_FAULT_NO_ANSWER] = "no-answer",
	[SNDBACK_FAULT_BAD_POS] = "bad-pos",
	[SNDBACK_FAULT_EVT_FLOOD] = "evt-flood",
	[SNDBACK_FAULT_RSP_PROD] = "rsp-prod",
	[SNDBACK_FAULT_EVT_HOLD] = "evt-hold",
};

DEFINE_STATIC_KEY_FALSE(sndback_fault_on);

/* The mode: written under sndback_fault_lock, read racily by the hooks. */
static enum sndback_fault sndback_fault_mode;
/* Responses and events falsified since the mode was chosen. */
static atomic_long_t sndback_fault_count = ATOMIC_LONG_INIT(0);
/* Serialises writers of the mode and the static key. */
static DEFINE_MUTEX(sndback_fault_lock);

/**
 * sndback_fault_garbage() - a status that is neither 0 nor an errno
 *
 * Context: any.
 * Return: a random value, positive or below -MAX_ERRNO.
 */
static s32 sndback_fault_garbage(void)
{
	s32 v = get_random_u32();

	if (v <= 0 && v >= -MAX_ERRNO)
		v = 1 - v;
	return v;
}

/**
 * __sndback_fault_resp() - falsify a response, or drop it
 * @s: stream
 * @resp: the response, built for the request it answers
 *
 * Called through sndback_fault_resp() while a fault is selected.
 *
 * Context: the stream's work item.
 * Return: false to drop the response (no-answer), true to send @resp.
 */
bool __sndback_fault_resp(struct sndback_stream *s, struct xensnd_resp *resp)
{
	switch (READ_ONCE(sndback_fault_mode)) {
	case SNDBACK_FAULT_BAD_ID:
		/* Ids in flight lie within 32 of each other: never this one. */
		resp->id ^= 0x8000;
		break;
	case SNDBACK_FAULT_BAD_OP:
		/* OPEN <-> CLOSE, READ <-> WRITE, ...: always another op. */
		resp->operation ^= 1;
		break;
	case SNDBACK_FAULT_BAD_STATUS:
		resp->status = sndback_fault_garbage();
		break;
	case SNDBACK_FAULT_NO_ANSWER:
		atomic_long_inc(&sndback_fault_count);
		return false;
	default:
		return true;
	}
	atomic_long_inc(&sndback_fault_count);
	return true;
}

/**
 * __sndback_fault_pushed() - falsify rsp_prod after responses were pushed
 * @s: stream
 * @notify: set to make the caller notify the guest
 *
 * Called through sndback_fault_pushed() while a fault is selected. Our own
 * rsp_prod_pvt stays right; the guest reads more responses than it sent
 * requests.
 *
 * Context: the stream's work item.
 */
void __sndback_fault_pushed(struct sndback_stream *s, int *notify)
{
	struct xen_sndif_back_ring *ring = &s->ring;

	if (READ_ONCE(sndback_fault_mode) != SNDBACK_FAULT_RSP_PROD)
		return;
	WRITE_ONCE(ring->sring->rsp_prod,
		   ring->rsp_prod_pvt + 2 * RING_SIZE(ring));
	*notify = 1;
	atomic_long_inc(&sndback_fault_count);
}

/**
 * __sndback_fault_evt() - falsify an event or the index that publishes it
 * @s: stream
 * @evt: the CUR_POS event just written to the event page, id s->evt_id - 1,
 *       position s->pos
 * @prod: the in_prod value about to be published
 *
 * Called through sndback_fault_evt() while a fault is selected. Our own
 * evt_prod, evt_pos and evt_id stay right.
 *
 * Context: the stream's work item.
 */
void __sndback_fault_evt(struct sndback_stream *s, struct xensnd_evt *evt,
			 u32 *prod)
{
	u16 id = s->evt_id - 1;	/* the id @evt carries */

	/* @evt is on the guest's page: written, never read back. */
	switch (READ_ONCE(sndback_fault_mode)) {
	case SNDBACK_FAULT_BAD_POS:
		/* Odd ids far ahead; the true even ones are then behind. */
		if (!(id & 1))
			return;
		evt->op.cur_pos.position = s->pos + SNDBACK_FAULT_POS_AHEAD;
		break;
	case SNDBACK_FAULT_EVT_FLOOD:
		*prod += 2 * XENSND_IN_RING_LEN;
		break;
	default:
		return;
	}
	atomic_long_inc(&sndback_fault_count);
}

/**
 * __sndback_fault_evt_hold() - hold a due event back
 * @s: stream
 *
 * Called through sndback_fault_evt_hold() while a fault is selected. The
 * event stays pending, and is retried, as on a full event ring.
 *
 * Context: the stream's work item.
 * Return: true if the event is held back.
 */
bool __sndback_fault_evt_hold(struct sndback_stream *s)
{
	if (READ_ONCE(sndback_fault_mode) != SNDBACK_FAULT_EVT_HOLD)
		return false;
	atomic_long_inc(&sndback_fault_count);
	return true;
}

/**
 * sndback_fault_set() - select a misbehaviour for every stream
 * @mode: the misbehaviour, SNDBACK_FAULT_NONE to behave
 *
 * Context: process; takes sndback_fault_lock and the jump label lock.
 */
static void sndback_fault_set(enum sndback_fault mode)
{
	mutex_lock(&sndback_fault_lock);
	atomic_long_set(&sndback_fault_count, 0);
	WRITE_ONCE(sndback_fault_mode, mode);
	if (mode == SNDBACK_FAULT_NONE)
		static_branch_disable(&sndback_fault_on);
	else
		static_branch_enable(&sndback_fault_on);
	mutex_unlock(&sndback_fault_lock);

	if (mode == SNDBACK_FAULT_NONE)
		pr_info("fault injection off\n");
	else
		pr_warn("fault injection (test facility): every stream gets %s\n",
			sndback_fault_names[mode]);
}

/**
 * sndback_fault_show() - list the modes, the current one in brackets
 * @m: the seq_file
 * @unused: no private data
 *
 * Context: process.
 * Return: 0.
 */
static int sndback_fault_show(struct seq_file *m, void *unused)
{
	enum sndback_fault cur = READ_ONCE(sndback_fault_mode);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sndback_fault_names); i++)
		seq_printf(m, i == cur ? "%s[%s]" : "%s%s", i ? " " : "",
			   sndback_fault_names[i]);
	seq_printf(m, "\ninjected: %ld\n",
		   atomic_long_read(&sndback_fault_count));
	return 0;
}

/**
 * sndback_fault_open() - open the fault file
 * @inode: its inode
 * @file: the open file
 *
 * Context: process.
 * Return: 0 or -ENOMEM.
 */
static int sndback_fault_open(struct inode *inode, struct file *file)
{
	return single_open(file, sndback_fault_show, NULL);
}

/**
 * sndback_fault_write() - select a mode by name
 * @file: the open file
 * @ubuf: the name, a trailing newline allowed
 * @count: its length
 * @ppos: unused: each write is a whole name
 *
 * Context: process.
 * Return: @count, -EINVAL for an unknown name, -EFAULT.
 */
static ssize_t sndback_fault_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	char buf[16];
	int mode;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	mode = sysfs_match_string(sndback_fault_names, buf);
	if (mode < 0)
		return mode;
	sndback_fault_set(mode);
	return count;
}

static const struct file_operations sndback_fault_fops = {
	.owner = THIS_MODULE,
	.open = sndback_fault_open,
	.read = seq_read,
	.write = sndback_fault_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * sndback_fault_debugfs_init() - create the fault file
 * @root: the module's debugfs directory
 *
 * Context: module init.
 */
void sndback_fault_debugfs_init(struct dentry *root)
{
	debugfs_create_file("fault", 0600, root, NULL, &sndback_fault_fops);
}
