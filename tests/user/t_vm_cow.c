/*
 * tests/user/t_vm_cow.c - fork and memory: copy-on-write isolation of
 * private mappings both ways (the child's writes stay in the child, the
 * parent's writes after fork stay in the parent), for pages touched before
 * the fork, pages never touched, pages only read, brk and stack memory,
 * 16 MiB rewritten by the child, three generations, a child that unmaps
 * or drops its copy; and MAP_SHARED memory shared both ways across fork,
 * including pages first touched after the fork and a grandchild.
 * Children report through their exit status; the processes take turns
 * through pipes.
 *
 * Usage: t_vm_cow [ROOT]
 */
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "tap.h"

#define PLAN 30

#include "vm.h"

/* ---- turns between parent and child: two pipes ---- */

struct turns {
	int to_child[2], to_parent[2];
};

static void turns_open(struct turns *t)
{
	rsys(SYS_pipe, t->to_child);
	rsys(SYS_pipe, t->to_parent);
}

static void turns_close(struct turns *t)
{
	rsys(SYS_close, t->to_child[0]);
	rsys(SYS_close, t->to_child[1]);
	rsys(SYS_close, t->to_parent[0]);
	rsys(SYS_close, t->to_parent[1]);
}

/* after fork: each side closes the other's ends (a dead child means EOF) */
static void turns_parent(struct turns *t)
{
	rsys(SYS_close, t->to_child[0]);
	rsys(SYS_close, t->to_parent[1]);
}

static void turns_child(struct turns *t)
{
	rsys(SYS_close, t->to_child[1]);
	rsys(SYS_close, t->to_parent[0]);
}

/* the parent waits for the child's turn to end */
static int parent_wait(struct turns *t)
{
	char c;

	return read_all(t->to_parent[0], &c, 1) == 1;
}

/* hand the turn over and wait for it to come back */
static int child_go(struct turns *t)
{
	char c;

	return write_all(t->to_child[1], "g", 1) == 1 && read_all(t->to_parent[0], &c, 1) == 1;
}

static int child_wait(struct turns *t)
{
	char c;

	return read_all(t->to_child[0], &c, 1) == 1;
}

static void child_done(struct turns *t)
{
	write_all(t->to_parent[1], "d", 1);
}

/* ---- private memory ---- */

static void test_private(void)
{
	struct turns t;
	char *p;
	int st, i, good;
	pid_t pid;

	/* 4 pages: 0 written, 1 only read, 2 and 3 never touched */
	p = map(0, 4 * PAGE, RW, ANON);
	memset(p, 'P', PAGE);
	(void)*(volatile char *)(p + PAGE);
	turns_open(&t);
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		turns_child(&t);
		if (peek(p) != 'P' || peek(p + PAGE) != 0 || peek(p + 2 * PAGE) != 0)
			bad |= 1;
		/* the child writes every page; the parent then checks its own */
		memset(p, 'c', 3 * PAGE);
		child_done(&t);
		/* the parent writes; the child's copy must not change */
		child_wait(&t);
		for (i = 0; i < 3; i++)
			if (peek(p + i * PAGE) != 'c' || peek(p + i * PAGE + PAGE - 1) != 'c')
				bad |= 2;
		if (peek(p + 3 * PAGE) != 0)
			bad |= 4;
		child_done(&t);
		_exit(bad);
	}
	turns_parent(&t);
	parent_wait(&t);
	ok(peek(p) == 'P' && peek(p + PAGE - 1) == 'P', "a page written before fork, rewritten by the child: the parent's is unchanged");
	ok(peek(p + PAGE) == 0, "a page only read before fork, written by the child: still zeros in the parent");
	ok(peek(p + 2 * PAGE) == 0, "a page never touched, written by the child: still zeros in the parent");
	memset(p, 'Q', 4 * PAGE);
	ok(child_go(&t), "the parent writes all 4 pages");
	st = reap(pid);
	expect_status(st, EXITED(0), "the child saw the parent's bytes, then only its own");
	ok(peek(p) == 'Q' && peek(p + 4 * PAGE - 1) == 'Q', "the parent has its own bytes");
	turns_close(&t);

	/* after the child exits, the parent's pages are writable and keep their bytes */
	pid = fork();
	if (pid == 0)
		_exit(peek(p) == 'Q' ? 0 : 1);
	expect_status(reap(pid), EXITED(0), "a child that only reads and exits");
	memset(p + PAGE, 'R', PAGE);
	ok(peek(p) == 'Q' && peek(p + PAGE) == 'R', "the parent writes on, its bytes intact");
	rsys(SYS_munmap, p, 4 * PAGE);

	/* 16 MiB, every page rewritten by the child */
	p = map(0, 16 * MiB, RW, ANON);
	for (i = 0; i < (int)(16 * MiB / PAGE); i++)
		p[i * PAGE] = (char)i;
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		for (i = 0; i < (int)(16 * MiB / PAGE); i++) {
			if (p[i * PAGE] != (char)i)
				bad = 1;
			p[i * PAGE] = (char)~i;
		}
		for (i = 0; i < (int)(16 * MiB / PAGE); i++)
			if (p[i * PAGE] != (char)~i)
				bad = 1;
		_exit(bad);
	}
	expect_status(reap(pid), EXITED(0), "16 MiB: the child reads the parent's bytes and rewrites every page");
	good = 1;
	for (i = 0; i < (int)(16 * MiB / PAGE); i++)
		if (p[i * PAGE] != (char)i)
			good = 0;
	ok(good, "the parent's 16 MiB are unchanged");
	rsys(SYS_munmap, p, 16 * MiB);

	/* three generations, each writing its own byte */
	p = map(0, PAGE, RW, ANON);
	p[0] = 'g';
	pid = fork();
	if (pid == 0) {
		pid_t gc;
		int bad = 0;

		p[0] = 'c';
		gc = fork();
		if (gc == 0)
			_exit(p[0] == 'c' ? (p[0] = 'G', 0) : 1);
		if (reap(gc) != 0)
			bad |= 1;
		if (p[0] != 'c')
			bad |= 2;
		_exit(bad);
	}
	expect_status(reap(pid), EXITED(0), "three generations: each sees its parent's byte, writes its own");
	ok(peek(p) == 'g', "the first keeps its byte");

	/* the child unmaps its copy, drops it, mprotects it: the parent's stays */
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (rsys(SYS_madvise, p, PAGE, MADV_DONTNEED) || peek(p) != 0)
			bad |= 1;
		if (rsys(SYS_munmap, p, PAGE) || probe(p, 'r', 0) != P_MAPERR)
			bad |= 2;
		_exit(bad);
	}
	expect_status(reap(pid), EXITED(0), "a child drops and unmaps its copy");
	ok(peek(p) == 'g' && probe(p, 'w', 'h') == P_OK, "the parent's page is still there and writable");
	rsys(SYS_munmap, p, PAGE);
}

/* brk and stack memory are private too */
static void test_brk_stack(void)
{
	unsigned long base = rsys(SYS_brk, 0);
	volatile char stack[3 * PAGE];
	char *b = (char *)base;
	pid_t pid;
	int st;

	rsys(SYS_brk, base + 2 * PAGE);
	b[0] = 'b';
	memset((char *)stack, 's', sizeof(stack));
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (b[0] != 'b' || stack[0] != 's' || stack[sizeof(stack) - 1] != 's')
			bad = 1;
		b[0] = 'B';
		b[PAGE] = 'B';
		memset((char *)stack, 'S', sizeof(stack));
		_exit(bad);
	}
	st = reap(pid);
	expect_status(st, EXITED(0), "the child sees the parent's heap and stack, and writes both");
	ok(b[0] == 'b' && b[PAGE] == 0, "the parent's heap is unchanged");
	ok(stack[0] == 's' && stack[sizeof(stack) - 1] == 's', "the parent's stack is unchanged");
	rsys(SYS_brk, base);
}

/* ---- shared memory ---- */

static void test_shared(void)
{
	struct turns t;
	char *s, *q;
	int st, i, good;
	pid_t pid;

	/* 4 pages: 0 written before fork, 1-3 never touched before it */
	s = map(0, 4 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	s[0] = 'a';
	q = map(0, PAGE, RW, ANON); /* private, for contrast */
	q[0] = 'a';
	turns_open(&t);
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		turns_child(&t);
		if (peek(s) != 'a')
			bad |= 1;
		/* turn 1: the child writes; the parent must see it */
		s[0] = 'c';
		s[PAGE] = 'c';
		q[0] = 'c';
		child_done(&t);
		/* turn 2: the parent wrote; the child must see it */
		child_wait(&t);
		if (peek(s + 2 * PAGE) != 'p' || peek(s + 3 * PAGE + 7) != 'p' || peek(s) != 'P')
			bad |= 2;
		if (peek(q) != 'c')
			bad |= 4;
		child_done(&t);
		/* turn 3: 1000 alternating increments */
		for (i = 0; i < 500; i++) {
			child_wait(&t);
			s[3 * PAGE + 100]++;
			child_done(&t);
		}
		_exit(bad);
	}
	turns_parent(&t);
	parent_wait(&t);
	ok(peek(s) == 'c', "the child's write to a page touched before fork reaches the parent");
	ok(peek(s + PAGE) == 'c', "the child's write to a page first touched after fork reaches the parent");
	ok(peek(q) == 'a', "(a private page beside it does not)");
	s[0] = 'P';
	s[2 * PAGE] = 'p';
	s[3 * PAGE + 7] = 'p';
	ok(child_go(&t), "the parent writes page 0 and pages 2-3, never touched before");
	good = 1;
	for (i = 0; i < 500 && good; i++) {
		s[3 * PAGE + 100]++;
		good = child_go(&t);
	}
	ok(good && (unsigned char)s[3 * PAGE + 100] == 1000 % 256, "1000 increments taking turns");
	st = reap(pid);
	expect_status(st, EXITED(0), "the child saw the parent's writes to both kinds of page");
	turns_close(&t);

	/* a grandchild shares it too, and a child's munmap leaves it to the others */
	pid = fork();
	if (pid == 0) {
		pid_t gc = fork();
		int bad = 0;

		if (gc == 0) {
			s[2 * PAGE + 1] = 'G';
			_exit(0);
		}
		if (reap(gc) != 0 || s[2 * PAGE + 1] != 'G')
			bad |= 1;
		if (rsys(SYS_munmap, s, 4 * PAGE))
			bad |= 2;
		_exit(bad);
	}
	expect_status(reap(pid), EXITED(0), "a grandchild's write reaches its parent");
	ok(peek(s + 2 * PAGE + 1) == 'G', "and the first process");
	ok(peek(s) == 'P' && probe(s + 3 * PAGE, 'w', 1) == P_OK,
	   "the child's munmap left the mapping to the parent");

	/* many pages, each written by the child after the fork */
	rsys(SYS_munmap, s, 4 * PAGE);
	s = map(0, 4 * MiB, RW, MAP_SHARED | MAP_ANONYMOUS);
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < (int)(4 * MiB / PAGE); i++)
			s[i * PAGE + (i % 64)] = (char)(i | 1);
		_exit(0);
	}
	expect_status(reap(pid), EXITED(0), "a child writes each page of 4 MiB shared, never touched before");
	good = 1;
	for (i = 0; i < (int)(4 * MiB / PAGE); i++)
		if (s[i * PAGE + (i % 64)] != (char)(i | 1) || s[i * PAGE + 64 + (i % 64)] != 0)
			good = 0;
	ok(good, "the parent reads every one of them");
	rsys(SYS_munmap, s, 4 * MiB);

	/* read-only in one process, still writable in the other */
	s = map(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	turns_open(&t);
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		turns_child(&t);
		rsys(SYS_mprotect, s, PAGE, PROT_READ);
		child_done(&t);
		child_wait(&t);
		if (peek(s) != 'w' || probe(s, 'w', 1) != P_ACCERR)
			bad = 1;
		_exit(bad);
	}
	turns_parent(&t);
	parent_wait(&t);
	s[0] = 'w';
	child_go(&t);
	expect_status(reap(pid), EXITED(0), "a child's PROT_READ view of a shared page sees the parent's write");
	turns_close(&t);
	rsys(SYS_munmap, s, PAGE);
}

/* a sequence of forks, each child writing all of a shared and a private region */
static void test_rounds(void)
{
	char *s = map(0, 64 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
	char *p = map(0, 64 * PAGE, RW, ANON);
	int r, i, good = 1;

	for (r = 1; r <= 20 && good; r++) {
		pid_t pid;

		for (i = 0; i < 64; i++)
			p[i * PAGE] = (char)r;
		pid = fork();
		if (pid == 0) {
			int bad = 0;

			for (i = 0; i < 64; i++) {
				if (p[i * PAGE] != (char)r || s[i * PAGE] != (char)(r - 1))
					bad = 1;
				p[i * PAGE] = (char)-r;
				s[i * PAGE] = (char)r;
			}
			_exit(bad);
		}
		if (reap(pid) != 0)
			good = 0;
		for (i = 0; i < 64; i++)
			if (p[i * PAGE] != (char)r || s[i * PAGE] != (char)r)
				good = 0;
	}
	ok(good, "20 forks: each child sees the private and shared bytes, its writes reach only the shared");
	rsys(SYS_munmap, s, 64 * PAGE);
	rsys(SYS_munmap, p, 64 * PAGE);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	probe_init();
	test_private();
	test_brk_stack();
	test_shared();
	test_rounds();
	return tap_done();
}
