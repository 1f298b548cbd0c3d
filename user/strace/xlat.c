/*
 * user/strace/xlat.c - numbers to the names strace prints: the flag and
 * value tables (Linux x86-64 values, in strace's order, which is the
 * order flags are printed in), signals, errnos, and the printers.
 *
 *   printxval    one value: its name, or "0x4d (MADV_???)" in a comment
 *   printflags   bits: "A|B|0x100", or "0x80 (PROT_???)" in a comment if none
 *                is known, or the table's zero name (PROT_NONE) or "0"
 */
#include <stdio.h>
#include <string.h>

#include "strace.h"

#define END { 0, NULL }

static const struct xlat prot[] = {
	{ 0x1, "PROT_READ" }, { 0x2, "PROT_WRITE" }, { 0x4, "PROT_EXEC" }, { 0x8, "PROT_SEM" },
	{ 0x01000000, "PROT_GROWSDOWN" }, { 0x02000000, "PROT_GROWSUP" }, { 0, "PROT_NONE" }, END
};
/* the mapping type (the low nibble) is printed first, then these */
static const struct xlat mmap_flags[] = {
	{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" }, { 0x40, "MAP_32BIT" },
	{ 0x80, "MAP_ABOVE4G" }, { 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" },
	{ 0x10000, "MAP_NONBLOCK" }, { 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" },
	{ 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" }, { 0x20000, "MAP_STACK" },
	{ 0x40000, "MAP_HUGETLB" }, { 0x80000, "MAP_SYNC" }, { 0x4000000, "MAP_UNINITIALIZED" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" }, END
};
static const struct xlat mremap_flags[] = {
	{ 1, "MREMAP_MAYMOVE" }, { 2, "MREMAP_FIXED" }, { 4, "MREMAP_DONTUNMAP" }, END
};
static const struct xlat madv[] = {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" }, { 3, "MADV_WILLNEED" },
	{ 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" }, { 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" },
	{ 11, "MADV_DOFORK" }, { 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" },
	{ 14, "MADV_HUGEPAGE" }, { 15, "MADV_NOHUGEPAGE" }, { 16, "MADV_DONTDUMP" },
	{ 17, "MADV_DODUMP" }, { 18, "MADV_WIPEONFORK" }, { 19, "MADV_KEEPONFORK" },
	{ 20, "MADV_COLD" }, { 21, "MADV_PAGEOUT" }, { 22, "MADV_POPULATE_READ" },
	{ 23, "MADV_POPULATE_WRITE" }, { 24, "MADV_DONTNEED_LOCKED" }, { 25, "MADV_COLLAPSE" },
	{ 100, "MADV_HWPOISON" }, { 101, "MADV_SOFT_OFFLINE" }, END
};
/* open(2) flags after the access mode (O_SYNC before O_DSYNC, O_TMPFILE before O_DIRECTORY) */
static const struct xlat open_flags[] = {
	{ 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" }, { 01000, "O_TRUNC" },
	{ 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" }, { 04010000, "O_SYNC" },
	{ 04000000, "__O_SYNC" }, { 010000, "O_DSYNC" }, { 040000, "O_DIRECT" },
	{ 0100000, "O_LARGEFILE" }, { 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
	{ 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" }, { 020200000, "O_TMPFILE" },
	{ 020000000, "__O_TMPFILE" }, { 0200000, "O_DIRECTORY" }, { 020000, "FASYNC" }, END
};
static const struct xlat open_access[] = {
	{ 0, "O_RDONLY" }, { 1, "O_WRONLY" }, { 2, "O_RDWR" }, { 3, "O_ACCMODE" }, END
};
static const struct xlat at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" }, { 0x400, "AT_SYMLINK_FOLLOW" },
	{ 0x800, "AT_NO_AUTOMOUNT" }, { 0x1000, "AT_EMPTY_PATH" }, { 0x8000, "AT_RECURSIVE" }, END
};
static const struct xlat faccessat_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_EACCESS" }, { 0x1000, "AT_EMPTY_PATH" }, END
};
static const struct xlat access_modes[] = {
	{ 4, "R_OK" }, { 2, "W_OK" }, { 1, "X_OK" }, { 0, "F_OK" }, END
};
static const struct xlat seek[] = {
	{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" }, { 3, "SEEK_DATA" }, { 4, "SEEK_HOLE" }, END
};
static const struct xlat fcntl_cmds[] = {
	{ 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" }, { 4, "F_SETFL" },
	{ 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" }, { 8, "F_SETOWN" }, { 9, "F_GETOWN" },
	{ 10, "F_SETSIG" }, { 11, "F_GETSIG" }, { 15, "F_SETOWN_EX" }, { 16, "F_GETOWN_EX" },
	{ 17, "F_GETOWNER_UIDS" }, { 36, "F_OFD_GETLK" }, { 37, "F_OFD_SETLK" }, { 38, "F_OFD_SETLKW" },
	{ 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" }, { 1026, "F_NOTIFY" }, { 1027, "F_DUPFD_QUERY" },
	{ 1030, "F_DUPFD_CLOEXEC" }, { 1031, "F_SETPIPE_SZ" }, { 1032, "F_GETPIPE_SZ" },
	{ 1033, "F_ADD_SEALS" }, { 1034, "F_GET_SEALS" }, END
};
static const struct xlat fd_flags[] = { { 1, "FD_CLOEXEC" }, END };
static const struct xlat sighow[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, END
};
static const struct xlat sa_flags[] = {
	{ 0x04000000, "SA_RESTORER" }, { 0x08000000, "SA_ONSTACK" }, { 0x10000000, "SA_RESTART" },
	{ 0x20000000, "SA_INTERRUPT" }, { 0x40000000, "SA_NODEFER" }, { 0x80000000, "SA_RESETHAND" },
	{ 4, "SA_SIGINFO" }, { 1, "SA_NOCLDSTOP" }, { 2, "SA_NOCLDWAIT" }, END
};
static const struct xlat clone_flags[] = {
	{ 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
	{ 0x800, "CLONE_SIGHAND" }, { 0x1000, "CLONE_PIDFD" }, { 0x2000, "CLONE_PTRACE" },
	{ 0x4000, "CLONE_VFORK" }, { 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" },
	{ 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" }, { 0x80000, "CLONE_SETTLS" },
	{ 0x100000, "CLONE_PARENT_SETTID" }, { 0x200000, "CLONE_CHILD_CLEARTID" },
	{ 0x800000, "CLONE_UNTRACED" }, { 0x1000000, "CLONE_CHILD_SETTID" },
	{ 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" }, { 0x8000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" }, { 0x40000000, "CLONE_NEWNET" },
	{ 0x80000000, "CLONE_IO" }, END
};
static const struct xlat wait_opts[] = {
	{ 1, "WNOHANG" }, { 2, "WUNTRACED" }, { 4, "WEXITED" }, { 8, "WCONTINUED" },
	{ 0x1000000, "WNOWAIT" }, { 0x20000000, "__WNOTHREAD" }, { 0x40000000, "__WALL" },
	{ 0x80000000, "__WCLONE" }, END
};
static const struct xlat clocks[] = {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" }, { 2, "CLOCK_PROCESS_CPUTIME_ID" },
	{ 3, "CLOCK_THREAD_CPUTIME_ID" }, { 4, "CLOCK_MONOTONIC_RAW" }, { 5, "CLOCK_REALTIME_COARSE" },
	{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" }, { 8, "CLOCK_REALTIME_ALARM" },
	{ 9, "CLOCK_BOOTTIME_ALARM" }, { 10, "CLOCK_SGI_CYCLE" }, { 11, "CLOCK_TAI" }, END
};
static const struct xlat timer_flags[] = { { 1, "TIMER_ABSTIME" }, END };
static const struct xlat rlimits[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" }, { 3, "RLIMIT_STACK" },
	{ 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" }, { 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" },
	{ 8, "RLIMIT_MEMLOCK" }, { 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" },
	{ 11, "RLIMIT_SIGPENDING" }, { 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" },
	{ 14, "RLIMIT_RTPRIO" }, { 15, "RLIMIT_RTTIME" }, END
};
static const struct xlat rusage_who[] = {
	{ 0, "RUSAGE_SELF" }, { 0xffffffff, "RUSAGE_CHILDREN" }, { 1, "RUSAGE_THREAD" }, END
};
static const struct xlat arch_codes[] = {
	{ 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" }, { 0x1003, "ARCH_GET_FS" },
	{ 0x1004, "ARCH_GET_GS" }, { 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" },
	{ 0x1021, "ARCH_GET_XCOMP_SUPP" }, { 0x1022, "ARCH_GET_XCOMP_PERM" },
	{ 0x1023, "ARCH_REQ_XCOMP_PERM" }, { 0x2001, "ARCH_MAP_VDSO_X32" },
	{ 0x2002, "ARCH_MAP_VDSO_32" }, { 0x2003, "ARCH_MAP_VDSO_64" }, END
};
static const struct xlat prctl_opts[] = {
	{ 1, "PR_SET_PDEATHSIG" }, { 2, "PR_GET_PDEATHSIG" }, { 3, "PR_GET_DUMPABLE" },
	{ 4, "PR_SET_DUMPABLE" }, { 5, "PR_GET_UNALIGN" }, { 6, "PR_SET_UNALIGN" },
	{ 7, "PR_GET_KEEPCAPS" }, { 8, "PR_SET_KEEPCAPS" }, { 9, "PR_GET_FPEMU" },
	{ 10, "PR_SET_FPEMU" }, { 11, "PR_GET_FPEXC" }, { 12, "PR_SET_FPEXC" },
	{ 13, "PR_GET_TIMING" }, { 14, "PR_SET_TIMING" }, { 15, "PR_SET_NAME" },
	{ 16, "PR_GET_NAME" }, { 19, "PR_GET_ENDIAN" }, { 20, "PR_SET_ENDIAN" },
	{ 21, "PR_GET_SECCOMP" }, { 22, "PR_SET_SECCOMP" }, { 23, "PR_CAPBSET_READ" },
	{ 24, "PR_CAPBSET_DROP" }, { 25, "PR_GET_TSC" }, { 26, "PR_SET_TSC" },
	{ 27, "PR_GET_SECUREBITS" }, { 28, "PR_SET_SECUREBITS" }, { 29, "PR_SET_TIMERSLACK" },
	{ 30, "PR_GET_TIMERSLACK" }, { 31, "PR_TASK_PERF_EVENTS_DISABLE" },
	{ 32, "PR_TASK_PERF_EVENTS_ENABLE" }, { 33, "PR_MCE_KILL" }, { 34, "PR_MCE_KILL_GET" },
	{ 35, "PR_SET_MM" }, { 36, "PR_SET_CHILD_SUBREAPER" }, { 37, "PR_GET_CHILD_SUBREAPER" },
	{ 38, "PR_SET_NO_NEW_PRIVS" }, { 39, "PR_GET_NO_NEW_PRIVS" }, { 40, "PR_GET_TID_ADDRESS" },
	{ 41, "PR_SET_THP_DISABLE" }, { 42, "PR_GET_THP_DISABLE" },
	{ 43, "PR_MPX_ENABLE_MANAGEMENT" }, { 44, "PR_MPX_DISABLE_MANAGEMENT" },
	{ 45, "PR_SET_FP_MODE" }, { 46, "PR_GET_FP_MODE" }, { 47, "PR_CAP_AMBIENT" },
	{ 50, "PR_SVE_SET_VL" }, { 51, "PR_SVE_GET_VL" }, { 52, "PR_GET_SPECULATION_CTRL" },
	{ 53, "PR_SET_SPECULATION_CTRL" }, { 54, "PR_PAC_RESET_KEYS" },
	{ 55, "PR_SET_TAGGED_ADDR_CTRL" }, { 56, "PR_GET_TAGGED_ADDR_CTRL" },
	{ 57, "PR_SET_IO_FLUSHER" }, { 58, "PR_GET_IO_FLUSHER" },
	{ 59, "PR_SET_SYSCALL_USER_DISPATCH" }, { 62, "PR_SCHED_CORE" },
	{ 0x53564d41, "PR_SET_VMA" }, END
};
static const struct xlat grnd[] = {
	{ 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" }, END
};
static const struct xlat ptrace_reqs[] = {
	{ 0, "PTRACE_TRACEME" }, { 1, "PTRACE_PEEKTEXT" }, { 2, "PTRACE_PEEKDATA" },
	{ 3, "PTRACE_PEEKUSER" }, { 4, "PTRACE_POKETEXT" }, { 5, "PTRACE_POKEDATA" },
	{ 6, "PTRACE_POKEUSER" }, { 7, "PTRACE_CONT" }, { 8, "PTRACE_KILL" },
	{ 9, "PTRACE_SINGLESTEP" }, { 12, "PTRACE_GETREGS" }, { 13, "PTRACE_SETREGS" },
	{ 14, "PTRACE_GETFPREGS" }, { 15, "PTRACE_SETFPREGS" }, { 16, "PTRACE_ATTACH" },
	{ 17, "PTRACE_DETACH" }, { 18, "PTRACE_GETFPXREGS" }, { 19, "PTRACE_SETFPXREGS" },
	{ 24, "PTRACE_SYSCALL" }, { 25, "PTRACE_GET_THREAD_AREA" }, { 26, "PTRACE_SET_THREAD_AREA" },
	{ 30, "PTRACE_ARCH_PRCTL" }, { 31, "PTRACE_SYSEMU" }, { 32, "PTRACE_SYSEMU_SINGLESTEP" },
	{ 33, "PTRACE_SINGLEBLOCK" }, { 0x4200, "PTRACE_SETOPTIONS" },
	{ 0x4201, "PTRACE_GETEVENTMSG" }, { 0x4202, "PTRACE_GETSIGINFO" },
	{ 0x4203, "PTRACE_SETSIGINFO" }, { 0x4204, "PTRACE_GETREGSET" },
	{ 0x4205, "PTRACE_SETREGSET" }, { 0x4206, "PTRACE_SEIZE" }, { 0x4207, "PTRACE_INTERRUPT" },
	{ 0x4208, "PTRACE_LISTEN" }, { 0x4209, "PTRACE_PEEKSIGINFO" },
	{ 0x420a, "PTRACE_GETSIGMASK" }, { 0x420b, "PTRACE_SETSIGMASK" },
	{ 0x420c, "PTRACE_SECCOMP_GET_FILTER" }, { 0x420d, "PTRACE_SECCOMP_GET_METADATA" },
	{ 0x420e, "PTRACE_GET_SYSCALL_INFO" }, END
};
static const struct xlat ptrace_opts[] = {
	{ 0x1, "PTRACE_O_TRACESYSGOOD" }, { 0x2, "PTRACE_O_TRACEFORK" },
	{ 0x4, "PTRACE_O_TRACEVFORK" }, { 0x8, "PTRACE_O_TRACECLONE" },
	{ 0x10, "PTRACE_O_TRACEEXEC" }, { 0x20, "PTRACE_O_TRACEVFORKDONE" },
	{ 0x40, "PTRACE_O_TRACEEXIT" }, { 0x80, "PTRACE_O_TRACESECCOMP" },
	{ 0x100000, "PTRACE_O_EXITKILL" }, { 0x200000, "PTRACE_O_SUSPEND_SECCOMP" }, END
};
static const struct xlat reboot_cmds[] = {
	{ 0x01234567, "LINUX_REBOOT_CMD_RESTART" }, { 0xCDEF0123, "LINUX_REBOOT_CMD_HALT" },
	{ 0x89ABCDEF, "LINUX_REBOOT_CMD_CAD_ON" }, { 0, "LINUX_REBOOT_CMD_CAD_OFF" },
	{ 0x4321FEDC, "LINUX_REBOOT_CMD_POWER_OFF" }, { 0xA1B2C3D4, "LINUX_REBOOT_CMD_RESTART2" },
	{ 0xD000FCE2, "LINUX_REBOOT_CMD_SW_SUSPEND" }, { 0x45584543, "LINUX_REBOOT_CMD_KEXEC" }, END
};
static const struct xlat reboot_magic1[] = { { 0xfee1dead, "LINUX_REBOOT_MAGIC1" }, END };
static const struct xlat reboot_magic2[] = {
	{ 672274793, "LINUX_REBOOT_MAGIC2" }, { 85072278, "LINUX_REBOOT_MAGIC2A" },
	{ 369367448, "LINUX_REBOOT_MAGIC2B" }, { 537993216, "LINUX_REBOOT_MAGIC2C" }, END
};
static const struct xlat ioctls[] = {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" }, { 0x5404, "TCSETSF" },
	{ 0x5405, "TCGETA" }, { 0x5406, "TCSETA" }, { 0x5407, "TCSETAW" }, { 0x5408, "TCSETAF" },
	{ 0x5409, "TCSBRK" }, { 0x540A, "TCXONC" }, { 0x540B, "TCFLSH" }, { 0x540C, "TIOCEXCL" },
	{ 0x540D, "TIOCNXCL" }, { 0x540E, "TIOCSCTTY" }, { 0x540F, "TIOCGPGRP" },
	{ 0x5410, "TIOCSPGRP" }, { 0x5411, "TIOCOUTQ" }, { 0x5412, "TIOCSTI" },
	{ 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" }, { 0x5415, "TIOCMGET" },
	{ 0x5416, "TIOCMBIS" }, { 0x5417, "TIOCMBIC" }, { 0x5418, "TIOCMSET" },
	{ 0x5419, "TIOCGSOFTCAR" }, { 0x541A, "TIOCSSOFTCAR" }, { 0x541B, "FIONREAD" },
	{ 0x541C, "TIOCLINUX" }, { 0x541D, "TIOCCONS" }, { 0x541E, "TIOCGSERIAL" },
	{ 0x541F, "TIOCSSERIAL" }, { 0x5420, "TIOCPKT" }, { 0x5421, "FIONBIO" },
	{ 0x5422, "TIOCNOTTY" }, { 0x5423, "TIOCSETD" }, { 0x5424, "TIOCGETD" },
	{ 0x5425, "TCSBRKP" }, { 0x5427, "TIOCSBRK" }, { 0x5428, "TIOCCBRK" },
	{ 0x5429, "TIOCGSID" }, { 0x802C542A, "TCGETS2" }, { 0x402C542B, "TCSETS2" },
	{ 0x80045430, "TIOCGPTN" }, { 0x40045431, "TIOCSPTLCK" }, { 0x80045432, "TIOCGDEV" },
	{ 0x5436, "TIOCVHANGUP" }, { 0x80045438, "TIOCGPKT" }, { 0x80045439, "TIOCGPTLCK" },
	{ 0x80045440, "TIOCGEXCL" }, { 0x5441, "TIOCGPTPEER" }, { 0x5450, "FIONCLEX" },
	{ 0x5451, "FIOCLEX" }, { 0x5452, "FIOASYNC" }, { 0x5453, "TIOCSERCONFIG" },
	{ 0x5460, "FIOQSIZE" }, END
};
static const struct xlat mode_types[] = {
	{ 0140000, "S_IFSOCK" }, { 0120000, "S_IFLNK" }, { 0100000, "S_IFREG" },
	{ 0060000, "S_IFBLK" }, { 0040000, "S_IFDIR" }, { 0020000, "S_IFCHR" },
	{ 0010000, "S_IFIFO" }, END
};

const struct xlat *const xlat_tables[X_COUNT] = {
	[X_PROT] = prot, [X_MMAP] = mmap_flags, [X_MREMAP] = mremap_flags, [X_MADV] = madv,
	[X_OPEN] = open_flags, [X_AT] = at_flags, [X_FACCESSAT] = faccessat_flags,
	[X_ACCESS] = access_modes, [X_SEEK] = seek, [X_FCNTL] = fcntl_cmds, [X_FDFLAGS] = fd_flags,
	[X_SIGHOW] = sighow, [X_SA] = sa_flags, [X_CLONE] = clone_flags, [X_WAIT] = wait_opts,
	[X_CLOCK] = clocks, [X_TIMER] = timer_flags, [X_RLIMIT] = rlimits, [X_RUSAGE] = rusage_who,
	[X_ARCH] = arch_codes, [X_PRCTL] = prctl_opts, [X_GRND] = grnd, [X_PTRACE] = ptrace_reqs,
	[X_PTRACE_O] = ptrace_opts, [X_REBOOT_CMD] = reboot_cmds,
	[X_REBOOT_MAGIC1] = reboot_magic1, [X_REBOOT_MAGIC2] = reboot_magic2, [X_IOCTL] = ioctls,
	[X_MODE_TYPE] = mode_types,
};

const char *const xlat_unknown[X_COUNT] = {
	[X_PROT] = "PROT_???", [X_MMAP] = "MAP_???", [X_MREMAP] = "MREMAP_???",
	[X_MADV] = "MADV_???", [X_OPEN] = "O_???", [X_AT] = "AT_???", [X_FACCESSAT] = "AT_???",
	[X_ACCESS] = "?_OK", [X_SEEK] = "SEEK_???", [X_FCNTL] = "F_???", [X_FDFLAGS] = "FD_???",
	[X_SIGHOW] = "SIG_???", [X_SA] = "SA_???", [X_CLONE] = "CLONE_???", [X_WAIT] = "W???",
	[X_CLOCK] = "CLOCK_???", [X_TIMER] = "TIMER_???", [X_RLIMIT] = "RLIMIT_???",
	[X_RUSAGE] = "RUSAGE_???", [X_ARCH] = "ARCH_???", [X_PRCTL] = "PR_???",
	[X_GRND] = "GRND_???", [X_PTRACE] = "PTRACE_???", [X_PTRACE_O] = "PTRACE_O_???",
	[X_REBOOT_CMD] = "LINUX_REBOOT_CMD_???", [X_REBOOT_MAGIC1] = "LINUX_REBOOT_MAGIC_???",
	[X_REBOOT_MAGIC2] = "LINUX_REBOOT_MAGIC_???", [X_IOCTL] = "_IOC_???",
	[X_MODE_TYPE] = "S_IF???",
};

const char *xlookup(const struct xlat *x, uint64_t val)
{
	for (; x && x->str; x++)
		if (x->val == val)
			return x->str;
	return NULL;
}

void printxval(enum xlat_id id, uint64_t val)
{
	const char *s = xlookup(xlat_tables[id], val);

	if (s)
		tprints(s);
	else
		tprintf("%#llx /* %s */", (unsigned long long)val, xlat_unknown[id]);
}

/*
 * The flags of val that x names, "|"-separated, then any bits left in
 * hex.  With no name at all: "0x80 (dflt)" in a comment (or the zero entry's name,
 * or "0", for a value of 0 if zero_name).  Returns the number of names.
 */
int printflags_ex(const struct xlat *x, uint64_t val, const char *dflt, int zero_name)
{
	int n = 0;

	if (val == 0) {
		const char *z = zero_name ? xlookup(x, 0) : NULL;

		tprints(z ? z : "0");
		return z != NULL;
	}
	for (; x->str; x++) {
		if (x->val && (val & x->val) == x->val) {
			tprintf("%s%s", n ? "|" : "", x->str);
			val &= ~x->val;
			n++;
		}
	}
	if (val) {
		if (n)
			tprintf("|%#llx", (unsigned long long)val);
		else
			tprintf("%#llx /* %s */", (unsigned long long)val, dflt);
	}
	return n;
}

int printflags(enum xlat_id id, uint64_t val)
{
	return printflags_ex(xlat_tables[id], val, xlat_unknown[id], 1);
}

/* open(2) flags: the access mode always, then the other flags. */
void print_open_flags(unsigned long flags)
{
	const char *acc = xlookup(open_access, flags & 3);

	tprints(acc);
	flags &= ~3UL;
	if (flags) {
		tprints("|");
		printflags_ex(open_flags, flags, "O_???", 0);
	}
}

/* a numeric mode: 0644, 000 */
void print_mode(unsigned int mode)
{
	tprintf("%#03o", mode);
}

/* st_mode: S_IFREG|0644 */
void print_symbolic_mode(unsigned int mode)
{
	const char *type = xlookup(mode_types, mode & 0170000);

	if (!type) {
		print_mode(mode);
		return;
	}
	tprintf("%s|%s%s%s%#03o", type, (mode & 04000) ? "S_ISUID|" : "",
		(mode & 02000) ? "S_ISGID|" : "", (mode & 01000) ? "S_ISVTX|" : "", mode & 0777);
}

static const char *const signames[] = {
	NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
	"SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
	"SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
	"SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
	"SIGIO", "SIGPWR", "SIGSYS", "SIGRTMIN",
};

/* "SIGTERM", "SIGRT_8"; NULL for 0, negative or past SIGRTMAX */
const char *signame(int sig)
{
	static char buf[16];

	if (sig > 0 && sig < (int)(sizeof(signames) / sizeof(signames[0])))
		return signames[sig];
	if (sig > 32 && sig <= 64) {
		snprintf(buf, sizeof(buf), "SIGRT_%d", sig - 32);
		return buf;
	}
	return NULL;
}

void printsignal(int sig)
{
	const char *s = signame(sig);

	if (s)
		tprints(s);
	else
		tprintf("%d", sig);
}

/*
 * A signal set: "[INT QUIT]", or when two thirds or more of the bits are
 * set, the complement: "~[KILL STOP]".  bytes is the set's size (8 for
 * the kernel's sets; longer ones count only the first 64 bits).
 */
void print_sigset(const void *mask, unsigned int bytes)
{
	uint64_t m = 0;
	unsigned int nbits = bytes >= 8 ? 64 : bytes * 8;
	int sep = '[';

	memcpy(&m, mask, bytes >= 8 ? 8 : bytes);
	if (nbits && __builtin_popcountll(m) >= (int)(nbits * 2 / 3)) {
		tprints("~");
		m = ~m;
		if (nbits < 64)
			m &= (1ULL << nbits) - 1;
	}
	for (unsigned int i = 0; i < nbits; i++) {
		if (!(m & (1ULL << i)))
			continue;
		tprintf("%c", sep);
		sep = ' ';
		if (i + 1 < sizeof(signames) / sizeof(signames[0]))
			tprints(signames[i + 1] + 3);
		else
			tprintf("RT_%u", i + 1 - 32);
	}
	if (sep == '[')
		tprints("[");
	tprints("]");
}

static const char *const errnames[] = {
	[1] = "EPERM",
	[2] = "ENOENT",
	[3] = "ESRCH",
	[4] = "EINTR",
	[5] = "EIO",
	[6] = "ENXIO",
	[7] = "E2BIG",
	[8] = "ENOEXEC",
	[9] = "EBADF",
	[10] = "ECHILD",
	[11] = "EAGAIN",
	[12] = "ENOMEM",
	[13] = "EACCES",
	[14] = "EFAULT",
	[15] = "ENOTBLK",
	[16] = "EBUSY",
	[17] = "EEXIST",
	[18] = "EXDEV",
	[19] = "ENODEV",
	[20] = "ENOTDIR",
	[21] = "EISDIR",
	[22] = "EINVAL",
	[23] = "ENFILE",
	[24] = "EMFILE",
	[25] = "ENOTTY",
	[26] = "ETXTBSY",
	[27] = "EFBIG",
	[28] = "ENOSPC",
	[29] = "ESPIPE",
	[30] = "EROFS",
	[31] = "EMLINK",
	[32] = "EPIPE",
	[33] = "EDOM",
	[34] = "ERANGE",
	[35] = "EDEADLK",
	[36] = "ENAMETOOLONG",
	[37] = "ENOLCK",
	[38] = "ENOSYS",
	[39] = "ENOTEMPTY",
	[40] = "ELOOP",
	[42] = "ENOMSG",
	[43] = "EIDRM",
	[44] = "ECHRNG",
	[45] = "EL2NSYNC",
	[46] = "EL3HLT",
	[47] = "EL3RST",
	[48] = "ELNRNG",
	[49] = "EUNATCH",
	[50] = "ENOCSI",
	[51] = "EL2HLT",
	[52] = "EBADE",
	[53] = "EBADR",
	[54] = "EXFULL",
	[55] = "ENOANO",
	[56] = "EBADRQC",
	[57] = "EBADSLT",
	[59] = "EBFONT",
	[60] = "ENOSTR",
	[61] = "ENODATA",
	[62] = "ETIME",
	[63] = "ENOSR",
	[64] = "ENONET",
	[65] = "ENOPKG",
	[66] = "EREMOTE",
	[67] = "ENOLINK",
	[68] = "EADV",
	[69] = "ESRMNT",
	[70] = "ECOMM",
	[71] = "EPROTO",
	[72] = "EMULTIHOP",
	[73] = "EDOTDOT",
	[74] = "EBADMSG",
	[75] = "EOVERFLOW",
	[76] = "ENOTUNIQ",
	[77] = "EBADFD",
	[78] = "EREMCHG",
	[79] = "ELIBACC",
	[80] = "ELIBBAD",
	[81] = "ELIBSCN",
	[82] = "ELIBMAX",
	[83] = "ELIBEXEC",
	[84] = "EILSEQ",
	[85] = "ERESTART",
	[86] = "ESTRPIPE",
	[87] = "EUSERS",
	[88] = "ENOTSOCK",
	[89] = "EDESTADDRREQ",
	[90] = "EMSGSIZE",
	[91] = "EPROTOTYPE",
	[92] = "ENOPROTOOPT",
	[93] = "EPROTONOSUPPORT",
	[94] = "ESOCKTNOSUPPORT",
	[95] = "EOPNOTSUPP",
	[96] = "EPFNOSUPPORT",
	[97] = "EAFNOSUPPORT",
	[98] = "EADDRINUSE",
	[99] = "EADDRNOTAVAIL",
	[100] = "ENETDOWN",
	[101] = "ENETUNREACH",
	[102] = "ENETRESET",
	[103] = "ECONNABORTED",
	[104] = "ECONNRESET",
	[105] = "ENOBUFS",
	[106] = "EISCONN",
	[107] = "ENOTCONN",
	[108] = "ESHUTDOWN",
	[109] = "ETOOMANYREFS",
	[110] = "ETIMEDOUT",
	[111] = "ECONNREFUSED",
	[112] = "EHOSTDOWN",
	[113] = "EHOSTUNREACH",
	[114] = "EALREADY",
	[115] = "EINPROGRESS",
	[116] = "ESTALE",
	[117] = "EUCLEAN",
	[118] = "ENOTNAM",
	[119] = "ENAVAIL",
	[120] = "EISNAM",
	[121] = "EREMOTEIO",
	[122] = "EDQUOT",
	[123] = "ENOMEDIUM",
	[124] = "EMEDIUMTYPE",
	[125] = "ECANCELED",
	[126] = "ENOKEY",
	[127] = "EKEYEXPIRED",
	[128] = "EKEYREVOKED",
	[129] = "EKEYREJECTED",
	[130] = "EOWNERDEAD",
	[131] = "ENOTRECOVERABLE",
	[132] = "ERFKILL",
	[133] = "EHWPOISON",
	[512] = "ERESTARTSYS", [513] = "ERESTARTNOINTR", [514] = "ERESTARTNOHAND",
	[515] = "ENOIOCTLCMD", [516] = "ERESTART_RESTARTBLOCK", [517] = "EPROBE_DEFER",
	[518] = "EOPENSTALE", [519] = "ENOPARAM", [521] = "EBADHANDLE", [522] = "ENOTSYNC",
	[523] = "EBADCOOKIE", [524] = "ENOTSUPP", [525] = "ETOOSMALL", [526] = "ESERVERFAULT",
	[527] = "EBADTYPE", [528] = "EJUKEBOX", [529] = "EIOCBQUEUED", [530] = "ERECALLCONFLICT",
};

/* "ENOENT"; NULL if unnamed */
const char *errno_name(int err)
{
	if (err > 0 && err < (int)(sizeof(errnames) / sizeof(errnames[0])))
		return errnames[err];
	return NULL;
}
