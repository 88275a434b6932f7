// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: request verbs.
 *
 * Data requests (READ/WRITE) are pushed without waiting, from the ack
 * callback and the IRQ handlers (evtchnl.c). Everything else is
 * synchronous: one request at a time per stream (sync_lock), answered
 * within SNDFRONT_REQ_TIMEOUT_MS or the caller gets -ETIMEDOUT and the
 * stream is disabled until the next connection: an unanswered request
 * holds its ring slot for good.
 */

#include "common.h"

#include <xen/events.h>

/**
 * sndfront_req_push_locked() - put a request on the ring, without notify
 * @s: the stream
 * @req: the request, reserved bytes zeroed; its id is filled in
 * @len: data bytes of a READ/WRITE, else 0
 * @cookie: tag returned with the answer (trigger type, prepare epoch)
 *
 * Context: any. Expects @s->lock held.
 * Return: 0, -EIO if the channel is not in service, -ENOSPC if full.
 */
int sndfront_req_push_locked(struct sndfront_stream *s,
			     struct xensnd_req *req, u32 len, u32 cookie)
{
	struct sndfront_chan *ch = &s->chan;
	int ret;

	lockdep_assert_held(&s->lock);
	if (ch->state != SNDFRONT_CHAN_CONNECTED)
		return -EIO;
	if (RING_FULL(&ch->ring))
		return -ENOSPC;
	ret = sndfront_inflight_add(&ch->fl, req->operation, len, cookie,
				    jiffies, &req->id);
	if (ret)
		return ret;
	if (!timer_pending(&s->watchdog))
		mod_timer(&s->watchdog, jiffies + sndfront_watchdog_tick());
	*RING_GET_REQUEST(&ch->ring, ch->ring.req_prod_pvt) = *req;
	ch->ring.req_prod_pvt++;
	return 0;
}

/**
 * sndfront_req_notify_locked() - publish pushed requests, notify if needed
 * @s: the stream
 *
 * Context: any. Expects @s->lock held.
 */
void sndfront_req_notify_locked(struct sndfront_stream *s)
{
	int notify;

	lockdep_assert_held(&s->lock);
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&s->chan.ring, notify);
	if (notify)
		notify_remote_via_irq(s->chan.ring_irq);
}

/**
 * sndfront_req_sync_locked() - send a request and wait for its answer
 * @s: the stream
 * @req: the request, reserved bytes zeroed
 * @cookie: tag handed to the response handler (e.g. trigger type)
 * @hw: receives a HW_PARAM_QUERY answer, or NULL
 *
 * Context: process, may sleep up to SNDFRONT_REQ_TIMEOUT_MS. Expects
 * @s->sync_lock held.
 * Return: the backend's status, -EIO if the channel is not (or no longer)
 * in service, -ENOSPC if the ring is full, -ETIMEDOUT (the stream is then
 * disabled).
 */
int sndfront_req_sync_locked(struct sndfront_stream *s,
			     struct xensnd_req *req, u32 cookie,
			     struct xensnd_query_hw_param *hw)
{
	int ret;

	lockdep_assert_held(&s->sync_lock);
	spin_lock_irq(&s->lock);
	ret = sndfront_req_push_locked(s, req, 0, cookie);
	if (ret) {
		spin_unlock_irq(&s->lock);
		return ret;
	}
	s->sync_id = req->id;
	s->sync_status = -EIO;
	s->sync_waiting = true;
	reinit_completion(&s->sync_done);
	/*
	 * Collect answers nobody was notified of (lazy playback WRITEs);
	 * with sync_waiting set this also asks the backend to notify the
	 * next one, ours.
	 */
	sndfront_chan_responses(s);
	if (s->chan.state != SNDFRONT_CHAN_CONNECTED) {
		s->sync_waiting = false;
		spin_unlock_irq(&s->lock);
		return -EIO;
	}
	sndfront_req_notify_locked(s);
	spin_unlock_irq(&s->lock);

	wait_for_completion_timeout(&s->sync_done,
				    msecs_to_jiffies(SNDFRONT_REQ_TIMEOUT_MS));

	spin_lock_irq(&s->lock);
	if (s->sync_waiting) {
		s->sync_waiting = false;
		ret = -ETIMEDOUT;
		dev_warn_ratelimited(s->scard->dev,
				     "stream %u: no answer to operation %u in %u ms\n",
				     s->index, req->operation,
				     SNDFRONT_REQ_TIMEOUT_MS);
		/*
		 * Until answered, the request holds its ring slot and its
		 * place in the in-flight record, which retires in order: a
		 * backend that never answers would starve the stream for
		 * good. Only a new connection gives it a fresh ring.
		 */
		sndfront_stream_fatal(s, "a request went unanswered");
	} else {
		ret = s->sync_status;
		if (!ret && hw)
			*hw = s->sync_hw;
	}
	spin_unlock_irq(&s->lock);
	return ret;
}

/**
 * sndfront_req_sync() - sndfront_req_sync_locked() taking sync_lock
 * @s: the stream
 * @req: the request, reserved bytes zeroed
 * @cookie: tag handed to the response handler
 * @hw: receives a HW_PARAM_QUERY answer, or NULL
 *
 * Context: process, may sleep.
 * Return: as sndfront_req_sync_locked().
 */
int sndfront_req_sync(struct sndfront_stream *s, struct xensnd_req *req,
		      u32 cookie, struct xensnd_query_hw_param *hw)
{
	int ret;

	mutex_lock(&s->sync_lock);
	ret = sndfront_req_sync_locked(s, req, cookie, hw);
	mutex_unlock(&s->sync_lock);
	return ret;
}

/**
 * sndfront_req_open() - XENSND_OP_OPEN with the stream's shared buffer
 * @s: the stream, its buffer granted
 * @format: XENSND_PCM_FORMAT_*
 * @channels: number of channels
 * @rate: rate in Hz
 * @buffer_bytes: buffer size in bytes
 * @period_bytes: period size in bytes
 *
 * On success the response handler marks the stream open and restarts the
 * position bookkeeping.
 *
 * Context: process, may sleep.
 * Return: 0 or a negative errno.
 */
int sndfront_req_open(struct sndfront_stream *s, u8 format, u8 channels,
		      u32 rate, u32 buffer_bytes, u32 period_bytes)
{
	struct xensnd_req req = { .operation = XENSND_OP_OPEN };

	req.op.open.pcm_rate = rate;
	req.op.open.pcm_format = format;
	req.op.open.pcm_channels = channels;
	req.op.open.buffer_sz = buffer_bytes;
	req.op.open.gref_directory = sndfront_shbuf_dir_gref(&s->buf);
	req.op.open.period_sz = period_bytes;

	spin_lock_irq(&s->lock);
	s->open_buffer_bytes = buffer_bytes;
	s->open_period_bytes = period_bytes;
	spin_unlock_irq(&s->lock);
	return sndfront_req_sync(s, &req, 0, NULL);
}

/**
 * sndfront_req_close() - XENSND_OP_CLOSE
 * @s: the stream
 *
 * Context: process, may sleep.
 * Return: 0 or a negative errno.
 */
int sndfront_req_close(struct sndfront_stream *s)
{
	struct xensnd_req req = { .operation = XENSND_OP_CLOSE };

	return sndfront_req_sync(s, &req, 0, NULL);
}

/**
 * sndfront_req_trigger() - XENSND_OP_TRIGGER
 * @s: the stream
 * @type: XENSND_OP_TRIGGER_*
 *
 * Context: process, may sleep.
 * Return: 0 or a negative errno.
 */
int sndfront_req_trigger(struct sndfront_stream *s, u8 type)
{
	struct xensnd_req req = { .operation = XENSND_OP_TRIGGER };

	req.op.trigger.type = type;
	return sndfront_req_sync(s, &req, type, NULL);
}

/**
 * sndfront_req_query() - XENSND_OP_HW_PARAM_QUERY
 * @s: the stream
 * @query: the configuration space to ask about
 * @resp: receives the backend's answer
 *
 * Context: process, may sleep.
 * Return: 0 or a negative errno.
 */
int sndfront_req_query(struct sndfront_stream *s,
		       const struct xensnd_query_hw_param *query,
		       struct xensnd_query_hw_param *resp)
{
	struct xensnd_req req = { .operation = XENSND_OP_HW_PARAM_QUERY };

	req.op.hw_param = *query;
	return sndfront_req_sync(s, &req, 0, resp);
}

/**
 * sndfront_req_payload_locked() - volume/mute request with a payload
 * @s: the stream, open, its payload already at offset 0 of the buffer
 * @op: XENSND_OP_SET_VOLUME, _GET_VOLUME, _MUTE or _UNMUTE
 * @length: payload bytes
 *
 * Context: process, may sleep. Expects @s->sync_lock held, which also
 * keeps the buffer from being freed.
 * Return: 0 or a negative errno.
 */
int sndfront_req_payload_locked(struct sndfront_stream *s, u8 op, u32 length)
{
	struct xensnd_req req = { .operation = op };

	req.op.rw.offset = 0;
	req.op.rw.length = length;
	return sndfront_req_sync_locked(s, &req, 0, NULL);
}
