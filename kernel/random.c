/*
 * kernel/random.c - random bytes: the CPU's RDRAND when it has one, else
 * a xorshift generator stirred with the TSC on every call.  Good enough
 * for AT_RANDOM (stack canaries) and getrandom() in a teaching kernel;
 * not a cryptographic design.  The fallback state is updated with atomic
 * exchanges, so no lock is needed.
 */
#include "kernel/errno.h"
#include "kernel/random.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "kernel/x86.h"

static int have_rdrand = -1; /* -1: not asked yet */
static uint64_t fallback_state = 0x9e3779b97f4a7c15ull;

static bool rdrand64(uint64_t *v)
{
	for (int i = 0; i < 10; i++) { /* the SDM's advice: retry a few times */
		uint8_t ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static uint64_t random_u64(void)
{
	uint64_t v;

	if (have_rdrand < 0) {
		uint32_t a, b, c, d;
		cpuid(1, 0, &a, &b, &c, &d);
		have_rdrand = (c >> 30) & 1;
	}
	if (have_rdrand && rdrand64(&v))
		return v;
	uint64_t x = __atomic_load_n(&fallback_state, __ATOMIC_RELAXED) ^ rdtsc();
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	__atomic_store_n(&fallback_state, x, __ATOMIC_RELAXED);
	return x * 0x2545f4914f6cdd1dull;
}

void get_random_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n) {
		uint64_t v = random_u64();
		size_t k = MIN(n, sizeof(v));
		memcpy(p, &v, k);
		p += k, n -= k;
	}
}

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2
#define GRND_INSECURE 0x4

long sys_getrandom(void *ubuf, size_t n, unsigned flags)
{
	uint8_t chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (n > 0x1ffffff) /* Linux caps one call at 32 MiB - 1 */
		n = 0x1ffffff;
	if (!access_ok(ubuf, n)) /* even for 0 bytes, as Linux */
		return -EFAULT;
	while (done < n) {
		size_t k = MIN(n - done, sizeof(chunk));
		get_random_bytes(chunk, k);
		size_t copied = copy_to_user_upto((char *)ubuf + done, chunk, k);
		done += copied;
		if (copied < k) /* the bytes before a bad page count, as Linux */
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}
