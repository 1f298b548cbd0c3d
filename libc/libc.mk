# libc/libc.mk - lom's C library, included by the top Makefile.
#
#   make libc      $(BUILD)/libc/libc.a, crt1.o and an empty libm.a (the
#                  math functions, when there are any, live in libc.a, as
#                  in musl; the empty libm.a lets `-lm` link)
#
# Every libc/src/*/*.c and libc/malloc/*.c goes into libc.a, except
# libc/src/crt/crt1.c, which becomes crt1.o (_start).  tools/lom-cc
# compiles and links programs against the result.
# Uses from the top Makefile: BUILD, Q, quiet, CC, COMPILER_IS_CLANG.

LIBC_SAVED_GOAL := $(.DEFAULT_GOAL)

LIBC_DIR := $(BUILD)/libc
LIBC_A := $(LIBC_DIR)/libc.a
LIBC_CRT1 := $(LIBC_DIR)/crt1.o
LIBC_LIBM := $(LIBC_DIR)/libm.a
LIBC_OUTPUTS := $(LIBC_A) $(LIBC_CRT1) $(LIBC_LIBM)

# freestanding: our headers only, no stack protector inside the libc (it
# sets the canary up), and no loops turned back into memcpy/memset calls
LIBC_CFLAGS := -std=gnu11 -O2 -ffreestanding -nostdinc -isystem libc/include \
	-fno-stack-protector -fno-pie -fno-asynchronous-unwind-tables -fno-common \
	-Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP
ifdef COMPILER_IS_CLANG
LIBC_CFLAGS += --target=x86_64-linux-gnu
else
LIBC_CFLAGS += -fno-tree-loop-distribute-patterns
endif

LIBC_SRCS := $(filter-out libc/src/crt/crt1.c,$(wildcard libc/src/*/*.c libc/malloc/*.c))
LIBC_OBJS := $(patsubst %.c,$(LIBC_DIR)/obj/%.o,$(LIBC_SRCS))
LIBC_HEADERS := $(shell find libc/include -name '*.h')

.PHONY: libc
libc: $(LIBC_OUTPUTS)

$(LIBC_DIR)/obj/%.o: %.c libc/libc.mk | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(quiet) LIBCC $<
	$(Q)$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(LIBC_A): $(LIBC_OBJS)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^
	@# ar keeps one member per file name: two sources with the same name would lose one
	$(Q)test $$($(CROSS)ar t $@ | sort -u | wc -l) = $(words $^) || { echo "libc: two libc sources share a file name" >&2; rm -f $@; exit 1; }

$(LIBC_CRT1): $(LIBC_DIR)/obj/libc/src/crt/crt1.o
	$(Q)cp $< $@

$(LIBC_LIBM): | $(BUILD)/.gitignore
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && $(CROSS)ar rcs $@

-include $(LIBC_OBJS:.o=.d) $(LIBC_DIR)/obj/libc/src/crt/crt1.d

.DEFAULT_GOAL := $(LIBC_SAVED_GOAL)
