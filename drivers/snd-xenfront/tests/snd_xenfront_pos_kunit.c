// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: snd-xenfront's position arithmetic (pos.c). Everything here is
 * driven by what the backend writes, so each check covers the boundary,
 * one past it, and wrap-around. The CUR_POS verdicts are in
 * snd_xenfront_resp.
 */

#include <kunit/test.h>

#include "../pos.h"

static void sndfront_pos_event_test(struct kunit *test)
{
	struct sndfront_pos pos;
	u32 delta = 0;

	sndfront_pos_open(&pos, 4096, 1024);
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, 0, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 0);
	/* Exactly one buffer is the largest legal move. */
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, 4096, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 4096);
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, 8193, &delta), -E2BIG);
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, 4095, &delta), -ERANGE);
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, U64_MAX, &delta),
			-E2BIG);
	/* Rejected events leave the position alone. */
	KUNIT_EXPECT_EQ(test, pos.be_pos, 4096);

	/* Cumulative 64-bit positions beyond 4 GiB keep working. */
	pos.be_pos = U32_MAX;
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, (u64)U32_MAX + 100,
						 &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 100);
}

static void sndfront_pos_advance_test(struct kunit *test)
{
	struct sndfront_pos pos;

	sndfront_pos_open(&pos, 4096, 1024);
	KUNIT_EXPECT_FALSE(test, sndfront_pos_advance(&pos, 0));
	KUNIT_EXPECT_FALSE(test, sndfront_pos_advance(&pos, 1023));
	/* Reaching the boundary exactly is a period (upstream: ">"). */
	KUNIT_EXPECT_TRUE(test, sndfront_pos_advance(&pos, 1));
	/* One report per period: every report is a period. */
	KUNIT_EXPECT_TRUE(test, sndfront_pos_advance(&pos, 1024));
	KUNIT_EXPECT_TRUE(test, sndfront_pos_advance(&pos, 1024));
	KUNIT_EXPECT_EQ(test, pos.hw, 3072);
	/* Several periods at once: one notification. */
	KUNIT_EXPECT_TRUE(test, sndfront_pos_advance(&pos, 4096));
	KUNIT_EXPECT_EQ(test, sndfront_pos_offset(&pos, pos.hw), 3072);
}

static void sndfront_pos_chunk_test(struct kunit *test)
{
	struct sndfront_pos pos;
	u32 off = 0;

	sndfront_pos_open(&pos, 4096, 1024);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 0, 4096, &off), 4096);
	KUNIT_EXPECT_EQ(test, off, 0);
	/* A range across the end of the buffer: first piece to the end. */
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 3072, 5120, &off), 1024);
	KUNIT_EXPECT_EQ(test, off, 3072);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 4096, 5120, &off), 1024);
	KUNIT_EXPECT_EQ(test, off, 0);
	/* Empty, backwards and more-than-a-buffer ranges give nothing. */
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 10, 10, &off), 0);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 10, 9, &off), 0);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 0, 4097, &off), 0);
}

static struct kunit_case sndfront_pos_cases[] = {
	KUNIT_CASE(sndfront_pos_event_test),
	KUNIT_CASE(sndfront_pos_advance_test),
	KUNIT_CASE(sndfront_pos_chunk_test),
	{}
};

static struct kunit_suite sndfront_pos_suite = {
	.name = "snd_xenfront_pos",
	.test_cases = sndfront_pos_cases,
};

kunit_test_suites(&sndfront_pos_suite);
MODULE_LICENSE("GPL");
