// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: SET_VOLUME, GET_VOLUME, MUTE and UNMUTE.
 *
 * The payload travels in the stream's buffer at the request's offset and
 * length (sndif.h): volume as one s32 per channel in 0.001 dB, mute as one
 * flag per channel. For mute the header's text says uint8_t per channel
 * while its diagram shows 4-octet slots, so both sizes are accepted: one
 * octet or four octets per channel, non-zero meaning "this channel".
 *
 * Values are copied out of the guest's buffer once and checked before use.
 * The gains apply from the next frame moved (pcm.c).
 */

#include "common.h"

#include <linux/slab.h>
#include <linux/string.h>

/**
 * sndback_mixer_reset() - 0 dB, unmuted, for a new OPEN
 * @s: stream
 *
 * Context: the stream's work item.
 */
void sndback_mixer_reset(struct sndback_stream *s)
{
	struct sndback_vol *v = &s->vol;
	unsigned int i;

	for (i = 0; i < SNDBACK_CHANNELS_MAX; i++) {
		v->mdb[i] = 0;
		v->muted[i] = false;
		v->gain[i] = SNDBACK_GAIN_UNITY;
	}
	v->active = false;
}

/**
 * sndback_mixer_alloc() - the playback bounce buffer for scaled frames
 * @s: stream with an open host PCM
 *
 * Context: the stream's work item.
 * Return: 0 or -ENOMEM.
 */
int sndback_mixer_alloc(struct sndback_stream *s)
{
	struct sndback_vol *v = &s->vol;

	sndback_mixer_reset(s);
	if (s->cfg.capture)
		return 0;	/* capture is scaled in place */
	v->bounce_frames = s->host.period_frames;
	v->bounce = kvmalloc_array(v->bounce_frames, s->params.frame_bytes,
				   GFP_KERNEL);
	return v->bounce ? 0 : -ENOMEM;
}

/**
 * sndback_mixer_free() - free the bounce buffer; idempotent
 * @s: stream
 *
 * Context: process context.
 */
void sndback_mixer_free(struct sndback_stream *s)
{
	kvfree(s->vol.bounce);
	s->vol.bounce = NULL;
	s->vol.bounce_frames = 0;
}

static void sndback_mixer_update(struct sndback_stream *s)
{
	struct sndback_vol *v = &s->vol;
	unsigned int i;

	v->active = false;
	for (i = 0; i < s->params.channels; i++) {
		v->gain[i] = v->muted[i] ? 0 : sndback_vol_gain(v->mdb[i]);
		v->active |= v->gain[i] != SNDBACK_GAIN_UNITY;
	}
}

/* The payload region: within the buffer, @unit octets per channel. */
static int sndback_mixer_region(struct sndback_stream *s, u32 offset,
				u32 length, u32 unit)
{
	u32 size = s->params.buffer_bytes;

	if (s->state == SNDBACK_CLOSED || length != unit * s->params.channels)
		return -EINVAL;
	if (length > size || offset > size - length)
		return -EINVAL;
	return 0;
}

static int sndback_set_volume(struct sndback_stream *s, u32 off, u32 len)
{
	s32 mdb[SNDBACK_CHANNELS_MAX];
	unsigned int i;

	if (sndback_mixer_region(s, off, len, sizeof(s32)))
		return -EINVAL;
	sndback_shbuf_read(&s->shbuf, off, mdb, len);
	for (i = 0; i < s->params.channels; i++) {
		if (mdb[i] > 0)
			return -EINVAL;	/* amplification would clip */
		if (mdb[i] && !sndback_vol_supported(s->params.format))
			return -EOPNOTSUPP;
	}
	for (i = 0; i < s->params.channels; i++)
		s->vol.mdb[i] = max(mdb[i], SNDBACK_VOL_MIN_MDB);
	sndback_mixer_update(s);
	return 0;
}

static int sndback_mute(struct sndback_stream *s, u32 off, u32 len, bool mute)
{
	u8 flags[SNDBACK_CHANNELS_MAX * sizeof(u32)];
	u32 unit = len == s->params.channels ? 1 : sizeof(u32);
	unsigned int i, j;
	bool on;

	if (sndback_mixer_region(s, off, len, unit))
		return -EINVAL;
	sndback_shbuf_read(&s->shbuf, off, flags, len);
	for (i = 0; i < s->params.channels; i++) {
		on = false;
		for (j = 0; j < unit; j++)
			on |= flags[i * unit + j] != 0;
		if (on)
			s->vol.muted[i] = mute;
	}
	sndback_mixer_update(s);
	return 0;
}

/**
 * sndback_mixer_req() - handle a volume or mute request
 * @s: stream
 * @req: private copy of the request
 *
 * Context: the stream's work item.
 * Return: 0; -EINVAL for a stream that is not open, a region outside the
 * buffer or of the wrong size, or a positive volume; -EOPNOTSUPP for a
 * volume other than 0 dB on a format that cannot be scaled; -EFAULT if
 * GET_VOLUME could not write the guest's buffer.
 */
int sndback_mixer_req(struct sndback_stream *s, const struct xensnd_req *req)
{
	u32 off = req->op.rw.offset, len = req->op.rw.length;

	switch (req->operation) {
	case XENSND_OP_SET_VOLUME:
		return sndback_set_volume(s, off, len);
	case XENSND_OP_GET_VOLUME:
		if (sndback_mixer_region(s, off, len, sizeof(s32)))
			return -EINVAL;
		return sndback_shbuf_write(s, off, s->vol.mdb, len);
	case XENSND_OP_MUTE:
		return sndback_mute(s, off, len, true);
	case XENSND_OP_UNMUTE:
		return sndback_mute(s, off, len, false);
	}
	return -EINVAL;
}
