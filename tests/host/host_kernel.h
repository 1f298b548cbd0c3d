/*
 * tests/host/host_kernel.h - catching a kernel panic in a host test:
 *
 *   HOST_EXPECT_PANIC(t, __free_pages(p, 0));   // must panic
 */
#ifndef TESTS_HOST_HOST_KERNEL_H
#define TESTS_HOST_HOST_KERNEL_H

#include <setjmp.h>

extern jmp_buf *host_panic_catcher;
extern char host_last_panic[256];

#define HOST_EXPECT_PANIC(t, stmt)                                                     \
	do {                                                                           \
		jmp_buf _jb;                                                           \
		volatile bool _panicked = false;                                       \
		host_panic_catcher = &_jb;                                             \
		if (setjmp(_jb) == 0) {                                                \
			stmt;                                                          \
		} else {                                                               \
			_panicked = true;                                              \
		}                                                                      \
		host_panic_catcher = NULL;                                             \
		ktest_check(t, _panicked, __FILE__, __LINE__, "expected a panic from %s", #stmt); \
	} while (0)

#endif
