/*
 * tests/kernel/test_printk.c - the formatter behind printk (kernel/vsprintf.c).
 * Runs in the kernel (test=printk) and on the host (tests/host).
 */
#include "kernel/ktest.h"
#include "kernel/vsprintf.h"

#define EXPECT_FMT(t, expected, ...)                                    \
	do {                                                            \
		char _buf[128];                                         \
		int _n = snprintf(_buf, sizeof(_buf), __VA_ARGS__);     \
		KTEST_EXPECT_STREQ(t, _buf, expected);                  \
		KTEST_EXPECT_EQ(t, _n, __builtin_strlen(expected));     \
	} while (0)

static void test_signed(struct ktest *t)
{
	EXPECT_FMT(t, "0", "%d", 0);
	EXPECT_FMT(t, "-42", "%d", -42);
	EXPECT_FMT(t, "2147483647", "%i", 2147483647);
	EXPECT_FMT(t, "-2147483648", "%d", (int)(-2147483647 - 1));
	EXPECT_FMT(t, "-9223372036854775808", "%ld", (long)INT64_MIN);
	EXPECT_FMT(t, "9223372036854775807", "%lld", (long long)INT64_MAX);
	EXPECT_FMT(t, "+7 -7", "%+d %+d", 7, -7);
	EXPECT_FMT(t, " 7", "% d", 7);
}

static void test_unsigned_and_hex(struct ktest *t)
{
	EXPECT_FMT(t, "4294967295", "%u", 4294967295u);
	EXPECT_FMT(t, "18446744073709551615", "%lu", (unsigned long)UINT64_MAX);
	EXPECT_FMT(t, "123456789012", "%zu", (size_t)123456789012ull);
	EXPECT_FMT(t, "deadbeef", "%x", 0xdeadbeefu);
	EXPECT_FMT(t, "DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT_FMT(t, "ffffffff80100000", "%lx", 0xffffffff80100000ul);
	EXPECT_FMT(t, "0x1f", "%#x", 0x1f);
	EXPECT_FMT(t, "0", "%#x", 0);
	EXPECT_FMT(t, "17", "%o", 15);
	EXPECT_FMT(t, "017", "%#o", 15);
}

static void test_width_and_padding(struct ktest *t)
{
	EXPECT_FMT(t, "   42", "%5d", 42);
	EXPECT_FMT(t, "42   |", "%-5d|", 42);
	EXPECT_FMT(t, "00042", "%05d", 42);
	EXPECT_FMT(t, "-0042", "%05d", -42);
	EXPECT_FMT(t, "0x00ff", "%#06x", 0xff);
	EXPECT_FMT(t, "  007", "%5.3d", 7);
	EXPECT_FMT(t, "", "%.0d", 0);
	EXPECT_FMT(t, "    7", "%*d", 5, 7);
	EXPECT_FMT(t, "7    |", "%*d|", -5, 7);
	EXPECT_FMT(t, "[    0.012345]", "[%5lu.%06lu]", 0ul, 12345ul);
	EXPECT_FMT(t, "000000000000abcd", "%016lx", 0xabcdul);
}

static void test_strings_and_chars(struct ktest *t)
{
	EXPECT_FMT(t, "hello", "%s", "hello");
	EXPECT_FMT(t, "  abc", "%5s", "abc");
	EXPECT_FMT(t, "abc  |", "%-5s|", "abc");
	EXPECT_FMT(t, "ab", "%.2s", "abcdef");
	EXPECT_FMT(t, "x", "%c", 'x');
	EXPECT_FMT(t, "  x", "%3c", 'x');
	EXPECT_FMT(t, "100%", "100%%");
}

static const char *volatile null_string; /* volatile: hide the NULL from -Wformat-overflow */

static void test_null_string(struct ktest *t)
{
	EXPECT_FMT(t, "(null)", "%s", null_string);
}

static void test_pointer(struct ktest *t)
{
	EXPECT_FMT(t, "0xffffffff80001000", "%p", (void *)0xffffffff80001000ul);
	EXPECT_FMT(t, "0x0000000000000000", "%p", (void *)0);
}

static void test_truncation(struct ktest *t)
{
	char buf[8];
	int n = snprintf(buf, sizeof(buf), "%s", "0123456789");

	KTEST_EXPECT_EQ(t, n, 10);
	KTEST_EXPECT_STREQ(t, buf, "0123456");
	n = snprintf(buf, 1, "abc");
	KTEST_EXPECT_EQ(t, n, 3);
	KTEST_EXPECT_EQ(t, buf[0], '\0');
	buf[0] = 'Z';
	n = snprintf(buf, 0, "%d", 12345);
	KTEST_EXPECT_EQ(t, n, 5);
	KTEST_EXPECT_EQ(t, buf[0], 'Z'); /* size 0: nothing written */
}

/* Deliberately bad formats: silence the compiler's format checker here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wformat-invalid-specifier"
static void test_unknown_conversion(struct ktest *t)
{
	EXPECT_FMT(t, "a %y b", "a %y b");
	EXPECT_FMT(t, "end %", "end %");
}

/* hh and h take an int and keep only its low char or short, as C says. */
static void test_char_and_short_lengths(struct ktest *t)
{
	EXPECT_FMT(t, "-1", "%hhd", 255);
	EXPECT_FMT(t, "-1", "%hd", 65535);
	EXPECT_FMT(t, "ff", "%hhx", 0x1ff);
	EXPECT_FMT(t, "65535", "%hu", 0x1ffff);
}
#pragma GCC diagnostic pop

KTEST_SUITE(printk, 0,
	    KTEST_CASE(test_signed),
	    KTEST_CASE(test_unsigned_and_hex),
	    KTEST_CASE(test_width_and_padding),
	    KTEST_CASE(test_strings_and_chars),
	    KTEST_CASE(test_null_string),
	    KTEST_CASE(test_pointer),
	    KTEST_CASE(test_truncation),
	    KTEST_CASE(test_unknown_conversion),
	    KTEST_CASE(test_char_and_short_lengths));
