// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite snd_xenback_vol: software volume and mute (vol.c).
 *
 * The volume is guest input in 0.001 dB (sndif SET_VOLUME): the gain table
 * covers 0, 1, amplification, the lowest volume and below it, and S32 limits;
 * gains are checked exactly (against the algorithm) and against the ideal
 * 10^(mdb / 20000) within the documented 0.3 % plus rounding. The sample
 * table scales one frame of every integer layout in both endiannesses, and
 * checks that 0 dB is bit-exact, padding octets stay untouched and a gain of
 * 0 writes ALSA's silence.
 */

#include "../common.h"

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <sound/pcm.h>

#include <xen-snd/xsnd_fmt.h>

/* sndback_vol_gain() */

struct vol_gain_case {
	const char *desc;
	s32 mdb;
	u32 gain;	/* what vol.c computes */
	u32 ideal;	/* 65536 * 10^(mdb / 20000), rounded */
};

static const struct vol_gain_case vol_gain_cases[] = {
	{ "0_db", 0, 65536, 65536 },
	{ "plus_1_mdb", 1, 65536, 65536 },
	{ "plus_6_db", 6000, 65536, 65536 },
	{ "s32_max", S32_MAX, 65536, 65536 },
	{ "minus_1_mdb", -1, 65529, 65528 },
	{ "minus_0_5_db", -500, 61973, 61870 },
	{ "minus_0_999_db", -999, 58416, 58416 },
	{ "minus_1_db", -1000, 58409, 58409 },
	{ "minus_1_5_db", -1500, 55233, 55142 },
	{ "minus_3_db", -3000, 46396, 46396 },
	{ "minus_6_db", -6000, 32846, 32846 },
	{ "minus_6_021_db", -6021, 32771, 32766 },
	{ "minus_10_db", -10000, 20724, 20724 },
	{ "minus_20_db", -20000, 6554, 6554 },
	{ "minus_40_db", -40000, 655, 655 },
	{ "minus_60_db", -60000, 66, 66 },
	{ "minus_96_db", -96000, 1, 1 },
	{ "min_plus_1", SNDBACK_VOL_MIN_MDB + 1, 1, 1 },
	{ "min", SNDBACK_VOL_MIN_MDB, 0, 1 },
	{ "min_minus_1", SNDBACK_VOL_MIN_MDB - 1, 0, 1 },
	{ "s32_min", S32_MIN, 0, 0 },
};

static void vol_gain_desc(const struct vol_gain_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vol_gain, vol_gain_cases, vol_gain_desc);

static void vol_gain(struct kunit *test)
{
	const struct vol_gain_case *c = test->param_value;
	u32 g = sndback_vol_gain(c->mdb);

	KUNIT_EXPECT_EQ(test, g, c->gain);
	if (c->mdb > SNDBACK_VOL_MIN_MDB) {
		/* 0.3 % of interpolation error, plus the rounding to Q16. */
		KUNIT_EXPECT_LE(test, g, c->ideal + c->ideal * 3 / 1000 + 1);
		KUNIT_EXPECT_GE(test, g + c->ideal * 3 / 1000 + 1, c->ideal);
	}
}

/* Quieter never gets louder, over the whole range, 1 mdB at a time. */
static void vol_gain_monotonic(struct kunit *test)
{
	u32 prev = sndback_vol_gain(1), g;
	s32 mdb;

	for (mdb = 0; mdb >= SNDBACK_VOL_MIN_MDB - 1; mdb--) {
		g = sndback_vol_gain(mdb);
		if (g > prev) {
			KUNIT_FAIL(test, "gain(%d) = %u > gain(%d) = %u",
				   mdb, g, mdb + 1, prev);
			return;
		}
		KUNIT_EXPECT_LE(test, g, (u32)SNDBACK_GAIN_UNITY);
		prev = g;
	}
	KUNIT_EXPECT_EQ(test, prev, 0U);
}

/* sndback_vol_supported(): every sndif format */

struct vol_fmt_case {
	unsigned int sndif;
	bool supported;
};

static const struct vol_fmt_case vol_fmt_cases[] = {
	{ XENSND_PCM_FORMAT_S8, true },
	{ XENSND_PCM_FORMAT_U8, true },
	{ XENSND_PCM_FORMAT_S16_LE, true },
	{ XENSND_PCM_FORMAT_S16_BE, true },
	{ XENSND_PCM_FORMAT_U16_LE, true },
	{ XENSND_PCM_FORMAT_U16_BE, true },
	{ XENSND_PCM_FORMAT_S24_LE, true },
	{ XENSND_PCM_FORMAT_S24_BE, true },
	{ XENSND_PCM_FORMAT_U24_LE, true },
	{ XENSND_PCM_FORMAT_U24_BE, true },
	{ XENSND_PCM_FORMAT_S32_LE, true },
	{ XENSND_PCM_FORMAT_S32_BE, true },
	{ XENSND_PCM_FORMAT_U32_LE, true },
	{ XENSND_PCM_FORMAT_U32_BE, true },
	{ XENSND_PCM_FORMAT_F32_LE, false },
	{ XENSND_PCM_FORMAT_F32_BE, false },
	{ XENSND_PCM_FORMAT_F64_LE, false },
	{ XENSND_PCM_FORMAT_F64_BE, false },
	{ XENSND_PCM_FORMAT_IEC958_SUBFRAME_LE, false },
	{ XENSND_PCM_FORMAT_IEC958_SUBFRAME_BE, false },
	{ XENSND_PCM_FORMAT_MU_LAW, false },
	{ XENSND_PCM_FORMAT_A_LAW, false },
	{ XENSND_PCM_FORMAT_IMA_ADPCM, false },
	{ XENSND_PCM_FORMAT_MPEG, false },
	{ XENSND_PCM_FORMAT_GSM, false },
};

static void vol_fmt_desc(const struct vol_fmt_case *c, char *desc)
{
	strscpy(desc, xsnd_fmt_desc(c->sndif)->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vol_fmt, vol_fmt_cases, vol_fmt_desc);

static void vol_supported(struct kunit *test)
{
	const struct vol_fmt_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(vol_fmt_cases), XSND_FMT_COUNT);
	KUNIT_EXPECT_EQ(test, sndback_vol_supported(xsnd_fmt_desc(c->sndif)->alsa),
			c->supported);
}

/* ALSA formats that never come from sndif, and invalid values. */
static void vol_supported_other(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, sndback_vol_supported(SNDRV_PCM_FORMAT_S20_LE));
	KUNIT_EXPECT_FALSE(test, sndback_vol_supported(SNDRV_PCM_FORMAT_S18_3LE));
	KUNIT_EXPECT_TRUE(test, sndback_vol_supported(SNDRV_PCM_FORMAT_S24_3LE));
	KUNIT_EXPECT_FALSE(test, sndback_vol_supported(SNDRV_PCM_FORMAT_SPECIAL));
	KUNIT_EXPECT_FALSE(test, sndback_vol_supported((__force snd_pcm_format_t)-1));
	KUNIT_EXPECT_FALSE(test, sndback_vol_supported((__force snd_pcm_format_t)
						       ((__force int)SNDRV_PCM_FORMAT_LAST + 1)));
}

/* sndback_vol_apply(): one or two frames of raw octets */

#define VOL_MAX_BYTES	16

struct vol_apply_case {
	const char *desc;
	int format;
	u8 channels;
	u32 frames;
	u32 gain[2];
	unsigned int len;
	u8 in[VOL_MAX_BYTES];
	u8 out[VOL_MAX_BYTES];
};

#define HALF	32768
#define UNITY	SNDBACK_GAIN_UNITY
#define AF(f)	((__force int)SNDRV_PCM_FORMAT_##f)

static const struct vol_apply_case vol_apply_cases[] = {
	/* S16_LE stereo: 1000 and -1000, left at 0 dB, right at half. */
	{ "s16_le_half_right", AF(S16_LE), 2, 2, { UNITY, HALF }, 8,
	  { 0xe8, 0x03, 0xe8, 0x03, 0x18, 0xfc, 0x18, 0xfc },
	  { 0xe8, 0x03, 0xf4, 0x01, 0x18, 0xfc, 0x0c, 0xfe } },
	{ "s16_le_unity_bit_exact", AF(S16_LE), 2, 2, { UNITY, UNITY }, 8,
	  { 0x01, 0x80, 0xff, 0x7f, 0x00, 0x00, 0xff, 0xff },
	  { 0x01, 0x80, 0xff, 0x7f, 0x00, 0x00, 0xff, 0xff } },
	{ "s16_le_mute_left", AF(S16_LE), 2, 1, { 0, UNITY }, 4,
	  { 0x34, 0x12, 0x34, 0x12 }, { 0x00, 0x00, 0x34, 0x12 } },
	{ "s16_le_zero_frames", AF(S16_LE), 2, 0, { 0, 0 }, 4,
	  { 0x34, 0x12, 0x34, 0x12 }, { 0x34, 0x12, 0x34, 0x12 } },
	/* -1 * g >> 16 rounds towards minus infinity: stays -1. */
	{ "s16_le_minus_1_floor", AF(S16_LE), 1, 1, { HALF }, 2,
	  { 0xff, 0xff }, { 0xff, 0xff } },
	{ "s16_be_half", AF(S16_BE), 1, 2, { HALF }, 4,
	  { 0x10, 0x00, 0x80, 0x00 }, { 0x08, 0x00, 0xc0, 0x00 } },
	{ "s16_be_mute", AF(S16_BE), 1, 1, { 0 }, 2,
	  { 0x12, 0x34 }, { 0x00, 0x00 } },
	{ "s8_half", AF(S8), 2, 1, { HALF, HALF }, 2,
	  { 0x7f, 0x80 }, { 0x3f, 0xc0 } },
	/* Unsigned: the bias 0x80 is silence, 0xff is +127, 0x00 is -128. */
	{ "u8_half", AF(U8), 2, 1, { HALF, HALF }, 2,
	  { 0xff, 0x00 }, { 0xbf, 0x40 } },
	{ "u8_mute", AF(U8), 2, 1, { 0, 0 }, 2, { 0xff, 0x00 }, { 0x80, 0x80 } },
	{ "u16_le_mute", AF(U16_LE), 1, 1, { 0 }, 2, { 0x00, 0x00 }, { 0x00, 0x80 } },
	{ "u16_le_min_tiny_gain", AF(U16_LE), 1, 1, { 1 }, 2,
	  { 0x00, 0x00 }, { 0xff, 0x7f } },
	{ "u16_be_half", AF(U16_BE), 1, 1, { HALF }, 2, { 0xff, 0xff }, { 0xbf, 0xff } },
	/* 24 bits in 4 octets: the padding octet is left as it was. */
	{ "s24_le_half", AF(S24_LE), 2, 1, { HALF, HALF }, 8,
	  { 0x56, 0x34, 0x12, 0xaa, 0x00, 0x00, 0xf0, 0xbb },
	  { 0x2b, 0x1a, 0x09, 0xaa, 0x00, 0x00, 0xf8, 0xbb } },
	{ "s24_be_half", AF(S24_BE), 1, 1, { HALF }, 4,
	  { 0xaa, 0x12, 0x34, 0x56 }, { 0xaa, 0x09, 0x1a, 0x2b } },
	{ "s24_le_mute", AF(S24_LE), 1, 1, { 0 }, 4,
	  { 0x56, 0x34, 0x12, 0xaa }, { 0x00, 0x00, 0x00, 0x00 } },
	{ "u24_le_half", AF(U24_LE), 1, 1, { HALF }, 4,
	  { 0xff, 0xff, 0xff, 0x00 }, { 0xff, 0xff, 0xbf, 0x00 } },
	{ "u24_be_mute", AF(U24_BE), 1, 1, { 0 }, 4,
	  { 0x00, 0x12, 0x34, 0x56 }, { 0x00, 0x80, 0x00, 0x00 } },
	{ "s32_le_extremes_half", AF(S32_LE), 2, 1, { HALF, HALF }, 8,
	  { 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f },
	  { 0x00, 0x00, 0x00, 0xc0, 0xff, 0xff, 0xff, 0x3f } },
	{ "s32_be_half", AF(S32_BE), 1, 1, { HALF }, 4,
	  { 0x80, 0x00, 0x00, 0x00 }, { 0xc0, 0x00, 0x00, 0x00 } },
	{ "u32_be_max_half", AF(U32_BE), 1, 1, { HALF }, 4,
	  { 0xff, 0xff, 0xff, 0xff }, { 0xbf, 0xff, 0xff, 0xff } },
	{ "u32_le_mute", AF(U32_LE), 1, 1, { 0 }, 4,
	  { 0x12, 0x34, 0x56, 0x78 }, { 0x00, 0x00, 0x00, 0x80 } },
	/* Mute writes silence in formats volume cannot scale. */
	{ "float_le_mute", AF(FLOAT_LE), 1, 1, { 0 }, 4,
	  { 0x00, 0x00, 0x80, 0x3f }, { 0x00, 0x00, 0x00, 0x00 } },
	{ "mu_law_mute", AF(MU_LAW), 2, 1, { 0, 0 }, 2,
	  { 0x12, 0x34 }, { 0x7f, 0x7f } },
};

static void vol_apply_desc(const struct vol_apply_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vol_apply, vol_apply_cases, vol_apply_desc);

static void vol_apply(struct kunit *test)
{
	const struct vol_apply_case *c = test->param_value;
	snd_pcm_format_t fmt = (__force snd_pcm_format_t)c->format;
	struct sndback_params p = {
		.format = fmt,
		.channels = c->channels,
		.frame_bytes = c->channels *
			       snd_pcm_format_physical_width(fmt) / 8,
	};
	u8 *buf;
	unsigned int i;

	KUNIT_ASSERT_LE(test, c->len, (unsigned int)VOL_MAX_BYTES);
	KUNIT_ASSERT_GE(test, c->len, p.frame_bytes * max(c->frames, 1U));
	/* Exactly @len octets: KASAN sees any write past the frames. */
	buf = kunit_kzalloc(test, c->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, c->in, c->len);
	sndback_vol_apply(buf, c->frames, &p, c->gain);
	for (i = 0; i < c->len; i++)
		KUNIT_EXPECT_EQ_MSG(test, buf[i], c->out[i], "octet %u", i);
}

static struct kunit_case snd_xenback_vol_cases[] = {
	KUNIT_CASE_PARAM(vol_gain, vol_gain_gen_params),
	KUNIT_CASE(vol_gain_monotonic),
	KUNIT_CASE_PARAM(vol_supported, vol_fmt_gen_params),
	KUNIT_CASE(vol_supported_other),
	KUNIT_CASE_PARAM(vol_apply, vol_apply_gen_params),
	{}
};

static struct kunit_suite snd_xenback_vol_suite = {
	.name = "snd_xenback_vol",
	.test_cases = snd_xenback_vol_cases,
};

kunit_test_suites(&snd_xenback_vol_suite);

MODULE_DESCRIPTION("KUnit tests for snd-xenback's software volume");
MODULE_LICENSE("GPL");
