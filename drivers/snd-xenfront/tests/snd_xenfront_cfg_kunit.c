// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: snd-xenfront's parsing of the XenStore configuration
 * (cfg_parse.c). Every value comes from the guest-owned frontend
 * directory, so the cases cover 0, 1, the limits, one past them, U32_MAX
 * and overflow.
 */

#include <kunit/test.h>
#include <sound/pcm.h>

#include "../cfg_parse.h"

struct sndfront_u32_case {
	const char *str;
	u32 min, max;
	int ret;
	u32 val;
};

static const struct sndfront_u32_case sndfront_u32_cases[] = {
	{ "0", 0, 10, 0, 0 },
	{ "1", 1, 10, 0, 1 },
	{ " 10 ", 1, 10, 0, 10 },
	{ "11", 1, 10, -ERANGE, 0 },
	{ "0", 1, 10, -ERANGE, 0 },
	{ "4294967295", 0, U32_MAX, 0, U32_MAX },
	{ "4294967296", 0, U32_MAX, -ERANGE, 0 },
	{ "99999999999999999999", 0, U32_MAX, -ERANGE, 0 },
	{ "", 0, 10, -EINVAL, 0 },
	{ "-1", 0, 10, -EINVAL, 0 },
	{ "0x10", 0, 100, -EINVAL, 0 },
	{ "1 2", 0, 100, -EINVAL, 0 },
};

static void sndfront_u32_desc(const struct sndfront_u32_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\" in [%u, %u]", c->str,
		 c->min, c->max);
}

KUNIT_ARRAY_PARAM(sndfront_u32, sndfront_u32_cases, sndfront_u32_desc);

static void sndfront_parse_u32_test(struct kunit *test)
{
	const struct sndfront_u32_case *c = test->param_value;
	u32 v = 12345;

	KUNIT_EXPECT_EQ(test, sndfront_parse_u32(c->str, c->min, c->max, &v),
			c->ret);
	KUNIT_EXPECT_EQ(test, v, c->ret ? 12345 : c->val);
}

static void sndfront_parse_rates_test(struct kunit *test)
{
	u32 rates[SNDFRONT_MAX_RATES];
	unsigned int nr, i;
	char *many;

	/* Sorted, unique, blanks and empty items tolerated. */
	KUNIT_EXPECT_EQ(test, sndfront_parse_rates("48000, 8000,,44100,48000",
						   rates, &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, 3);
	KUNIT_EXPECT_EQ(test, rates[0], 8000);
	KUNIT_EXPECT_EQ(test, rates[1], 44100);
	KUNIT_EXPECT_EQ(test, rates[2], 48000);

	/* Out of range and junk items are skipped and counted. */
	KUNIT_EXPECT_EQ(test, sndfront_parse_rates("5511,5512,384000,384001,x",
						   rates, &nr), 3);
	KUNIT_EXPECT_EQ(test, nr, 2);

	/* Nothing usable. */
	KUNIT_EXPECT_EQ(test, sndfront_parse_rates("", rates, &nr), -EINVAL);
	KUNIT_EXPECT_EQ(test, sndfront_parse_rates("1,2", rates, &nr), -EINVAL);

	/* More distinct rates than kept: the surplus is skipped. */
	many = kunit_kzalloc(test, SNDFRONT_LIST_LEN_MAX + 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, many);
	for (i = 0; i < SNDFRONT_MAX_RATES + 2; i++)
		snprintf(many + strlen(many), SNDFRONT_LIST_LEN_MAX + 1 -
			 strlen(many), "%u,", 8000 + i);
	KUNIT_EXPECT_EQ(test, sndfront_parse_rates(many, rates, &nr), 2);
	KUNIT_EXPECT_EQ(test, nr, SNDFRONT_MAX_RATES);

	/* Longer than any sane list: rejected, not truncated. */
	memset(many, '1', SNDFRONT_LIST_LEN_MAX + 1);
	KUNIT_EXPECT_EQ(test, sndfront_parse_rates(many, rates, &nr), -EINVAL);
}

static void sndfront_parse_formats_test(struct kunit *test)
{
	u64 f;

	KUNIT_EXPECT_EQ(test, sndfront_parse_formats("s16_le,float_le", &f), 0);
	KUNIT_EXPECT_EQ(test, f, SNDRV_PCM_FMTBIT_S16_LE |
			SNDRV_PCM_FMTBIT_FLOAT_LE);
	/* libxl's spelling of the float formats. */
	KUNIT_EXPECT_EQ(test, sndfront_parse_formats("f32_le, f64_be", &f), 0);
	KUNIT_EXPECT_EQ(test, f, SNDRV_PCM_FMTBIT_FLOAT_LE |
			SNDRV_PCM_FMTBIT_FLOAT64_BE);
	KUNIT_EXPECT_EQ(test, sndfront_parse_formats("s16_le,S16_LE,dsd", &f),
			2);
	KUNIT_EXPECT_EQ(test, f, SNDRV_PCM_FMTBIT_S16_LE);
	KUNIT_EXPECT_EQ(test, sndfront_parse_formats("dsd", &f), -EINVAL);
	/* Empty items are no format and no error. */
	KUNIT_EXPECT_EQ(test, sndfront_parse_formats(",u8,,s16_le,", &f), 0);
	KUNIT_EXPECT_EQ(test, f, SNDRV_PCM_FMTBIT_U8 | SNDRV_PCM_FMTBIT_S16_LE);
}

static void sndfront_hw_inherit_test(struct kunit *test)
{
	struct sndfront_hw hw;
	struct sndfront_hw_nodes card = {
		.rates = "8000,44100,48000",
		.formats = "s16_le,s32_le",
		.channels_max = "6",
		.buffer_size = "65536",
	};
	struct sndfront_hw_nodes stream = {
		.rates = "48000,96000",
		.formats = "s32_le",
		.channels_min = "2",
		.buffer_size = "131072",
	};
	struct sndfront_hw_nodes bad = {
		.rates = "96000",
		.formats = "u8",
		.channels_min = "7",
		.buffer_size = "1",
	};
	struct sndfront_hw_nodes bad_max = { .channels_max = "256" };

	sndfront_hw_init(&hw);
	KUNIT_EXPECT_EQ(test, sndfront_hw_inherit(&hw, &card), 0);
	/* A lower level narrows: intersection, the smaller buffer. */
	KUNIT_EXPECT_EQ(test, sndfront_hw_inherit(&hw, &stream), 0);
	KUNIT_EXPECT_EQ(test, hw.nr_rates, 1);
	KUNIT_EXPECT_EQ(test, hw.rates[0], 48000);
	KUNIT_EXPECT_EQ(test, hw.formats, SNDRV_PCM_FMTBIT_S32_LE);
	KUNIT_EXPECT_EQ(test, hw.channels_min, 2);
	KUNIT_EXPECT_EQ(test, hw.channels_max, 6);
	KUNIT_EXPECT_EQ(test, hw.buffer_bytes, 65536);

	/* A level leaving nothing is rejected; the upper values stay. */
	KUNIT_EXPECT_EQ(test, sndfront_hw_inherit(&hw, &bad),
			SNDFRONT_HW_RATES | SNDFRONT_HW_FORMATS |
			SNDFRONT_HW_CHANNELS_MIN | SNDFRONT_HW_BUFFER);
	KUNIT_EXPECT_EQ(test, hw.rates[0], 48000);
	KUNIT_EXPECT_EQ(test, hw.formats, SNDRV_PCM_FMTBIT_S32_LE);
	KUNIT_EXPECT_EQ(test, hw.channels_min, 2);
	KUNIT_EXPECT_EQ(test, hw.buffer_bytes, 65536);

	/* channels-max past SNDFRONT_CHANNELS_MAX: rejected alone. */
	KUNIT_EXPECT_EQ(test, sndfront_hw_inherit(&hw, &bad_max),
			SNDFRONT_HW_CHANNELS_MAX);
	KUNIT_EXPECT_EQ(test, hw.channels_min, 2);
	KUNIT_EXPECT_EQ(test, hw.channels_max, 6);
}

static void sndfront_hw_defaults_test(struct kunit *test)
{
	struct sndfront_hw_nodes nodes = { .channels_min = "4",
					   .buffer_size = "4294967295" };
	struct sndfront_hw hw;

	/* Defaults only fill what no level set, never narrow it. */
	sndfront_hw_init(&hw);
	KUNIT_EXPECT_EQ(test, sndfront_hw_inherit(&hw, &nodes), 0);
	sndfront_hw_finalize(&hw);
	KUNIT_EXPECT_EQ(test, hw.channels_min, 4);
	KUNIT_EXPECT_EQ(test, hw.channels_max, 4);
	KUNIT_EXPECT_EQ(test, hw.buffer_bytes, SNDFRONT_BUFFER_BYTES_MAX);
	KUNIT_EXPECT_GT(test, hw.nr_rates, 0);
	KUNIT_EXPECT_NE(test, hw.formats, 0);

	sndfront_hw_init(&hw);
	sndfront_hw_finalize(&hw);
	KUNIT_EXPECT_EQ(test, hw.channels_min, SNDFRONT_DEF_CHANNELS_MIN);
	KUNIT_EXPECT_EQ(test, hw.channels_max, SNDFRONT_DEF_CHANNELS_MAX);
	KUNIT_EXPECT_EQ(test, hw.buffer_bytes, SNDFRONT_DEF_BUFFER_BYTES);
}

static void sndfront_name_copy_test(struct kunit *test)
{
	char name[8];

	sndfront_name_copy(name, sizeof(name), NULL, "dflt");
	KUNIT_EXPECT_STREQ(test, name, "dflt");
	sndfront_name_copy(name, sizeof(name), "  \x01\t ", "dflt");
	KUNIT_EXPECT_STREQ(test, name, "dflt");
	sndfront_name_copy(name, sizeof(name), " a\nb ", "dflt");
	KUNIT_EXPECT_STREQ(test, name, "ab");
	sndfront_name_copy(name, sizeof(name), "Long card name", "dflt");
	KUNIT_EXPECT_STREQ(test, name, "Long ca");
}

static void sndfront_version_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, sndfront_version_listed("1,2", 2));
	KUNIT_EXPECT_TRUE(test, sndfront_version_listed(" 2 ", 2));
	KUNIT_EXPECT_FALSE(test, sndfront_version_listed("1", 2));
	KUNIT_EXPECT_FALSE(test, sndfront_version_listed("", 2));
	KUNIT_EXPECT_FALSE(test, sndfront_version_listed("22", 2));
}

static struct kunit_case sndfront_cfg_cases[] = {
	KUNIT_CASE_PARAM(sndfront_parse_u32_test, sndfront_u32_gen_params),
	KUNIT_CASE(sndfront_parse_rates_test),
	KUNIT_CASE(sndfront_parse_formats_test),
	KUNIT_CASE(sndfront_hw_inherit_test),
	KUNIT_CASE(sndfront_hw_defaults_test),
	KUNIT_CASE(sndfront_name_copy_test),
	KUNIT_CASE(sndfront_version_test),
	{}
};

static struct kunit_suite sndfront_cfg_suite = {
	.name = "snd_xenfront_cfg",
	.test_cases = sndfront_cfg_cases,
};

kunit_test_suites(&sndfront_cfg_suite);
MODULE_LICENSE("GPL");
