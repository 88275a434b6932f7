// SPDX-License-Identifier: GPL-2.0
#include <kunit/test.h>
#include "../common.h"

static void stub(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static struct kunit_case c[] = { KUNIT_CASE(stub), {} };
static struct kunit_suite s = { .name = "snd_xenback_cfg", .test_cases = c };
kunit_test_suites(&s);
MODULE_LICENSE("GPL");
