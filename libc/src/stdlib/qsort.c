/*
 * libc/src/stdlib/qsort.c - qsort, qsort_r (introsort: quicksort with a
 * median-of-three pivot, insertion sort below 16 elements, heapsort when
 * the recursion gets deeper than 2 log2 n, so the worst case stays
 * O(n log n)) and bsearch.  No allocation; recursion only into the
 * smaller half, so the stack stays O(log n).
 */
#include <stdint.h>
#include <stdlib.h>

typedef int (*cmp_r_fn)(const void *, const void *, void *);

struct sorter {
	size_t size;
	cmp_r_fn cmp;
	void *arg;
};

static void swap_bytes(void *a, void *b, size_t n)
{
	unsigned char *p = a, *q = b, t;

	if (p == q)
		return;
	if (n % sizeof(long) == 0 && ((uintptr_t)p | (uintptr_t)q) % sizeof(long) == 0) {
		long *x = a, *y = b, tl;
		for (n /= sizeof(long); n; n--, x++, y++)
			tl = *x, *x = *y, *y = tl;
		return;
	}
	for (; n; n--, p++, q++)
		t = *p, *p = *q, *q = t;
}

#define AT(base, i) ((unsigned char *)(base) + (i) * s->size)

static int less(const struct sorter *s, const void *a, const void *b)
{
	return s->cmp(a, b, s->arg) < 0;
}

static void insertion_sort(const struct sorter *s, void *base, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && less(s, AT(base, j), AT(base, j - 1)); j--)
			swap_bytes(AT(base, j), AT(base, j - 1), s->size);
}

static void sift_down(const struct sorter *s, void *base, size_t root, size_t n)
{
	size_t child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && less(s, AT(base, child), AT(base, child + 1)))
			child++;
		if (!less(s, AT(base, root), AT(base, child)))
			return;
		swap_bytes(AT(base, root), AT(base, child), s->size);
		root = child;
	}
}

static void heap_sort(const struct sorter *s, void *base, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(s, base, i, n);
	for (i = n; i-- > 1;) {
		swap_bytes(AT(base, 0), AT(base, i), s->size);
		sift_down(s, base, 0, i);
	}
}

static void intro_sort(const struct sorter *s, void *base, size_t n, int depth)
{
	while (n > 16) {
		size_t mid = n / 2, i, j;

		if (depth-- == 0) {
			heap_sort(s, base, n);
			return;
		}
		/* median of first, middle, last, moved to the front as the pivot */
		if (less(s, AT(base, mid), AT(base, 0)))
			swap_bytes(AT(base, mid), AT(base, 0), s->size);
		if (less(s, AT(base, n - 1), AT(base, mid))) {
			swap_bytes(AT(base, n - 1), AT(base, mid), s->size);
			if (less(s, AT(base, mid), AT(base, 0)))
				swap_bytes(AT(base, mid), AT(base, 0), s->size);
		}
		swap_bytes(AT(base, 0), AT(base, mid), s->size);
		/* Hoare partition around base[0] */
		i = 0;
		j = n;
		for (;;) {
			do
				i++;
			while (i < n && less(s, AT(base, i), AT(base, 0)));
			do
				j--;
			while (less(s, AT(base, 0), AT(base, j)));
			if (i >= j)
				break;
			swap_bytes(AT(base, i), AT(base, j), s->size);
		}
		swap_bytes(AT(base, 0), AT(base, j), s->size);
		/* [0, j) <= pivot = base[j] <= (j, n): recurse into the smaller side */
		if (j < n - j - 1) {
			intro_sort(s, base, j, depth);
			base = AT(base, j + 1);
			n = n - j - 1;
		} else {
			intro_sort(s, AT(base, j + 1), n - j - 1, depth);
			n = j;
		}
	}
	insertion_sort(s, base, n);
}

void qsort_r(void *base, size_t nmemb, size_t size, cmp_r_fn cmp, void *arg)
{
	struct sorter s = { size, cmp, arg };
	int depth = 0;
	size_t n;

	for (n = nmemb; n > 1; n >>= 1)
		depth += 2;
	if (nmemb > 1 && size)
		intro_sort(&s, base, nmemb, depth);
}

static int call_plain(const void *a, const void *b, void *fn)
{
	return ((int (*)(const void *, const void *))fn)(a, b);
}

void qsort(void *base, size_t nmemb, size_t size, int (*cmp)(const void *, const void *))
{
	qsort_r(base, nmemb, size, call_plain, (void *)cmp);
}

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const unsigned char *lo = base;

	while (nmemb > 0) {
		const unsigned char *mid = lo + (nmemb / 2) * size;
		int c = cmp(key, mid);

		if (c == 0)
			return (void *)mid;
		if (c > 0) {
			lo = mid + size;
			nmemb -= nmemb / 2 + 1;
		} else {
			nmemb /= 2;
		}
	}
	return NULL;
}
