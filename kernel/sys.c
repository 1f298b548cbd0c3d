/*
 * kernel/sys.c - the small syscalls: identity (lom has one user, root),
 * resource limits, uname, arch_prctl, sched_yield, reboot, and the memory
 * syscalls' argument checks in front of mm/mmap.c.
 */
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "kernel/version.h"
#include "kernel/memlayout.h"
#include "kernel/x86.h"
#include "mm/vm.h"

long sys_getuid(void) { return 0; }
long sys_getgid(void) { return 0; }
long sys_geteuid(void) { return 0; }
long sys_getegid(void) { return 0; }

/* root may become root */
long sys_setuid(unsigned uid)
{
	return uid == 0 ? 0 : -EPERM;
}

long sys_setgid(unsigned gid)
{
	return gid == 0 ? 0 : -EPERM;
}

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

long sys_uname(struct utsname *u)
{
	struct utsname k;

	memset(&k, 0, sizeof(k));
	strlcpy(k.sysname, "lom", sizeof(k.sysname));
	strlcpy(k.nodename, "lom", sizeof(k.nodename));
	strlcpy(k.release, LOM_VERSION, sizeof(k.release));
	strlcpy(k.version, "#1 SMP life of a malloc", sizeof(k.version));
	strlcpy(k.machine, "x86_64", sizeof(k.machine));
	strlcpy(k.domainname, "(none)", sizeof(k.domainname));
	return copy_to_user(u, &k, sizeof(k)) ? -EFAULT : 0;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

long sys_arch_prctl(int code, uint64_t addr)
{
	struct task *t = current;

	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (addr >= USER_TOP)
			return -EPERM; /* Linux: must be a user address */
		if (code == ARCH_SET_FS) {
			t->fs_base = addr;
			wrmsr(MSR_FS_BASE, addr);
		} else {
			t->gs_base = addr;
			wrmsr(MSR_KERNEL_GS_BASE, addr); /* the user's GS base while in the kernel */
		}
		return 0;
	case ARCH_GET_FS:
		return put_user(t->fs_base, (uint64_t *)addr);
	case ARCH_GET_GS:
		return put_user(t->gs_base, (uint64_t *)addr);
	default:
		return -EINVAL;
	}
}

long sys_sched_yield(void)
{
	this_cpu()->need_resched = true; /* the switch happens on the way out */
	return 0;
}

long sys_umask(unsigned mask)
{
	(void)mask;
	return 022; /* a read-only file system: nothing to mask */
}

long sys_sync(void)
{
	return 0;
}

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_MAGIC2A 85072278
#define LINUX_REBOOT_MAGIC2B 369367448
#define LINUX_REBOOT_MAGIC2C 537993216
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xcdef0123
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc
#define LINUX_REBOOT_CMD_CAD_ON 0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000

long sys_reboot(int magic1, int magic2, unsigned cmd, void *arg)
{
	(void)arg;
	if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A && magic2 != LINUX_REBOOT_MAGIC2B &&
	     magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
	case LINUX_REBOOT_CMD_RESTART: /* lom's QEMU runs with -no-reboot: the same */
		pr_notice("reboot: Power down (requested by %s[%d])\n", current->comm, current->pid);
		power_off_with_status(0);
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

struct rlimit {
	uint64_t cur, max;
};

/* What a limit means to the address space, at once (the stack's at exec). */
static void apply_rlimit(struct task *t, int resource)
{
	if (resource == RLIMIT_DATA && t->mm)
		t->mm->data_limit = t->rlim[RLIMIT_DATA].cur;
}

/* Linux's do_prlimit: the checks, then *old gets the limit and new replaces it (kernel copies). */
static long do_prlimit(struct task *t, int resource, const struct rlimit *new, struct rlimit *old)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->cur > new->max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new->max > NR_OPEN)
			return -EPERM; /* Linux: above fs.nr_open */
	}
	if (old)
		*old = (struct rlimit){ t->rlim[resource].cur, t->rlim[resource].max };
	if (new) {
		t->rlim[resource].cur = new->cur;
		t->rlim[resource].max = new->max;
		apply_rlimit(t, resource);
	}
	return 0;
}

/*
 * As Linux: the new limit is read before anything is checked, and the
 * old one written back after the new one is in place.
 */
long sys_prlimit64(int pid, int resource, const struct rlimit *unew, struct rlimit *uold)
{
	struct rlimit new, old;

	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (pid != 0 && pid != current->pid)
		return -ESRCH; /* lom: only one's own limits */
	long err = do_prlimit(current, resource, unew ? &new : NULL, uold ? &old : NULL);
	if (!err && uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

long sys_getrlimit(int resource, struct rlimit *rl)
{
	struct rlimit old;
	long err = do_prlimit(current, resource, NULL, &old);

	return err ? err : copy_to_user(rl, &old, sizeof(old)) ? -EFAULT : 0;
}

long sys_setrlimit(int resource, const struct rlimit *rl)
{
	struct rlimit new;

	if (copy_from_user(&new, rl, sizeof(new)))
		return -EFAULT;
	return do_prlimit(current, resource, &new, NULL);
}

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

long sys_getrusage(int who, struct rusage *uru)
{
	struct task *t = current;
	struct rusage ru;

	if (who == RUSAGE_SELF || who == RUSAGE_THREAD) {
		uint64_t maxrss = t->maxrss_kib;
		if (t->mm && (t->mm->hiwater_rss << (PAGE_SHIFT - 10)) > maxrss)
			maxrss = t->mm->hiwater_rss << (PAGE_SHIFT - 10);
		fill_rusage(&ru, t->utime_ticks, t->stime_ticks, maxrss, t->min_flt, t->maj_flt);
	} else if (who == RUSAGE_CHILDREN) {
		fill_rusage(&ru, t->cutime_ticks, t->cstime_ticks, t->cmaxrss_kib, t->cmin_flt, t->cmaj_flt);
	} else {
		return -EINVAL;
	}
	return copy_to_user(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/* ---- memory ---- */

long sys_brk(uint64_t addr)
{
	return (long)do_brk(current->mm, addr);
}

long sys_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags, int fd, uint64_t off)
{
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!(flags & 0x20) && fd_get(fd) == NULL) /* a file mapping needs an open file */
		return -EBADF;
	return do_mmap(current->mm, addr, len, (unsigned)prot, (unsigned)flags);
}

long sys_munmap(uint64_t addr, uint64_t len)
{
	return do_munmap(current->mm, addr, len);
}

long sys_mprotect(uint64_t addr, uint64_t len, uint64_t prot)
{
	return do_mprotect(current->mm, addr, len, (unsigned)prot);
}

long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
	return do_madvise(current->mm, addr, len, advice);
}

#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_THP_DISABLE 41
#define PR_GET_THP_DISABLE 42

long sys_prctl(int option, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct task *t = current;
	char name[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_NAME:
		if (strncpy_from_user(name, (const char *)a2, sizeof(name)) < 0)
			return -EFAULT;
		name[sizeof(name) - 1] = 0;
		memcpy(t->comm, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((char *)a2, t->comm, sizeof(t->comm)) ? -EFAULT : 0;
	case PR_SET_THP_DISABLE:
		if (a3 | a4 | a5)
			return -EINVAL;
		t->mm->thp_disabled = a2 != 0;
		return 0;
	case PR_GET_THP_DISABLE:
		if (a2 | a3 | a4 | a5)
			return -EINVAL;
		return t->mm->thp_disabled;
	default:
		return -EINVAL;
	}
}

long sys_mremap(uint64_t addr, uint64_t old_len, uint64_t new_len, uint64_t flags, uint64_t new_addr)
{
	return do_mremap(current->mm, addr, old_len, new_len, (unsigned)flags, new_addr);
}

long sys_getcpu(unsigned *ucpu, unsigned *unode, void *unused)
{
	unsigned cpu = this_cpu_id(), node = 0;

	(void)unused;
	if (ucpu && put_user(cpu, ucpu))
		return -EFAULT;
	if (unode && put_user(node, unode))
		return -EFAULT;
	return 0;
}

/* Every task may run on every online CPU (no affinity in lom). */
long sys_sched_getaffinity(int pid, size_t len, uint64_t *umask)
{
	uint64_t mask = nr_cpus_online >= 64 ? ~0ull : (1ull << nr_cpus_online) - 1;

	if (len < sizeof(mask) || (len & (sizeof(uint64_t) - 1)))
		return -EINVAL;
	if (pid < 0)
		return -ESRCH;
	if (pid && pid != current->pid) {
		uint64_t irq = spin_lock_irqsave(&tasklist_lock);
		bool exists = find_task_by_pid(pid) != NULL;
		spin_unlock_irqrestore(&tasklist_lock, irq);
		if (!exists)
			return -ESRCH;
	}
	if (copy_to_user(umask, &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask);
}
