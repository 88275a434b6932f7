// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: the host side, an ALSA PCM substream opened from the kernel.
 *
 * The host PCM is chosen by dom0 policy (the default_pcm parameter), never
 * by a guest-writable node. It is opened through its device node with
 * O_NONBLOCK, so reads and writes never sleep in the stream's work item,
 * and configured to the guest's format, rate and channels with a period no
 * larger than the guest's. start_threshold is the boundary: the host starts
 * only when we say so. The substream's sleep queue, which ALSA wakes when a
 * period elapses, carries a wait entry of ours that queues the stream's
 * work, so the data path is driven by the host's own clock.
 *
 * Positions come from SNDRV_PCM_IOCTL_DELAY: what was handed to the host
 * minus what it still holds is what it really consumed.
 */

#include "common.h"

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/major.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <sound/core.h>
#include <sound/pcm.h>
#include <sound/pcm_params.h>

#include <xen-snd/xsnd_fmt.h>
#include <xen/xenbus.h>

/* "/dev/snd/pcmC<card>D<device><p|c>" with both numbers below 100. */
#define SNDBACK_PCM_PATH_MAX	32

/* Card index of @name: a decimal index or a card id such as "Loopback". */
static int sndback_card_index(const char *name)
{
	struct snd_card *card;
	unsigned int idx;
	int i, found = -ENODEV;

	if (!kstrtouint(name, 10, &idx))
		return idx < SNDRV_CARDS ? idx : -ENODEV;

	for (i = 0; i < SNDRV_CARDS && found < 0; i++) {
		card = snd_card_ref(i);
		if (!card)
			continue;
		if (!strcmp(card->id, name))
			found = i;
		snd_card_unref(card);
	}
	return found;
}

/* Device node of the host PCM that dom0's policy routes @s to. */
static int sndback_host_path(struct sndback_stream *s, char *path)
{
	char spec[SNDBACK_ROUTE_MAX], id[sizeof(((struct snd_card *)0)->id)];
	unsigned int dev;
	int card, err;

	kernel_param_lock(THIS_MODULE);
	err = sndback_route_lookup(sndback_routes, sndback_default_pcm,
				   s->be->domname[0] ? s->be->domname : NULL,
				   s->be->domid, s->cfg.unique_id, spec,
				   sizeof(spec));
	kernel_param_unlock(THIS_MODULE);
	if (err)
		return err;
	if (sndback_route_parse(spec, id, sizeof(id), &dev) ||
	    dev >= SNDRV_PCM_DEVICES)
		return -ENODEV;
	card = sndback_card_index(id);
	if (card < 0)
		return card;
	snprintf(s->host.route, sizeof(s->host.route), "%s", spec);
	snprintf(path, SNDBACK_PCM_PATH_MAX, "/dev/snd/pcmC%dD%u%c", card, dev,
		 s->cfg.capture ? 'c' : 'p');
	return 0;
}

static int sndback_host_wake(wait_queue_entry_t *wait, unsigned int mode,
			     int sync, void *key)
{
	struct sndback_stream *s = container_of(wait, struct sndback_stream,
						host.wait);

	sndback_stream_kick(s);
	return 0;
}

static void sndback_host_qproc(struct file *file, wait_queue_head_t *wqh,
			       poll_table *pt)
{
	struct sndback_host *h = container_of(pt, struct sndback_host, pt);

	if (h->wqh)	/* ALSA polls one queue; never add twice */
		return;
	h->wqh = wqh;
	add_wait_queue(wqh, &h->wait);
}

static int sndback_pin(struct snd_pcm_hw_params *hp, int var, u32 min, u32 max)
{
	struct snd_interval t = { .min = min, .max = max, .integer = 1 };

	return snd_interval_refine(hw_param_interval(hp, var), &t) < 0 ?
		-EINVAL : 0;
}

/*
 * Format, rate and channels exactly; the largest period up to the guest's;
 * the buffer at least as large as the guest's.
 */
static int sndback_host_hw_params(struct sndback_stream *s,
				  struct snd_pcm_hw_params *hp)
{
	struct snd_pcm_substream *sub = s->host.substream;
	const struct sndback_params *p = &s->params;
	u32 gperiod = (p->period_bytes ? p->period_bytes : p->buffer_bytes / 4) /
		      p->frame_bytes;
	u32 period, buffer, slack, max;
	int err;

	_snd_pcm_hw_params_any(hp);
	snd_mask_none(hw_param_mask(hp, SNDRV_PCM_HW_PARAM_ACCESS));
	snd_mask_set(hw_param_mask(hp, SNDRV_PCM_HW_PARAM_ACCESS),
		     (__force unsigned int)SNDRV_PCM_ACCESS_RW_INTERLEAVED);
	snd_mask_none(hw_param_mask(hp, SNDRV_PCM_HW_PARAM_FORMAT));
	snd_mask_set_format(hw_param_mask(hp, SNDRV_PCM_HW_PARAM_FORMAT),
			    p->format);
	err = sndback_pin(hp, SNDRV_PCM_HW_PARAM_CHANNELS, p->channels,
			  p->channels);
	err = err ?: sndback_pin(hp, SNDRV_PCM_HW_PARAM_RATE, p->rate, p->rate);
	err = err ?: sndback_pin(hp, SNDRV_PCM_HW_PARAM_PERIOD_SIZE,
				 SNDBACK_PERIOD_FRAMES_MIN / 2,
				 max_t(u32, gperiod, SNDBACK_PERIOD_FRAMES_MIN));
	err = err ?: snd_pcm_hw_refine(sub, hp);
	if (err)
		return err;

	period = hw_param_interval(hp, SNDRV_PCM_HW_PARAM_PERIOD_SIZE)->max;
	err = sndback_pin(hp, SNDRV_PCM_HW_PARAM_PERIOD_SIZE, period, period);
	err = err ?: snd_pcm_hw_refine(sub, hp);
	if (err)
		return err;
	/*
	 * As large as the guest's buffer, host_periods periods and
	 * SNDBACK_HOST_BUFFER_MS, as far as the device allows: what the guest
	 * has written moves to the host at once, so this costs no latency,
	 * and a busy dom0 finds room (playback) or data (capture) instead of
	 * an xrun, or a replayed ring.
	 */
	slack = roundup(mult_frac(p->rate, SNDBACK_HOST_BUFFER_MS,
				  MSEC_PER_SEC), period);
	buffer = max3(period * sndback_host_periods,
		      rounddown(p->buffer_bytes / p->frame_bytes, period),
		      slack);
	max = hw_param_interval(hp, SNDRV_PCM_HW_PARAM_BUFFER_SIZE)->max;
	buffer = min(buffer, rounddown(max, period));
	err = sndback_pin(hp, SNDRV_PCM_HW_PARAM_BUFFER_SIZE, buffer, buffer);
	err = err ?: snd_pcm_kernel_ioctl(sub, SNDRV_PCM_IOCTL_HW_PARAMS, hp);
	if (err)
		return err;

	s->host.period_frames = params_period_size(hp);
	s->host.buffer_frames = params_buffer_size(hp);
	return 0;
}

/*
 * PREPARE through the file, not snd_pcm_kernel_ioctl(): only then does ALSA
 * copy the file's O_NONBLOCK into the substream, which is what makes
 * snd_pcm_kernel_write() and _read() return -EAGAIN instead of sleeping in
 * the stream's work item.
 */
static int sndback_host_prepare(struct sndback_stream *s)
{
	return s->host.file->f_op->unlocked_ioctl(s->host.file,
						  SNDRV_PCM_IOCTL_PREPARE, 0);
}

/*
 * Playback: silence_size = boundary makes ALSA zero every stretch of the
 * host buffer once it has been played. A device that runs on between
 * running dry and noticing the xrun (snd-aloop's timer, a DMA engine) then
 * plays silence, never a buffer's worth of stale guest audio again.
 */
static int sndback_host_sw_params(struct sndback_stream *s)
{
	struct snd_pcm_runtime *rt = s->host.substream->runtime;
	struct snd_pcm_sw_params sp = {
		.tstamp_mode = SNDRV_PCM_TSTAMP_NONE,
		.period_step = 1,
		.avail_min = s->host.period_frames,
		.start_threshold = rt->boundary,
		.stop_threshold = s->host.buffer_frames,
		.silence_size = s->cfg.capture ? 0 : rt->boundary,
		.boundary = rt->boundary,
	};

	return snd_pcm_kernel_ioctl(s->host.substream,
				    SNDRV_PCM_IOCTL_SW_PARAMS, &sp);
}

/*
 * Release the host PCM file now. A kernel thread's fput() (our work item,
 * xenwatch) defers the release to a work item, and until it runs the
 * substream stays busy: an OPEN right after a capability probe, or after a
 * CLOSE, would find the device in use.
 */
static void sndback_host_release(struct file *file)
{
	if (current->flags & PF_KTHREAD)
		__fput_sync(file);
	else
		fput(file);
}

/* Open the routed device node and check that it is an ALSA PCM. */
static int sndback_host_file(struct sndback_stream *s)
{
	char path[SNDBACK_PCM_PATH_MAX];
	struct snd_pcm_file *pcm_file;
	struct file *file;
	int err;

	err = sndback_host_path(s, path);
	if (err)
		return err;
	file = filp_open(path, (s->cfg.capture ? O_RDONLY : O_WRONLY) |
			 O_NONBLOCK, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	if (!S_ISCHR(file_inode(file)->i_mode) ||
	    imajor(file_inode(file)) != CONFIG_SND_MAJOR) {
		sndback_host_release(file);
		return -ENODEV;
	}
	pcm_file = file->private_data;
	s->host.file = file;
	s->host.substream = pcm_file->substream;
	return 0;
}

/**
 * sndback_host_probe() - narrow a configuration to what the host PCM takes
 * @s: stream, closed
 * @cfg: configuration to narrow (a copy of s->cfg)
 *
 * Opens the routed host PCM for a moment and refines an unrestricted
 * parameter set against it: formats, rates and channels the device lacks
 * are removed, so a guest never gets a configuration the host refuses.
 *
 * Context: the stream's work item.
 * Return: 0; -ENODEV, -EBUSY if the device is missing or in use (the caller
 * then answers from XenStore and module limits alone); -EINVAL if the host
 * and @cfg have nothing in common.
 */
int sndback_host_probe(struct sndback_stream *s, struct sndback_stream_cfg *cfg)
{
	const struct snd_interval *i;
	struct snd_pcm_hw_params *hp;
	u64 alsa_fmts;
	int err;

	err = sndback_host_file(s);
	if (err)
		return err;
	hp = kzalloc(sizeof(*hp), GFP_KERNEL);
	err = -ENOMEM;
	if (!hp)
		goto out_close;
	_snd_pcm_hw_params_any(hp);
	err = snd_pcm_hw_refine(s->host.substream, hp);
	if (err)
		goto out_close;

	alsa_fmts = hw_param_mask(hp, SNDRV_PCM_HW_PARAM_FORMAT)->bits[0] |
		    (u64)hw_param_mask(hp, SNDRV_PCM_HW_PARAM_FORMAT)->bits[1] << 32;
	cfg->formats &= xsnd_fmt_mask_from_alsa(alsa_fmts);
	i = hw_param_interval(hp, SNDRV_PCM_HW_PARAM_RATE);
	err = sndback_cfg_narrow_rates(cfg, i->min + i->openmin,
				       i->max - i->openmax);
	i = hw_param_interval(hp, SNDRV_PCM_HW_PARAM_CHANNELS);
	cfg->channels_min = max_t(u32, cfg->channels_min, i->min);
	cfg->channels_max = min_t(u32, cfg->channels_max, i->max);
	if (!cfg->formats || cfg->channels_min > cfg->channels_max)
		err = -EINVAL;
out_close:
	kfree(hp);
	sndback_host_close(s);
	return err;
}

/**
 * sndback_host_open() - open and configure the host PCM for an OPEN
 * @s: stream with validated s->params
 *
 * Context: process context (the stream's work item).
 * Return: 0; -ENODEV if the routed device does not exist; -EBUSY if it is in
 * use; -EINVAL if it cannot take the stream's parameters; -ENOMEM.
 */
int sndback_host_open(struct sndback_stream *s)
{
	struct sndback_host *h = &s->host;
	struct snd_pcm_hw_params *hp;
	int err;

	err = sndback_host_file(s);
	if (err)
		return err;

	err = -ENOMEM;
	hp = kzalloc(sizeof(*hp), GFP_KERNEL);
	h->frame = kzalloc(s->params.frame_bytes, GFP_KERNEL);
	if (!hp || !h->frame)
		goto err_close;
	err = sndback_host_hw_params(s, hp);
	err = err ?: sndback_host_sw_params(s);
	err = err ?: sndback_host_prepare(s);
	if (err)
		goto err_close;
	kfree(hp);

	init_waitqueue_func_entry(&h->wait, sndback_host_wake);
	init_poll_funcptr(&h->pt, sndback_host_qproc);
	vfs_poll(h->file, &h->pt);
	return 0;

err_close:
	kfree(hp);
	sndback_host_close(s);
	return err;
}

/**
 * sndback_host_close() - stop and close the host PCM; idempotent
 * @s: stream
 *
 * Context: process context, with the stream's work item not running or
 * being it.
 */
void sndback_host_close(struct sndback_stream *s)
{
	struct sndback_host *h = &s->host;

	if (h->wqh)
		remove_wait_queue(h->wqh, &h->wait);
	if (h->file) {
		snd_pcm_kernel_ioctl(h->substream, SNDRV_PCM_IOCTL_DROP, NULL);
		sndback_host_release(h->file);
	}
	kfree(h->frame);
	memset(h, 0, sizeof(*h));
}

/**
 * sndback_host_start() - start the host stream
 * @s: stream with an open host PCM
 *
 * Context: the stream's work item.
 * Return: 0 or a negative errno from ALSA.
 */
int sndback_host_start(struct sndback_stream *s)
{
	int err;

	err = snd_pcm_kernel_ioctl(s->host.substream, SNDRV_PCM_IOCTL_START,
				   NULL);
	s->host.running = !err;
	return err;
}

/**
 * sndback_host_stop() - drop what the host holds and prepare it again
 * @s: stream with an open host PCM
 *
 * Context: the stream's work item.
 */
void sndback_host_stop(struct sndback_stream *s)
{
	struct snd_pcm_substream *sub = s->host.substream;

	snd_pcm_kernel_ioctl(sub, SNDRV_PCM_IOCTL_DROP, NULL);
	sndback_host_prepare(s);
	s->host.running = false;
	s->host.paused = false;
}

/**
 * sndback_host_pause() - pause or resume the host stream
 * @s: stream with an open host PCM
 * @pause: true to pause, false to resume
 *
 * A host stream that is not running has nothing to pause.
 *
 * Context: the stream's work item.
 * Return: 0, or -EOPNOTSUPP if the host device cannot pause.
 */
int sndback_host_pause(struct sndback_stream *s, bool pause)
{
	struct sndback_host *h = &s->host;
	int err;

	if (!h->running || h->paused == pause)
		return 0;
	if (!(h->substream->runtime->info & SNDRV_PCM_INFO_PAUSE))
		return -EOPNOTSUPP;
	err = h->file->f_op->unlocked_ioctl(h->file, SNDRV_PCM_IOCTL_PAUSE,
					     pause);
	if (!err)
		h->paused = pause;
	return err;
}

/*
 * The host ran dry (playback: it played everything it had, so the position
 * catches up with what was copied) or overran (capture: frames were lost
 * before we read them; the position stays what reached the guest). Count it
 * and make the host ready to start again.
 */
static void sndback_host_xrun(struct sndback_stream *s)
{
	s->stats.xruns++;
	s->pos = s->copied;
	sndback_host_prepare(s);
	s->host.running = false;
}

/* Source of the next playback frames at @s->copied; sets *frames. */
static const void *sndback_play_src(struct sndback_stream *s, u32 *frames)
{
	const struct sndback_params *p = &s->params;
	u32 off, len, in_page, first;
	const u8 *src;

	div_u64_rem(s->copied, p->buffer_bytes, &off);
	len = min_t(u64, s->appl - s->copied, p->buffer_bytes - off);
	src = sndback_shbuf_addr(&s->shbuf, off, &in_page);
	*frames = min(len, in_page) / p->frame_bytes;
	if (*frames)
		return src;

	/* A frame straddles a page boundary: assemble it. */
	first = in_page;
	memcpy(s->host.frame, src, first);
	src = sndback_shbuf_addr(&s->shbuf, off + first, &in_page);
	memcpy(s->host.frame + first, src, p->frame_bytes - first);
	*frames = 1;
	return s->host.frame;
}

/**
 * sndback_host_push() - hand the host what the guest has written
 * @s: open playback stream
 *
 * Writes as much as the host buffer takes, without sleeping.
 *
 * Context: the stream's work item.
 * Return: 0, or a negative errno from ALSA other than -EAGAIN.
 */
int sndback_host_push(struct sndback_stream *s)
{
	snd_pcm_sframes_t n;
	const void *src;
	u32 frames;

	while (s->copied < s->appl) {
		src = sndback_play_src(s, &frames);
		if (s->vol.active) {
			frames = min(frames, s->vol.bounce_frames);
			memcpy(s->vol.bounce, src, frames * s->params.frame_bytes);
			sndback_vol_apply(s->vol.bounce, frames, &s->params,
					  s->vol.gain);
			src = s->vol.bounce;
		}
		n = snd_pcm_kernel_write(s->host.substream, src, frames);
		if (n == -EPIPE) {
			sndback_host_xrun(s);
			continue;
		}
		if (n == -EAGAIN || n == 0)
			return 0;
		if (n < 0)
			return n;
		s->copied += (u64)n * s->params.frame_bytes;
		s->stats.frames += n;
	}
	return 0;
}

/* Destination of the next captured frames at @s->copied; sets *frames. */
static void *sndback_rec_dst(struct sndback_stream *s, u32 *frames,
			     u32 *off_out)
{
	const struct sndback_params *p = &s->params;
	u32 off, in_page;
	void *dst;

	div_u64_rem(s->copied, p->buffer_bytes, &off);
	dst = sndback_shbuf_addr(&s->shbuf, off, &in_page);
	*off_out = off;
	*frames = min(p->buffer_bytes - off, in_page) / p->frame_bytes;
	return *frames ? dst : s->host.frame;
}

/* Scatter the frame assembled in s->host.frame over two buffer pages. */
static void sndback_rec_scatter(struct sndback_stream *s, u32 off)
{
	u32 fb = s->params.frame_bytes, first, in_page;
	u8 *dst = sndback_shbuf_addr(&s->shbuf, off, &in_page);

	first = in_page;
	memcpy(dst, s->host.frame, first);
	dst = sndback_shbuf_addr(&s->shbuf, off + first, &in_page);
	memcpy(dst, s->host.frame + first, fb - first);
}

/**
 * sndback_host_pull() - move what the host has captured into the guest ring
 * @s: open capture stream
 *
 * Like hardware, capture keeps running whether or not the guest keeps up: a
 * guest that falls a whole buffer behind sees an overrun through the
 * positions. Never sleeps.
 *
 * Context: the stream's work item.
 * Return: 0, or a negative errno from ALSA other than -EAGAIN.
 */
int sndback_host_pull(struct sndback_stream *s)
{
	snd_pcm_sframes_t n;
	u32 frames, off;
	void *dst;

	for (;;) {
		dst = sndback_rec_dst(s, &frames, &off);
		n = snd_pcm_kernel_read(s->host.substream, dst,
					frames ? frames : 1);
		if (n == -EPIPE) {
			sndback_host_xrun(s);
			return 0;
		}
		if (n == -EAGAIN || n == 0)
			return 0;
		if (n < 0)
			return n;
		if (s->vol.active)
			sndback_vol_apply(dst, n, &s->params, s->vol.gain);
		if (!frames)
			sndback_rec_scatter(s, off);
		s->copied += (u64)n * s->params.frame_bytes;
		s->pos = s->copied;
		s->stats.frames += n;
	}
}

/**
 * sndback_host_consumed() - what the host has really played
 * @s: open playback stream
 *
 * Context: the stream's work item.
 * Return: the cumulative octet position, never below s->pos and never above
 * s->copied.
 */
u64 sndback_host_consumed(struct sndback_stream *s)
{
	u32 fb = s->params.frame_bytes;
	snd_pcm_sframes_t delay = 0;
	u64 held, pos;
	int err;

	if (!s->host.running)
		return s->pos;
	err = snd_pcm_kernel_ioctl(s->host.substream, SNDRV_PCM_IOCTL_DELAY,
				   &delay);
	if (err == -EPIPE) {
		sndback_host_xrun(s);
		return s->copied;
	}
	if (err)
		return s->pos;

	held = clamp_t(s64, delay, 0, div_u64(s->copied - s->pos, fb));
	pos = s->copied - held * fb;
	return max(pos, s->pos);
}
