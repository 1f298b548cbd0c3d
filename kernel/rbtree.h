/*
 * kernel/rbtree.h - intrusive red-black trees, with the API of Linux's
 * <linux/rbtree.h>: embed a struct rb_node in your object, search the
 * tree yourself (the library knows no keys), link the new node where the
 * search ended and let rb_insert_color() rebalance:
 *
 *   struct rb_node **link = &root->rb_node, *parent = NULL;
 *   while (*link) {
 *           parent = *link;
 *           if (key < rb_entry(parent, struct thing, rb)->key)
 *                   link = &parent->rb_left;
 *           else
 *                   link = &parent->rb_right;
 *   }
 *   rb_link_node(&new->rb, parent, link);
 *   rb_insert_color(&new->rb, root);
 *
 * Invariants (between calls): every node is red or black, the root is
 * black, a red node has no red child, and every path from a node down to
 * a NULL child passes the same number of black nodes; so the height is at
 * most 2 log2(n + 1).  The parent pointer and the colour share a word
 * (__parent_color): nodes are at least 2-byte aligned, bit 0 is the
 * colour (0 red, 1 black).
 *
 * Augmented trees keep a per-node value computed from the node and its
 * two children (the largest free gap below a VMA, the number of nodes in
 * a subtree, the largest interval end below a node).  The library keeps
 * the values right across its own restructuring through the callbacks in
 * struct rb_augment_callbacks; see rb_insert_augmented() and
 * RB_DECLARE_CALLBACKS() below.
 *
 * No locking here: a tree inherits the rules of the data it lives in.
 * Nothing allocates, nothing fails, nothing recurses.
 */
#ifndef KERNEL_RBTREE_H
#define KERNEL_RBTREE_H

#include "kernel/types.h"

struct rb_node {
	uintptr_t __parent_color; /* parent pointer | colour (bit 0: 1 = black) */
	struct rb_node *rb_left, *rb_right;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_RED   0
#define RB_BLACK 1

#define RB_ROOT (struct rb_root){ NULL }
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
/* rb_entry() that maps NULL to NULL: rb_entry_safe(rb_next(&x->rb), ...) */
#define rb_entry_safe(ptr, type, member)                                    \
	({                                                                  \
		__typeof__(ptr) _rbe = (ptr);                               \
		_rbe ? rb_entry(_rbe, type, member) : NULL;                 \
	})

#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)

/*
 * A node that is in no tree can be marked so (its parent is itself), to
 * let RB_EMPTY_NODE() tell; rb_erase() does not do it for you.
 */
#define RB_EMPTY_NODE(node) ((node)->__parent_color == (uintptr_t)(node))
#define RB_CLEAR_NODE(node) ((node)->__parent_color = (uintptr_t)(node))

static inline struct rb_node *rb_parent(const struct rb_node *n)
{
	return (struct rb_node *)(n->__parent_color & ~(uintptr_t)1);
}

static inline bool rb_is_black(const struct rb_node *n)
{
	return n->__parent_color & RB_BLACK;
}

static inline bool rb_is_red(const struct rb_node *n)
{
	return !rb_is_black(n);
}

/*
 * Put node, red and childless, at *rb_link, which is parent->rb_left,
 * parent->rb_right or &root->rb_node (parent NULL).  The tree is not yet
 * balanced: call rb_insert_color() (or rb_insert_augmented()) next.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__parent_color = (uintptr_t)parent; /* RB_RED */
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

/* Rebalance after rb_link_node(). O(log n), at most two rotations. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);

/* Unlink node (which must be in root) and rebalance. O(log n), at most
 * three rotations.  node itself is left as it was: reuse it only after
 * rb_link_node() or RB_CLEAR_NODE(). */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* In-order walk: smallest, largest, successor, predecessor; NULL at the ends
 * (and for an RB_EMPTY_NODE()).  O(log n) each, O(1) amortised over a walk. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/*
 * Post-order walk: children before their parent, so the current node may
 * be freed once the next one has been fetched (tearing a tree down in
 * O(n) without rebalancing; the tree is garbage afterwards).
 */
struct rb_node *rb_first_postorder(const struct rb_root *root);
struct rb_node *rb_next_postorder(const struct rb_node *node);

#define rbtree_postorder_for_each_entry_safe(pos, n, root, field)                        \
	for (pos = rb_entry_safe(rb_first_postorder(root), __typeof__(*pos), field);      \
	     pos && ({ n = rb_entry_safe(rb_next_postorder(&pos->field),                  \
					 __typeof__(*pos), field); 1; });                 \
	     pos = n)

/*
 * new takes victim's place (colour, parent, children) without any
 * rebalancing: new must sort exactly where victim did.  victim is left
 * as it was.  In an augmented tree, copy victim's value to new yourself
 * (or propagate from new if the value differs).
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root);

/*
 * ---- augmented trees ----
 *
 * The augmented value of a node must be a function of the node itself and
 * its children's augmented values only (compute(n) below).
 *
 * propagate(node, stop): recompute node, its parent, ... up to but not
 *     including stop (NULL: up to the root).  May stop early once a
 *     recomputed value comes out unchanged: the ancestors then are too.
 * copy(old, new):   new has taken old's place in the tree (same subtree):
 *     new->value = old->value.
 * rotate(old, new): new, a child of old, was rotated up into old's place,
 *     old is now new's child: new->value = old->value (same subtree as
 *     old had), then old->value = compute(old).
 *
 * Insertion: link the node, set its value, and bring the values of its
 * ancestors up to date (usually while descending, e.g. "size += 1" or
 * "max = MAX(max, new)"), or call propagate(parent, NULL) after linking;
 * then rb_insert_augmented() rebalances, calling rotate() as it goes.
 *
 * Erasure: rb_erase_augmented() unlinks and rebalances, calling all three
 * so that every value is right when it returns.
 *
 * A value that also depends on something outside the subtree (the gap
 * before a VMA depends on its predecessor's end) is the caller's to
 * refresh: after an insert or erase, propagate() from each node whose
 * outside input changed (the successor of the inserted or erased node).
 */
struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment);

/*
 * RB_DECLARE_CALLBACKS(scope, name, struct type, rbfield, augfield, compute)
 * defines `scope const struct rb_augment_callbacks name` for the common
 * case of one scalar value: type->augfield, computed by
 *   typeof(augfield) compute(const struct type *node)
 * from node and its children (rb_entry_safe() the children; NULL ones
 * count as "nothing").  scope is `static` or empty.  Example, the largest
 * interval end below each node:
 *
 *   static uint64_t subtree_last(const struct ival *v)
 *   {
 *           uint64_t m = v->last;
 *           struct ival *l = rb_entry_safe(v->rb.rb_left, struct ival, rb);
 *           struct ival *r = rb_entry_safe(v->rb.rb_right, struct ival, rb);
 *           if (l && l->max_last > m) m = l->max_last;
 *           if (r && r->max_last > m) m = r->max_last;
 *           return m;
 *   }
 *   RB_DECLARE_CALLBACKS(static, ival_cb, struct ival, rb, max_last, subtree_last);
 */
#define RB_DECLARE_CALLBACKS(scope, name, type, rbfield, augfield, compute)         \
	static void name##_propagate(struct rb_node *rb, struct rb_node *stop)      \
	{                                                                           \
		while (rb != stop) {                                                \
			type *_n = rb_entry(rb, type, rbfield);                     \
			__typeof__(_n->augfield) _v = compute(_n);                  \
			if (_v == _n->augfield)                                     \
				break;                                              \
			_n->augfield = _v;                                          \
			rb = rb_parent(rb);                                         \
		}                                                                   \
	}                                                                           \
	static void name##_copy(struct rb_node *rb_old, struct rb_node *rb_new)     \
	{                                                                           \
		rb_entry(rb_new, type, rbfield)->augfield =                         \
			rb_entry(rb_old, type, rbfield)->augfield;                  \
	}                                                                           \
	static void name##_rotate(struct rb_node *rb_old, struct rb_node *rb_new)   \
	{                                                                           \
		type *_old = rb_entry(rb_old, type, rbfield);                       \
		rb_entry(rb_new, type, rbfield)->augfield = _old->augfield;         \
		_old->augfield = compute(_old);                                     \
	}                                                                           \
	scope const struct rb_augment_callbacks name = {                            \
		name##_propagate, name##_copy, name##_rotate                        \
	}

#endif
