// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: stream volume and mute, applied in software.
 *
 * sndif carries volume per channel in steps of 0.001 dB (0 = 0 dB) and mute
 * per channel. The host device may have no mixer, so the backend scales the
 * samples itself on their way to (playback) or from (capture) the host;
 * at 0 dB and unmuted the data is passed through untouched and the bounce
 * copy is skipped, so the default path stays bit-exact and zero-copy.
 *
 * Gains are Q16 fixed point: 65536 is 0 dB. Volume ranges from
 * SNDBACK_VOL_MIN_MDB (treated as silence below) to 0 dB; amplification is
 * refused because it would clip.
 *
 * Xen-free: KUnit tests it.
 */

#include "common.h"

#include <linux/kernel.h>
#include <linux/string.h>
#include <sound/pcm.h>

/* 10^(-1/20) in Q30: the gain of -1 dB. */
#define SNDBACK_DB_STEP_Q30	956973408ULL

/**
 * sndback_vol_gain() - Q16 gain of a volume
 * @mdb: volume in 0.001 dB, SNDBACK_VOL_MIN_MDB..0
 *
 * Whole decibels are computed exactly by repeated multiplication, the
 * fraction of a decibel by linear interpolation (error below 0.3 %).
 *
 * Context: any.
 * Return: the gain, 65536 for 0 dB, 0 at or below SNDBACK_VOL_MIN_MDB.
 */
u32 sndback_vol_gain(s32 mdb)
{
	u64 g = 1ULL << 30, next;
	u32 db, frac, i;

	if (mdb >= 0)
		return SNDBACK_GAIN_UNITY;
	if (mdb <= SNDBACK_VOL_MIN_MDB)
		return 0;
	db = -mdb / 1000;
	frac = -mdb % 1000;
	for (i = 0; i < db; i++)
		g = (g * SNDBACK_DB_STEP_Q30) >> 30;
	next = (g * SNDBACK_DB_STEP_Q30) >> 30;
	g -= div_u64((g - next) * frac, 1000);
	return (u32)((g + (1U << 13)) >> 14);	/* Q30 -> Q16, rounded */
}

static s64 sndback_vol_scale(s64 v, u32 gain)
{
	/* Arithmetic shift of a signed product: rounds towards -inf. */
	return (v * gain) >> 16;
}

/* Scale the @width-bit sample at @p by @gain. */
static void sndback_vol_sample(u8 *p, int width, bool be, bool is_signed,
			       u32 gain)
{
	int bytes = width / 8;
	u64 raw = 0, bias = is_signed ? 0 : 1ULL << (width - 1);
	s64 v;
	int i;

	for (i = 0; i < bytes; i++)
		raw |= (u64)p[be ? i : bytes - 1 - i] << (8 * (bytes - 1 - i));
	raw -= bias;
	v = sign_extend64(raw, width - 1);
	raw = (u64)sndback_vol_scale(v, gain) + bias;
	for (i = 0; i < bytes; i++)
		p[be ? i : bytes - 1 - i] = raw >> (8 * (bytes - 1 - i));
}

/**
 * sndback_vol_supported() - can volume be applied to this format?
 * @fmt: ALSA format
 *
 * Linear integer formats are: 8, 16, 24 (in 3 or 4 octets) and 32 bits,
 * signed or unsigned, either endianness. Floats and compressed formats are
 * not; mute works for all.
 *
 * Context: any.
 * Return: true if sndback_vol_apply() can scale @fmt.
 */
bool sndback_vol_supported(snd_pcm_format_t fmt)
{
	return snd_pcm_format_linear(fmt) == 1 &&
	       snd_pcm_format_width(fmt) > 0 &&
	       snd_pcm_format_width(fmt) % 8 == 0;
}

/**
 * sndback_vol_apply() - scale interleaved frames in place
 * @buf: the frames
 * @frames: how many
 * @p: stream parameters (format, channels, frame size)
 * @gain: Q16 gain per channel, p->channels entries; 0 writes silence
 *
 * Context: any.
 */
void sndback_vol_apply(u8 *buf, u32 frames, const struct sndback_params *p,
		       const u32 *gain)
{
	int phys = snd_pcm_format_physical_width(p->format) / 8;
	int width = snd_pcm_format_width(p->format);
	bool be = snd_pcm_format_big_endian(p->format) == 1;
	bool sgn = snd_pcm_format_signed(p->format) == 1;
	u32 f, c;
	u8 *s;

	for (f = 0; f < frames; f++) {
		for (c = 0; c < p->channels; c++) {
			s = buf + f * p->frame_bytes + c * phys;
			if (!gain[c])
				snd_pcm_format_set_silence(p->format, s, 1);
			else if (gain[c] != SNDBACK_GAIN_UNITY)
				/* the sample's low @width bits, LE or BE */
				sndback_vol_sample(be ? s + phys - width / 8 : s,
						   width, be, sgn, gain[c]);
		}
	}
}
