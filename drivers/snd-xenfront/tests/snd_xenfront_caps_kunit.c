// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite snd_xenfront_caps: XENSND_OP_HW_PARAM_QUERY (caps.c), the
 * query built from the XenStore configuration, the checks of the
 * backend's answer, the narrowing of the ALSA description and the
 * per-connection cache of the outcome.
 *
 * Each answer row changes one thing of the query, which a conforming
 * backend may only narrow (sndif.h). Every interval end is tried at 0, 1,
 * the limit (the query's end), one past it and U32_MAX, and inverted
 * (min > max); the formats mask empty, narrowed, with a format not asked
 * for, with bits past the sndif table, and U64_MAX.
 */

#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <sound/pcm.h>
#include <xen-snd/xsnd_fmt.h>

#include "../caps.h"

#define F(code)		BIT_ULL(XENSND_PCM_FORMAT_##code)
#define A(fmt)		SNDRV_PCM_FMTBIT_##fmt

/* A stream limited to two formats, two rates, 1..2 channels, 64 KiB. */
#define TWO_BUF		SZ_64K
static const struct sndfront_hw caps_cfg_two = {
	.formats = A(S16_LE) | A(U8),
	.rates = { 44100, 48000 },
	.nr_rates = 2,
	.channels_min = 1,
	.channels_max = 2,
	.buffer_bytes = TWO_BUF,
};

/* The widest stream XenStore can describe (cfg_parse.h limits). */
static const struct sndfront_hw caps_cfg_wide = {
	.formats = A(S8) | A(U8) | A(S16_LE) | A(S16_BE) | A(U16_LE) |
		   A(U16_BE) | A(S24_LE) | A(S24_BE) | A(U24_LE) | A(U24_BE) |
		   A(S32_LE) | A(S32_BE) | A(U32_LE) | A(U32_BE) | A(FLOAT_LE) |
		   A(FLOAT_BE) | A(FLOAT64_LE) | A(FLOAT64_BE) |
		   A(IEC958_SUBFRAME_LE) | A(IEC958_SUBFRAME_BE) | A(MU_LAW) |
		   A(A_LAW) | A(IMA_ADPCM) | A(MPEG) | A(GSM),
	.rates = { SNDFRONT_RATE_MIN, 48000, SNDFRONT_RATE_MAX },
	.nr_rates = 3,
	.channels_min = 1,
	.channels_max = SNDFRONT_CHANNELS_MAX,
	.buffer_bytes = SNDFRONT_BUFFER_BYTES_MAX,
};

/* One format, one rate, exactly two channels, the smallest buffer. */
#define ONE_BUF		SNDFRONT_BUFFER_BYTES_MIN
static const struct sndfront_hw caps_cfg_one = {
	.formats = A(S32_LE),
	.rates = { 96000 },
	.nr_rates = 1,
	.channels_min = 2,
	.channels_max = 2,
	.buffer_bytes = ONE_BUF,
};

#define ANS(f, rlo, rhi, clo, chi, blo, bhi, plo, phi) { \
	.formats = f, .rates = { rlo, rhi }, .channels = { clo, chi }, \
	.buffer = { blo, bhi }, .period = { plo, phi } }

/* sndfront_caps_query() */

struct caps_query_case {
	const char *desc;
	const struct sndfront_hw *cfg;
	struct xensnd_query_hw_param query;
};

static const struct caps_query_case caps_query_cases[] = {
	{ "two", &caps_cfg_two,
	  ANS(F(S16_LE) | F(U8), 44100, 48000, 1, 2, 1, TWO_BUF, 1, TWO_BUF) },
	{ "wide", &caps_cfg_wide,
	  ANS(XSND_FMT_ALL_MASK, SNDFRONT_RATE_MIN, SNDFRONT_RATE_MAX, 1,
	      SNDFRONT_CHANNELS_MAX, 1, SNDFRONT_BUFFER_BYTES_MAX, 1,
	      SNDFRONT_BUFFER_BYTES_MAX) },
	{ "one", &caps_cfg_one,
	  ANS(F(S32_LE), 96000, 96000, 2, 2, 1, ONE_BUF, 1, ONE_BUF) },
};

static void caps_query_desc(const struct caps_query_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(caps_query, caps_query_cases, caps_query_desc);

static void caps_query(struct kunit *test)
{
	const struct caps_query_case *c = test->param_value;
	struct xensnd_query_hw_param q;

	memset(&q, 0xa5, sizeof(q));
	sndfront_caps_query(c->cfg, &q);
	KUNIT_EXPECT_EQ(test, q.formats, c->query.formats);
	KUNIT_EXPECT_EQ(test, memcmp(&q, &c->query, sizeof(q)), 0);
}

/* sndfront_caps_check() */

struct caps_check_case {
	const char *desc;
	const struct sndfront_hw *cfg;
	struct xensnd_query_hw_param ans;
	int ret;
};

/* caps_cfg_two's query with one thing changed. */
#define TWO_FMTS	(F(S16_LE) | F(U8))
#define TWO_F(f)	ANS(f, 44100, 48000, 1, 2, 1, TWO_BUF, 1, TWO_BUF)
#define TWO_RATE(lo, hi) ANS(TWO_FMTS, lo, hi, 1, 2, 1, TWO_BUF, 1, TWO_BUF)
#define TWO_CH(lo, hi)	ANS(TWO_FMTS, 44100, 48000, lo, hi, 1, TWO_BUF, 1, \
			    TWO_BUF)
#define TWO_BUFS(lo, hi) ANS(TWO_FMTS, 44100, 48000, 1, 2, lo, hi, 1, TWO_BUF)
#define TWO_PER(lo, hi)	ANS(TWO_FMTS, 44100, 48000, 1, 2, 1, TWO_BUF, lo, hi)

/* caps_cfg_wide's query with one thing changed. */
#define WIDE_BUF	SNDFRONT_BUFFER_BYTES_MAX
#define WIDE(f, clo, chi, bhi) ANS(f, SNDFRONT_RATE_MIN, SNDFRONT_RATE_MAX, \
				   clo, chi, 1, bhi, 1, WIDE_BUF)

#define TWO		(&caps_cfg_two)
#define WIDE_CFG	(&caps_cfg_wide)
#define ONE		(&caps_cfg_one)

static const struct caps_check_case caps_check_cases[] = {
	{ "same_as_query", TWO, TWO_F(TWO_FMTS), 0 },
	/* formats */
	{ "formats_0", TWO, TWO_F(0), -EINVAL },
	{ "formats_1_s8_not_asked", TWO, TWO_F(1), -EINVAL },
	{ "formats_narrowed_s16", TWO, TWO_F(F(S16_LE)), 0 },
	{ "formats_narrowed_u8", TWO, TWO_F(F(U8)), 0 },
	{ "formats_not_asked", TWO, TWO_F(F(S32_LE)), -EINVAL },
	{ "formats_superset", TWO, TWO_F(TWO_FMTS | F(S32_LE)), -EINVAL },
	{ "formats_past_table", TWO, TWO_F(TWO_FMTS | BIT_ULL(XSND_FMT_COUNT)),
	  -EINVAL },
	{ "formats_bit_63", TWO, TWO_F(TWO_FMTS | BIT_ULL(63)), -EINVAL },
	{ "formats_u64_max", TWO, TWO_F(U64_MAX), -EINVAL },
	{ "formats_all_asked_all", WIDE_CFG,
	  WIDE(XSND_FMT_ALL_MASK, 1, SNDFRONT_CHANNELS_MAX, WIDE_BUF), 0 },
	{ "formats_all_past_table", WIDE_CFG,
	  WIDE(XSND_FMT_ALL_MASK << 1, 1, SNDFRONT_CHANNELS_MAX, WIDE_BUF),
	  -EINVAL },
	/* rates: the query is [44100, 48000], the configuration a list */
	{ "rate_min_0", TWO, TWO_RATE(0, 48000), -EINVAL },
	{ "rate_min_1", TWO, TWO_RATE(1, 48000), -EINVAL },
	{ "rate_min_limit_minus_1", TWO, TWO_RATE(44099, 48000), -EINVAL },
	{ "rate_min_limit_plus_1", TWO, TWO_RATE(44101, 48000), 0 },
	{ "rate_min_last_rate", TWO, TWO_RATE(48000, 48000), 0 },
	{ "rate_min_over_max", TWO, TWO_RATE(48001, 48000), -EINVAL },
	{ "rate_min_u32_max", TWO, TWO_RATE(U32_MAX, 48000), -EINVAL },
	{ "rate_max_0", TWO, TWO_RATE(44100, 0), -EINVAL },
	{ "rate_max_first_rate", TWO, TWO_RATE(44100, 44100), 0 },
	{ "rate_max_limit_minus_1", TWO, TWO_RATE(44100, 47999), 0 },
	{ "rate_max_limit_plus_1", TWO, TWO_RATE(44100, 48001), -EINVAL },
	{ "rate_max_u32_max", TWO, TWO_RATE(44100, U32_MAX), -EINVAL },
	{ "rates_between_listed", TWO, TWO_RATE(44101, 47999), -EINVAL },
	{ "rates_0_to_u32_max", TWO, TWO_RATE(0, U32_MAX), -EINVAL },
	/* channels: the query is [1, 2] */
	{ "channels_min_0", TWO, TWO_CH(0, 2), -EINVAL },
	{ "channels_min_1", TWO, TWO_CH(1, 2), 0 },
	{ "channels_min_limit", TWO, TWO_CH(2, 2), 0 },
	{ "channels_min_limit_plus_1", TWO, TWO_CH(3, 2), -EINVAL },
	{ "channels_min_u32_max", TWO, TWO_CH(U32_MAX, 2), -EINVAL },
	{ "channels_max_0", TWO, TWO_CH(1, 0), -EINVAL },
	{ "channels_max_1", TWO, TWO_CH(1, 1), 0 },
	{ "channels_max_limit_plus_1", TWO, TWO_CH(1, 3), -EINVAL },
	{ "channels_max_u32_max", TWO, TWO_CH(1, U32_MAX), -EINVAL },
	{ "channels_wide_limit", WIDE_CFG,
	  WIDE(XSND_FMT_ALL_MASK, 1, SNDFRONT_CHANNELS_MAX, WIDE_BUF), 0 },
	{ "channels_wide_limit_plus_1", WIDE_CFG,
	  WIDE(XSND_FMT_ALL_MASK, 1, SNDFRONT_CHANNELS_MAX + 1, WIDE_BUF),
	  -EINVAL },
	{ "channels_one_only_2", ONE,
	  ANS(F(S32_LE), 96000, 96000, 2, 2, 1, ONE_BUF, 1, ONE_BUF), 0 },
	{ "channels_one_1_not_asked", ONE,
	  ANS(F(S32_LE), 96000, 96000, 1, 2, 1, ONE_BUF, 1, ONE_BUF),
	  -EINVAL },
	/* buffer frames: the query is [1, buffer bytes] */
	{ "buffer_min_0", TWO, TWO_BUFS(0, TWO_BUF), -EINVAL },
	{ "buffer_min_1", TWO, TWO_BUFS(1, TWO_BUF), 0 },
	{ "buffer_min_limit", TWO, TWO_BUFS(TWO_BUF, TWO_BUF), 0 },
	{ "buffer_min_limit_plus_1", TWO, TWO_BUFS(TWO_BUF + 1, TWO_BUF),
	  -EINVAL },
	{ "buffer_min_u32_max", TWO, TWO_BUFS(U32_MAX, U32_MAX), -EINVAL },
	{ "buffer_max_0", TWO, TWO_BUFS(1, 0), -EINVAL },
	{ "buffer_max_1", TWO, TWO_BUFS(1, 1), 0 },
	{ "buffer_max_limit_plus_1", TWO, TWO_BUFS(1, TWO_BUF + 1), -EINVAL },
	{ "buffer_max_u32_max", TWO, TWO_BUFS(1, U32_MAX), -EINVAL },
	{ "buffer_wide_limit", WIDE_CFG,
	  WIDE(XSND_FMT_ALL_MASK, 1, SNDFRONT_CHANNELS_MAX, WIDE_BUF), 0 },
	{ "buffer_wide_limit_plus_1", WIDE_CFG,
	  WIDE(XSND_FMT_ALL_MASK, 1, SNDFRONT_CHANNELS_MAX, WIDE_BUF + 1),
	  -EINVAL },
	/* period frames: the query is [1, buffer bytes] */
	{ "period_min_0", TWO, TWO_PER(0, TWO_BUF), -EINVAL },
	{ "period_min_1", TWO, TWO_PER(1, TWO_BUF), 0 },
	{ "period_min_limit", TWO, TWO_PER(TWO_BUF, TWO_BUF), 0 },
	{ "period_min_limit_plus_1", TWO, TWO_PER(TWO_BUF + 1, TWO_BUF),
	  -EINVAL },
	{ "period_min_u32_max", TWO, TWO_PER(U32_MAX, U32_MAX), -EINVAL },
	{ "period_max_0", TWO, TWO_PER(1, 0), -EINVAL },
	{ "period_max_1", TWO, TWO_PER(1, 1), 0 },
	{ "period_max_limit_plus_1", TWO, TWO_PER(1, TWO_BUF + 1), -EINVAL },
	{ "period_max_u32_max", TWO, TWO_PER(1, U32_MAX), -EINVAL },
	/* A period must fit in the largest buffer. */
	{ "period_min_equals_buffer_max", TWO,
	  ANS(TWO_FMTS, 44100, 48000, 1, 2, 16, 1024, 1024, 2048), 0 },
	{ "period_min_over_buffer_max", TWO,
	  ANS(TWO_FMTS, 44100, 48000, 1, 2, 16, 1024, 1025, 2048), -EINVAL },
	/* Everything narrowed at once, as snd-xenback answers. */
	{ "all_narrowed", TWO,
	  ANS(F(S16_LE), 48000, 48000, 2, 2, 16, 16384, 16, 16384), 0 },
	{ "all_zero", TWO, ANS(0, 0, 0, 0, 0, 0, 0, 0, 0), -EINVAL },
};

static void caps_check_desc(const struct caps_check_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(caps_check, caps_check_cases, caps_check_desc);

/*
 * A usable answer narrows the ALSA description to what both the
 * configuration and the answer allow, and never empties it.
 */
static void caps_check_then_apply(struct kunit *test,
				  const struct sndfront_hw *cfg,
				  const struct xensnd_query_hw_param *ans)
{
	struct snd_pcm_hardware hw = {
		.formats = cfg->formats,
		.rate_min = cfg->rates[0],
		.rate_max = cfg->rates[cfg->nr_rates - 1],
		.channels_min = cfg->channels_min,
		.channels_max = cfg->channels_max,
	};

	sndfront_caps_apply(&hw, ans);
	KUNIT_EXPECT_NE(test, hw.formats, 0);
	KUNIT_EXPECT_EQ(test, hw.formats & ~cfg->formats, 0);
	KUNIT_EXPECT_EQ(test, hw.formats &
			~xsnd_fmt_mask_to_alsa(ans->formats), 0);
	KUNIT_EXPECT_LE(test, hw.rate_min, hw.rate_max);
	KUNIT_EXPECT_GE(test, hw.rate_min, ans->rates.min);
	KUNIT_EXPECT_LE(test, hw.rate_max, ans->rates.max);
	KUNIT_EXPECT_LE(test, hw.channels_min, hw.channels_max);
	KUNIT_EXPECT_GE(test, hw.channels_min, ans->channels.min);
	KUNIT_EXPECT_LE(test, hw.channels_max, ans->channels.max);
	KUNIT_EXPECT_GE(test, hw.channels_min, cfg->channels_min);
	KUNIT_EXPECT_LE(test, hw.channels_max, cfg->channels_max);
}

static void caps_check(struct kunit *test)
{
	const struct caps_check_case *c = test->param_value;
	struct xensnd_query_hw_param q;

	sndfront_caps_query(c->cfg, &q);
	KUNIT_ASSERT_EQ(test, sndfront_caps_check(c->cfg, &q, &c->ans), c->ret);
	if (!c->ret)
		caps_check_then_apply(test, c->cfg, &c->ans);
}

/* sndfront_caps_apply(): exact results */

struct caps_apply_case {
	const char *desc;
	struct xensnd_query_hw_param ans;
	u64 formats;
	unsigned int rate_min, rate_max;
	unsigned int channels_min, channels_max;
};

static const struct caps_apply_case caps_apply_cases[] = {
	{ "answer_is_query", TWO_F(TWO_FMTS),
	  A(S16_LE) | A(U8), 44100, 48000, 1, 2 },
	{ "s16_48000_stereo",
	  ANS(F(S16_LE), 48000, 48000, 2, 2, 64, TWO_BUF, 16, TWO_BUF),
	  A(S16_LE), 48000, 48000, 2, 2 },
	{ "u8_mono", ANS(F(U8), 44100, 48000, 1, 1, 1, TWO_BUF, 1, TWO_BUF),
	  A(U8), 44100, 48000, 1, 1 },
	/* The rate list constraint keeps ALSA to the listed rates. */
	{ "rates_between", TWO_RATE(44101, 48000),
	  A(S16_LE) | A(U8), 44101, 48000, 1, 2 },
};

static void caps_apply_desc(const struct caps_apply_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(caps_apply, caps_apply_cases, caps_apply_desc);

static void caps_apply(struct kunit *test)
{
	const struct caps_apply_case *c = test->param_value;
	struct snd_pcm_hardware hw = {
		.formats = caps_cfg_two.formats,
		.rate_min = 44100, .rate_max = 48000,
		.channels_min = 1, .channels_max = 2,
		.buffer_bytes_max = TWO_BUF,
		.period_bytes_min = 64, .period_bytes_max = TWO_BUF / 2,
		.periods_min = 2, .periods_max = 1024,
	};

	sndfront_caps_apply(&hw, &c->ans);
	KUNIT_EXPECT_EQ(test, hw.formats, c->formats);
	KUNIT_EXPECT_EQ(test, hw.rate_min, c->rate_min);
	KUNIT_EXPECT_EQ(test, hw.rate_max, c->rate_max);
	KUNIT_EXPECT_EQ(test, hw.channels_min, c->channels_min);
	KUNIT_EXPECT_EQ(test, hw.channels_max, c->channels_max);
	/* Buffer and period sizes are runtime constraints, set by pcm.c. */
	KUNIT_EXPECT_EQ(test, hw.buffer_bytes_max, TWO_BUF);
	KUNIT_EXPECT_EQ(test, hw.period_bytes_min, 64);
	KUNIT_EXPECT_EQ(test, hw.period_bytes_max, TWO_BUF / 2);
	KUNIT_EXPECT_EQ(test, hw.periods_min, 2);
	KUNIT_EXPECT_EQ(test, hw.periods_max, 1024);
}

/* sndfront_caps_lookup() and sndfront_caps_store() */

static void caps_cache(struct kunit *test)
{
	static const struct xensnd_query_hw_param good =
		ANS(F(S16_LE), 48000, 48000, 2, 2, 16, 16384, 16, 16384);
	struct xensnd_query_hw_param out, poison, zero = {};
	struct sndfront_caps caps = {};

	memset(&poison, 0xa5, sizeof(poison));
	/* Generation 0 is never a connection: a zeroed entry is no answer. */
	out = poison;
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, 0, &out), 0);
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, 1, &out), -ENOENT);
	KUNIT_EXPECT_EQ(test, memcmp(&out, &poison, sizeof(out)), 0);

	/* An answer from an older connection is not kept. */
	sndfront_caps_store(&caps, 1, 2, 0, &good);
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, 1, &out), -ENOENT);
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, 2, &out), -ENOENT);

	sndfront_caps_store(&caps, 2, 2, 0, &good);
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, 2, &out), 1);
	KUNIT_EXPECT_EQ(test, memcmp(&out, &good, sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, 3, &out), -ENOENT);

	/* A refusal is kept too, without its answer. */
	out = poison;
	sndfront_caps_store(&caps, 3, 3, -EINVAL, &good);
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, 3, &out), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&out, &poison, sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&caps.ans, &zero, sizeof(zero)), 0);

	/* Generations wrap like any counter. */
	sndfront_caps_store(&caps, UINT_MAX, UINT_MAX, 0, &good);
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, UINT_MAX, &out), 1);
	KUNIT_EXPECT_EQ(test, sndfront_caps_lookup(&caps, 3, &out), -ENOENT);
}

static struct kunit_case caps_test_cases[] = {
	KUNIT_CASE_PARAM(caps_query, caps_query_gen_params),
	KUNIT_CASE_PARAM(caps_check, caps_check_gen_params),
	KUNIT_CASE_PARAM(caps_apply, caps_apply_gen_params),
	KUNIT_CASE(caps_cache),
	{}
};

static struct kunit_suite caps_suite = {
	.name = "snd_xenfront_caps",
	.test_cases = caps_test_cases,
};

kunit_test_suites(&caps_suite);
MODULE_LICENSE("GPL");
