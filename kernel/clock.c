/*
 * kernel/clock.c - wall-clock and monotonic time for user space, and the
 * sleeping syscalls.
 *
 * CLOCK_MONOTONIC (and BOOTTIME) = nanoseconds since boot from the TSC
 * (calibrated once against the PIT; jiffies if that failed).
 * CLOCK_REALTIME = the CMOS real-time clock read once at boot, plus the
 * monotonic time since.  Sleeps are in ticks (1/HZ s) rounded up, so a
 * sleep never ends early.  boot_epoch_ns is written once at boot.
 */
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/x86.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1
#define NSEC_PER_SEC 1000000000ull

struct timespec {
	int64_t tv_sec, tv_nsec;
};
struct timeval {
	int64_t tv_sec, tv_usec;
};

static uint64_t boot_epoch_ns; /* CLOCK_REALTIME at boot */

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned bcd(uint8_t v, bool binary)
{
	return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void clock_init(void)
{
	for (int i = 0; i < 100000 && (cmos_read(0x0a) & 0x80); i++) /* update in progress */
		cpu_relax();
	uint8_t sec = cmos_read(0x00), min = cmos_read(0x02), hour = cmos_read(0x04);
	uint8_t day = cmos_read(0x07), mon = cmos_read(0x08), year = cmos_read(0x09);
	uint8_t status_b = cmos_read(0x0b);
	bool binary = status_b & 0x04, h24 = status_b & 0x02;
	bool pm = hour & 0x80;
	unsigned h = bcd(hour & 0x7f, binary);
	if (!h24)
		h = (h % 12) + (pm ? 12 : 0);
	unsigned y = 2000 + bcd(year, binary), m = bcd(mon, binary), d = bcd(day, binary);
	if (m < 1 || m > 12 || d < 1 || d > 31 || h > 23) {
		pr_warn("clock: the RTC reads nonsense (%u-%u-%u %u:..); wall clock starts at 1970\n", y, m, d, h);
		return;
	}
	int64_t days = days_from_civil(y, m, d);
	uint64_t secs = (uint64_t)days * 86400 + h * 3600 + bcd(min, binary) * 60 + bcd(sec, binary);
	boot_epoch_ns = secs * NSEC_PER_SEC - ktime_get_ns();
	pr_info("clock: %04u-%02u-%02u %02u:%02u:%02u UTC from the RTC\n", y, m, d, h, bcd(min, binary),
		bcd(sec, binary));
}

static int clock_now(int clk, uint64_t *ns)
{
	struct task *t = current;

	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = boot_epoch_ns + ktime_get_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = ktime_get_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = (t->utime_ticks + t->stime_ticks) * (NSEC_PER_SEC / HZ);
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_clock_gettime(int clk, struct timespec *uts)
{
	uint64_t ns;
	int err = clock_now(clk, &ns);

	if (err)
		return err;
	struct timespec ts = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_getres(int clk, struct timespec *uts)
{
	uint64_t ns;
	int err = clock_now(clk, &ns);

	if (err)
		return err;
	struct timespec ts = { 0, clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE ||
					  clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID
				      ? (int64_t)(NSEC_PER_SEC / HZ) : 1 };
	return uts && copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_gettimeofday(struct timeval *utv, void *tz)
{
	uint64_t ns = boot_epoch_ns + ktime_get_ns();
	struct timeval tv = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC / 1000) };

	if (utv && copy_to_user(utv, &tv, sizeof(tv)))
		return -EFAULT;
	if (tz && clear_user(tz, 8)) /* struct timezone: UTC, no DST */
		return -EFAULT;
	return 0;
}

long sys_time(int64_t *ut)
{
	int64_t secs = (int64_t)((boot_epoch_ns + ktime_get_ns()) / NSEC_PER_SEC);

	if (ut && copy_to_user(ut, &secs, sizeof(secs)))
		return -EFAULT;
	return secs;
}

/* Sleep until the clock passes `deadline` ns; -EINTR with the rest left. */
static long sleep_until(int clk, uint64_t deadline, uint64_t *left)
{
	struct task *t = current;
	uint64_t now = 0;

	for (;;) {
		clock_now(clk, &now);
		if (now >= deadline)
			return 0;
		uint64_t ticks = (deadline - now + NSEC_PER_SEC / HZ - 1) / (NSEC_PER_SEC / HZ);
		t->state = TASK_INTERRUPTIBLE;
		if (signal_pending(t)) {
			t->state = TASK_RUNNING;
			*left = deadline - now;
			return -EINTR;
		}
		schedule_timeout(ticks + 1); /* +1: the current tick is partly gone */
		t->state = TASK_RUNNING;
	}
}

/* The remaining time of an interrupted relative sleep to *urem; 0 or -EFAULT. */
static long put_remaining(struct timespec *urem, uint64_t left)
{
	struct timespec rem = { (int64_t)(left / NSEC_PER_SEC), (int64_t)(left % NSEC_PER_SEC) };

	return urem && copy_to_user(urem, &rem, sizeof(rem)) ? -EFAULT : 0;
}

/* restart_syscall(2) after a signal that ran no handler: sleep on to the same deadline. */
static long nanosleep_restart(struct restart_block *rb)
{
	uint64_t left = 0;
	long ret = sleep_until(rb->clk, rb->deadline, &left);

	if (ret == -EINTR) {
		if (put_remaining(rb->urem, left))
			return -EFAULT;
		return -ERESTART_RESTARTBLOCK; /* rb is unchanged: the same deadline again */
	}
	return ret;
}

/*
 * As Linux: a relative sleep interrupted by a signal returns
 * -ERESTART_RESTARTBLOCK, which becomes EINTR (and *rem) if a handler
 * runs, and otherwise a restart_syscall(2) that sleeps to the same
 * deadline; an absolute one is simply restarted (-ERESTARTNOHAND).
 */
static long do_nanosleep(int clk, int flags, const struct timespec *ureq, struct timespec *urem)
{
	struct timespec req;
	uint64_t now, left = 0;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	int err = clock_now(clk, &now);
	if (err || clk == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	uint64_t ns = (uint64_t)req.tv_sec * NSEC_PER_SEC + (uint64_t)req.tv_nsec;
	if ((uint64_t)req.tv_sec > UINT64_MAX / 2 / NSEC_PER_SEC)
		ns = UINT64_MAX / 2;
	uint64_t deadline = (flags & TIMER_ABSTIME) ? ns : now + ns;
	long ret = sleep_until(clk, deadline, &left);
	if (ret != -EINTR)
		return ret;
	if (flags & TIMER_ABSTIME)
		return -ERESTARTNOHAND;
	if (put_remaining(urem, left))
		return -EFAULT;
	current->restart_block = (struct restart_block){
		.fn = nanosleep_restart, .clk = clk, .deadline = deadline, .urem = urem,
	};
	return -ERESTART_RESTARTBLOCK;
}

/* Go on with the syscall a signal interrupted (the kernel makes this call; see kernel/signal.c). */
long sys_restart_syscall(void)
{
	struct restart_block *rb = &current->restart_block;

	if (!rb->fn)
		return -EINTR;
	return rb->fn(rb);
}

long sys_nanosleep(const struct timespec *req, struct timespec *rem)
{
	return do_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
}

long sys_clock_nanosleep(int clk, int flags, const struct timespec *req, struct timespec *rem)
{
	uint64_t now;

	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	if (clock_now(clk, &now)) /* a bad clock before a bad pointer, as Linux */
		return -EINVAL;
	return do_nanosleep(clk, flags, req, rem);
}
