/*
 * kernel/exec.c - execve(): replace the calling process's program.
 *
 * The new program is built in a fresh address space while the old one is
 * still intact: check the ELF (kernel/elf.c), map and fill its segments,
 * make the stack and copy argv/envp into it (reading them from the old
 * address space), write the SysV initial stack (argc, argv, envp, auxv).
 * Any failure up to there frees the new mm and returns the error to the
 * old program, unchanged.  Then comes the point of no return: switch to
 * the new mm, free the old one, close O_CLOEXEC descriptors, reset caught
 * signals, FS base and FPU, and point the saved user registers at the
 * entry with a clean register file.
 */
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/printk.h"
#include "kernel/ptrace.h"
#include "kernel/random.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/trap.h"
#include "kernel/uaccess.h"
#include "kernel/x86.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/vm.h"

#define MAX_ARG_STRLEN (32 * PAGE_SIZE) /* one argument or environment string */
#define ARG_MAX (STACK_MAX / 4)          /* all of them, with their pointers */

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_EXECFN 31

/* Where argv/envp come from: user space (execve) or the kernel (init). */
struct exec_args {
	bool from_kernel;
	const char *const *argv, *const *envp; /* user or kernel addresses */
};

/* Copy n bytes into the new address space at uaddr (through the direct map). */
static int mm_write(struct mm *mm, uint64_t uaddr, const void *src, size_t n)
{
	const char *s = src;

	while (n) {
		struct page *page = mm_get_page(mm, uaddr);
		if (!page)
			return -ENOMEM;
		size_t off = uaddr & (PAGE_SIZE - 1), chunk = MIN(n, PAGE_SIZE - off);
		memcpy((char *)page_address(page) + off, s, chunk);
		uaddr += chunk, s += chunk, n -= chunk;
	}
	return 0;
}

/* The i-th pointer of a NULL-terminated array (user or kernel). */
static int get_arg_ptr(const struct exec_args *a, const char *const *array, size_t i, const char **out)
{
	if (!array) {
		*out = NULL;
		return 0;
	}
	if (a->from_kernel) {
		*out = array[i];
		return 0;
	}
	uint64_t p;
	if (copy_from_user(&p, (const char *)(array + i), sizeof(p)))
		return -EFAULT;
	*out = (const char *)p;
	return 0;
}

/* Length of a string (with its NUL), reading user memory in chunks. */
static long arg_strlen(const struct exec_args *a, const char *s)
{
	char buf[256];
	size_t len = 0;

	if (a->from_kernel)
		return (long)strlen(s) + 1;
	for (;;) {
		uint64_t at = (uint64_t)s + len;
		size_t chunk = MIN(sizeof(buf), PAGE_SIZE - (at & (PAGE_SIZE - 1)));
		if (copy_from_user(buf, (const char *)at, chunk))
			return -EFAULT;
		for (size_t i = 0; i < chunk; i++)
			if (buf[i] == '\0')
				return (long)(len + i + 1);
		len += chunk;
		if (len > MAX_ARG_STRLEN)
			return -E2BIG;
	}
}

/* Copy the string s (len bytes with NUL) to the new stack at uaddr. */
static int copy_arg(struct mm *mm, const struct exec_args *a, uint64_t uaddr, const char *s, size_t len)
{
	char buf[256];

	if (a->from_kernel)
		return mm_write(mm, uaddr, s, len);
	for (size_t done = 0; done < len;) {
		size_t chunk = MIN(sizeof(buf), len - done);
		if (copy_from_user(buf, s + done, chunk))
			return -EFAULT;
		int err = mm_write(mm, uaddr + done, buf, chunk);
		if (err)
			return err;
		done += chunk;
	}
	return 0;
}

/* How many pointers come before the NULL of an argv/envp array. */
static long count_strings(const struct exec_args *a, const char *const *array)
{
	const char *s;

	for (long n = 0;; n++) {
		int err = get_arg_ptr(a, array, (size_t)n, &s);
		if (err)
			return err;
		if (!s)
			return n;
		if (n >= 0x7fffffff)
			return -E2BIG;
	}
}

/*
 * Copy the n strings of one array below *sp (downwards: the last string
 * highest, as Linux), recording the user address of each in ptrs.
 */
static int copy_strings(struct mm *mm, const struct exec_args *a, const char *const *array, long n, uint64_t *sp,
			uint64_t *ptrs, size_t *total)
{
	const char *s;

	for (long i = n - 1; i >= 0; i--) {
		int err = get_arg_ptr(a, array, (size_t)i, &s);
		if (err)
			return err;
		long len = arg_strlen(a, s);
		if (len < 0)
			return (int)len;
		*total += (size_t)len + sizeof(void *);
		if (*total > ARG_MAX)
			return -E2BIG;
		*sp -= (uint64_t)len;
		if ((err = copy_arg(mm, a, *sp, s, (size_t)len)))
			return err;
		ptrs[i] = *sp;
	}
	return 0;
}

static unsigned prot_to_vm(unsigned prot)
{
	return (prot & ELF_PROT_READ ? VM_READ : 0) | (prot & ELF_PROT_WRITE ? VM_WRITE : 0) |
	       (prot & ELF_PROT_EXEC ? VM_EXEC : 0);
}

/* Map and fill the PT_LOAD segments. */
static int load_segments(struct mm *mm, const struct elf_image *img, const uint8_t *file)
{
	uint64_t prev_end = 0, highest = 0;

	for (unsigned i = 0; i < img->nr_loads; i++) {
		const struct elf_load *l = &img->load[i];
		uint64_t start = ALIGN_DOWN(l->vaddr, PAGE_SIZE), end = ALIGN_UP(l->vaddr + l->memsz, PAGE_SIZE);
		unsigned flags = prot_to_vm(l->prot) | VM_ELF;
		int err;

		if (start < prev_end) {
			/* shares its first page with the previous segment: that page
			 * gets both segments' permissions */
			struct vma *shared = find_vma(mm, start);
			err = do_mprotect(mm, start, PAGE_SIZE, (shared->flags | flags) & 7);
			if (err)
				return err;
			start = prev_end;
		}
		if (start < end && (err = vma_add(mm, start, end, flags)))
			return err;
		if ((err = mm_write(mm, l->vaddr, file + l->offset, l->filesz)))
			return err;
		prev_end = MAX(prev_end, end);
		highest = MAX(highest, l->vaddr + l->memsz);
		if (l->prot & ELF_PROT_EXEC) {
			if (!mm->start_code)
				mm->start_code = l->vaddr;
			mm->end_code = l->vaddr + l->filesz;
		} else if (l->prot & ELF_PROT_WRITE) {
			if (!mm->start_data)
				mm->start_data = l->vaddr;
			mm->end_data = l->vaddr + l->filesz;
		}
	}
	mm->start_brk = mm->brk = ALIGN_UP(highest, PAGE_SIZE);
	mm_randomize_brk(mm);
	return 0;
}

/* Build the initial stack; returns the initial RSP through *sp_out. */
static int setup_stack(struct mm *mm, const struct elf_image *img, const struct exec_args *a, const char *execfn,
		       uint64_t *sp_out)
{
	uint64_t top = mm->stack_top, sp = top, argv_ptrs_n, envp_n;
	size_t total = 0;
	int err;

	/* room for the arguments (at most ARG_MAX); trimmed below once they are in */
	err = vma_add(mm, top - STACK_MAX, top, VM_READ | VM_WRITE | VM_GROWSDOWN | (img->exec_stack ? VM_EXEC : 0));
	if (err)
		return err;
	/* the end marker, then the file name (AT_EXECFN) */
	sp -= sizeof(uint64_t);
	size_t fnlen = strlen(execfn) + 1;
	sp -= fnlen;
	uint64_t execfn_at = sp;
	if ((err = mm_write(mm, sp, execfn, fnlen)))
		return err;

	long envc = count_strings(a, a->envp), argc = count_strings(a, a->argv);
	if (envc < 0 || argc < 0)
		return (int)(envc < 0 ? envc : argc);
	/* as Linux >= 5.18: an empty argv (or NULL) gets "" as argv[0] */
	bool empty_argv = argc == 0;
	uint64_t *argv_at = kmalloc(((size_t)argc + empty_argv + (size_t)envc + 2) * sizeof(uint64_t), GFP_KERNEL);
	if (!argv_at)
		return -ENOMEM;
	uint64_t *envp_at = argv_at + argc + empty_argv + 1;
	uint64_t env_end = execfn_at;
	err = copy_strings(mm, a, a->envp, envc, &sp, envp_at, &total);
	uint64_t env_start = sp;
	if (!err)
		err = copy_strings(mm, a, a->argv, argc, &sp, argv_at, &total);
	if (!err && empty_argv) {
		sp -= 1;
		total += 1 + sizeof(void *);
		err = mm_write(mm, sp, "", 1);
		argv_at[argc++] = sp;
	}
	uint64_t arg_start = sp;
	if (err) {
		kfree(argv_at);
		return err;
	}
	argv_at[argc] = 0;
	envp_at[envc] = 0;
	argv_ptrs_n = (uint64_t)argc;
	envp_n = (uint64_t)envc;

	/* platform string and AT_RANDOM bytes */
	sp -= 7;
	uint64_t platform_at = sp;
	err = mm_write(mm, sp, "x86_64", 7);
	uint8_t rnd[16];
	get_random_bytes(rnd, sizeof(rnd));
	sp = ALIGN_DOWN(sp, 16) - 16;
	uint64_t random_at = sp;
	if (!err)
		err = mm_write(mm, sp, rnd, sizeof(rnd));

	uint32_t eax, ebx, ecx, edx;
	cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	uint64_t auxv[] = {
		AT_PHDR, img->phdr_addr, AT_PHENT, img->phentsize, AT_PHNUM, img->phnum,
		AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, img->entry,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
		AT_PLATFORM, platform_at, AT_HWCAP, edx, AT_CLKTCK, 100, AT_SECURE, 0,
		AT_RANDOM, random_at, AT_HWCAP2, 0, AT_EXECFN, execfn_at, AT_NULL, 0,
	};
	size_t words = 1 + argv_ptrs_n + 1 + envp_n + 1 + ARRAY_SIZE(auxv);
	sp = ALIGN_DOWN(sp - words * 8, 16); /* RSP at entry: 16-byte aligned, pointing at argc */
	uint64_t at = sp;
	if (!err)
		err = mm_write(mm, at, &argv_ptrs_n, 8);
	at += 8;
	if (!err)
		err = mm_write(mm, at, argv_at, (argv_ptrs_n + 1) * 8);
	at += (argv_ptrs_n + 1) * 8;
	if (!err)
		err = mm_write(mm, at, envp_at, (envp_n + 1) * 8);
	at += (envp_n + 1) * 8;
	if (!err)
		err = mm_write(mm, at, auxv, sizeof(auxv));
	kfree(argv_at);
	if (err)
		return err;
	/* as Linux: the stack VMA is what the arguments use plus 128 KiB; it grows on faults */
	uint64_t stack_start = ALIGN_DOWN(sp, PAGE_SIZE) - STACK_INITIAL;
	if (stack_start > top - STACK_MAX && (err = do_munmap(mm, top - STACK_MAX, stack_start - (top - STACK_MAX))))
		return err;
	mm->hiwater_vm = mm->total_vm; /* the room for the arguments was never the program's */
	mm->start_stack = sp;
	mm->arg_start = arg_start;
	mm->arg_end = env_start;
	mm->env_start = env_start;
	mm->env_end = env_end;
	*sp_out = sp;
	return 0;
}

/* The FPU state of a new program: as after FNINIT, MXCSR = 0x1f80. */
static void fpu_init_state(struct fpu_state *f)
{
	memset(f, 0, sizeof(*f));
	f->bytes[0] = 0x7f; /* FCW = 0x037f */
	f->bytes[1] = 0x03;
	uint32_t mxcsr = 0x1f80;
	memcpy(&f->bytes[24], &mxcsr, 4);
}

static int do_execve(const char *path, const struct exec_args *a)
{
	struct task *t = current;
	struct inode *inode;
	struct elf_image img;
	const char *why = NULL;
	int err = vfs_lookup(t->cwd, path, &inode);

	if (err)
		return err;
	if (S_ISDIR(inode->mode) || !S_ISREG(inode->mode))
		return -EACCES;
	if (!(inode->mode & 0111))
		return -EACCES;
	err = elf_parse(inode->data, inode->size, USER_TOP, &img, &why);
	if (err) {
		pr_info("exec: %s: %s\n", path, why ? why : "not an executable");
		return err;
	}
	struct mm *mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	mm_set_layout(mm, t->rlim[RLIMIT_STACK].cur, t->rlim[RLIMIT_DATA].cur);
	mm->thp_disabled = t->mm && t->mm->thp_disabled;
	uint64_t sp = 0;
	err = load_segments(mm, &img, inode->data);
	if (!err)
		err = setup_stack(mm, &img, a, path, &sp);
	if (err) {
		mm_free(mm);
		return err;
	}

	/* the point of no return */
	release_vfork_parent(t);
	struct mm *old = t->mm;
	uint64_t irq = spin_lock_irqsave(&tasklist_lock); /* the OOM killer looks at t->mm under it */
	t->mm = mm;
	switch_mm(mm);
	t->fs_base = 0;
	t->gs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0); /* the user GS base */
	spin_unlock_irqrestore(&tasklist_lock, irq);
	struct fpu_state fresh;
	fpu_init_state(&fresh);
	fpu_load_current(&fresh);
	if (old) {
		task_note_maxrss(t, old);
		mm_put(old); /* a vfork child gives its parent's back */
	}
	if (t->files)
		files_close_on_exec(t->files);
	flush_signal_handlers(t);
	set_task_comm(t, path);

	struct trap_frame *regs = current_regs();
	uint64_t orig_rax = regs->error_code;
	memset(regs, 0, sizeof(*regs));
	if (!a->from_kernel) {
		/* as Linux: a tracer sees execve's number at its exit stop, and
		 * -ENOSYS in rax at the exec event (the result comes on the way out) */
		regs->error_code = orig_rax;
		regs->rax = (uint64_t)-ENOSYS;
	}
	regs->rip = img.entry;
	regs->rsp = sp;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->rflags = RFLAGS_IF | 0x2;
	regs->vector = SYSCALL_VECTOR;
	return 0;
}

int do_execve_kernel(const char *path, char *const argv[], char *const envp[])
{
	struct exec_args a = { true, (const char *const *)argv, (const char *const *)envp };
	return do_execve(path, &a);
}

long sys_execve(const char *upath, const char *const *uargv, const char *const *uenvp)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);

	if (!path)
		return -ENOMEM;
	long len = strncpy_from_user(path, upath, PATH_MAX);
	long err = len < 0 ? len : len == 0 ? -ENOENT : 0;
	if (!err) {
		struct exec_args a = { false, uargv, uenvp };
		err = do_execve(path, &a);
	}
	kfree(path);
	if (!err && unlikely(current->ptrace))
		ptrace_event(PTRACE_EVENT_EXEC, (uint64_t)current->pid); /* the former pid: ours */
	return err; /* on success: rax of the new program = 0 (regs were cleared) */
}
