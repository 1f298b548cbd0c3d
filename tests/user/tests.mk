# tests/user/tests.mk - the user-space syscall tests, included by the top
# Makefile (`-include tests/user/tests.mk`).
#
#   make user-tests          every test program, helper, bad ELF file and
#                            the host tool mkbadelf
#   make user-tests-files    print USER_TEST_FILES, one spec per line
#   make user-tests-list     print USER_TESTS
#   tests/user/run-linux.sh  build them and run them on this Linux host
#
# Each program is a static binary built with lom's libc (tools/lom-cc)
# that runs unchanged on Linux and on lom and prints the same TAP; see
# tests/user/tap.h.  USER_TEST_FILES is
# what the initrd must hold, as /dest=hostsrc specs (the directories
# /tests, /tests/bin, /tests/badelf, /tests/data, /tests/data/dir and
# /tests/data/dir/sub are implied by the paths).
#
# Uses from the top Makefile: BUILD, Q, quiet, HOST_CC, $(BUILD)/.gitignore.

# this fragment only adds rules: `make` alone still builds what it did
USER_TESTS_SAVED_GOAL := $(.DEFAULT_GOAL)

LOM_CC = LOM_CC_SKIP_MAKE=1 BUILD=$(BUILD) tools/lom-cc
HOST_CC ?= cc
USER_TEST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror
MKBADELF_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror

# the TAP programs, run on Linux and on lom (t_badelf on lom only: its
# errnos are lom's)
USER_TESTS := t_fileio t_pipe t_process t_signal t_time t_misc t_memory t_sched t_badelf t_ptrace
# virtual memory (tests/user/t_vm_*.c), run on Linux and on lom too
# the C library (libc/): built with it, compared with Linux byte for byte
USER_TESTS += t_libc_string t_libc_stdlib t_libc_stdio t_malloc t_malloc_harden
USER_TESTS += t_vm_brk t_vm_mmap t_vm_munmap t_vm_mprotect t_vm_mremap t_vm_madvise \
	t_vm_cow t_vm_stack t_vm_many t_vm_demand t_vm_smp
# /proc, read by Linux's rules (tests/user/t_proc.c)
USER_TESTS += t_proc
# bad pointers (tests/user/t_efault.c), execution from data (t_nx.c)
USER_TESTS += t_efault t_nx
# regressions for the kernel bugs syzlite found (tests/user/t_syzbugs.c)
USER_TESTS += t_syzbugs
# TAP programs for lom only, run on their own by the harness (t_leak reads
# lom's /proc/meminfo; t_vm_overcommit writes /proc/sys/vm/overcommit_*,
# and skips itself anywhere but on lom)
USER_TESTS_LOM_ONLY := t_leak t_vm_overcommit t_vm_thp
# exec'd by the tests (t_echoargs) or by a shell test (t_crash_*; t_vm_oom,
# the OOM victim, with MEM=128M; `t_vm_oom check` is its TAP form)
USER_TEST_HELPERS := t_echoargs t_crash_null t_crash_priv t_crash_kernel t_vm_oom t_leakcheck t_aslr \
	t_malloc_strace t_leaker
USER_TEST_PROGS := $(USER_TESTS) $(USER_TESTS_LOM_ONLY) $(USER_TEST_HELPERS)

# written by mkbadelf from t_echoargs (see tests/user/mkbadelf.c)
BADELF_NAMES := good empty not-elf trunc-header trunc-phdrs trunc-segment \
	wrong-machine wrong-class big-endian interp phnum-huge \
	overlap huge-memsz entry-outside no-load filesz-gt-memsz misaligned

USER_TEST_BIN := $(BUILD)/user/tests
USER_TEST_HEADERS := tests/user/tap.h tests/user/regs.h tests/user/vm.h tests/user/libc_check.h
BADELF_DIR := $(BUILD)/user/badelf
MKBADELF := $(BUILD)/host/mkbadelf
BADELF_FILES := $(addprefix $(BADELF_DIR)/,$(BADELF_NAMES))
USER_TEST_DATA := hello.txt notelf.txt dir/a.txt dir/b.txt dir/sub/c.txt

USER_TEST_FILES := \
	$(foreach t,$(USER_TEST_PROGS),/tests/bin/$(t)=$(USER_TEST_BIN)/$(t)) \
	$(foreach b,$(BADELF_NAMES),/tests/badelf/$(b)=$(BADELF_DIR)/$(b)) \
	$(foreach d,$(USER_TEST_DATA),/tests/data/$(d)=tests/user/data/$(d))
# the host files behind USER_TEST_FILES (prerequisites of the initrd)
USER_TEST_FILE_DEPS := $(foreach s,$(USER_TEST_FILES),$(word 2,$(subst =, ,$(s))))

.PHONY: user-tests user-tests-files user-tests-list

user-tests: $(USER_TEST_FILE_DEPS)

user-tests-files:
	@printf '%s\n' $(USER_TEST_FILES)

user-tests-list:
	@echo $(USER_TESTS)

$(USER_TEST_BIN)/%: tests/user/%.c $(USER_TEST_HEADERS) tests/user/tests.mk $(LIBC_OUTPUTS) | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) LOMCC $<
	$(Q)$(LOM_CC) $(USER_TEST_CFLAGS) -o $@ $<

$(MKBADELF): tests/user/mkbadelf.c tests/user/tests.mk | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $<
	$(Q)$(HOST_CC) $(MKBADELF_CFLAGS) -o $@ $<

# one run of mkbadelf writes every variant
$(BADELF_DIR)/.stamp: $(MKBADELF) $(USER_TEST_BIN)/t_echoargs
	@mkdir -p $(dir $@)
	$(quiet) BADELF $(BADELF_DIR)
	$(Q)$(MKBADELF) $(USER_TEST_BIN)/t_echoargs $(BADELF_DIR)
	@touch $@

$(BADELF_FILES): $(BADELF_DIR)/.stamp
	@test -f $@ || { echo "mkbadelf did not write $@" >&2; exit 1; }

.DEFAULT_GOAL := $(USER_TESTS_SAVED_GOAL)
