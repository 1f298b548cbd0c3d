# Makefile - build, run, debug and test lom.        `make help` lists targets.
#
#   make                 build/lom.elf and build/lom.iso
#   make run             boot the ISO in QEMU, serial console on this terminal
#   make test            host unit tests + in-kernel tests in QEMU (TCG)
#   make debug           QEMU waits for gdb (see `make help`)
#   make bench           in-kernel benchmarks, then lom against Linux 6.1 (same static
#                        binaries, QEMU TCG): BENCH name=... value=... unit=... and a table
#   make fuzz            the libFuzzer targets for FUZZ_SECONDS (default 60)
#   make fuzz-kernel     random syscalls on lom (syzlite) for SECONDS (60), SEED (1), then a leak check
#   make soak            MINUTES (10) of fork/exec, mmap storms, brk, malloc and syzlite on every CPU
#   make exec ELF=prog ARGS="a b"   run a static Linux binary on lom (CMD='...' for a
#                        shell command line); its output and exit status are ours
#
# Knobs: MEM=256M SMP=1 ACCEL=tcg|kvm CMDLINE="..." GUI=1 CROSS=x86_64-elf-
#        CC=clang (uses --target=x86_64-elf and ld.lld) BUILD=build
#        UBSAN=1 (the kernel with -fsanitize=undefined, kernel/ubsan.c; in build/ubsan)

BUILD   ?= build
.DEFAULT_GOAL := all
CROSS   ?=
MEM     ?= 256M
SMP     ?= 1
ACCEL   ?= tcg
GUI     ?= 0
CMDLINE ?=
GDBPORT ?= 1234
export MEM SMP ACCEL GUI CPU CMDLINE

ifeq ($(origin CC),default)
CC := $(CROSS)gcc
endif
ifneq ($(findstring clang,$(CC)),)
COMPILER_IS_CLANG := 1
endif
ifeq ($(origin LD),default)
LD := $(if $(COMPILER_IS_CLANG),ld.lld,$(CROSS)ld)
endif
NM      ?= $(CROSS)nm
# Quiet by default, Linux-style ("  CC  kernel/main.c"); V=1 shows commands.
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-6s %s\n'
endif
HOST_CC ?= cc

# ---- kernel flags ----
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-fstack-protector-strong -mstack-protector-guard=global \
	-mno-red-zone -mcmodel=kernel -mno-mmx -mno-sse -mno-sse2 -mno-avx -mno-80387 \
	-fno-omit-frame-pointer -fno-delete-null-pointer-checks -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -fno-common \
	-Wall -Wextra -Werror -Wno-unused-parameter -I. -MMD -MP
ifdef COMPILER_IS_CLANG
KCFLAGS += --target=x86_64-elf
endif
KASFLAGS := $(filter-out -std=gnu11 -O2,$(KCFLAGS))
KLDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack -T linker.ld

# UBSAN=1: the kernel built with -fsanitize=undefined, lom's own handlers
# in kernel/ubsan.c (itself not instrumented) printing a report per source
# location and returning (recovery on).  Left out: what only C++ has
# (vptr, return), floating point (the kernel has none), and object-size
# (gcc only; Linux dropped it too).  Its own build directory (build/ubsan
# unless BUILD is given): the normal kernel stays uninstrumented.
ifeq ($(UBSAN),1)
ifeq ($(origin BUILD),file)
BUILD := $(BUILD)/ubsan
endif
UBSAN_CFLAGS := -fsanitize=undefined -fno-sanitize=vptr,return,float-cast-overflow,float-divide-by-zero,object-size
KCFLAGS += $(UBSAN_CFLAGS) -DCONFIG_UBSAN
$(BUILD)/obj/kernel/ubsan.o: KCFLAGS += -fno-sanitize=all
endif

KSRCS := $(wildcard boot/*.S kernel/*.c kernel/*.S kernel/fs/*.c mm/*.c tests/kernel/*.c)
KOBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(KSRCS)))

# user programs (user/) and the user-space test programs (tests/user/);
# built with our libc (libc/libc.mk, tools/lom-cc); `deps` installs the
# compilers, and musl-gcc for the tests that run musl binaries on lom
USER_BUILD_DEPS := deps
include libc/libc.mk
include user/user.mk
-include tests/user/tests.mk

# ---- host unit tests: kernel sources built for Linux, with sanitizers ----
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP \
	-Itests/host/shim -I. -DLOM_HOST_TEST \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Dsnprintf=ksnprintf -Dvsnprintf=kvsnprintf
# the kernel code that runs on the host, unchanged (tests/host/shim stands in
# for kernel/x86.h and kernel/percpu.h)
HOST_KERNEL_SRCS := kernel/vsprintf.c kernel/strlcpy.c kernel/multiboot2.c kernel/pvh.c kernel/bootinfo.c \
	kernel/ktest.c kernel/acpi.c mm/memblock.c mm/buddy.c mm/pcp.c mm/page_alloc.c mm/frames.c \
	mm/mmstat.c mm/slab.c kernel/elf.c kernel/fs/cpio.c kernel/rbtree.c
HOST_SUPPORT_SRCS := tests/host/host_kernel.c tests/host/sim_mem.c
# mm/mmap.c (the VMA tree and the mmap family) unchanged, on stand-ins for
# the page tables and shmem (tests/host/vma_host.c); its kzalloc/kfree are
# the host's, so that ASan sees every VMA
VMA_HOST_SRCS := mm/mmap.c tests/host/vma_host.c
VMA_HOST_DEFS := -Dkzalloc=vma_host_kzalloc -Dkfree=vma_host_kfree
HOST_TEST_SRCS := $(HOST_KERNEL_SRCS) $(HOST_SUPPORT_SRCS) $(VMA_HOST_SRCS) \
	tests/kernel/test_printk.c tests/kernel/test_bootinfo.c tests/kernel/test_acpi.c tests/kernel/test_page_alloc.c \
	tests/kernel/test_slab.c $(filter-out tests/host/test_malloc.c,$(wildcard tests/host/test_*.c)) tests/host/ktest_host.c
HOST_TEST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(HOST_TEST_SRCS))


.PHONY: initrd exec
.PHONY: all kernel iso run debug gdb test bench bench-malloc host-tests fuzzers fuzz deps clean help compile_commands.json
all: iso

kernel: $(BUILD)/lom.elf
iso: $(BUILD)/lom.iso

# build/ ignores itself, so the top level needs no .gitignore
$(BUILD)/.gitignore:
	@mkdir -p $(BUILD)
	@echo '*' > $@

$(BUILD)/obj/%.o: %.c Makefile | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S Makefile | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) AS $<
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

# Two links: the first gives the addresses for the symbol table, the second
# embeds it.  The table sits after all text, so text addresses cannot move;
# the check below proves it.
$(BUILD)/lom.elf: $(KOBJS) linker.ld tools/gen-ksyms.sh
	$(quiet) LD $@
	$(Q)NM=$(NM) tools/gen-ksyms.sh > $(BUILD)/ksyms0.S
	$(Q)$(CC) $(KASFLAGS) -c $(BUILD)/ksyms0.S -o $(BUILD)/ksyms0.o
	$(Q)$(LD) $(KLDFLAGS) -o $@.0 $(KOBJS) $(BUILD)/ksyms0.o
	$(Q)NM=$(NM) tools/gen-ksyms.sh $@.0 > $(BUILD)/ksyms.S
	$(Q)$(CC) $(KASFLAGS) -c $(BUILD)/ksyms.S -o $(BUILD)/ksyms.o
	$(Q)$(LD) $(KLDFLAGS) -o $@.tmp $(KOBJS) $(BUILD)/ksyms.o
	$(Q)NM=$(NM) tools/gen-ksyms.sh $@.tmp | cmp -s - $(BUILD)/ksyms.S || \
		{ echo "ksyms: text moved between the two links (see linker.ld)" >&2; exit 1; }
	$(Q)mv $@.tmp $@

# The ISO carries CMDLINE in its grub.cfg (plus `nosmap` for kvm-pvm, tools/mkiso.sh):
# rebuild it when CMDLINE or ACCEL changes.
$(BUILD)/cmdline.txt: FORCE
	@mkdir -p $(BUILD)
	@printf '%s %s\n' "$(CMDLINE)" "$(ACCEL)" | cmp -s - $@ || printf '%s %s\n' "$(CMDLINE)" "$(ACCEL)" > $@

$(BUILD)/lom.iso: $(BUILD)/lom.elf $(BUILD)/initrd.cpio $(BUILD)/cmdline.txt tools/mkiso.sh | deps
	$(quiet) ISO $@
	$(Q)tools/mkiso.sh $(BUILD)/lom.elf $@ "$(CMDLINE)" $(BUILD)/initrd.cpio

# ---- the initrd: the user programs as a cpio (newc) archive ----
$(BUILD)/host/mkinitrd: tools/mkinitrd.c Makefile | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $<
	$(Q)$(HOST_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<

INITRD_SPECS = $(foreach p,$(USER_PROGS),/bin/$(p)=$(BUILD)/user/bin/$(p)) /dev/ /proc/ /etc/
$(BUILD)/initrd.cpio: $(BUILD)/host/mkinitrd $(USER_BINS) Makefile
	$(quiet) INITRD $@
	$(Q)$(BUILD)/host/mkinitrd $@ $(INITRD_SPECS)
initrd: $(BUILD)/initrd.cpio

deps:
	@CC="$(CC)" tools/deps.sh run

run: $(BUILD)/lom.iso
	tools/qemu.sh --iso $(BUILD)/lom.iso

debug: $(BUILD)/lom.iso
	@echo "QEMU is waiting for gdb on port $(GDBPORT). In another terminal run:"
	@echo "    make gdb        (or: gdb -x tools/gdbinit $(BUILD)/lom.elf)"
	tools/qemu.sh --iso $(BUILD)/lom.iso -gdb tcp::$(GDBPORT) -S

gdb:
	gdb -ex 'set $$gdbport = $(GDBPORT)' -x tools/gdbinit $(BUILD)/lom.elf

# ---- tests ----
$(BUILD)/host/%.o: %.c Makefile | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $<
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/host/mm/mmap.o: HOST_CFLAGS += $(VMA_HOST_DEFS)

$(BUILD)/host/ktest_host: $(HOST_TEST_OBJS)
	$(quiet) HOSTLD $@
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

# lom's malloc on the host, its public names prefixed (lom_malloc...) so
# that it lives next to the host's malloc, under ASan and UBSan
MALLOC_HOST_SRCS := libc/malloc/malloc.c libc/malloc/malloc_internal.h libc/malloc/malloc_os.h \
	libc/include/malloc.h
$(BUILD)/host/test_malloc: tests/host/test_malloc.c $(MALLOC_HOST_SRCS) Makefile | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $<
	$(Q)$(HOST_CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -fno-omit-frame-pointer -DMALLOC_PREFIX=lom_ -DMALLOC_DEBUG \
		-pthread -I. -o $@ $< libc/malloc/malloc.c

host-tests: $(BUILD)/host/ktest_host $(BUILD)/host/test_malloc

# ---- libFuzzer targets (clang): the same kernel sources, coverage-instrumented ----
FUZZ_CC ?= clang
FUZZ_CFLAGS := $(filter-out -fsanitize=% -fno-sanitize-recover=%,$(HOST_CFLAGS)) \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_OBJS := $(patsubst %.c,$(BUILD)/fuzz/%.o,$(filter-out kernel/ktest.c,$(HOST_KERNEL_SRCS)) $(HOST_SUPPORT_SRCS))
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/%.o: %.c Makefile | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) FUZZCC $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/fuzz_page_alloc: $(FUZZ_OBJS) $(BUILD)/fuzz/tests/host/fuzz_page_alloc.o
	$(quiet) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

$(BUILD)/fuzz/fuzz_elf: $(FUZZ_OBJS) $(BUILD)/fuzz/tests/host/fuzz_elf.o
	$(quiet) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

$(BUILD)/fuzz/fuzz_rbtree: $(FUZZ_OBJS) $(BUILD)/fuzz/tests/host/fuzz_rbtree.o
	$(quiet) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

VMA_FUZZ_OBJS := $(patsubst %.c,$(BUILD)/fuzz/%.o,$(VMA_HOST_SRCS))
$(BUILD)/fuzz/mm/mmap.o: FUZZ_CFLAGS += $(VMA_HOST_DEFS)

$(BUILD)/fuzz/fuzz_vma: $(FUZZ_OBJS) $(VMA_FUZZ_OBJS) $(BUILD)/fuzz/tests/host/fuzz_vma.o
	$(quiet) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

$(BUILD)/fuzz/fuzz_malloc: tests/host/fuzz_malloc.c $(MALLOC_HOST_SRCS) Makefile | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) FUZZLD $@
	$(Q)$(FUZZ_CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -DMALLOC_PREFIX=lom_ -I. -o $@ $< libc/malloc/malloc.c

fuzzers: $(BUILD)/fuzz/fuzz_page_alloc $(BUILD)/fuzz/fuzz_elf $(BUILD)/fuzz/fuzz_rbtree $(BUILD)/fuzz/fuzz_malloc \
	$(BUILD)/fuzz/fuzz_vma

# `make fuzz`: run every fuzzer for FUZZ_SECONDS, corpus kept in build/fuzz/corpus-*
fuzz: fuzzers
	@mkdir -p $(BUILD)/fuzz/corpus-page_alloc
	$(BUILD)/fuzz/fuzz_page_alloc -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(BUILD)/fuzz/corpus-page_alloc
	@mkdir -p $(BUILD)/fuzz/corpus-elf
	$(BUILD)/fuzz/fuzz_elf -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(BUILD)/fuzz/corpus-elf
	@mkdir -p $(BUILD)/fuzz/corpus-rbtree
	$(BUILD)/fuzz/fuzz_rbtree -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(BUILD)/fuzz/corpus-rbtree
	@mkdir -p $(BUILD)/fuzz/corpus-malloc
	$(BUILD)/fuzz/fuzz_malloc -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(BUILD)/fuzz/corpus-malloc
	@mkdir -p $(BUILD)/fuzz/corpus-vma
	$(BUILD)/fuzz/fuzz_vma -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(BUILD)/fuzz/corpus-vma

test:
	@CC="$(CC)" tools/deps.sh test
	@$(MAKE) --no-print-directory kernel initrd user-tests host-tests fuzzers
	@BUILD=$(BUILD) tests/run.sh

# `make bench`: (1) in-kernel benchmarks (BENCH lines), booted through PVH.
# 6 GiB so that a million pages can be held at once, and one vCPU per host
# core for the scaling figures (unless MEM= or SMP= say otherwise).
# (2) lom against Linux (tools/bench-guest.sh): the shared linux-guest
# harness's static musl microbenchmarks on lom (tools/bench-boot.sh) and on
# Debian's Linux 6.1 (fetched once into ~/.cache), same binaries, same QEMU
# (TCG, 1 CPU, BENCH_GUEST_MEM), BENCH_RUNS alternating rounds; prints
# BENCH name=lom.X / linux.X / ratio.X lines and the lom/Linux table.
# (3) lom's malloc against glibc, musl, mimalloc and jemalloc on this host
# (tools/bench-malloc.sh, the shared malloc workloads; MALLOC_BENCH_REPS,
# MALLOC_BENCH_SCALE): BENCH name=malloc.* lines and the allocator table.
BENCH_MEM ?= 6G
BENCH_SMP ?= $(shell nproc 2>/dev/null || echo 2)
BENCH_LINUX_GUEST ?= ../shared/bench/linux-guest
BENCH_RUNS ?= 1
BENCH_GUEST_ACCEL ?= tcg
BENCH_GUEST_MEM ?= 1G
BENCH_TIMEOUT ?= 900
BENCH_LIST ?=
bench: kernel
	@test -x "$(BENCH_LINUX_GUEST)/run.sh" || { echo "make bench: the linux-guest benchmark harness is missing:" \
		"no $(BENCH_LINUX_GUEST)/run.sh (shared/ should sit next to this repo; or BENCH_LINUX_GUEST=DIR)" >&2; exit 1; }
	@CC="$(CC)" tools/deps.sh bench
	@mkdir -p $(BUILD)
	@MEM=$(if $(filter command line,$(origin MEM)),$(MEM),$(BENCH_MEM)) \
		SMP=$(if $(filter command line,$(origin SMP)),$(SMP),$(BENCH_SMP)) SERIAL=stdio timeout 600 \
		tools/qemu.sh --kernel $(BUILD)/lom.elf --append "bench=all $(CMDLINE)" </dev/null \
		| tr -d '\r' | tee $(BUILD)/bench.log | grep -E '^(BENCH|# )'
	@echo "(full output: $(BUILD)/bench.log)"
	@BUILD="$(BUILD)" BENCH_LINUX_GUEST="$(BENCH_LINUX_GUEST)" BENCH_RUNS="$(BENCH_RUNS)" \
		BENCH_GUEST_ACCEL="$(BENCH_GUEST_ACCEL)" BENCH_GUEST_MEM="$(BENCH_GUEST_MEM)" \
		BENCH_TIMEOUT="$(BENCH_TIMEOUT)" BENCH_LIST="$(BENCH_LIST)" tools/bench-guest.sh
	@BUILD="$(BUILD)" tools/bench-malloc.sh

# `make bench-malloc`: only part (3)
bench-malloc:
	@CC="$(CC)" tools/deps.sh bench
	@BUILD="$(BUILD)" tools/bench-malloc.sh

# `make exec ELF=prog ARGS="a b"` or `make exec CMD='ls /bin | head -3'`:
# run it on lom (tools/lom-exec), its output here, its exit status ours
exec: kernel $(BUILD)/initrd.cpio
	@CC="$(CC)" tools/deps.sh run
	@if [ -n "$(CMD)" ]; then BUILD=$(BUILD) tools/lom-exec -c "$(CMD)"; \
	elif [ -n "$(ELF)" ]; then BUILD=$(BUILD) tools/lom-exec $(ELF) $(ARGS); \
	else echo "usage: make exec ELF=path/to/static-binary [ARGS='a b'] | make exec CMD='command line'" >&2; exit 2; fi

# ---- the kernel under fire (user/syzlite/, user/soak.c) ----
# `make fuzz-kernel SECONDS=60 SEED=1`: syzlite's random system calls on lom
# (-smp SMP, default 2; SEED may be a list: 1,2,3; FAIL=P: with fault
# injection at P percent), under the leak check; fails on a panic, an oops,
# a hang or a leak (tools/fuzz-kernel.sh).
# `make soak MINUTES=10`: tools/soak.sh, the long mixed load with a leak
# check after each round; fails on a panic, a leak, a hang or an error.
SECONDS ?= 60
SEED ?= 1
MINUTES ?= 10
KERNEL_FIRE_SMP = $(if $(filter command line,$(origin SMP)),$(SMP),2)
.PHONY: fuzz-kernel soak
fuzz-kernel: kernel user $(USER_TEST_BIN)/t_leakcheck $(BUILD)/host/mkinitrd
	@CC="$(CC)" tools/deps.sh run
	@SMP=$(KERNEL_FIRE_SMP) BUILD=$(BUILD) tools/fuzz-kernel.sh --seconds $(SECONDS) --seed $(SEED) \
		$(if $(FAIL),--fail $(FAIL))

soak: kernel user $(BUILD)/host/mkinitrd
	@CC="$(CC)" tools/deps.sh run
	@SMP=$(KERNEL_FIRE_SMP) BUILD=$(BUILD) tools/soak.sh --minutes $(MINUTES)

compile_commands.json:
	@BUILD=$(BUILD) CC="$(CC)" KCFLAGS="$(KCFLAGS)" KASFLAGS="$(KASFLAGS)" \
		tools/compile-commands.sh $(KSRCS) > $@.tmp && mv $@.tmp $@
	@echo "wrote $@ (for clangd)"

clean:
	rm -rf $(BUILD) compile_commands.json

help:
	@sed -n '1,12p' Makefile | sed 's/^# \{0,1\}//'
	@echo "Targets: all kernel iso run exec debug gdb test bench fuzz fuzz-kernel soak host-tests compile_commands.json clean"

FORCE:
-include $(KOBJS:.o=.d) $(HOST_TEST_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d) $(BUILD)/fuzz/tests/host/fuzz_page_alloc.d \
	$(BUILD)/fuzz/tests/host/fuzz_elf.d $(BUILD)/fuzz/tests/host/fuzz_rbtree.d $(VMA_FUZZ_OBJS:.o=.d) \
	$(BUILD)/fuzz/tests/host/fuzz_vma.d
