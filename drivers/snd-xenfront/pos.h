/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snd-xenfront: Xen-free stream position arithmetic.
 *
 * Two clocks meet here. The backend reports XENSND_EVT_CUR_POS positions in
 * bytes, cumulative since OPEN, monotonic across STOP/START. ALSA restarts
 * its ring at offset 0 on every prepare, and the backend maps the next data
 * at ring offset 0 to the position where the stream stopped. So we keep the
 * last backend position (@be_pos) and turn each event into a delta, bounded
 * by the buffer size, that advances the ALSA-side counter (@hw).
 */
#ifndef SNDFRONT_POS_H
#define SNDFRONT_POS_H

#include <linux/types.h>

/**
 * struct sndfront_pos - position bookkeeping of one stream
 * @be_pos: last backend position, bytes since OPEN
 * @hw: bytes reported to ALSA since the last prepare
 * @buffer_bytes: ring buffer size in bytes, not 0 once opened
 * @period_bytes: period size in bytes, not 0 once opened
 */
struct sndfront_pos {
	u64 be_pos;
	u64 hw;
	u32 buffer_bytes;
	u32 period_bytes;
};

void sndfront_pos_open(struct sndfront_pos *pos, u32 buffer_bytes,
		       u32 period_bytes);
int sndfront_pos_event(struct sndfront_pos *pos, u64 position, u32 *delta);
bool sndfront_pos_advance(struct sndfront_pos *pos, u32 delta);
u32 sndfront_pos_offset(const struct sndfront_pos *pos, u64 bytes);
u32 sndfront_pos_chunk(const struct sndfront_pos *pos, u64 start, u64 end,
		       u32 *offset);
bool sndfront_pos_overrun(u64 unread, unsigned int frame_bits,
			  unsigned long stop_threshold);

#endif /* SNDFRONT_POS_H */
