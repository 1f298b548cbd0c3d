/*
 * tests/host/test_list.c - kernel/list.h's walks, under UBSan: a walk
 * ends on the head's fake entry (container_of of the head), which must
 * never be accessed.  With entries more aligned than the head (struct
 * task is 64-byte aligned) a member access through it is a misaligned
 * access - found by the kernel's UBSan build in sched_timer_tick(), on
 * every tick with no sleeper.  Here the host's UBSan (-fsanitize=
 * alignment, no recovery) would stop the program.
 */
#include "kernel/ktest.h"
#include "kernel/list.h"

struct item {
	int value;
	struct list_head link;
} __aligned(64);

/* A head at 24 mod 64: head - offsetof(link) is not 64-byte aligned. */
static struct {
	char pad[24];
	struct list_head head;
} __aligned(64) holder;

static void test_walks_end_at_a_misaligned_head(struct ktest *t)
{
	struct item a = { 1, { 0, 0 } }, b = { 2, { 0, 0 } }, *pos, *tmp;
	int sum = 0, n = 0;

	INIT_LIST_HEAD(&holder.head);
	KTEST_ASSERT(t, ((uintptr_t)&holder.head - offsetof(struct item, link)) % 64 != 0);
	list_for_each_entry(pos, &holder.head, link)
		n++;
	list_for_each_entry_safe(pos, tmp, &holder.head, link)
		n++;
	list_for_each_entry_reverse(pos, &holder.head, link)
		n++;
	KTEST_EXPECT_EQ(t, n, 0);

	list_add_tail(&a.link, &holder.head);
	list_add_tail(&b.link, &holder.head);
	list_for_each_entry(pos, &holder.head, link)
		sum += pos->value;
	list_for_each_entry_reverse(pos, &holder.head, link)
		sum += pos->value * 10;
	list_for_each_entry_safe(pos, tmp, &holder.head, link) {
		sum += pos->value * 100;
		list_del(&pos->link);
	}
	KTEST_EXPECT_EQ(t, sum, 333);
	KTEST_EXPECT(t, list_empty(&holder.head));
}

KTEST_SUITE(list, 0, KTEST_CASE(test_walks_end_at_a_misaligned_head));
