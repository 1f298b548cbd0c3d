/*
 * tests/host/fuzz_rbtree.c - libFuzzer target for kernel/rbtree.c.
 *
 * The input is a program of 2-byte ops over keys 0..NKEYS-1:
 *
 *   byte 0: op (top 3 bits) | key bits 9:8 (bits 1:0, masked to NKEYS)
 *   byte 1: key bits 7:0
 *
 *   op 0-2  toggle: insert key if absent, else erase it
 *   op 3    erase the first present key >= key (wrapping), if any
 *   op 4    insert key, key+1, ... key+RUN-1 (ascending run)
 *   op 5    insert key, key-1, ... (descending run)
 *   op 6    erase the root, the first or the last node (key % 3)
 *   op 7    rb_replace_node() the first present key >= key with a copy
 *
 * Every op is applied to three trees holding the same keys: a plain one
 * (rb_insert_color/rb_erase), one augmented by hand-written callbacks
 * (subtree size and largest val, updated on the way down at insert), and
 * one by RB_DECLARE_CALLBACKS (largest val, propagate() after linking).
 * val is a small number taken from the input, so equal values (the
 * early exit of the macro's propagate) are common.
 *
 * After every op each tree must have: parent pointers right, a black
 * root, no red-red, equal black heights, keys in order, augmented values
 * equal to a fresh computation, and rb_first/rb_next and rb_last/rb_prev
 * walks visiting exactly the present keys.  At the end the trees are
 * freed in post-order, which must visit every node once, children first.
 * Nodes are malloc()ed and freed as they leave, so ASan sees any use of
 * an erased node.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/rbtree.h"

#define NKEYS   1024
#define RUN     16
#define MAX_OPS 2048

enum { PLAIN, SIZE, MACRO, NR_TREES };

struct fnode {
	struct rb_node rb;
	unsigned key, val;
	unsigned max_val; /* SIZE, MACRO */
	unsigned size;    /* SIZE */
	bool seen;        /* post-order visit */
};

static struct rb_root roots[NR_TREES];
static struct fnode *nodes[NR_TREES][NKEYS]; /* NULL: key absent */
static unsigned nr_present;

static void fail(const char *what, int tree, unsigned key)
{
	fprintf(stderr, "fuzz_rbtree: tree %d, key %u: %s\n", tree, key, what);
	__builtin_trap();
}

static struct fnode *fn(const struct rb_node *rb)
{
	return rb_entry_safe((struct rb_node *)rb, struct fnode, rb);
}

/* ---- augmentation ---- */

static unsigned compute_max_val(const struct fnode *n)
{
	unsigned m = n->val;
	struct fnode *l = fn(n->rb.rb_left), *r = fn(n->rb.rb_right);

	if (l && l->max_val > m)
		m = l->max_val;
	if (r && r->max_val > m)
		m = r->max_val;
	return m;
}

RB_DECLARE_CALLBACKS(static, max_cb, struct fnode, rb, max_val, compute_max_val);

static void size_update(struct fnode *n)
{
	struct fnode *l = fn(n->rb.rb_left), *r = fn(n->rb.rb_right);

	n->size = 1 + (l ? l->size : 0) + (r ? r->size : 0);
	n->max_val = compute_max_val(n);
}

static void size_propagate(struct rb_node *rb, struct rb_node *stop)
{
	for (; rb != stop; rb = rb_parent(rb))
		size_update(fn(rb));
}

static void size_copy(struct rb_node *old, struct rb_node *new)
{
	fn(new)->size = fn(old)->size;
	fn(new)->max_val = fn(old)->max_val;
}

static void size_rotate(struct rb_node *old, struct rb_node *new)
{
	size_copy(old, new);
	size_update(fn(old));
}

static const struct rb_augment_callbacks size_cb = { size_propagate, size_copy, size_rotate };

/* ---- operations on all three trees ---- */

static void insert(unsigned key, unsigned val)
{
	if (nodes[0][key])
		return;
	for (int t = 0; t < NR_TREES; t++) {
		struct rb_node **link = &roots[t].rb_node, *parent = NULL;
		struct fnode *n = malloc(sizeof(*n));

		*n = (struct fnode){ .key = key, .val = val, .max_val = val, .size = 1 };
		while (*link) {
			struct fnode *p = fn(*link);

			parent = *link;
			if (t == SIZE) {
				p->size++;
				if (val > p->max_val)
					p->max_val = val;
			}
			link = key < p->key ? &parent->rb_left : &parent->rb_right;
		}
		rb_link_node(&n->rb, parent, link);
		if (t == PLAIN) {
			rb_insert_color(&n->rb, &roots[t]);
		} else if (t == SIZE) {
			rb_insert_augmented(&n->rb, &roots[t], &size_cb);
		} else {
			max_cb.propagate(parent, NULL);
			rb_insert_augmented(&n->rb, &roots[t], &max_cb);
		}
		nodes[t][key] = n;
	}
	nr_present++;
}

static void erase(unsigned key)
{
	if (!nodes[0][key])
		return;
	for (int t = 0; t < NR_TREES; t++) {
		struct fnode *n = nodes[t][key];

		if (t == PLAIN)
			rb_erase(&n->rb, &roots[t]);
		else
			rb_erase_augmented(&n->rb, &roots[t], t == SIZE ? &size_cb : &max_cb);
		free(n);
		nodes[t][key] = NULL;
	}
	nr_present--;
}

static void replace(unsigned key)
{
	for (int t = 0; t < NR_TREES; t++) {
		struct fnode *old = nodes[t][key], *new = malloc(sizeof(*new));

		*new = *old;
		rb_replace_node(&old->rb, &new->rb, &roots[t]);
		free(old);
		nodes[t][key] = new;
	}
}

/* The first present key >= key, wrapping around; NKEYS if none (a search of the plain tree). */
static unsigned present_from(unsigned key)
{
	struct rb_node *rb = roots[PLAIN].rb_node, *best = NULL;

	while (rb) {
		if (fn(rb)->key >= key) {
			best = rb;
			rb = rb->rb_left;
		} else {
			rb = rb->rb_right;
		}
	}
	if (!best)
		best = rb_first(&roots[PLAIN]);
	return best ? fn(best)->key : NKEYS;
}

/* ---- the checker ---- */

static int check_subtree(int t, const struct rb_node *rb, const struct rb_node *parent,
			 long lo, long hi, unsigned *count)
{
	const struct fnode *n = fn(rb);
	int bl, br;

	if (!rb)
		return 1;
	(*count)++;
	if (rb_parent(rb) != parent)
		fail("wrong parent pointer", t, n->key);
	if ((long)n->key <= lo || (long)n->key >= hi)
		fail("search order broken", t, n->key);
	if (nodes[t][n->key] != n)
		fail("node in the tree that should not be", t, n->key);
	if (rb_is_red(rb) && ((rb->rb_left && rb_is_red(rb->rb_left)) ||
			      (rb->rb_right && rb_is_red(rb->rb_right))))
		fail("red node with a red child", t, n->key);
	bl = check_subtree(t, rb->rb_left, rb, lo, n->key, count);
	br = check_subtree(t, rb->rb_right, rb, n->key, hi, count);
	if (bl != br)
		fail("black heights differ", t, n->key);
	if (t != PLAIN && n->max_val != compute_max_val(n))
		fail("max_val wrong", t, n->key);
	if (t == SIZE) {
		const struct fnode *l = fn(rb->rb_left), *r = fn(rb->rb_right);

		if (n->size != 1 + (l ? l->size : 0) + (r ? r->size : 0))
			fail("size wrong", t, n->key);
	}
	return bl + rb_is_black(rb);
}

static void check(void)
{
	for (int t = 0; t < NR_TREES; t++) {
		const struct rb_node *root = roots[t].rb_node, *rb;
		unsigned count = 0;
		long key;

		if (root && (rb_parent(root) || rb_is_red(root)))
			fail("root has a parent or is red", t, fn(root)->key);
		check_subtree(t, root, NULL, -1, NKEYS, &count);
		if (count != nr_present)
			fail("node count differs from the model", t, count);
		/*
		 * The tree holds exactly the present keys (each node is its key's
		 * and there are as many): a walk equals the model if it visits
		 * nr_present nodes in strictly increasing (decreasing) order.
		 */
		count = 0;
		key = -1;
		for (rb = rb_first(&roots[t]); rb; rb = rb_next(rb), count++) {
			if ((long)fn(rb)->key <= key || count >= nr_present)
				fail("rb_next walk differs from the model", t, fn(rb)->key);
			key = fn(rb)->key;
		}
		if (count != nr_present)
			fail("rb_next walk ends early", t, count);
		count = 0;
		key = NKEYS;
		for (rb = rb_last(&roots[t]); rb; rb = rb_prev(rb), count++) {
			if ((long)fn(rb)->key >= key || count >= nr_present)
				fail("rb_prev walk differs from the model", t, fn(rb)->key);
			key = fn(rb)->key;
		}
		if (count != nr_present)
			fail("rb_prev walk ends early", t, count);
	}
}

/* Free everything in post-order, checking that order; leaves all trees empty. */
static void teardown(void)
{
	for (int t = 0; t < NR_TREES; t++) {
		struct fnode *pos, *next;
		unsigned visited = 0;

		rbtree_postorder_for_each_entry_safe(pos, next, &roots[t], rb) {
			struct fnode *l = fn(pos->rb.rb_left), *r = fn(pos->rb.rb_right);

			if ((l && !l->seen) || (r && !r->seen))
				fail("post-order visits a parent before its child", t, pos->key);
			pos->seen = true;
			nodes[t][pos->key] = NULL;
			visited++;
			if (l)
				free(l);
			if (r)
				free(r);
			if (!rb_parent(&pos->rb))
				free(pos); /* the root: nobody else frees it */
		}
		if (visited != nr_present)
			fail("post-order visit count differs", t, visited);
		roots[t] = RB_ROOT;
	}
	nr_present = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nops = size / 2 > MAX_OPS ? MAX_OPS : size / 2;

	for (size_t i = 0; i < nops; i++) {
		unsigned op = data[2 * i] >> 5;
		unsigned key = ((data[2 * i] & 3u) << 8 | data[2 * i + 1]) % NKEYS;
		unsigned val = (data[2 * i + 1] ^ (unsigned)i) & 31;
		unsigned k;

		switch (op) {
		case 0: case 1: case 2:
			if (nodes[0][key])
				erase(key);
			else
				insert(key, val);
			break;
		case 3:
			if ((k = present_from(key)) < NKEYS)
				erase(k);
			break;
		case 4:
			for (k = 0; k < RUN && key + k < NKEYS; k++)
				insert(key + k, (val + k) & 31);
			break;
		case 5:
			for (k = 0; k < RUN && k <= key; k++)
				insert(key - k, (val + k) & 31);
			break;
		case 6:
			if (roots[0].rb_node) {
				const struct rb_node *rb = key % 3 == 0 ? roots[0].rb_node
							 : key % 3 == 1 ? rb_first(&roots[0])
									: rb_last(&roots[0]);
				erase(fn(rb)->key);
			}
			break;
		case 7:
			if ((k = present_from(key)) < NKEYS)
				replace(k);
			break;
		}
		check();
	}
	teardown();
	return 0;
}
