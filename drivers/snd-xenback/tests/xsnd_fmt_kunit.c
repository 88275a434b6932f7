// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite xsnd_fmt: the sndif <-> ALSA format table shared by
 * snd-xenfront and snd-xenback (include/xen-snd/xsnd_fmt.h).
 *
 * Every row is checked against an expected row written out here, against
 * the ABI's XENSND_PCM_FORMAT_*_STR spelling, and through every helper
 * (lookup, reverse lookup, parse of the name and the alias, both mask
 * conversions). sndif codes happen to equal ALSA's for these formats, so the
 * expected ALSA values are spelled out rather than derived from the code.
 */

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <xen-snd/xsnd_fmt.h>

struct xsnd_fmt_case {
	unsigned int code;
	const char *abi_name;
	const char *name;
	const char *alias;
	int alsa;
};

#define FMT(c, s, a, f) { \
	.code = XENSND_PCM_FORMAT_##c, \
	.abi_name = XENSND_PCM_FORMAT_##c##_STR, \
	.name = s, \
	.alias = a, \
	.alsa = (__force int)SNDRV_PCM_FORMAT_##f, \
}

static const struct xsnd_fmt_case xsnd_fmt_rows[] = {
	FMT(S8, "s8", NULL, S8),
	FMT(U8, "u8", NULL, U8),
	FMT(S16_LE, "s16_le", NULL, S16_LE),
	FMT(S16_BE, "s16_be", NULL, S16_BE),
	FMT(U16_LE, "u16_le", NULL, U16_LE),
	FMT(U16_BE, "u16_be", NULL, U16_BE),
	FMT(S24_LE, "s24_le", NULL, S24_LE),
	FMT(S24_BE, "s24_be", NULL, S24_BE),
	FMT(U24_LE, "u24_le", NULL, U24_LE),
	FMT(U24_BE, "u24_be", NULL, U24_BE),
	FMT(S32_LE, "s32_le", NULL, S32_LE),
	FMT(S32_BE, "s32_be", NULL, S32_BE),
	FMT(U32_LE, "u32_le", NULL, U32_LE),
	FMT(U32_BE, "u32_be", NULL, U32_BE),
	FMT(F32_LE, "float_le", "f32_le", FLOAT_LE),
	FMT(F32_BE, "float_be", "f32_be", FLOAT_BE),
	FMT(F64_LE, "float64_le", "f64_le", FLOAT64_LE),
	FMT(F64_BE, "float64_be", "f64_be", FLOAT64_BE),
	FMT(IEC958_SUBFRAME_LE, "iec958_subframe_le", NULL, IEC958_SUBFRAME_LE),
	FMT(IEC958_SUBFRAME_BE, "iec958_subframe_be", NULL, IEC958_SUBFRAME_BE),
	FMT(MU_LAW, "mu_law", NULL, MU_LAW),
	FMT(A_LAW, "a_law", NULL, A_LAW),
	FMT(IMA_ADPCM, "ima_adpcm", NULL, IMA_ADPCM),
	FMT(MPEG, "mpeg", NULL, MPEG),
	FMT(GSM, "gsm", NULL, GSM),
};

static void xsnd_fmt_row_desc(const struct xsnd_fmt_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u_%s", c->code, c->name);
}

KUNIT_ARRAY_PARAM(xsnd_fmt_row, xsnd_fmt_rows, xsnd_fmt_row_desc);

/* The table has one row per sndif code, and the test one per table row. */
static void xsnd_fmt_count(struct kunit *test)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, XSND_FMT_COUNT, 25);
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(xsnd_fmt_rows), XSND_FMT_COUNT);
	KUNIT_EXPECT_EQ(test, XSND_FMT_ALL_MASK, GENMASK_ULL(24, 0));
	for (i = 0; i < ARRAY_SIZE(xsnd_fmt_rows); i++)
		KUNIT_EXPECT_EQ(test, xsnd_fmt_rows[i].code, i);
}

/* One row: lookup, spelling, ALSA format, and every helper on it. */
static void xsnd_fmt_row(struct kunit *test)
{
	const struct xsnd_fmt_case *c = test->param_value;
	const struct xsnd_fmt_desc *d = xsnd_fmt_desc(c->code);
	size_t len = strlen(c->name);

	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_STREQ(test, d->name, c->name);
	KUNIT_EXPECT_STREQ(test, d->name, c->abi_name);
	KUNIT_EXPECT_LE(test, len, XENSND_SAMPLE_FORMAT_MAX_LEN);
	if (c->alias) {
		KUNIT_ASSERT_NOT_NULL(test, d->alias);
		KUNIT_EXPECT_STREQ(test, d->alias, c->alias);
		KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(c->alias, strlen(c->alias)),
				(int)c->code);
	} else {
		KUNIT_EXPECT_NULL(test, d->alias);
	}
	KUNIT_EXPECT_EQ(test, (__force int)d->alsa, c->alsa);

	/* Round trips. */
	KUNIT_EXPECT_EQ(test, xsnd_fmt_from_alsa(d->alsa), (int)c->code);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(c->name, len), (int)c->code);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_to_alsa(BIT_ULL(c->code)),
			BIT_ULL(c->alsa));
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_from_alsa(BIT_ULL(c->alsa)),
			BIT_ULL(c->code));

	/* The length is exact: a prefix or the NUL is another word. */
	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(c->name, len - 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(c->name, len + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(c->name, 0), -EINVAL);
}

/* Codes past the table, as a guest may send them. */
static const unsigned int xsnd_fmt_bad_codes[] = {
	XSND_FMT_COUNT, XSND_FMT_COUNT + 1, 63, 64, 255, 256, U32_MAX,
};

static void xsnd_fmt_desc_invalid(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xsnd_fmt_bad_codes); i++)
		KUNIT_EXPECT_NULL(test, xsnd_fmt_desc(xsnd_fmt_bad_codes[i]));
}

/* ALSA formats sndif has no code for. */
static const int xsnd_fmt_alsa_only[] = {
	(__force int)SNDRV_PCM_FORMAT_S20_LE,
	(__force int)SNDRV_PCM_FORMAT_U20_BE,
	(__force int)SNDRV_PCM_FORMAT_SPECIAL,
	(__force int)SNDRV_PCM_FORMAT_S24_3LE,
	(__force int)SNDRV_PCM_FORMAT_U18_3BE,
	(__force int)SNDRV_PCM_FORMAT_G723_24,
	(__force int)SNDRV_PCM_FORMAT_DSD_U8,
	(__force int)SNDRV_PCM_FORMAT_DSD_U32_BE,
	(__force int)SNDRV_PCM_FORMAT_LAST + 1,
	-1,
};

static void xsnd_fmt_from_alsa_unknown(struct kunit *test)
{
	unsigned int i;
	u64 mask = 0;
	int f;

	for (i = 0; i < ARRAY_SIZE(xsnd_fmt_alsa_only); i++) {
		f = xsnd_fmt_alsa_only[i];
		KUNIT_EXPECT_EQ(test, xsnd_fmt_from_alsa((__force snd_pcm_format_t)f),
				-EINVAL);
		if (f >= 0 && f < 64)
			mask |= BIT_ULL(f);
	}
	/* The mask conversion drops them too. */
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_from_alsa(mask), 0ULL);
}

struct xsnd_fmt_junk {
	const char *desc;
	const char *str;
	size_t len;
};

#define JUNK(d, s) { d, s, sizeof(s) - 1 }

/* Names a hostile or sloppy frontend directory may hold. */
static const struct xsnd_fmt_junk xsnd_fmt_junk_names[] = {
	JUNK("empty", ""),
	JUNK("upper_case", "S16_LE"),
	JUNK("leading_blank", " s16_le"),
	JUNK("trailing_blank", "s16_le "),
	JUNK("trailing_newline", "s16_le\n"),
	JUNK("trailing_comma", "s16_le,"),
	JUNK("two_names", "s16_le,u8"),
	JUNK("no_underscore", "s16le"),
	JUNK("alsa_spelling_float", "float32_le"),
	JUNK("no_endianness", "float"),
	JUNK("alias_prefix", "f32"),
	JUNK("name_prefix", "iec958_subframe"),
	JUNK("name_suffix", "iec958_subframe_le_"),
	JUNK("repeated", "u8u8"),
	JUNK("alsa_only_format", "s24_3le"),
	JUNK("dsd", "dsd_u8"),
	JUNK("digits", "16"),
	JUNK("embedded_nul", "s8\0"),
	JUNK("high_bytes", "s16_le\xff"),
	JUNK("too_long", "s16_le_s16_le_s16_le_s16_le_s16_le"),
};

static void xsnd_fmt_junk_desc(const struct xsnd_fmt_junk *j, char *desc)
{
	strscpy(desc, j->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xsnd_fmt_junk, xsnd_fmt_junk_names, xsnd_fmt_junk_desc);

static void xsnd_fmt_parse_junk(struct kunit *test)
{
	const struct xsnd_fmt_junk *j = test->param_value;

	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(j->str, j->len), -EINVAL);
}

/* The string need not end after the name: only @len counts. */
static void xsnd_fmt_parse_in_list(struct kunit *test)
{
	static const char list[] = "u8,s16_le,float_le";

	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(list, 2), XENSND_PCM_FORMAT_U8);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(list + 3, 6),
			XENSND_PCM_FORMAT_S16_LE);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(list + 10, 8),
			XENSND_PCM_FORMAT_F32_LE);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_parse(list, 3), -EINVAL);
}

/* Whole masks, and bits past the table. */
static void xsnd_fmt_masks(struct kunit *test)
{
	static const u64 masks[] = {
		0, 1, XSND_FMT_ALL_MASK, 0x0aaaaaa, 0x1555555,
		BIT_ULL(XENSND_PCM_FORMAT_GSM),
	};
	u64 all_alsa = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xsnd_fmt_rows); i++)
		all_alsa |= BIT_ULL(xsnd_fmt_rows[i].alsa);

	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_to_alsa(0), 0ULL);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_to_alsa(XSND_FMT_ALL_MASK), all_alsa);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_to_alsa(U64_MAX), all_alsa);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_to_alsa(~XSND_FMT_ALL_MASK), 0ULL);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_from_alsa(0), 0ULL);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_from_alsa(U64_MAX), XSND_FMT_ALL_MASK);
	KUNIT_EXPECT_EQ(test, xsnd_fmt_mask_from_alsa(~all_alsa), 0ULL);

	for (i = 0; i < ARRAY_SIZE(masks); i++)
		KUNIT_EXPECT_EQ(test,
				xsnd_fmt_mask_from_alsa(xsnd_fmt_mask_to_alsa(masks[i])),
				masks[i]);
}

static struct kunit_case xsnd_fmt_cases[] = {
	KUNIT_CASE(xsnd_fmt_count),
	KUNIT_CASE_PARAM(xsnd_fmt_row, xsnd_fmt_row_gen_params),
	KUNIT_CASE(xsnd_fmt_desc_invalid),
	KUNIT_CASE(xsnd_fmt_from_alsa_unknown),
	KUNIT_CASE_PARAM(xsnd_fmt_parse_junk, xsnd_fmt_junk_gen_params),
	KUNIT_CASE(xsnd_fmt_parse_in_list),
	KUNIT_CASE(xsnd_fmt_masks),
	{}
};

static struct kunit_suite xsnd_fmt_suite = {
	.name = "xsnd_fmt",
	.test_cases = xsnd_fmt_cases,
};

kunit_test_suites(&xsnd_fmt_suite);

MODULE_DESCRIPTION("KUnit tests for the xen-snd sndif format table");
MODULE_LICENSE("GPL");
