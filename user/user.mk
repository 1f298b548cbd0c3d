# user/user.mk - the bundled user programs, included by the top Makefile
# (which provides BUILD, Q, quiet and $(BUILD)/.gitignore).
#
# Each program is user/NAME.c, linked statically with the helpers in
# user/ulib.c into $(BUILD)/user/bin/NAME (sh also has user/sh_parse.c).
# They are built with musl for now, until our own libc replaces it, and
# must run unmodified on Linux too: user/test-on-linux.sh tests them there.

# this fragment only adds rules: `make` alone still builds what it did
USER_SAVED_GOAL := $(.DEFAULT_GOAL)

MUSL_CC ?= musl-gcc
USER_CFLAGS := -static -Os -Wall -Wextra -Werror -std=gnu11 -MMD -MP

USER_PROGS := init sh ls cat echo true false pwd sleep uname env head wc kill \
	poweroff hello malloc-demo
USER_BINS := $(patsubst %,$(BUILD)/user/bin/%,$(USER_PROGS))
USER_OBJS := $(patsubst %,$(BUILD)/user/%.o,$(USER_PROGS) ulib sh_parse)

.PHONY: user
user: $(USER_BINS)

$(USER_OBJS): $(BUILD)/user/%.o: user/%.c user/user.mk | $(BUILD)/.gitignore $(USER_BUILD_DEPS)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(MUSL_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_BINS): $(BUILD)/user/bin/%: $(BUILD)/user/%.o $(BUILD)/user/ulib.o
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(MUSL_CC) -static -o $@ $^

$(BUILD)/user/bin/sh: $(BUILD)/user/sh_parse.o

-include $(USER_OBJS:.o=.d)

.DEFAULT_GOAL := $(USER_SAVED_GOAL)
