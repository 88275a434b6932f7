// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite snd_xenfront_inflight: the bookkeeping of requests in flight
 * (inflight.c), which decides whether a response's id and operation answer
 * an outstanding request.
 *
 * The response's id (u16) and operation (u8) come from the backend. The
 * table tries ids with nothing outstanding, one request, a full ring and
 * one past it, U16_MAX, ids that are ring slot numbers rather than request
 * ids, and ids across the u16 wrap; operations that differ, 10 (the first
 * that sndif.h does not define) and 255. The other cases cover duplicate
 * answers, a full ring, the order of retirement and a reset.
 */

#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <xen/interface/io/sndif.h>

#include "../inflight.h"

/* Operation of the i-th recorded request: every sndif operation in turn. */
#define INFLIGHT_OP(i)	((i) % (XENSND_OP_HW_PARAM_QUERY + 1))

/* Status every answer in the table carries. */
#define INFLIGHT_STATUS	(-EINVAL)

/**
 * inflight_fill() - record requests as the request verbs do
 * @test: the test
 * @fl: the bookkeeping, zeroed
 * @first: id of the first request
 * @n: number of requests
 *
 * The i-th request has operation INFLIGHT_OP(i), length 4 * i and cookie i.
 */
static void inflight_fill(struct kunit *test, struct sndfront_inflight *fl,
			  u16 first, unsigned int n)
{
	unsigned int i;
	u16 id;

	fl->next_id = first;
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_EQ(test, sndfront_inflight_add(fl, INFLIGHT_OP(i),
							    4 * i, i, 1000 + i,
							    &id), 0);
		KUNIT_ASSERT_EQ(test, id, (u16)(first + i));
	}
}

static struct sndfront_inflight *inflight_alloc(struct kunit *test)
{
	struct sndfront_inflight *fl;

	fl = kunit_kzalloc(test, sizeof(*fl), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fl);
	return fl;
}

/* sndfront_inflight_complete() */

struct inflight_case {
	const char *desc;
	u16 first;	/* id of the first recorded request */
	unsigned int n;	/* requests recorded */
	u16 id;		/* the response */
	u8 op;
	int ret;
	unsigned int idx;	/* on success: the request answered */
};

#define RING		SNDFRONT_RING_SLOTS
#define OP(name)	XENSND_OP_##name

static const struct inflight_case inflight_cases[] = {
	{ "none_outstanding_id_0", 0, 0, 0, OP(OPEN), -EPROTO },
	{ "one_outstanding", 0, 1, 0, OP(OPEN), 0, 0 },
	{ "one_outstanding_other_op", 0, 1, 0, OP(CLOSE), -EPROTO },
	{ "one_outstanding_op_10", 0, 1, 0, OP(HW_PARAM_QUERY) + 1, -EPROTO },
	{ "one_outstanding_op_255", 0, 1, 0, 255, -EPROTO },
	{ "id_1_never_sent", 0, 1, 1, OP(CLOSE), -EPROTO },
	{ "id_u16_max_never_sent", 0, 1, U16_MAX, OP(OPEN), -EPROTO },
	{ "full_ring_first", 0, RING, 0, OP(OPEN), 0, 0 },
	{ "full_ring_middle", 0, RING, 17, INFLIGHT_OP(17), 0, 17 },
	{ "full_ring_last", 0, RING, RING - 1, INFLIGHT_OP(RING - 1), 0,
	  RING - 1 },
	{ "full_ring_limit_plus_1", 0, RING, RING, INFLIGHT_OP(RING), -EPROTO },
	{ "full_ring_last_other_op", 0, RING, RING - 1, INFLIGHT_OP(RING),
	  -EPROTO },
	/* Ids are not ring slot numbers. */
	{ "slot_0_is_not_id_0", 100, 2, 0, OP(OPEN), -EPROTO },
	{ "slot_1_is_not_id_1", 100, 2, 1, OP(CLOSE), -EPROTO },
	{ "ids_from_100", 100, 2, 101, OP(CLOSE), 0, 1 },
	/* Four requests with ids U16_MAX - 1, U16_MAX, 0, 1. */
	{ "wrap_u16_max", U16_MAX - 1, 4, U16_MAX, INFLIGHT_OP(1), 0, 1 },
	{ "wrap_0", U16_MAX - 1, 4, 0, INFLIGHT_OP(2), 0, 2 },
	{ "wrap_last", U16_MAX - 1, 4, 1, INFLIGHT_OP(3), 0, 3 },
	{ "wrap_limit_plus_1", U16_MAX - 1, 4, 2, INFLIGHT_OP(4), -EPROTO },
	{ "wrap_before_first", U16_MAX - 1, 4, U16_MAX - 2, OP(OPEN), -EPROTO },
	/* A full ring whose ids wrap half way. */
	{ "full_ring_across_wrap_last", U16_MAX - 15, RING, 15,
	  INFLIGHT_OP(RING - 1), 0, RING - 1 },
	{ "full_ring_across_wrap_plus_1", U16_MAX - 15, RING, 16,
	  INFLIGHT_OP(RING), -EPROTO },
};

static void inflight_desc(const struct inflight_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(inflight, inflight_cases, inflight_desc);

static void inflight_complete(struct kunit *test)
{
	const struct inflight_case *c = test->param_value;
	struct sndfront_inflight *fl = inflight_alloc(test);
	struct sndfront_inflight *before = inflight_alloc(test);
	const struct sndfront_slot *s;
	u32 cookie = 0xa5a5a5a5;

	inflight_fill(test, fl, c->first, c->n);
	*before = *fl;
	KUNIT_ASSERT_EQ(test, sndfront_inflight_complete(fl, c->id, c->op,
							 INFLIGHT_STATUS,
							 &cookie), c->ret);
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, memcmp(fl, before, sizeof(*fl)), 0);
		KUNIT_EXPECT_EQ(test, cookie, 0xa5a5a5a5);
		return;
	}
	KUNIT_EXPECT_EQ(test, cookie, c->idx);
	s = &fl->slot[(fl->head + c->idx) % SNDFRONT_RING_SLOTS];
	KUNIT_EXPECT_EQ(test, s->id, c->id);
	KUNIT_EXPECT_EQ(test, s->state, SNDFRONT_SLOT_DONE);
	KUNIT_EXPECT_EQ(test, s->status, INFLIGHT_STATUS);
	KUNIT_EXPECT_EQ(test, fl->count, c->n);
}

/* The second answer to a request is a violation and changes nothing. */
static void inflight_duplicate(struct kunit *test)
{
	struct sndfront_inflight *fl = inflight_alloc(test);
	struct sndfront_inflight *before = inflight_alloc(test);
	u32 cookie;

	inflight_fill(test, fl, 7, 3);
	KUNIT_ASSERT_EQ(test, sndfront_inflight_complete(fl, 8, INFLIGHT_OP(1),
							 0, &cookie), 0);
	*before = *fl;
	KUNIT_EXPECT_EQ(test, sndfront_inflight_complete(fl, 8, INFLIGHT_OP(1),
							 -EIO, &cookie), -EPROTO);
	KUNIT_EXPECT_EQ(test, memcmp(fl, before, sizeof(*fl)), 0);
	KUNIT_EXPECT_EQ(test, fl->slot[1].status, 0);
}

/* SNDFRONT_RING_SLOTS requests, then -ENOSPC until the oldest retires. */
static void inflight_full(struct kunit *test)
{
	struct sndfront_inflight *fl = inflight_alloc(test);
	struct sndfront_inflight *before = inflight_alloc(test);
	struct sndfront_slot slot;
	u32 cookie;
	u16 id = 0;

	inflight_fill(test, fl, 0, RING);
	*before = *fl;
	KUNIT_EXPECT_EQ(test, sndfront_inflight_add(fl, OP(WRITE), 64, 0, 0, &id),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, memcmp(fl, before, sizeof(*fl)), 0);
	KUNIT_EXPECT_EQ(test, id, 0);

	/* An answered request that is not the oldest frees nothing. */
	KUNIT_ASSERT_EQ(test, sndfront_inflight_complete(fl, 1, INFLIGHT_OP(1),
							 0, &cookie), 0);
	KUNIT_EXPECT_FALSE(test, sndfront_inflight_pop(fl, &slot));
	KUNIT_EXPECT_EQ(test, sndfront_inflight_add(fl, OP(WRITE), 64, 0, 0, &id),
			-ENOSPC);

	KUNIT_ASSERT_EQ(test, sndfront_inflight_complete(fl, 0, INFLIGHT_OP(0),
							 0, &cookie), 0);
	KUNIT_ASSERT_TRUE(test, sndfront_inflight_pop(fl, &slot));
	KUNIT_EXPECT_EQ(test, sndfront_inflight_add(fl, OP(WRITE), 64, 0, 0, &id),
			0);
	KUNIT_EXPECT_EQ(test, id, RING);
	KUNIT_EXPECT_EQ(test, fl->count, RING);
}

/* Answers in any order; records leave in submission order. */
static void inflight_pop_order(struct kunit *test)
{
	static const u16 answer_order[] = { 3, 1, 0, 2 };
	struct sndfront_inflight *fl = inflight_alloc(test);
	struct sndfront_slot slot;
	unsigned int i;
	u32 cookie;

	KUNIT_EXPECT_FALSE(test, sndfront_inflight_pop(fl, &slot));
	inflight_fill(test, fl, U16_MAX - 1, 4);
	for (i = 0; i < ARRAY_SIZE(answer_order); i++) {
		u16 k = answer_order[i];

		KUNIT_ASSERT_EQ(test,
				sndfront_inflight_complete(fl, U16_MAX - 1 + k,
							   INFLIGHT_OP(k), -k,
							   &cookie), 0);
		/* Nothing leaves before the oldest (k = 0) is answered. */
		if (i < 2)
			KUNIT_EXPECT_FALSE(test, sndfront_inflight_pop(fl, &slot));
	}
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_TRUE(test, sndfront_inflight_pop(fl, &slot));
		KUNIT_EXPECT_EQ(test, slot.id, (u16)(U16_MAX - 1 + i));
		KUNIT_EXPECT_EQ(test, slot.op, INFLIGHT_OP(i));
		KUNIT_EXPECT_EQ(test, slot.len, 4 * i);
		KUNIT_EXPECT_EQ(test, slot.cookie, i);
		KUNIT_EXPECT_EQ(test, slot.status, -(s32)i);
	}
	KUNIT_EXPECT_FALSE(test, sndfront_inflight_pop(fl, &slot));
	KUNIT_EXPECT_EQ(test, fl->count, 0);
}

/* After a reset a late answer matches nothing, and ids keep counting. */
static void inflight_reset(struct kunit *test)
{
	struct sndfront_inflight *fl = inflight_alloc(test);
	u32 cookie;
	u16 id;

	inflight_fill(test, fl, 40, 3);
	sndfront_inflight_reset(fl);
	KUNIT_EXPECT_EQ(test, fl->count, 0);
	KUNIT_EXPECT_EQ(test, fl->next_id, 43);
	KUNIT_EXPECT_EQ(test, sndfront_inflight_complete(fl, 41, INFLIGHT_OP(1),
							 0, &cookie), -EPROTO);
	KUNIT_ASSERT_EQ(test, sndfront_inflight_add(fl, OP(OPEN), 0, 9, 0, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 43);
	KUNIT_EXPECT_EQ(test, sndfront_inflight_complete(fl, 43, OP(OPEN), 0,
							 &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 9);
}

/* More than 2^16 requests through the ring: ids wrap, matching holds. */
static void inflight_id_wrap(struct kunit *test)
{
	struct sndfront_inflight *fl = inflight_alloc(test);
	struct sndfront_slot slot;
	unsigned int i, bad = 0;
	u32 cookie;
	u16 id;

	for (i = 0; i < U16_MAX + 100; i++) {
		if (sndfront_inflight_add(fl, OP(WRITE), 64, i, i, &id) ||
		    id != (u16)i ||
		    sndfront_inflight_complete(fl, id, OP(WRITE), 0, &cookie) ||
		    cookie != i || !sndfront_inflight_pop(fl, &slot))
			bad++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, fl->count, 0);
	KUNIT_EXPECT_EQ(test, fl->next_id, 99);
}

/* Only unanswered requests age; the age survives a jiffies wrap. */
static void inflight_overdue(struct kunit *test)
{
	struct sndfront_inflight *fl = inflight_alloc(test);
	u32 cookie;
	u16 a, b;

	KUNIT_EXPECT_FALSE(test, sndfront_inflight_overdue(fl, 0, 50));
	KUNIT_ASSERT_EQ(test, sndfront_inflight_add(fl, OP(WRITE), 64, 0, 100,
						    &a), 0);
	KUNIT_ASSERT_EQ(test, sndfront_inflight_add(fl, OP(WRITE), 64, 0, 200,
						    &b), 0);
	KUNIT_EXPECT_FALSE(test, sndfront_inflight_overdue(fl, 150, 50));
	KUNIT_EXPECT_TRUE(test, sndfront_inflight_overdue(fl, 151, 50));
	/* The oldest answered: the next one counts, from its own time. */
	KUNIT_ASSERT_EQ(test, sndfront_inflight_complete(fl, a, OP(WRITE), 0,
							 &cookie), 0);
	KUNIT_EXPECT_FALSE(test, sndfront_inflight_overdue(fl, 250, 50));
	KUNIT_EXPECT_TRUE(test, sndfront_inflight_overdue(fl, 251, 50));
	KUNIT_ASSERT_EQ(test, sndfront_inflight_complete(fl, b, OP(WRITE), 0,
							 &cookie), 0);
	KUNIT_EXPECT_FALSE(test, sndfront_inflight_overdue(fl, 100000, 50));

	sndfront_inflight_reset(fl);
	KUNIT_ASSERT_EQ(test, sndfront_inflight_add(fl, OP(READ), 64, 0,
						    ULONG_MAX - 10, &a), 0);
	KUNIT_EXPECT_FALSE(test, sndfront_inflight_overdue(fl, 39, 50));
	KUNIT_EXPECT_TRUE(test, sndfront_inflight_overdue(fl, 40, 50));
}

static struct kunit_case inflight_test_cases[] = {
	KUNIT_CASE_PARAM(inflight_complete, inflight_gen_params),
	KUNIT_CASE(inflight_duplicate),
	KUNIT_CASE(inflight_full),
	KUNIT_CASE(inflight_pop_order),
	KUNIT_CASE(inflight_reset),
	KUNIT_CASE(inflight_id_wrap),
	KUNIT_CASE(inflight_overdue),
	{}
};

static struct kunit_suite inflight_suite = {
	.name = "snd_xenfront_inflight",
	.test_cases = inflight_test_cases,
};

kunit_test_suites(&inflight_suite);
MODULE_LICENSE("GPL");
