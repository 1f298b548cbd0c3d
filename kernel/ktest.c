/*
 * kernel/ktest.c - the test runner: select suites, run cases, print KTAP.
 *
 *   KTAP version 1
 *   1..2                      <- number of suites
 *       KTAP version 1
 *       # Subtest: printk
 *       1..3                  <- cases in the suite
 *       ok 1 test_integers
 *       # test_strings: tests/kernel/test_printk.c:40: expected ...
 *       not ok 2 test_strings
 *       ...
 *   ok 1 printk               <- the suite's result
 *
 * Runs on one CPU, from kmain() or the host test program; no locking.
 * Shared by the kernel and the host build: no hardware access here.
 */
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

extern const struct ktest_suite *const __start_ktest_suites[];
extern const struct ktest_suite *const __stop_ktest_suites[];

bool ktest_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool ktest_check(struct ktest *t, bool ok, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (ok)
		return true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ktest_print("    # %s: %s:%d: %s\n", t->name, file, line, msg);
	t->failures++;
	return false;
}

/* Is `name` one of the comma-separated words of filter? */
static bool filter_names(const char *filter, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = filter; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static bool suite_selected(const struct ktest_suite *s, const char *filter)
{
	if (filter_names(filter, s->name))
		return true;
	return !(s->flags & KTEST_MANUAL) && filter_names(filter, "all");
}

/* Names in the filter that match no suite: each is a failure. */
static int count_unknown_names(const char *filter)
{
	int unknown = 0;
	char word[64];

	for (const char *p = filter; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		bool found = len == 3 && strncmp(p, "all", 3) == 0;
		for (const struct ktest_suite *const *s = __start_ktest_suites; !found && s < __stop_ktest_suites; s++)
			found = strlen((*s)->name) == len && strncmp((*s)->name, p, len) == 0;
		if (!found) {
			strlcpy(word, p, MIN(len + 1, sizeof(word)));
			ktest_print("# ktest: no test suite named '%s'\n", word);
			unknown++;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return unknown;
}

static int run_suite(const struct ktest_suite *s, int index)
{
	int failed = 0;

	ktest_print("    KTAP version 1\n    # Subtest: %s\n    1..%zu\n", s->name, s->nr_cases);
	for (size_t i = 0; i < s->nr_cases; i++) {
		struct ktest t = { s->cases[i].name, 0, NULL };
		s->cases[i].run(&t);
		if (t.skip && !t.failures)
			ktest_print("    ok %zu %s # SKIP %s\n", i + 1, t.name, t.skip);
		else
			ktest_print("    %s %zu %s\n", t.failures ? "not ok" : "ok", i + 1, t.name);
		if (t.failures)
			failed++;
	}
	ktest_print("%s %d %s\n", failed ? "not ok" : "ok", index, s->name);
	return failed;
}

int ktest_run(const char *filter)
{
	int nr_suites = 0, index = 0, failed;

	for (const struct ktest_suite *const *s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		nr_suites += suite_selected(*s, filter);

	ktest_print("KTAP version 1\n1..%d\n", nr_suites);
	failed = count_unknown_names(filter);
	for (const struct ktest_suite *const *s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		if (suite_selected(*s, filter))
			failed += run_suite(*s, ++index);
	return failed;
}
