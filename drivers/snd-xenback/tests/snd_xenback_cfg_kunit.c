// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite snd_xenback_cfg: parsing of the guest-owned XenStore
 * configuration (cfg.c).
 *
 * Every value here is hostile input. The tables cover, for each number,
 * 0, 1, the limit, limit + 1 and U32_MAX (and past it), and for each list the
 * empty string, empty items, leading/trailing/double separators, junk,
 * duplicates, values out of range and too many items. The level tables
 * replay xenbus.c's walk (card, then pcm-device, then stream, each applying
 * its nodes in sndback_cfg_keys order) to check that a lower level can only
 * narrow the one above, and that contradictions are refused. The host
 * device's rate range (sndback_cfg_narrow_rates()) narrows the same way.
 */

#include "../common.h"

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <xen-snd/xsnd_fmt.h>

/* max_buffer_kb = 64 */
#define TEST_BUFFER_MAX		65536
/* Untouched-output marker. */
#define POISON32		0xdeadbeefU
#define POISON64		0xdeadbeefdeadbeefULL

#define F(code)			BIT_ULL(XENSND_PCM_FORMAT_##code)

/* sndback_parse_uint() */

struct cfg_uint_case {
	const char *desc;
	const char *str;
	u32 min;
	u32 max;
	int ret;
	u32 val;
};

static const struct cfg_uint_case cfg_uint_cases[] = {
	{ "zero", "0", 0, 10, 0, 0 },
	{ "zero_below_min", "0", 1, 10, -EINVAL },
	{ "one", "1", 1, 10, 0, 1 },
	{ "max", "10", 1, 10, 0, 10 },
	{ "max_plus_1", "11", 1, 10, -EINVAL },
	{ "min_equals_max", "7", 7, 7, 0, 7 },
	{ "u32_max", "4294967295", 0, U32_MAX, 0, U32_MAX },
	{ "u32_max_plus_1", "4294967296", 0, U32_MAX, -EINVAL },
	{ "u64_overflow", "18446744073709551616", 0, U32_MAX, -EINVAL },
	{ "leading_zeros", "0007", 0, 10, 0, 7 },
	{ "empty", "", 0, 10, -EINVAL },
	{ "blank", " ", 0, 10, -EINVAL },
	{ "leading_blank", " 5", 0, 10, -EINVAL },
	{ "trailing_blank", "5 ", 0, 10, -EINVAL },
	{ "trailing_junk", "5x", 0, 10, -EINVAL },
	{ "letters", "five", 0, 10, -EINVAL },
	{ "negative", "-1", 0, 10, -EINVAL },
	{ "negative_zero", "-0", 0, 10, -EINVAL },
	{ "hex", "0x5", 0, 10, -EINVAL },
	{ "float", "5.0", 0, 10, -EINVAL },
	{ "list", "5,6", 0, 10, -EINVAL },
	/* Digits only: no sign, no trailing newline. */
	{ "plus_sign", "+5", 0, 10, -EINVAL },
	{ "trailing_newline", "5\n", 0, 10, -EINVAL },
	{ "two_newlines", "5\n\n", 0, 10, -EINVAL },
};

static void cfg_uint_desc(const struct cfg_uint_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cfg_uint, cfg_uint_cases, cfg_uint_desc);

static void cfg_parse_uint(struct kunit *test)
{
	const struct cfg_uint_case *c = test->param_value;
	u32 val = POISON32;

	KUNIT_EXPECT_EQ(test, sndback_parse_uint(c->str, c->min, c->max, &val),
			c->ret);
	KUNIT_EXPECT_EQ(test, val, c->ret ? POISON32 : c->val);
}

/* sndback_parse_rates() */

#define RATES16 "8000,11025,12000,16000,22050,24000,32000,44100,48000," \
		"64000,88200,96000,176400,192000,352800,384000"
#define RATES16_V { 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, \
		   48000, 64000, 88200, 96000, 176400, 192000, 352800, 384000 }

struct cfg_rates_case {
	const char *desc;
	const char *str;
	int ret;
	unsigned int nr;
	u32 rates[SNDBACK_MAX_RATES];
};

static const struct cfg_rates_case cfg_rates_cases[] = {
	{ "one", "48000", 0, 1, { 48000 } },
	{ "three_in_order_given", "48000,8000,44100", 0, 3,
	  { 48000, 8000, 44100 } },
	{ "min", "5512", 0, 1, { SNDBACK_RATE_MIN } },
	{ "max", "768000", 0, 1, { SNDBACK_RATE_MAX } },
	{ "min_minus_1", "5511", -EINVAL },
	{ "max_plus_1", "768001", -EINVAL },
	{ "zero", "0", -EINVAL },
	{ "one_hz", "1", -EINVAL },
	{ "u32_max", "4294967295", -EINVAL },
	{ "u32_max_plus_1", "4294967296", -EINVAL },
	{ "bad_item_after_good", "48000,768001", -EINVAL },
	/* Items are at most XENSND_SAMPLE_RATE_MAX_LEN (11) characters. */
	{ "item_max_len", "00000048000", 0, 1, { 48000 } },
	{ "item_too_long", "000000048000", -EINVAL },
	{ "empty", "", -EINVAL },
	{ "only_separator", ",", -EINVAL },
	{ "leading_comma", ",48000", -EINVAL },
	{ "trailing_comma", "48000,", -EINVAL },
	{ "double_comma", "44100,,48000", -EINVAL },
	{ "duplicate", "44100,48000,44100", -EINVAL },
	{ "duplicate_spelled_differently", "48000,048000", -EINVAL },
	{ "junk_item", "44100,abc", -EINVAL },
	{ "unit_suffix", "48000Hz", -EINVAL },
	{ "blank_after_comma", "44100, 48000", -EINVAL },
	{ "other_separator", "44100;48000", -EINVAL },
	{ "negative", "-48000", -EINVAL },
	{ "max_rates", RATES16, 0, SNDBACK_MAX_RATES, RATES16_V },
	{ "max_rates_plus_1", RATES16 ",768000", -EINVAL },
};

static void cfg_rates_desc(const struct cfg_rates_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cfg_rates, cfg_rates_cases, cfg_rates_desc);

static void cfg_parse_rates(struct kunit *test)
{
	const struct cfg_rates_case *c = test->param_value;
	u32 rates[SNDBACK_MAX_RATES];
	unsigned int nr = POISON32, i;

	KUNIT_EXPECT_EQ(test, sndback_parse_rates(c->str, rates,
						  ARRAY_SIZE(rates), &nr),
			c->ret);
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, nr, POISON32);
		return;
	}
	KUNIT_ASSERT_EQ(test, nr, c->nr);
	for (i = 0; i < nr; i++)
		KUNIT_EXPECT_EQ(test, rates[i], c->rates[i]);
}

/* @max bounds the array the caller gives, whatever SNDBACK_MAX_RATES is. */
static void cfg_parse_rates_max(struct kunit *test)
{
	u32 rates[4] = { POISON32, POISON32, POISON32, POISON32 };
	unsigned int nr = POISON32;

	KUNIT_EXPECT_EQ(test, sndback_parse_rates("8000", rates, 0, &nr), -EINVAL);
	KUNIT_EXPECT_EQ(test, rates[0], POISON32);
	KUNIT_EXPECT_EQ(test, sndback_parse_rates("8000,16000", rates, 1, &nr),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, rates[1], POISON32);
	KUNIT_EXPECT_EQ(test, sndback_parse_rates("8000,16000,32000", rates, 3,
						  &nr), 0);
	KUNIT_EXPECT_EQ(test, nr, 3U);
	KUNIT_EXPECT_EQ(test, rates[3], POISON32);
}

/* sndback_parse_formats() */

#define ALL_FORMATS "s8,u8,s16_le,s16_be,u16_le,u16_be,s24_le,s24_be," \
	"u24_le,u24_be,s32_le,s32_be,u32_le,u32_be,float_le,float_be," \
	"float64_le,float64_be,iec958_subframe_le,iec958_subframe_be," \
	"mu_law,a_law,ima_adpcm,mpeg,gsm"

struct cfg_formats_case {
	const char *desc;
	const char *str;
	int ret;
	u64 mask;
};

static const struct cfg_formats_case cfg_formats_cases[] = {
	{ "one", "s16_le", 0, F(S16_LE) },
	{ "three", "s16_le,s32_le,u8", 0, F(S16_LE) | F(S32_LE) | F(U8) },
	{ "alias", "f32_le,f64_be", 0, F(F32_LE) | F(F64_BE) },
	{ "longest_name", "iec958_subframe_be", 0, F(IEC958_SUBFRAME_BE) },
	{ "all", ALL_FORMATS, 0, XSND_FMT_ALL_MASK },
	{ "empty", "", -EINVAL },
	{ "only_separator", ",", -EINVAL },
	{ "leading_comma", ",s16_le", -EINVAL },
	{ "trailing_comma", "s16_le,", -EINVAL },
	{ "double_comma", "s16_le,,u8", -EINVAL },
	{ "duplicate", "s16_le,u8,s16_le", -EINVAL },
	{ "duplicate_via_alias", "float_le,f32_le", -EINVAL },
	{ "unknown", "s16_le,s20_le", -EINVAL },
	{ "upper_case", "S16_LE", -EINVAL },
	{ "blank_after_comma", "s16_le, u8", -EINVAL },
	{ "trailing_newline", "s16_le\n", -EINVAL },
	{ "number", "2", -EINVAL },
	/* Items are at most XENSND_SAMPLE_FORMAT_MAX_LEN (24) characters. */
	{ "item_max_len", "iec958_subframe_le_xxxxx", -EINVAL },
	{ "item_too_long", "iec958_subframe_le_xxxxxx", -EINVAL },
	{ "all_plus_duplicate", ALL_FORMATS ",s8", -EINVAL },
};

static void cfg_formats_desc(const struct cfg_formats_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cfg_formats, cfg_formats_cases, cfg_formats_desc);

static void cfg_parse_formats(struct kunit *test)
{
	const struct cfg_formats_case *c = test->param_value;
	u64 mask = POISON64;

	KUNIT_EXPECT_EQ(test, sndback_parse_formats(c->str, &mask), c->ret);
	KUNIT_EXPECT_EQ(test, mask, c->ret ? POISON64 : c->mask);
}

/* sndback_cfg_defaults() */

static void cfg_defaults(struct kunit *test)
{
	struct sndback_stream_cfg cfg;

	memset(&cfg, 0xa5, sizeof(cfg));
	sndback_cfg_defaults(&cfg, TEST_BUFFER_MAX);
	KUNIT_EXPECT_FALSE(test, cfg.capture);
	KUNIT_EXPECT_STREQ(test, cfg.unique_id, "");
	KUNIT_EXPECT_EQ(test, cfg.formats, XSND_FMT_ALL_MASK);
	KUNIT_EXPECT_EQ(test, cfg.nr_rates, 0U);
	KUNIT_EXPECT_EQ(test, cfg.rate_min, SNDBACK_RATE_MIN);
	KUNIT_EXPECT_EQ(test, cfg.rate_max, SNDBACK_RATE_MAX);
	KUNIT_EXPECT_EQ(test, cfg.channels_min, 1);
	KUNIT_EXPECT_EQ(test, cfg.channels_max, SNDBACK_CHANNELS_MAX);
	KUNIT_EXPECT_EQ(test, cfg.buffer_max, TEST_BUFFER_MAX);

	sndback_cfg_defaults(&cfg, SNDBACK_BUFFER_BYTES_LIMIT);
	KUNIT_EXPECT_EQ(test, cfg.buffer_max, SNDBACK_BUFFER_BYTES_LIMIT);
}

/* sndback_cfg_apply(): one node on the defaults */

struct cfg_node {
	const char *key;
	const char *val;
};

struct cfg_apply_case {
	const char *desc;
	struct cfg_node node;
	int ret;
};

#define RATES	XENSND_FIELD_SAMPLE_RATES
#define FORMATS	XENSND_FIELD_SAMPLE_FORMATS
#define CH_MIN	XENSND_FIELD_CHANNELS_MIN
#define CH_MAX	XENSND_FIELD_CHANNELS_MAX
#define BUFSZ	XENSND_FIELD_BUFFER_SIZE

static const struct cfg_apply_case cfg_apply_cases[] = {
	{ "rates_ok", { RATES, "44100,48000" }, 0 },
	{ "rates_empty", { RATES, "" }, -EINVAL },
	{ "rates_trailing_comma", { RATES, "48000," }, -EINVAL },
	{ "rates_duplicate", { RATES, "48000,48000" }, -EINVAL },
	{ "rates_too_many", { RATES, RATES16 ",768000" }, -EINVAL },
	{ "rates_out_of_range", { RATES, "1000000" }, -EINVAL },
	{ "formats_ok", { FORMATS, "s16_le" }, 0 },
	{ "formats_empty", { FORMATS, "" }, -EINVAL },
	{ "formats_junk", { FORMATS, "s16_le,junk" }, -EINVAL },
	{ "formats_leading_comma", { FORMATS, ",s16_le" }, -EINVAL },
	{ "channels_min_0", { CH_MIN, "0" }, -EINVAL },
	{ "channels_min_1", { CH_MIN, "1" }, 0 },
	{ "channels_min_limit", { CH_MIN, "32" }, 0 },
	{ "channels_min_limit_plus_1", { CH_MIN, "33" }, -EINVAL },
	{ "channels_min_u32_max", { CH_MIN, "4294967295" }, -EINVAL },
	{ "channels_min_empty", { CH_MIN, "" }, -EINVAL },
	{ "channels_min_junk", { CH_MIN, "2ch" }, -EINVAL },
	{ "channels_max_0", { CH_MAX, "0" }, -EINVAL },
	{ "channels_max_1", { CH_MAX, "1" }, 0 },
	{ "channels_max_limit", { CH_MAX, "32" }, 0 },
	/* sndif allows up to 255 channels: accepted, clamped to our limit. */
	{ "channels_max_255", { CH_MAX, "255" }, 0 },
	{ "channels_max_256", { CH_MAX, "256" }, -EINVAL },
	{ "channels_max_u32_max", { CH_MAX, "4294967295" }, -EINVAL },
	{ "channels_max_empty", { CH_MAX, "" }, -EINVAL },
	{ "buffer_0", { BUFSZ, "0" }, -EINVAL },
	{ "buffer_1", { BUFSZ, "1" }, 0 },
	{ "buffer_limit", { BUFSZ, "65536" }, 0 },
	{ "buffer_limit_plus_1", { BUFSZ, "65537" }, 0 },
	{ "buffer_u32_max", { BUFSZ, "4294967295" }, 0 },
	{ "buffer_u32_max_plus_1", { BUFSZ, "4294967296" }, -EINVAL },
	{ "buffer_empty", { BUFSZ, "" }, -EINVAL },
	{ "buffer_negative", { BUFSZ, "-1" }, -EINVAL },
	{ "unknown_key_ignored", { "sample-bits", "junk" }, 0 },
	{ "unique_id_not_ours", { XENSND_FIELD_STREAM_UNIQUE_ID, "" }, 0 },
};

static void cfg_apply_desc(const struct cfg_apply_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cfg_apply, cfg_apply_cases, cfg_apply_desc);

/* @n is a subset of @o: nothing widened. */
static void cfg_expect_narrower(struct kunit *test,
				const struct sndback_stream_cfg *n,
				const struct sndback_stream_cfg *o)
{
	unsigned int i, j;
	bool found;

	KUNIT_EXPECT_EQ(test, n->formats & ~o->formats, 0ULL);
	KUNIT_EXPECT_GE(test, n->rate_min, o->rate_min);
	KUNIT_EXPECT_LE(test, n->rate_max, o->rate_max);
	KUNIT_EXPECT_LE(test, n->nr_rates, SNDBACK_MAX_RATES);
	for (i = 0; i < n->nr_rates && o->nr_rates; i++) {
		found = false;
		for (j = 0; j < o->nr_rates; j++)
			found |= n->rates[i] == o->rates[j];
		KUNIT_EXPECT_TRUE_MSG(test, found, "rate %u widened", n->rates[i]);
	}
	KUNIT_EXPECT_GE(test, n->channels_min, o->channels_min);
	KUNIT_EXPECT_LE(test, n->channels_max, o->channels_max);
	KUNIT_EXPECT_LE(test, n->buffer_max, o->buffer_max);
}

/*
 * One node on the defaults, and the same node below a narrowed card level:
 * the result is accepted or refused as the table says, and never wider.
 */
static void cfg_apply_one(struct kunit *test)
{
	const struct cfg_apply_case *c = test->param_value;
	struct sndback_stream_cfg def, card, cfg;

	sndback_cfg_defaults(&def, TEST_BUFFER_MAX);
	cfg = def;
	KUNIT_EXPECT_EQ(test, sndback_cfg_apply(&cfg, c->node.key, c->node.val),
			c->ret);
	if (!c->ret)
		cfg_expect_narrower(test, &cfg, &def);

	card = def;
	KUNIT_ASSERT_EQ(test, sndback_cfg_apply(&card, RATES, "8000,44100,48000"), 0);
	KUNIT_ASSERT_EQ(test, sndback_cfg_apply(&card, FORMATS, "s16_le,s32_le,u8"), 0);
	KUNIT_ASSERT_EQ(test, sndback_cfg_apply(&card, CH_MIN, "1"), 0);
	KUNIT_ASSERT_EQ(test, sndback_cfg_apply(&card, CH_MAX, "2"), 0);
	KUNIT_ASSERT_EQ(test, sndback_cfg_apply(&card, BUFSZ, "32768"), 0);
	cfg = card;
	if (!sndback_cfg_apply(&cfg, c->node.key, c->node.val))
		cfg_expect_narrower(test, &cfg, &card);
}

/* Unknown keys leave the configuration exactly as it was. */
static void cfg_apply_unknown_key(struct kunit *test)
{
	struct sndback_stream_cfg def, cfg;

	sndback_cfg_defaults(&def, TEST_BUFFER_MAX);
	cfg = def;
	KUNIT_EXPECT_EQ(test, sndback_cfg_apply(&cfg, "channels", "1000"), 0);
	KUNIT_EXPECT_EQ(test, sndback_cfg_apply(&cfg, "", ""), 0);
	KUNIT_EXPECT_EQ(test, sndback_cfg_apply(&cfg, "sample-rates ", "1"), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&cfg, &def, sizeof(cfg)), 0);
}

/* sndback_cfg_apply(): card -> pcm-device -> stream inheritance */

#define LEVEL_NODES	5

struct cfg_levels_case {
	const char *desc;
	struct cfg_node level[3][LEVEL_NODES];	/* card, pcm, stream */
	int ret;
	unsigned int bad_level;	/* level that fails, if @ret */
	/* Expected result; 0 stands for the default of the field. */
	u64 formats;
	unsigned int nr_rates;
	u32 rates[4];
	u32 rate_min;
	u32 rate_max;
	u8 channels_min;
	u8 channels_max;
	u32 buffer_max;
};

static const struct cfg_levels_case cfg_levels_cases[] = {
	{ "nothing_set", { {}, {}, {} }, 0, 0 },
	{ "card_only", { { { RATES, "44100,48000" }, { FORMATS, "s16_le" },
			   { CH_MIN, "2" }, { CH_MAX, "2" }, { BUFSZ, "8192" } },
			 {}, {} },
	  0, 0, .formats = F(S16_LE), .nr_rates = 2,
	  .rates = { 44100, 48000 }, .rate_min = 44100, .rate_max = 48000,
	  .channels_min = 2, .channels_max = 2, .buffer_max = 8192 },
	{ "stream_rates_intersect", { { { RATES, "8000,44100,48000" } },
				      { { RATES, "48000,96000,44100" } }, {} },
	  0, 0, .nr_rates = 2, .rates = { 48000, 44100 },
	  .rate_min = 44100, .rate_max = 48000 },
	{ "three_levels_rates", { { { RATES, "8000,16000,44100,48000" } },
				  { { RATES, "16000,44100,48000" } },
				  { { RATES, "44100,8000" } } },
	  0, 0, .nr_rates = 1, .rates = { 44100 },
	  .rate_min = 44100, .rate_max = 44100 },
	{ "rates_list_below_range", { {}, {}, { { RATES, "11025" } } },
	  0, 0, .nr_rates = 1, .rates = { 11025 },
	  .rate_min = 11025, .rate_max = 11025 },
	{ "rates_disjoint", { { { RATES, "44100" } }, {}, { { RATES, "48000" } } },
	  -EINVAL, 2 },
	{ "rates_malformed_in_pcm", { { { RATES, "44100" } },
				      { { RATES, "44100," } }, {} },
	  -EINVAL, 1 },
	{ "formats_narrow", { { { FORMATS, "s16_le,s32_le,u8" } },
			      { { FORMATS, "s32_le,float_le,s16_le" } },
			      { { FORMATS, "s32_le" } } },
	  0, 0, .formats = F(S32_LE) },
	{ "formats_alias_below", { { { FORMATS, "float_le,s16_le" } }, {},
				   { { FORMATS, "f32_le,f64_le" } } },
	  0, 0, .formats = F(F32_LE) },
	{ "formats_disjoint", { { { FORMATS, "s16_le" } },
				{ { FORMATS, "u8" } }, {} },
	  -EINVAL, 1 },
	{ "channels_stream_wider_keeps_card", { { { CH_MIN, "2" }, { CH_MAX, "8" } },
						{}, { { CH_MIN, "1" }, { CH_MAX, "16" } } },
	  0, 0, .channels_min = 2, .channels_max = 8 },
	{ "channels_stream_narrows", { { { CH_MIN, "2" }, { CH_MAX, "8" } },
				       { { CH_MIN, "4" } }, { { CH_MAX, "6" } } },
	  0, 0, .channels_min = 4, .channels_max = 6 },
	{ "channels_max_255_clamped", { { { CH_MAX, "255" } }, {}, {} },
	  0, 0 },
	{ "channels_min_above_card_max", { { { CH_MAX, "2" } }, {},
					   { { CH_MIN, "4" } } },
	  -EINVAL, 2 },
	{ "channels_max_below_card_min", { { { CH_MIN, "4" } },
					   { { CH_MAX, "2" } }, {} },
	  -EINVAL, 1 },
	{ "channels_contradiction_same_level", { { { CH_MIN, "4" }, { CH_MAX, "2" } },
						 {}, {} },
	  -EINVAL, 0 },
	{ "buffer_narrows_only", { { { BUFSZ, "32768" } }, { { BUFSZ, "65536" } },
				   { { BUFSZ, "4096" } } },
	  0, 0, .buffer_max = 4096 },
	{ "buffer_never_above_module", { { { BUFSZ, "4294967295" } }, {}, {} },
	  0, 0 },
	{ "buffer_zero_in_stream", { { { BUFSZ, "4096" } }, {}, { { BUFSZ, "0" } } },
	  -EINVAL, 2 },
	{ "everything_narrowed", { { { RATES, "44100,48000,96000" },
				     { FORMATS, "s16_le,s24_le,s32_le" },
				     { CH_MIN, "1" }, { CH_MAX, "8" },
				     { BUFSZ, "65536" } },
				   { { RATES, "48000,96000" }, { CH_MAX, "6" } },
				   { { FORMATS, "s24_le,s32_le" },
				     { CH_MIN, "2" }, { BUFSZ, "16384" } } },
	  0, 0, .formats = F(S24_LE) | F(S32_LE), .nr_rates = 2,
	  .rates = { 48000, 96000 }, .rate_min = 48000, .rate_max = 96000,
	  .channels_min = 2, .channels_max = 6, .buffer_max = 16384 },
};

static void cfg_levels_desc(const struct cfg_levels_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cfg_levels, cfg_levels_cases, cfg_levels_desc);

/* xenbus.c's sndback_cfg_keys[]: the order each level's nodes are read in. */
static const char *const cfg_key_order[] = {
	RATES, FORMATS, CH_MIN, CH_MAX, BUFSZ,
};

/* sndback_read_level() without XenBus: apply the nodes present, in order. */
static int cfg_apply_level(struct sndback_stream_cfg *cfg,
			   const struct cfg_node *nodes)
{
	unsigned int k, i;
	int err;

	for (k = 0; k < ARRAY_SIZE(cfg_key_order); k++) {
		for (i = 0; i < LEVEL_NODES && nodes[i].key; i++) {
			if (strcmp(nodes[i].key, cfg_key_order[k]))
				continue;
			err = sndback_cfg_apply(cfg, nodes[i].key, nodes[i].val);
			if (err)
				return err;
		}
	}
	return 0;
}

static void cfg_levels(struct kunit *test)
{
	const struct cfg_levels_case *c = test->param_value;
	struct sndback_stream_cfg above, cfg;
	unsigned int lvl, i;
	int err = 0;

	sndback_cfg_defaults(&cfg, TEST_BUFFER_MAX);
	for (lvl = 0; lvl < 3; lvl++) {
		above = cfg;	/* xenbus.c copies the level above */
		err = cfg_apply_level(&cfg, c->level[lvl]);
		if (err)
			break;
		cfg_expect_narrower(test, &cfg, &above);
	}
	KUNIT_ASSERT_EQ(test, err, c->ret);
	if (err) {
		KUNIT_EXPECT_EQ(test, lvl, c->bad_level);
		return;
	}
	KUNIT_EXPECT_EQ(test, cfg.formats, c->formats ?: XSND_FMT_ALL_MASK);
	KUNIT_EXPECT_EQ(test, cfg.rate_min, c->rate_min ?: SNDBACK_RATE_MIN);
	KUNIT_EXPECT_EQ(test, cfg.rate_max, c->rate_max ?: SNDBACK_RATE_MAX);
	KUNIT_EXPECT_EQ(test, cfg.channels_min, c->channels_min ?: 1);
	KUNIT_EXPECT_EQ(test, cfg.channels_max,
			c->channels_max ?: SNDBACK_CHANNELS_MAX);
	KUNIT_EXPECT_EQ(test, cfg.buffer_max, c->buffer_max ?: TEST_BUFFER_MAX);
	KUNIT_ASSERT_EQ(test, cfg.nr_rates, c->nr_rates);
	for (i = 0; i < cfg.nr_rates; i++)
		KUNIT_EXPECT_EQ(test, cfg.rates[i], c->rates[i]);
}

/* sndback_cfg_narrow_rates(): the host device's rate range */

struct cfg_narrow_case {
	const char *desc;
	const char *rates;	/* sample-rates node first, or NULL */
	u32 min;
	u32 max;
	int ret;
	u32 rate_min;
	u32 rate_max;
	unsigned int nr_rates;
	u32 list[4];
};

static const struct cfg_narrow_case cfg_narrow_cases[] = {
	{ "range_all", NULL, 0, U32_MAX, 0, SNDBACK_RATE_MIN, SNDBACK_RATE_MAX },
	{ "range_inside", NULL, 8000, 48000, 0, 8000, 48000 },
	{ "range_one_rate", NULL, 44100, 44100, 0, 44100, 44100 },
	{ "range_below_ours", NULL, 1, 5511, -EINVAL },
	{ "range_above_ours", NULL, 768001, U32_MAX, -EINVAL },
	{ "range_min_gt_max", NULL, 48000, 44100, -EINVAL },
	{ "range_u32_max", NULL, U32_MAX, U32_MAX, -EINVAL },
	{ "list_all", "8000,44100,48000,96000", 0, U32_MAX, 0, 8000, 96000, 4,
	  { 8000, 44100, 48000, 96000 } },
	{ "list_upper_part", "8000,44100,48000,96000", 44100, 96000, 0, 44100,
	  96000, 3, { 44100, 48000, 96000 } },
	{ "list_exact_bounds", "96000,8000,48000", 8000, 48000, 0, 8000, 48000, 2,
	  { 8000, 48000 } },
	{ "list_one_left", "8000,44100,48000", 40000, 45000, 0, 44100, 44100, 1,
	  { 44100 } },
	{ "list_none_between", "8000,44100,48000", 44101, 47999, -EINVAL },
	{ "list_none_above", "8000,44100", 48000, 192000, -EINVAL },
};

static void cfg_narrow_desc(const struct cfg_narrow_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cfg_narrow, cfg_narrow_cases, cfg_narrow_desc);

static void cfg_narrow_rates(struct kunit *test)
{
	const struct cfg_narrow_case *c = test->param_value;
	struct sndback_stream_cfg above, cfg;
	unsigned int i;

	sndback_cfg_defaults(&cfg, TEST_BUFFER_MAX);
	if (c->rates)
		KUNIT_ASSERT_EQ(test, sndback_cfg_apply(&cfg, RATES, c->rates), 0);
	above = cfg;
	KUNIT_ASSERT_EQ(test, sndback_cfg_narrow_rates(&cfg, c->min, c->max),
			c->ret);
	if (c->ret)
		return;
	cfg_expect_narrower(test, &cfg, &above);
	KUNIT_EXPECT_EQ(test, cfg.rate_min, c->rate_min);
	KUNIT_EXPECT_EQ(test, cfg.rate_max, c->rate_max);
	KUNIT_ASSERT_EQ(test, cfg.nr_rates, c->nr_rates);
	for (i = 0; i < cfg.nr_rates; i++)
		KUNIT_EXPECT_EQ(test, cfg.rates[i], c->list[i]);
}

static struct kunit_case snd_xenback_cfg_cases[] = {
	KUNIT_CASE_PARAM(cfg_parse_uint, cfg_uint_gen_params),
	KUNIT_CASE_PARAM(cfg_parse_rates, cfg_rates_gen_params),
	KUNIT_CASE(cfg_parse_rates_max),
	KUNIT_CASE_PARAM(cfg_parse_formats, cfg_formats_gen_params),
	KUNIT_CASE(cfg_defaults),
	KUNIT_CASE_PARAM(cfg_apply_one, cfg_apply_gen_params),
	KUNIT_CASE(cfg_apply_unknown_key),
	KUNIT_CASE_PARAM(cfg_levels, cfg_levels_gen_params),
	KUNIT_CASE_PARAM(cfg_narrow_rates, cfg_narrow_gen_params),
	{}
};

static struct kunit_suite snd_xenback_cfg_suite = {
	.name = "snd_xenback_cfg",
	.test_cases = snd_xenback_cfg_cases,
};

kunit_test_suites(&snd_xenback_cfg_suite);

MODULE_DESCRIPTION("KUnit tests for snd-xenback's XenStore configuration parsing");
MODULE_LICENSE("GPL");
