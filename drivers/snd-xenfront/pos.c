// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: Xen-free stream position arithmetic (see pos.h).
 */

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/minmax.h>

#include "pos.h"

/**
 * sndfront_pos_open() - start the bookkeeping of a newly opened stream
 * @pos: the bookkeeping
 * @buffer_bytes: ring buffer size in bytes, not 0
 * @period_bytes: period size in bytes, not 0
 *
 * The backend counts from 0 again after OPEN.
 *
 * Context: any; the caller serialises access to @pos.
 */
void sndfront_pos_open(struct sndfront_pos *pos, u32 buffer_bytes,
		       u32 period_bytes)
{
	pos->be_pos = 0;
	pos->hw = 0;
	pos->buffer_bytes = buffer_bytes;
	pos->period_bytes = period_bytes;
}

/**
 * sndfront_pos_event() - account a backend position report
 * @pos: the bookkeeping
 * @position: XENSND_EVT_CUR_POS position, bytes since OPEN
 * @delta: bytes the stream moved since the previous report
 *
 * A backend may move a stream by at most one buffer between two reports:
 * beyond that it overwrote (capture) or replayed (playback) data nobody
 * gave it, and the position means nothing any more.
 *
 * Context: any; the caller serialises access to @pos.
 * Return: 0, -ERANGE for a position behind the previous one, -E2BIG for a
 * jump of more than the buffer size. @pos is unchanged on error.
 */
int sndfront_pos_event(struct sndfront_pos *pos, u64 position, u32 *delta)
{
	if (position < pos->be_pos)
		return -ERANGE;
	if (position - pos->be_pos > pos->buffer_bytes)
		return -E2BIG;
	*delta = position - pos->be_pos;
	pos->be_pos = position;
	return 0;
}

/**
 * sndfront_pos_advance() - move the ALSA-side position
 * @pos: the bookkeeping
 * @delta: bytes to advance, at most the buffer size
 *
 * Context: any; the caller serialises access to @pos.
 * Return: true if at least one period boundary was reached or crossed,
 * i.e. snd_pcm_period_elapsed() is due. Reaching a boundary exactly counts
 * (the upstream driver's "> period" misses every other period when the
 * backend reports once per period).
 */
bool sndfront_pos_advance(struct sndfront_pos *pos, u32 delta)
{
	u64 old = pos->hw;

	if (!delta || !pos->period_bytes)
		return false;
	pos->hw += delta;
	return div_u64(old, pos->period_bytes) !=
	       div_u64(pos->hw, pos->period_bytes);
}

/**
 * sndfront_pos_offset() - ring buffer offset of a byte count
 * @pos: the bookkeeping
 * @bytes: bytes since the last prepare
 *
 * Context: any.
 * Return: @bytes modulo the buffer size, 0 while no buffer is set.
 */
u32 sndfront_pos_offset(const struct sndfront_pos *pos, u64 bytes)
{
	u32 rem;

	if (!pos->buffer_bytes)
		return 0;
	div_u64_rem(bytes, pos->buffer_bytes, &rem);
	return rem;
}

/**
 * sndfront_pos_chunk() - first contiguous piece of a byte range in the ring
 * @pos: the bookkeeping
 * @start: first byte of the range, counted since the last prepare
 * @end: end of the range (exclusive), at most one buffer past @start
 * @offset: receives the ring offset of @start
 *
 * A range that wraps at the end of the buffer takes two requests; this
 * gives the first one.
 *
 * Context: any.
 * Return: length of the piece, 0 for an empty or invalid range.
 */
u32 sndfront_pos_chunk(const struct sndfront_pos *pos, u64 start, u64 end,
		       u32 *offset)
{
	u64 len;

	if (end <= start || !pos->buffer_bytes)
		return 0;
	len = end - start;
	if (len > pos->buffer_bytes)
		return 0;
	*offset = sndfront_pos_offset(pos, start);
	return min_t(u64, len, pos->buffer_bytes - *offset);
}

/**
 * sndfront_pos_overrun() - ALSA's capture overrun rule
 * @unread: bytes captured and not taken by the application
 * @frame_bits: bits per frame, not 0
 * @stop_threshold: frames waiting at which the application wants the
 *                  stream stopped (ALSA's stop threshold, possibly the
 *                  boundary, i.e. never)
 *
 * Context: any.
 * Return: true if @unread reaches the stop threshold.
 */
bool sndfront_pos_overrun(u64 unread, unsigned int frame_bits,
			  unsigned long stop_threshold)
{
	if (!frame_bits)
		return false;
	return div_u64(unread * BITS_PER_BYTE, frame_bits) >= stop_threshold;
}
