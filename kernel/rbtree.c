/*
 * kernel/rbtree.c - red-black tree rebalancing and walks (kernel/rbtree.h
 * has the API, the invariants and the augmentation contract).
 *
 * The insert and erase fix-ups are written once for both mirror images:
 * `dir` names a side (0 left, 1 right) and rb_child(n, dir) the pointer
 * to that child, so "the sibling" is rb_child(parent, !dir).  The one
 * structural primitive is rotate_up(), which lifts a child over its
 * parent and tells the augmentation (rotate callback) about it; colours
 * are set separately, and a rotation keeps every node's own colour.
 *
 * The fix-ups are inlined into each caller with the callbacks constant,
 * so the plain rb_insert_color()/rb_erase() carry no indirect calls (the
 * no-op callbacks vanish).
 *
 * No locking: callers serialise as their data requires.  Nothing here
 * allocates or recurses; every operation is O(log n).
 */
#include "kernel/rbtree.h"

#define __rb_always_inline inline __attribute__((always_inline))

static struct rb_node **rb_child(struct rb_node *n, int dir)
{
	return dir ? &n->rb_right : &n->rb_left;
}

/* Which side of its parent n hangs on (n may be NULL: the NULL side). */
static int rb_side(const struct rb_node *parent, const struct rb_node *n)
{
	return parent->rb_right == n;
}

static bool rb_red(const struct rb_node *n)
{
	return n && rb_is_red(n);
}

static void rb_set_parent(struct rb_node *n, struct rb_node *parent)
{
	n->__parent_color = (uintptr_t)parent | (n->__parent_color & RB_BLACK);
}

static void rb_set_color(struct rb_node *n, int color)
{
	n->__parent_color = (n->__parent_color & ~(uintptr_t)RB_BLACK) | color;
}

/* Make whatever pointed at old (its parent's child link, or the root) point at new. */
static void rb_change_child(struct rb_node *old, struct rb_node *new,
			    struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else
		*rb_child(parent, rb_side(parent, old)) = new;
}

/*
 * Lift c, the `dir` child of p, into p's place (dir = 1 shown):
 *
 *        p                c
 *       / \              / \
 *      a   c     ->     p   y
 *         / \          / \
 *        x   y        a   x
 */
static __rb_always_inline void rotate_up(struct rb_node *p, int dir, struct rb_root *root,
					 const struct rb_augment_callbacks *augment)
{
	struct rb_node *c = *rb_child(p, dir), *x = *rb_child(c, !dir);
	struct rb_node *gp = rb_parent(p);

	*rb_child(p, dir) = x;
	if (x)
		rb_set_parent(x, p);
	*rb_child(c, !dir) = p;
	rb_set_parent(p, c);
	rb_set_parent(c, gp);
	rb_change_child(p, c, gp, root);
	augment->rotate(p, c);
}

/*
 * node is red and linked; the only possible violation is node and its
 * parent both red.  Either recolour and move the problem two levels up
 * (red uncle), or end it with one or two rotations (black uncle).
 */
static __rb_always_inline void rb_insert_fixup(struct rb_node *node, struct rb_root *root,
					       const struct rb_augment_callbacks *augment)
{
	for (;;) {
		struct rb_node *parent = rb_parent(node), *gparent, *uncle;
		int dir;

		if (!parent) {
			rb_set_color(node, RB_BLACK); /* the root: one more black on every path */
			return;
		}
		if (rb_is_black(parent))
			return;
		gparent = rb_parent(parent); /* parent is red, so not the root */
		dir = rb_side(gparent, parent);
		uncle = *rb_child(gparent, !dir);
		if (rb_red(uncle)) {
			/*
			 *      G(b)              G(r)   <- may now clash with its parent
			 *     /    \            /    \
			 *   P(r)   U(r)  ->   P(b)   U(b)
			 *   /                 /
			 *  N(r)              N(r)
			 */
			rb_set_color(parent, RB_BLACK);
			rb_set_color(uncle, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}
		if (node == *rb_child(parent, !dir)) {
			/* inner grandchild: rotate it to the outside first */
			rotate_up(parent, !dir, root, augment);
			parent = node;
		}
		/*
		 *        G(b)            P(b)
		 *       /    \          /    \
		 *     P(r)   U(b) ->  N(r)   G(r)
		 *     /                        \
		 *   N(r)                       U(b)
		 */
		rb_set_color(parent, RB_BLACK);
		rb_set_color(gparent, RB_RED);
		rotate_up(gparent, dir, root, augment);
		return;
	}
}

/*
 * The `dir` subtree of parent (possibly empty) has one black node fewer
 * on its paths than its sibling subtree, and its root (if any) is black.
 * Borrow a black from the sibling's side, or push the deficit upward.
 */
static __rb_always_inline void rb_erase_fixup(struct rb_node *parent, int dir, struct rb_root *root,
					      const struct rb_augment_callbacks *augment)
{
	for (;;) {
		/* the sibling's side is a black taller, so it is not empty */
		struct rb_node *sib = *rb_child(parent, !dir), *near, *far, *child;

		if (rb_is_red(sib)) {
			/* make the sibling black: lift the red one, its black child becomes our sibling */
			rb_set_color(sib, RB_BLACK);
			rb_set_color(parent, RB_RED);
			rotate_up(parent, !dir, root, augment);
			sib = *rb_child(parent, !dir);
		}
		near = *rb_child(sib, dir);
		far = *rb_child(sib, !dir);
		if (!rb_red(near) && !rb_red(far)) {
			/* sibling can turn red: both sides now short by one, at parent */
			rb_set_color(sib, RB_RED);
			if (rb_is_red(parent)) {
				rb_set_color(parent, RB_BLACK);
				return;
			}
			child = parent;
			parent = rb_parent(child);
			if (!parent)
				return; /* short everywhere: the tree's black height drops */
			dir = rb_side(parent, child);
			continue;
		}
		if (!rb_red(far)) {
			/*
			 * near red, far black: lift near over the sibling.  The old
			 * sibling becomes the far child; the colours below make it
			 * black and near whatever parent was, as if far had been red.
			 */
			rotate_up(sib, dir, root, augment);
			far = sib;
			sib = near;
		}
		/*
		 * far red: lift the sibling over parent; it takes parent's colour,
		 * parent (now over our side) and far turn black: one more black
		 * on our side, the same on the far side.
		 *
		 *      P(?)               S(?)
		 *     /    \             /    \
		 *   X(b)   S(b)   ->   P(b)   F(b)
		 *         /    \      /    \
		 *       N(?)   F(r) X(b)   N(?)
		 */
		rb_set_color(sib, rb_is_black(parent) ? RB_BLACK : RB_RED);
		rb_set_color(parent, RB_BLACK);
		rb_set_color(far, RB_BLACK);
		rotate_up(parent, !dir, root, augment);
		return;
	}
}

/*
 * Unlink node; if it has two children its successor takes its place (and
 * colour), so the node that leaves its position is at most one-childed.
 * A red node leaving, or a black node with a (red) child that turns black
 * in its stead, costs nothing; a black leaf leaving makes its parent's
 * side short, and rb_erase_fixup() repairs that.
 */
static __rb_always_inline void rb_erase_node(struct rb_node *node, struct rb_root *root,
					     const struct rb_augment_callbacks *augment)
{
	struct rb_node *parent = rb_parent(node), *child, *succ, *hole_parent, *top;
	bool was_black;
	int hole_dir;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		was_black = rb_is_black(node);
		hole_parent = parent;
		hole_dir = parent ? rb_side(parent, node) : 0;
		rb_change_child(node, child, parent, root);
		top = parent;
	} else {
		/*
		 * succ is the leftmost node of node->rb_right: no left child.
		 *
		 *      N                S
		 *     / \              / \
		 *    a   R            a   R
		 *       /      ->        /
		 *     ...              ...
		 *     /                /
		 *    S                c
		 *     \
		 *      c
		 */
		succ = node->rb_right;
		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		was_black = rb_is_black(succ);
		if (succ == node->rb_right) {
			hole_parent = succ; /* c stays succ's right child */
			hole_dir = 1;
		} else {
			hole_parent = rb_parent(succ);
			hole_dir = 0;
			hole_parent->rb_left = child;
			succ->rb_right = node->rb_right;
			rb_set_parent(succ->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		rb_set_parent(succ->rb_left, succ);
		succ->__parent_color = node->__parent_color; /* node's parent and colour */
		rb_change_child(node, succ, parent, root);
		augment->copy(node, succ);
		if (hole_parent != succ)
			augment->propagate(hole_parent, succ);
		top = succ;
	}

	if (child) {
		/* a one-childed node is black with a red leaf: it replaces the black */
		child->__parent_color = (uintptr_t)hole_parent | RB_BLACK;
		was_black = false;
	}
	if (top)
		augment->propagate(top, NULL);
	if (was_black && hole_parent)
		rb_erase_fixup(hole_parent, hole_dir, root, augment);
}

static void noop_propagate(struct rb_node *node, struct rb_node *stop) {}
static void noop_copy(struct rb_node *old, struct rb_node *new) {}
static void noop_rotate(struct rb_node *old, struct rb_node *new) {}

static const struct rb_augment_callbacks noop_callbacks = {
	noop_propagate, noop_copy, noop_rotate
};

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_fixup(node, root, &noop_callbacks);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_erase_node(node, root, &noop_callbacks);
}

void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment)
{
	rb_insert_fixup(node, root, augment);
}

void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	rb_erase_node(node, root, augment);
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	rb_change_child(victim, new, parent, root);
}

/* ---- walks ---- */

static struct rb_node *rb_extreme(struct rb_node *n, int dir)
{
	if (n)
		while (*rb_child(n, dir))
			n = *rb_child(n, dir);
	return n;
}

/* The in-order neighbour of n on side dir (1: next, 0: previous). */
static struct rb_node *rb_step(const struct rb_node *n, int dir)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(n))
		return NULL;
	if (*rb_child((struct rb_node *)n, dir))
		return rb_extreme(*rb_child((struct rb_node *)n, dir), !dir);
	/* climb while we are on the dir side of our parent */
	while ((parent = rb_parent(n)) && n == *rb_child(parent, dir))
		n = parent;
	return parent;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return rb_extreme(root->rb_node, 0);
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return rb_extreme(root->rb_node, 1);
}

struct rb_node *rb_next(const struct rb_node *node)
{
	return rb_step(node, 1);
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	return rb_step(node, 0);
}

/* The first node of n's subtree in post-order: go left when possible, else right. */
static struct rb_node *rb_deepest_left(struct rb_node *n)
{
	for (;;) {
		if (n->rb_left)
			n = n->rb_left;
		else if (n->rb_right)
			n = n->rb_right;
		else
			return n;
	}
}

struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	return root->rb_node ? rb_deepest_left(root->rb_node) : NULL;
}

struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	if (parent && node == parent->rb_left && parent->rb_right)
		return rb_deepest_left(parent->rb_right);
	return parent;
}
