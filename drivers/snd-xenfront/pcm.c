// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: the ALSA card and its PCM operations.
 *
 * Stream lifetime, as seen by the backend:
 *   hw_params   CLOSE if open; (re)allocate the shared buffer
 *   prepare     OPEN if not open on this connection (the first prepare
 *               after hw_params, or the first after a reconnection);
 *               the ALSA-side position restarts at 0
 *   ack         WRITE what the application committed (playback)
 *   trigger     TRIGGER start/stop/pause/resume, waiting for the answer
 *   hw_free     CLOSE; free the buffer
 * Capture data is asked for with READ once the backend reported it
 * captured, and shown to ALSA once READ is answered (evtchnl.c); a
 * backend that advertises feature-capture-in-place has it in the buffer
 * already, and it is shown at once.
 *
 * The PCMs are non-atomic: trigger may wait for the backend, and
 * snd_pcm_period_elapsed() is called from a work item. mmap works through
 * the ack callback (SNDRV_PCM_INFO_SYNC_APPLPTR makes alsa-lib report
 * every appl_ptr move), so no data is sent before it is committed.
 */

#include "common.h"

#include <linux/math64.h>
#include <sound/initval.h>
#include <sound/pcm_params.h>
#include <xen-snd/xsnd_fmt.h>

/* card->driver: names the driver to alsa-lib (16 bytes with the NUL). */
#define SNDFRONT_DRIVER_NAME	"XenSndFront"

/**
 * sndfront_pcm_stream() - the stream of a PCM device's substream
 * @pc: the PCM device
 * @dir: SNDRV_PCM_STREAM_PLAYBACK or _CAPTURE
 * @number: substream number in that direction
 *
 * Context: any.
 * Return: the stream.
 */
static struct sndfront_stream *sndfront_pcm_stream(struct sndfront_pcm_cfg *pc,
						   int dir, unsigned int number)
{
	unsigned int i = pc->first + number;

	if (dir == SNDRV_PCM_STREAM_CAPTURE)
		i += pc->nr_play;
	return &pc->scard->streams[i];
}

/**
 * sndfront_substream_stream() - the stream behind an open substream
 * @ss: the substream; its private data is set once it is open
 *
 * Context: any.
 * Return: the stream.
 */
static struct sndfront_stream *
sndfront_substream_stream(struct snd_pcm_substream *ss)
{
	return sndfront_pcm_stream(snd_pcm_substream_chip(ss), ss->stream,
				   ss->number);
}

/**
 * sndfront_period_work() - report a period or an xrun to ALSA
 * @work: the stream's period work
 *
 * Context: process (workqueue). Takes the PCM stream lock.
 */
static void sndfront_period_work(struct work_struct *work)
{
	struct sndfront_stream *s = container_of(work, struct sndfront_stream,
						 period_work);
	struct snd_pcm_substream *ss;
	bool xrun, elapsed;

	spin_lock_irq(&s->lock);
	ss = s->substream;
	xrun = s->xrun_pending;
	elapsed = s->elapsed_pending;
	s->xrun_pending = false;
	s->elapsed_pending = false;
	spin_unlock_irq(&s->lock);

	if (!ss)
		return;
	if (xrun)
		snd_pcm_stop_xrun(ss);
	else if (elapsed)
		snd_pcm_period_elapsed(ss);
}

/**
 * sndfront_stream_init() - initialise the locks and work of a stream
 * @s: the stream, zeroed
 *
 * Context: any.
 */
void sndfront_stream_init(struct sndfront_stream *s)
{
	spin_lock_init(&s->lock);
	mutex_init(&s->sync_lock);
	init_completion(&s->sync_done);
	INIT_WORK(&s->period_work, sndfront_period_work);
	timer_setup(&s->watchdog, sndfront_stream_watchdog, 0);
	s->chan.ring_gref = INVALID_GRANT_REF;
	s->chan.evt_gref = INVALID_GRANT_REF;
}

/**
 * sndfront_pcm_caps() - backend capabilities for a stream
 * @s: the stream
 * @ans: receives the answer
 *
 * Asked on every open, not once per connection: what the backend can do
 * depends on dom0's state (its routing, the host device and whoever else
 * uses it), which may change while we stay connected. One query per open,
 * none per refine step. A refusal is logged once per connection.
 *
 * Context: process, may sleep.
 * Return: true if @ans holds a usable answer.
 */
static bool sndfront_pcm_caps(struct sndfront_stream *s,
			      struct xensnd_query_hw_param *ans)
{
	struct xensnd_query_hw_param query, prev;
	unsigned int gen;
	int known, ret;

	spin_lock_irq(&s->lock);
	gen = s->conn_gen;
	known = sndfront_caps_lookup(&s->caps, gen, &prev);
	spin_unlock_irq(&s->lock);

	sndfront_caps_query(&s->hw, &query);
	ret = sndfront_req_query(s, &query, ans);
	if (ret == -EIO || ret == -ETIMEDOUT)
		return false;	/* no answer: ask again next time */
	if (!ret)
		ret = sndfront_caps_check(&s->hw, &query, ans);
	if (ret && known != 0)
		dev_info(s->scard->dev,
			 "stream %u: no usable HW_PARAM_QUERY answer (%d), using the XenStore configuration\n",
			 s->index, ret);
	spin_lock_irq(&s->lock);
	sndfront_caps_store(&s->caps, gen, s->conn_gen, ret, ans);
	spin_unlock_irq(&s->lock);
	return !ret;
}

/**
 * sndfront_pcm_hw_init() - describe a stream to ALSA
 * @s: the stream
 * @runtime: the runtime being opened
 *
 * Context: process, may sleep (HW_PARAM_QUERY).
 * Return: 0 or a negative errno from the constraint helpers.
 */
static int sndfront_pcm_hw_init(struct sndfront_stream *s,
				struct snd_pcm_runtime *runtime)
{
	struct snd_pcm_hardware *hw = &runtime->hw;
	struct xensnd_query_hw_param ans;
	int ret;

	hw->info = SNDRV_PCM_INFO_MMAP | SNDRV_PCM_INFO_MMAP_VALID |
		   SNDRV_PCM_INFO_INTERLEAVED | SNDRV_PCM_INFO_BLOCK_TRANSFER |
		   SNDRV_PCM_INFO_PAUSE | SNDRV_PCM_INFO_BATCH |
		   SNDRV_PCM_INFO_SYNC_APPLPTR | SNDRV_PCM_INFO_NO_REWINDS;
	hw->formats = s->hw.formats;
	hw->rates = SNDRV_PCM_RATE_KNOT;
	hw->rate_min = s->hw.rates[0];
	hw->rate_max = s->hw.rates[s->hw.nr_rates - 1];
	hw->channels_min = s->hw.channels_min;
	hw->channels_max = s->hw.channels_max;
	hw->buffer_bytes_max = s->hw.buffer_bytes;
	hw->period_bytes_min = SNDFRONT_PERIOD_BYTES_MIN;
	hw->period_bytes_max = s->hw.buffer_bytes / SNDFRONT_PERIODS_MIN;
	hw->periods_min = SNDFRONT_PERIODS_MIN;
	hw->periods_max = SNDFRONT_PERIODS_MAX;

	s->rate_list.count = s->hw.nr_rates;
	s->rate_list.list = s->hw.rates;
	s->rate_list.mask = 0;
	/* The constraint helpers return 1 when they narrow something. */
	ret = snd_pcm_hw_constraint_list(runtime, 0, SNDRV_PCM_HW_PARAM_RATE,
					 &s->rate_list);
	if (ret >= 0)
		ret = snd_pcm_hw_constraint_integer(runtime,
						    SNDRV_PCM_HW_PARAM_PERIODS);
	if (ret >= 0)
		ret = snd_pcm_hw_constraint_minmax(runtime,
						   SNDRV_PCM_HW_PARAM_PERIOD_SIZE,
						   SNDFRONT_PERIOD_FRAMES_MIN,
						   UINT_MAX);
	if (ret >= 0)
		ret = snd_pcm_hw_constraint_minmax(runtime,
						   SNDRV_PCM_HW_PARAM_PERIOD_TIME,
						   SNDFRONT_PERIOD_US_MIN,
						   UINT_MAX);
	if (ret < 0)
		return ret;
	if (!sndfront_pcm_caps(s, &ans))
		return 0;

	sndfront_caps_apply(hw, &ans);
	ret = snd_pcm_hw_constraint_minmax(runtime,
					   SNDRV_PCM_HW_PARAM_BUFFER_SIZE,
					   ans.buffer.min, ans.buffer.max);
	if (ret >= 0)
		ret = snd_pcm_hw_constraint_minmax(runtime,
						   SNDRV_PCM_HW_PARAM_PERIOD_SIZE,
						   ans.period.min,
						   ans.period.max);
	return ret < 0 ? ret : 0;
}

/**
 * sndfront_stream_wait_connected() - wait for the channel to be in service
 * @s: the stream
 *
 * After a save/restore the card stays while its channels are rebuilt; an
 * application recovering from the xrun waits (bounded) for the new
 * connection instead of failing.
 *
 * Context: process, may sleep up to SNDFRONT_REQ_TIMEOUT_MS.
 * Return: 0, or -EIO if the channel is not in service.
 */
static int sndfront_stream_wait_connected(struct sndfront_stream *s)
{
	int ret;

	wait_event_timeout(s->scard->conn_wq,
			   !READ_ONCE(s->scard->reconnecting),
			   msecs_to_jiffies(SNDFRONT_REQ_TIMEOUT_MS));
	spin_lock_irq(&s->lock);
	ret = s->chan.state == SNDFRONT_CHAN_CONNECTED ? 0 : -EIO;
	spin_unlock_irq(&s->lock);
	return ret;
}

/**
 * sndfront_pcm_open() - PCM open
 * @ss: the substream
 *
 * Context: process, may sleep. PCM open mutex held.
 * Return: 0, -EIO while the backend is not connected, or a negative errno.
 */
static int sndfront_pcm_open(struct snd_pcm_substream *ss)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);
	int ret;

	ret = sndfront_stream_wait_connected(s);
	if (ret)
		return ret;
	ret = sndfront_pcm_hw_init(s, ss->runtime);
	if (ret)
		return ret;

	spin_lock_irq(&s->lock);
	s->substream = ss;
	s->running = false;
	s->elapsed_pending = false;
	s->xrun_pending = false;
	spin_unlock_irq(&s->lock);
	return 0;
}

/**
 * sndfront_pcm_close() - PCM close
 * @ss: the substream
 *
 * Context: process. PCM open mutex held.
 * Return: 0.
 */
static int sndfront_pcm_close(struct snd_pcm_substream *ss)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);

	spin_lock_irq(&s->lock);
	s->substream = NULL;
	spin_unlock_irq(&s->lock);
	cancel_work_sync(&s->period_work);
	return 0;
}

/**
 * sndfront_stream_close_be() - CLOSE the stream if the backend has it open
 * @s: the stream
 *
 * Context: process, may sleep.
 */
static void sndfront_stream_close_be(struct sndfront_stream *s)
{
	bool open;
	int ret;

	spin_lock_irq(&s->lock);
	open = s->chan.state == SNDFRONT_CHAN_CONNECTED &&
	       s->open_gen == s->conn_gen;
	s->running = false;
	spin_unlock_irq(&s->lock);
	if (open) {
		ret = sndfront_req_close(s);
		if (ret)
			dev_dbg(s->scard->dev, "stream %u: CLOSE: %d\n",
				s->index, ret);
	}
	spin_lock_irq(&s->lock);
	s->open_gen = 0;
	spin_unlock_irq(&s->lock);
}

/**
 * sndfront_pcm_buf_free() - free the shared buffer
 * @s: the stream, closed in the backend
 * @runtime: the runtime whose DMA area it is
 *
 * Context: process. Takes sync_lock: volume requests use the buffer.
 */
static void sndfront_pcm_buf_free(struct sndfront_stream *s,
				  struct snd_pcm_runtime *runtime)
{
	mutex_lock(&s->sync_lock);
	sndfront_shbuf_free(&s->buf);
	mutex_unlock(&s->sync_lock);
	runtime->dma_area = NULL;
	runtime->dma_addr = 0;
	runtime->dma_bytes = 0;
}

/**
 * sndfront_pcm_hw_params() - PCM hw_params
 * @ss: the substream
 * @params: the parameters
 *
 * Shares a new buffer, and lets reads and writes wait out a stalled
 * backend (SNDFRONT_STALL_MS) before ALSA fails them.
 *
 * Context: process, may sleep.
 * Return: 0 or a negative errno.
 */
static int sndfront_pcm_hw_params(struct snd_pcm_substream *ss,
				  struct snd_pcm_hw_params *params)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);
	struct snd_pcm_runtime *runtime = ss->runtime;
	int ret;

	sndfront_stream_close_be(s);
	sndfront_pcm_buf_free(s, runtime);

	mutex_lock(&s->sync_lock);
	ret = sndfront_shbuf_alloc(&s->buf, params_buffer_bytes(params));
	mutex_unlock(&s->sync_lock);
	if (ret)
		return ret;
	runtime->dma_area = s->buf.vaddr;
	runtime->dma_bytes = s->buf.bytes;
	ss->wait_time = SNDFRONT_STALL_MS +
			div_u64((u64)params_buffer_size(params) * MSEC_PER_SEC,
				params_rate(params));
	return 0;
}

/**
 * sndfront_pcm_hw_free() - PCM hw_free
 * @ss: the substream
 *
 * Context: process, may sleep.
 * Return: 0.
 */
static int sndfront_pcm_hw_free(struct snd_pcm_substream *ss)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);

	sndfront_stream_close_be(s);
	sndfront_pcm_buf_free(s, ss->runtime);
	return 0;
}

/**
 * sndfront_stream_open_be() - OPEN the stream unless already open
 * @s: the stream
 * @runtime: its runtime, hw_params done
 *
 * Context: process, may sleep.
 * Return: 0 or a negative errno (-EIO without a connected backend).
 */
static int sndfront_stream_open_be(struct sndfront_stream *s,
				   struct snd_pcm_runtime *runtime)
{
	unsigned int gen;
	bool open;
	int fmt, ret;

	ret = sndfront_stream_wait_connected(s);
	if (ret)
		return ret;
	spin_lock_irq(&s->lock);
	gen = s->conn_gen;
	open = s->open_gen == gen;
	spin_unlock_irq(&s->lock);
	if (open)
		return 0;

	fmt = xsnd_fmt_from_alsa(runtime->format);
	if (fmt < 0)
		return fmt;
	ret = sndfront_shbuf_grant(&s->buf, s->scard->be_domid, gen);
	if (ret) {
		dev_warn_ratelimited(s->scard->dev,
				     "stream %u: cannot share the buffer: %d\n",
				     s->index, ret);
		return ret;
	}
	return sndfront_req_open(s, fmt, runtime->channels, runtime->rate,
				 frames_to_bytes(runtime, runtime->buffer_size),
				 frames_to_bytes(runtime, runtime->period_size));
}

/**
 * sndfront_pcm_prepare() - PCM prepare
 * @ss: the substream
 *
 * OPEN if needed, then restart the ALSA-side position at 0; the backend
 * maps ring offset 0 to the position where the stream stopped.
 *
 * Context: process, may sleep.
 * Return: 0 or a negative errno.
 */
static int sndfront_pcm_prepare(struct snd_pcm_substream *ss)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);
	bool active;
	int ret;

	ret = sndfront_stream_open_be(s, ss->runtime);
	if (ret)
		return ret;

	/* Data sent but never started (prepare twice): drop it. */
	spin_lock_irq(&s->lock);
	active = s->be_active;
	spin_unlock_irq(&s->lock);
	if (active) {
		ret = sndfront_req_trigger(s, XENSND_OP_TRIGGER_STOP);
		if (ret)
			return ret;
	}

	spin_lock_irq(&s->lock);
	s->epoch++;
	s->running = false;
	s->pos.hw = 0;
	s->appl_seen = 0;
	s->committed = 0;
	s->sent = 0;
	s->captured = 0;
	s->elapsed_pending = false;
	s->xrun_pending = false;
	s->io_error = false;
	spin_unlock_irq(&s->lock);

	sndfront_ctl_apply(s, ss->runtime->channels);
	return 0;
}

/**
 * sndfront_pcm_trigger() - PCM trigger
 * @ss: the substream
 * @cmd: SNDRV_PCM_TRIGGER_*
 *
 * Stopping always succeeds locally, whatever the backend says; starting
 * fails if the backend refuses or does not answer.
 *
 * Context: process (non-atomic PCM), may sleep. PCM stream lock held.
 * Return: 0 or a negative errno.
 */
static int sndfront_pcm_trigger(struct snd_pcm_substream *ss, int cmd)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);
	bool start = false;
	u8 type;
	int ret;

	switch (cmd) {
	case SNDRV_PCM_TRIGGER_START:
		type = XENSND_OP_TRIGGER_START;
		start = true;
		break;
	case SNDRV_PCM_TRIGGER_PAUSE_RELEASE:
		type = XENSND_OP_TRIGGER_RESUME;
		start = true;
		break;
	case SNDRV_PCM_TRIGGER_STOP:
	case SNDRV_PCM_TRIGGER_SUSPEND:
		type = XENSND_OP_TRIGGER_STOP;
		break;
	case SNDRV_PCM_TRIGGER_PAUSE_PUSH:
		type = XENSND_OP_TRIGGER_PAUSE;
		break;
	default:
		return -EINVAL;
	}

	spin_lock_irq(&s->lock);
	s->running = false;
	spin_unlock_irq(&s->lock);

	ret = sndfront_req_trigger(s, type);
	if (!start) {
		if (ret)
			dev_dbg_ratelimited(s->scard->dev,
					    "stream %u: trigger %u: %d\n",
					    s->index, type, ret);
		return 0;
	}
	if (!ret) {
		spin_lock_irq(&s->lock);
		s->running = true;
		s->be_active = true;
		spin_unlock_irq(&s->lock);
	}
	return ret;
}

/**
 * sndfront_pcm_pointer() - PCM pointer
 * @ss: the substream
 *
 * Also sets runtime->delay: for capture, data the backend reported but
 * that is not read back yet; for playback nothing is known beyond the
 * backend's position.
 *
 * Context: process (non-atomic PCM). PCM stream lock held.
 * Return: the hardware position in frames, or SNDRV_PCM_POS_XRUN once the
 * stream lost its backend.
 */
static snd_pcm_uframes_t sndfront_pcm_pointer(struct snd_pcm_substream *ss)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);
	struct snd_pcm_runtime *runtime = ss->runtime;
	unsigned long flags;
	u64 pending = 0;
	u32 off;
	bool ok;

	spin_lock_irqsave(&s->lock, flags);
	ok = s->chan.state == SNDFRONT_CHAN_CONNECTED &&
	     s->open_gen == s->conn_gen && !s->io_error;
	off = sndfront_pos_offset(&s->pos, s->pos.hw);
	if (s->capture && s->captured > s->pos.hw)
		pending = min_t(u64, s->captured - s->pos.hw,
				s->pos.buffer_bytes);
	spin_unlock_irqrestore(&s->lock, flags);

	if (!ok)
		return SNDRV_PCM_POS_XRUN;
	runtime->delay = bytes_to_frames(runtime, pending);
	return bytes_to_frames(runtime, off);
}

/**
 * sndfront_pcm_appl_moved_locked() - account an appl_ptr move
 * @s: the stream
 * @runtime: its runtime
 *
 * A move of more than a buffer (only possible through a reset) is not
 * data: it is skipped.
 *
 * Context: any. Expects @s->lock held.
 */
static void sndfront_pcm_appl_moved_locked(struct sndfront_stream *s,
					   struct snd_pcm_runtime *runtime)
{
	snd_pcm_uframes_t appl = READ_ONCE(runtime->control->appl_ptr);
	snd_pcm_uframes_t delta;

	delta = appl >= s->appl_seen ? appl - s->appl_seen :
		appl + runtime->boundary - s->appl_seen;
	if (delta <= runtime->buffer_size)
		s->committed += frames_to_bytes(runtime, delta);
	s->appl_seen = appl;
}

/**
 * sndfront_pcm_ack() - PCM ack: the application moved appl_ptr
 * @ss: the substream
 *
 * Playback: account the newly committed frames and WRITE them, without
 * waiting. Capture: account what the application took, which tells an
 * overrun (sndfront_stream_cur_pos()).
 *
 * Context: process (non-atomic PCM). PCM stream lock held.
 * Return: 0, -EPIPE after a failed data request (xrun), or -EIO when the
 * playback stream has no backend; the move is undone on error.
 */
static int sndfront_pcm_ack(struct snd_pcm_substream *ss)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);
	int ret = 0;

	spin_lock_irq(&s->lock);
	if (s->capture) {
		sndfront_pcm_appl_moved_locked(s, ss->runtime);
		goto out_unlock;
	}
	if (s->chan.state != SNDFRONT_CHAN_CONNECTED ||
	    s->open_gen != s->conn_gen) {
		ret = -EIO;
		goto out_unlock;
	}
	if (s->io_error) {
		ret = -EPIPE;
		goto out_unlock;
	}
	sndfront_pcm_appl_moved_locked(s, ss->runtime);
	sndfront_stream_kick_locked(s);
out_unlock:
	spin_unlock_irq(&s->lock);
	return ret;
}

/**
 * sndfront_pcm_sync_stop() - PCM sync_stop: no period work after a stop
 * @ss: the substream
 *
 * Context: process, PCM stream lock not held.
 * Return: 0.
 */
static int sndfront_pcm_sync_stop(struct snd_pcm_substream *ss)
{
	cancel_work_sync(&sndfront_substream_stream(ss)->period_work);
	return 0;
}

/**
 * sndfront_pcm_page() - PCM page: a page of the buffer, for mmap
 * @ss: the substream
 * @offset: byte offset in the buffer
 *
 * Context: process (page fault).
 * Return: the page, or NULL beyond the buffer.
 */
static struct page *sndfront_pcm_page(struct snd_pcm_substream *ss,
				      unsigned long offset)
{
	struct sndfront_stream *s = sndfront_substream_stream(ss);
	unsigned long idx = offset >> PAGE_SHIFT;

	if (!s->buf.pages || idx >= s->buf.nr_pages)
		return NULL;
	return s->buf.pages[idx];
}

static const struct snd_pcm_ops sndfront_pcm_ops = {
	.open = sndfront_pcm_open,
	.close = sndfront_pcm_close,
	.hw_params = sndfront_pcm_hw_params,
	.hw_free = sndfront_pcm_hw_free,
	.prepare = sndfront_pcm_prepare,
	.trigger = sndfront_pcm_trigger,
	.sync_stop = sndfront_pcm_sync_stop,
	.pointer = sndfront_pcm_pointer,
	.ack = sndfront_pcm_ack,
	.page = sndfront_pcm_page,
};

/**
 * sndfront_pcm_create() - create one PCM device
 * @scard: the card
 * @card: the ALSA card
 * @pc: the PCM device configuration
 *
 * Context: process.
 * Return: 0 or a negative errno.
 */
static int sndfront_pcm_create(struct sndfront_card *scard,
			       struct snd_card *card,
			       struct sndfront_pcm_cfg *pc)
{
	struct snd_pcm_substream *ss;
	struct sndfront_stream *s;
	struct snd_pcm *pcm;
	int ret, dir;

	ret = snd_pcm_new(card, pc->name, pc->device, pc->nr_play, pc->nr_cap,
			  &pcm);
	if (ret)
		return ret;
	pcm->private_data = pc;
	pcm->nonatomic = true;
	strscpy(pcm->name, pc->name, sizeof(pcm->name));
	if (pc->nr_play)
		snd_pcm_set_ops(pcm, SNDRV_PCM_STREAM_PLAYBACK,
				&sndfront_pcm_ops);
	if (pc->nr_cap)
		snd_pcm_set_ops(pcm, SNDRV_PCM_STREAM_CAPTURE,
				&sndfront_pcm_ops);
	/* Substreams are named after their unique-id, if any. */
	for (dir = SNDRV_PCM_STREAM_PLAYBACK; dir <= SNDRV_PCM_STREAM_CAPTURE;
	     dir++) {
		for (ss = pcm->streams[dir].substream; ss; ss = ss->next) {
			s = sndfront_pcm_stream(pc, dir, ss->number);
			if (s->unique_id[0])
				strscpy(ss->name, s->unique_id,
					sizeof(ss->name));
		}
	}
	return 0;
}

/**
 * sndfront_card_private_free() - the ALSA card is being freed
 * @card: the card
 *
 * Context: process (the last close of a disconnected card, or a free).
 */
static void sndfront_card_private_free(struct snd_card *card)
{
	struct sndfront_card *scard = card->private_data;

	sndfront_front_card_freed(scard);
	sndfront_card_put(scard);
}

/**
 * sndfront_card_create() - create and register the ALSA card
 * @scard: the card, its channels connected
 *
 * Context: process.
 * Return: 0 or a negative errno.
 */
int sndfront_card_create(struct sndfront_card *scard)
{
	struct snd_card *card;
	unsigned int i;
	int ret;

	ret = snd_card_new(scard->dev, SNDRV_DEFAULT_IDX1, SNDRV_DEFAULT_STR1,
			   THIS_MODULE, 0, &card);
	if (ret)
		return ret;
	kref_get(&scard->ref);
	card->private_data = scard;
	card->private_free = sndfront_card_private_free;
	strscpy(card->driver, SNDFRONT_DRIVER_NAME, sizeof(card->driver));
	strscpy(card->shortname, scard->short_name, sizeof(card->shortname));
	strscpy(card->longname, scard->long_name, sizeof(card->longname));

	for (i = 0; i < scard->nr_pcms; i++) {
		ret = sndfront_pcm_create(scard, card, &scard->pcms[i]);
		if (ret)
			goto err_free_card;
	}
	ret = sndfront_ctl_create(scard, card);
	if (ret)
		goto err_free_card;
	ret = snd_card_register(card);
	if (ret)
		goto err_free_card;
	scard->card = card;
	return 0;

err_free_card:
	snd_card_free(card);
	return ret;
}
