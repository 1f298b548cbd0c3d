/*
 * tests/host/test_rbtree.c - kernel/rbtree.c against a reference model:
 * a sorted array of the nodes that should be in the tree.
 *
 * After every operation tree_check() walks the whole tree and demands:
 * search order (keys strictly increasing left to right), parent pointers,
 * a black root, no red node with a red child, one black height for every
 * path, height <= 2 log2(n + 1), the augmented values recomputed from
 * scratch, and rb_first/rb_next and rb_last/rb_prev walks equal to the
 * model.  Every case runs on three kinds of tree:
 *
 *   PLAIN   rb_insert_color()/rb_erase(), no augmentation
 *   SIZE    hand-written callbacks keeping the subtree size and the
 *           largest val below each node; the inserter updates them on
 *           the way down (the Linux way); sizes answer "k-th smallest"
 *   MACRO   RB_DECLARE_CALLBACKS() keeping the largest val (early-exit
 *           propagate); the inserter calls propagate() after linking
 *
 * val is a random number unrelated to the key, so "largest val below"
 * changes with every rotation (unlike "largest key below").  Nodes are
 * malloc()ed one by one and freed as soon as they leave the tree, so ASan
 * catches the library touching a node after rb_erase().
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/rbtree.h"

enum mode { PLAIN, SIZE, MACRO, NR_MODES };
static const char *const mode_name[NR_MODES] = { "plain", "size", "macro" };

struct tnode {
	struct rb_node rb;
	uint64_t key;
	uint64_t val;
	uint64_t max_val; /* SIZE, MACRO: largest val in the subtree */
	size_t size;      /* SIZE: nodes in the subtree */
};

struct tree {
	struct rb_root root;
	enum mode mode;
	struct tnode **model; /* sorted by key (unless lazy) */
	size_t n, cap;
	bool lazy;            /* model unsorted until tree_check(): for big trees */
	/* the first violation tree_check() found */
	const char *why;
	uint64_t why_key;
};

static struct tnode *tn(const struct rb_node *rb)
{
	return rb_entry_safe((struct rb_node *)rb, struct tnode, rb);
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64*: plenty for test data, and the same sequence everywhere */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* ---- augmentation ---- */

static uint64_t compute_max_val(const struct tnode *n)
{
	uint64_t m = n->val;
	struct tnode *l = tn(n->rb.rb_left), *r = tn(n->rb.rb_right);

	if (l && l->max_val > m)
		m = l->max_val;
	if (r && r->max_val > m)
		m = r->max_val;
	return m;
}

RB_DECLARE_CALLBACKS(static, max_cb, struct tnode, rb, max_val, compute_max_val);

static void size_update(struct tnode *n)
{
	struct tnode *l = tn(n->rb.rb_left), *r = tn(n->rb.rb_right);

	n->size = 1 + (l ? l->size : 0) + (r ? r->size : 0);
	n->max_val = compute_max_val(n);
}

/* no early exit: every node on the way is recomputed */
static void size_propagate(struct rb_node *rb, struct rb_node *stop)
{
	for (; rb != stop; rb = rb_parent(rb))
		size_update(tn(rb));
}

static void size_copy(struct rb_node *old, struct rb_node *new)
{
	tn(new)->size = tn(old)->size;
	tn(new)->max_val = tn(old)->max_val;
}

static void size_rotate(struct rb_node *old, struct rb_node *new)
{
	size_copy(old, new);
	size_update(tn(old));
}

static const struct rb_augment_callbacks size_cb = { size_propagate, size_copy, size_rotate };

/* ---- the tree under test and its model ---- */

static void tree_init(struct tree *tr, enum mode mode, size_t cap)
{
	memset(tr, 0, sizeof(*tr));
	tr->root = RB_ROOT;
	tr->mode = mode;
	tr->cap = cap;
	tr->model = malloc(cap * sizeof(*tr->model));
}

/* Index of the first model entry with key >= key. */
static size_t model_lower_bound(const struct tree *tr, uint64_t key)
{
	size_t lo = 0, hi = tr->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tr->model[mid]->key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct tnode *tree_find(const struct tree *tr, uint64_t key)
{
	struct rb_node *rb = tr->root.rb_node;

	while (rb) {
		struct tnode *n = tn(rb);

		if (key == n->key)
			return n;
		rb = key < n->key ? rb->rb_left : rb->rb_right;
	}
	return NULL;
}

/* Insert key unless present; returns the new node or NULL. */
static struct tnode *tree_insert(struct tree *tr, uint64_t key, uint64_t val)
{
	struct rb_node **link = &tr->root.rb_node, *parent = NULL;
	struct tnode *n;
	size_t i;

	if (tree_find(tr, key) || tr->n == tr->cap)
		return NULL;
	n = malloc(sizeof(*n));
	*n = (struct tnode){ .key = key, .val = val, .max_val = val, .size = 1 };
	while (*link) {
		struct tnode *p = tn(*link);

		parent = *link;
		if (tr->mode == SIZE) { /* the new node will be below p */
			p->size++;
			if (val > p->max_val)
				p->max_val = val;
		}
		link = key < p->key ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&n->rb, parent, link);
	switch (tr->mode) {
	case PLAIN:
		rb_insert_color(&n->rb, &tr->root);
		break;
	case SIZE:
		rb_insert_augmented(&n->rb, &tr->root, &size_cb);
		break;
	case MACRO:
		max_cb.propagate(parent, NULL);
		rb_insert_augmented(&n->rb, &tr->root, &max_cb);
		break;
	default:
		break;
	}
	if (tr->lazy) {
		tr->model[tr->n++] = n;
		return n;
	}
	i = model_lower_bound(tr, key);
	memmove(&tr->model[i + 1], &tr->model[i], (tr->n - i) * sizeof(*tr->model));
	tr->model[i] = n;
	tr->n++;
	return n;
}

/* Erase model[i] from the tree and the model. */
static void tree_erase_at(struct tree *tr, size_t i)
{
	struct tnode *n = tr->model[i];

	switch (tr->mode) {
	case PLAIN:
		rb_erase(&n->rb, &tr->root);
		break;
	case SIZE:
		rb_erase_augmented(&n->rb, &tr->root, &size_cb);
		break;
	case MACRO:
		rb_erase_augmented(&n->rb, &tr->root, &max_cb);
		break;
	default:
		break;
	}
	if (tr->lazy)
		tr->model[i] = tr->model[tr->n - 1];
	else
		memmove(&tr->model[i], &tr->model[i + 1], (tr->n - i - 1) * sizeof(*tr->model));
	tr->n--;
	free(n);
}

static void tree_erase(struct tree *tr, struct tnode *n)
{
	tree_erase_at(tr, model_lower_bound(tr, n->key));
}

static void tree_destroy(struct tree *tr)
{
	struct tnode *pos, *next;

	rbtree_postorder_for_each_entry_safe(pos, next, &tr->root, rb)
		free(pos);
	free(tr->model);
	tr->model = NULL;
}

/* ---- the checker ---- */

static bool fail(struct tree *tr, const char *why, const struct tnode *n)
{
	if (!tr->why) {
		tr->why = why;
		tr->why_key = n ? n->key : 0;
	}
	return false;
}

/*
 * Check the subtree at rb, whose parent must be parent and whose keys
 * must lie in (lo, hi) (bounds absent when has_lo/has_hi are false).
 * Returns its black height (NULL counts 1), or -1 after fail().
 */
static int check_subtree(struct tree *tr, const struct rb_node *rb, const struct rb_node *parent,
			 const uint64_t *lo, const uint64_t *hi, size_t *count, int depth, int *max_depth)
{
	const struct tnode *n = tn(rb);
	int bl, br;

	if (!rb)
		return 1;
	if (depth > *max_depth)
		*max_depth = depth;
	(*count)++;
	if (rb_parent(rb) != parent)
		return fail(tr, "wrong parent pointer", n), -1;
	if ((lo && n->key <= *lo) || (hi && n->key >= *hi))
		return fail(tr, "search order broken", n), -1;
	if (rb_is_red(rb) && ((rb->rb_left && rb_is_red(rb->rb_left)) ||
			      (rb->rb_right && rb_is_red(rb->rb_right))))
		return fail(tr, "red node with a red child", n), -1;
	bl = check_subtree(tr, rb->rb_left, rb, lo, &n->key, count, depth + 1, max_depth);
	if (bl < 0)
		return -1;
	br = check_subtree(tr, rb->rb_right, rb, &n->key, hi, count, depth + 1, max_depth);
	if (br < 0)
		return -1;
	if (bl != br)
		return fail(tr, "black heights differ", n), -1;
	if (tr->mode != PLAIN && n->max_val != compute_max_val(n))
		return fail(tr, "max_val wrong", n), -1;
	if (tr->mode == SIZE) {
		const struct tnode *l = tn(rb->rb_left), *r = tn(rb->rb_right);

		if (n->size != 1 + (l ? l->size : 0) + (r ? r->size : 0))
			return fail(tr, "size wrong", n), -1;
	}
	return bl + rb_is_black(rb);
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t ka = (*(struct tnode *const *)a)->key, kb = (*(struct tnode *const *)b)->key;

	return ka < kb ? -1 : ka > kb;
}

/* NULL if the tree is sound and equals the model, else the first problem. */
static const char *tree_check(struct tree *tr)
{
	const struct rb_node *root = tr->root.rb_node, *rb;
	size_t count = 0, i;
	int max_depth = 0;

	tr->why = NULL;
	if (tr->lazy)
		qsort(tr->model, tr->n, sizeof(*tr->model), cmp_key);
	if (root && (rb_parent(root) || rb_is_red(root)))
		return fail(tr, "root has a parent or is red", tn(root)), tr->why;
	if (check_subtree(tr, root, NULL, NULL, NULL, &count, 1, &max_depth) < 0)
		return tr->why;
	if (count != tr->n)
		return fail(tr, "node count differs from the model", NULL), tr->why;
	/* height <= 2 log2(n + 1), i.e. 2^(height/2) <= n + 1 */
	if ((1ull << (max_depth / 2)) > count + 1)
		return fail(tr, "too tall", NULL), tr->why;
	for (i = 0, rb = rb_first(&tr->root); rb; rb = rb_next(rb), i++)
		if (i >= tr->n || tn(rb) != tr->model[i])
			return fail(tr, "rb_next walk differs from the model", tn(rb)), tr->why;
	if (i != tr->n)
		return fail(tr, "rb_next walk too short", NULL), tr->why;
	for (rb = rb_last(&tr->root); rb; rb = rb_prev(rb), i--)
		if (i == 0 || tn(rb) != tr->model[i - 1])
			return fail(tr, "rb_prev walk differs from the model", tn(rb)), tr->why;
	if (i != 0)
		return fail(tr, "rb_prev walk too short", NULL), tr->why;
	return NULL;
}

/* Check and report; false (stop the case) on a problem. */
#define CHECK(t, tr, what, key)                                                            \
	({                                                                                 \
		const char *_why = tree_check(tr);                                        \
		ktest_check(t, !_why, __FILE__, __LINE__,                                 \
			    "%s tree, after %s %llu (n=%zu): %s at key %llu",             \
			    mode_name[(tr)->mode], what, (unsigned long long)(key), (tr)->n, \
			    _why, (unsigned long long)(tr)->why_key);                     \
	})

/* ---- cases ---- */

static void test_rbtree_empty_and_single(struct ktest *t)
{
	struct rb_root root = RB_ROOT;
	struct tnode a = { .key = 1 };

	KTEST_EXPECT(t, RB_EMPTY_ROOT(&root));
	KTEST_EXPECT(t, !rb_first(&root) && !rb_last(&root) && !rb_first_postorder(&root));
	KTEST_EXPECT(t, !rb_next_postorder(NULL));
	KTEST_EXPECT(t, tn(NULL) == NULL);
	RB_CLEAR_NODE(&a.rb);
	KTEST_EXPECT(t, RB_EMPTY_NODE(&a.rb));
	KTEST_EXPECT(t, !rb_next(&a.rb) && !rb_prev(&a.rb));

	rb_link_node(&a.rb, NULL, &root.rb_node);
	rb_insert_color(&a.rb, &root);
	KTEST_EXPECT(t, !RB_EMPTY_NODE(&a.rb));
	KTEST_EXPECT(t, root.rb_node == &a.rb && rb_is_black(&a.rb) && !rb_parent(&a.rb));
	KTEST_EXPECT(t, rb_first(&root) == &a.rb && rb_last(&root) == &a.rb);
	KTEST_EXPECT(t, !rb_next(&a.rb) && !rb_prev(&a.rb));
	KTEST_EXPECT(t, rb_first_postorder(&root) == &a.rb && !rb_next_postorder(&a.rb));
	rb_erase(&a.rb, &root);
	KTEST_EXPECT(t, RB_EMPTY_ROOT(&root));
}

/* Ascending and descending runs: the worst case for a naive tree. */
static void test_rbtree_sequential(struct ktest *t)
{
	enum { N = 600 };

	for (int mode = 0; mode < NR_MODES; mode++) {
		for (int desc = 0; desc < 2; desc++) {
			struct tree tr;

			rng_state = 0x5eed0001 + mode;
			tree_init(&tr, mode, N);
			for (uint64_t i = 0; i < N; i++) {
				uint64_t key = desc ? N - 1 - i : i;

				KTEST_EXPECT(t, tree_insert(&tr, key, rng() % 1000));
				if (!CHECK(t, &tr, "insert", key))
					goto out;
			}
			KTEST_EXPECT(t, !tree_insert(&tr, 0, 0)); /* duplicate */
			/* erase from the same end (desc) or the other end */
			for (uint64_t i = 0; i < N; i++) {
				struct tnode *n = tn(desc ? rb_first(&tr.root) : rb_last(&tr.root));
				uint64_t key = n->key;

				tree_erase(&tr, n);
				if (!CHECK(t, &tr, "erase", key))
					goto out;
			}
			KTEST_EXPECT(t, RB_EMPTY_ROOT(&tr.root));
out:
			tree_destroy(&tr);
		}
	}
}

/* Random inserts and erases, growing then shrinking, checked after each. */
static void test_rbtree_random_model(struct ktest *t)
{
	enum { OPS = 10000, KEYS = 800, CAP = KEYS };

	for (int mode = 0; mode < NR_MODES; mode++) {
		struct tree tr;

		rng_state = 0x5eed0100 + mode;
		tree_init(&tr, mode, CAP);
		for (int op = 0; op < OPS; op++) {
			/* insert-heavy for the first half, erase-heavy after */
			bool insert = rng() % 100 < (op < OPS / 2 ? 65u : 35u);
			uint64_t key = rng() % KEYS;

			if (insert) {
				size_t i = model_lower_bound(&tr, key);
				bool present = i < tr.n && tr.model[i]->key == key;

				KTEST_EXPECT(t, (tree_insert(&tr, key, rng() % 100000) != NULL) == !present);
			} else if (tr.n) {
				struct tnode *n = tr.model[rng() % tr.n];

				key = n->key;
				KTEST_EXPECT(t, tree_find(&tr, key) == n);
				tree_erase(&tr, n);
				KTEST_EXPECT(t, tree_find(&tr, key) == NULL);
			}
			if (!CHECK(t, &tr, insert ? "insert" : "erase", key))
				break;
		}
		tree_destroy(&tr);
	}
}

static bool next_permutation(uint64_t *a, int n)
{
	int i = n - 2, j = n - 1;

	while (i >= 0 && a[i] >= a[i + 1])
		i--;
	if (i < 0)
		return false;
	while (a[j] <= a[i])
		j--;
	uint64_t tmp = a[i];
	a[i] = a[j];
	a[j] = tmp;
	for (i++, j = n - 1; i < j; i++, j--) {
		tmp = a[i];
		a[i] = a[j];
		a[j] = tmp;
	}
	return true;
}

/* Every insertion order of up to 7 keys, then erasing each key from each tree. */
static void test_rbtree_small_exhaustive(struct ktest *t)
{
	unsigned trees = 0;

	for (int mode = 0; mode < NR_MODES; mode++) {
		for (int n = 1; n <= 7; n++) {
			uint64_t perm[7];

			for (int i = 0; i < n; i++)
				perm[i] = i;
			do {
				for (int victim = 0; victim < n; victim++) {
					struct tree tr;
					bool ok;

					tree_init(&tr, mode, n);
					for (int i = 0; i < n; i++)
						tree_insert(&tr, perm[i], (perm[i] * 7 + victim) % 5);
					ok = CHECK(t, &tr, "insert", perm[n - 1]);
					if (ok) {
						tree_erase(&tr, tree_find(&tr, victim));
						ok = CHECK(t, &tr, "erase", victim);
					}
					tree_destroy(&tr);
					trees++;
					if (!ok)
						return;
				}
			} while (next_permutation(perm, n));
		}
	}
	KTEST_EXPECT_EQ(t, trees, 3 * (1 + 2 * 2 + 6 * 3 + 24 * 4 + 120 * 5 + 720 * 6 + 5040 * 7));
}

/* rb_replace_node(): a fresh node with the same key takes an old one's place. */
static void test_rbtree_replace(struct ktest *t)
{
	for (int mode = 0; mode < NR_MODES; mode++) {
		struct tree tr;

		rng_state = 0x5eed0200 + mode;
		tree_init(&tr, mode, 500);
		for (int i = 0; i < 500; i++)
			tree_insert(&tr, rng() % 5000, rng() % 1000);
		for (int i = 0; i < 2000; i++) {
			size_t idx = rng() % tr.n;
			struct tnode *old = tr.model[idx], *new = malloc(sizeof(*new));

			*new = *old; /* same key, val and augmented values */
			if (i & 1)
				RB_CLEAR_NODE(&new->rb); /* rb_replace_node() must overwrite all of it */
			rb_replace_node(&old->rb, &new->rb, &tr.root);
			tr.model[idx] = new;
			free(old);
			if (!CHECK(t, &tr, "replace", new->key))
				break;
		}
		tree_destroy(&tr);
	}
}

/* k-th smallest from the subtree sizes, against the model. */
static struct tnode *select_kth(const struct tree *tr, size_t k)
{
	struct rb_node *rb = tr->root.rb_node;

	while (rb) {
		struct tnode *l = tn(rb->rb_left);
		size_t left = l ? l->size : 0;

		if (k == left)
			return tn(rb);
		if (k < left) {
			rb = rb->rb_left;
		} else {
			k -= left + 1;
			rb = rb->rb_right;
		}
	}
	return NULL;
}

static void test_rbtree_order_statistics(struct ktest *t)
{
	struct tree tr;
	unsigned wrong = 0;

	rng_state = 0x5eed0300;
	tree_init(&tr, SIZE, 3000);
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 300; i++)
			tree_insert(&tr, rng() % 100000, rng());
		for (int i = 0; i < 150 && tr.n; i++)
			tree_erase_at(&tr, rng() % tr.n);
		for (size_t k = 0; k < tr.n; k++)
			wrong += select_kth(&tr, k) != tr.model[k];
		wrong += select_kth(&tr, tr.n) != NULL;
	}
	KTEST_EXPECT_EQ(t, wrong, 0);
	KTEST_EXPECT(t, CHECK(t, &tr, "rounds", 0));
	tree_destroy(&tr);
}

/* Post-order visits children before parents, each node once. */
static void test_rbtree_postorder(struct ktest *t)
{
	struct tree tr;
	struct rb_node *rb;
	size_t visited = 0, bad = 0;

	rng_state = 0x5eed0400;
	tree_init(&tr, PLAIN, 4000);
	for (int i = 0; i < 4000; i++)
		tree_insert(&tr, rng() % 1000000, 0);
	for (size_t i = 0; i < tr.n; i++)
		tr.model[i]->val = 0; /* val: visited */
	for (rb = rb_first_postorder(&tr.root); rb; rb = rb_next_postorder(rb)) {
		struct tnode *l = tn(rb->rb_left), *r = tn(rb->rb_right);

		bad += tn(rb)->val || (l && !l->val) || (r && !r->val);
		tn(rb)->val = 1;
		visited++;
	}
	KTEST_EXPECT_EQ(t, visited, tr.n);
	KTEST_EXPECT_EQ(t, bad, 0);
	tree_destroy(&tr); /* frees through the post-order macro; ASan checks it */
}

/* A big tree: shape checked at full size and while it drains. */
static void test_rbtree_large(struct ktest *t)
{
	enum { N = 100000 };

	for (int mode = 0; mode < NR_MODES; mode++) {
		struct tree tr;

		rng_state = 0x5eed0500 + mode;
		tree_init(&tr, mode, N);
		tr.lazy = true;
		while (tr.n < N)
			tree_insert(&tr, rng() % (8ull * N), rng());
		if (!CHECK(t, &tr, "filling", 0))
			goto out;
		for (int i = 0; tr.n; i++) {
			tree_erase_at(&tr, rng() % tr.n);
			if (i % 20000 == 0 && !CHECK(t, &tr, "draining", i))
				goto out;
		}
		KTEST_EXPECT(t, RB_EMPTY_ROOT(&tr.root));
out:
		tree_destroy(&tr);
	}
}

KTEST_SUITE(rbtree, 0,
	    KTEST_CASE(test_rbtree_empty_and_single),
	    KTEST_CASE(test_rbtree_sequential),
	    KTEST_CASE(test_rbtree_random_model),
	    KTEST_CASE(test_rbtree_small_exhaustive),
	    KTEST_CASE(test_rbtree_replace),
	    KTEST_CASE(test_rbtree_order_statistics),
	    KTEST_CASE(test_rbtree_postorder),
	    KTEST_CASE(test_rbtree_large));
