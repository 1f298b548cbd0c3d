/*
 * kernel/list.h - intrusive circular doubly-linked lists, as Linux's
 * <linux/list.h>: embed a struct list_head in your object, link the
 * object through it, get the object back with list_entry().
 *
 *   head <-> a.lru <-> b.lru <-> head        (list_add puts new at the front)
 *
 * No locking here: the lists inherit the rules of the data they live in.
 * list_del() poisons the unlinked entry so a stale use faults at once.
 */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include "kernel/types.h"

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_POISON1 ((struct list_head *)0xdead000000000100)
#define LIST_POISON2 ((struct list_head *)0xdead000000000122)

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h->prev = h;
}

static inline void __list_link(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void list_add(struct list_head *n, struct list_head *head)
{
	__list_link(n, head, head->next);
}

static inline void list_add_tail(struct list_head *n, struct list_head *head)
{
	__list_link(n, head->prev, head);
}

static inline void list_del(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	e->next = LIST_POISON1;
	e->prev = LIST_POISON2;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) list_entry((head)->prev, type, member)

/*
 * &pos->member, computed without accessing *pos.  The walks below end
 * with pos = list_entry(head): no object, just the head less an offset,
 * which need not be aligned for pos's type (struct task is 64-byte
 * aligned, a list head in .data is not) - a member access through it is
 * undefined behaviour (UBSan's alignment check reports it), this is not.
 */
#define list_entry_member(pos, member)                                      \
	((struct list_head *)((char *)(pos) + offsetof(__typeof__(*(pos)), member)))

#define list_for_each_entry(pos, head, member)                                                 \
	for (pos = list_entry((head)->next, __typeof__(*pos), member);                         \
	     list_entry_member(pos, member) != (head);                                         \
	     pos = list_entry(list_entry_member(pos, member)->next, __typeof__(*pos), member))

#define list_for_each_entry_safe(pos, tmp, head, member)                                                  \
	for (pos = list_entry((head)->next, __typeof__(*pos), member),                                    \
	     tmp = list_entry(list_entry_member(pos, member)->next, __typeof__(*pos), member);            \
	     list_entry_member(pos, member) != (head);                                                    \
	     pos = tmp, tmp = list_entry(list_entry_member(tmp, member)->next, __typeof__(*pos), member))

#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) list_entry((pos)->member.prev, __typeof__(*(pos)), member)

static inline bool list_is_first(const struct list_head *e, const struct list_head *head)
{
	return e->prev == head;
}

static inline bool list_is_last(const struct list_head *e, const struct list_head *head)
{
	return e->next == head;
}

#define list_for_each_entry_reverse(pos, head, member)                                         \
	for (pos = list_entry((head)->prev, __typeof__(*pos), member);                         \
	     list_entry_member(pos, member) != (head);                                         \
	     pos = list_entry(list_entry_member(pos, member)->prev, __typeof__(*pos), member))

/* Continue from pos (included), which may be removed from the list. */
#define list_for_each_entry_safe_from(pos, tmp, head, member)                                             \
	for (tmp = list_entry(list_entry_member(pos, member)->next, __typeof__(*pos), member);            \
	     list_entry_member(pos, member) != (head);                                                    \
	     pos = tmp, tmp = list_entry(list_entry_member(tmp, member)->next, __typeof__(*pos), member))

#endif
