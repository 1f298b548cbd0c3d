# user/user.mk - the bundled user programs, included by the top Makefile
# (which provides BUILD, Q, quiet and $(BUILD)/.gitignore).
#
# Each program is user/NAME.c, linked statically with the helpers in
# user/ulib.c into $(BUILD)/user/bin/NAME (sh also has user/sh_parse.c).
# They are built with lom's own libc (libc/, through tools/lom-cc) and must
# run unmodified on Linux too: user/test-on-linux.sh tests them there.

# this fragment only adds rules: `make` alone still builds what it did
USER_SAVED_GOAL := $(.DEFAULT_GOAL)

# the libc is a prerequisite, so lom-cc need not check it again
LOM_CC = LOM_CC_SKIP_MAKE=1 BUILD=$(BUILD) tools/lom-cc
USER_CFLAGS := -Os -Wall -Wextra -Werror -std=gnu11 -MMD -MP

USER_PROGS := init sh ls cat echo true false pwd sleep uname env head wc kill \
	poweroff hello malloc-demo
USER_BINS := $(patsubst %,$(BUILD)/user/bin/%,$(USER_PROGS))
USER_OBJS := $(patsubst %,$(BUILD)/user/%.o,$(USER_PROGS) ulib sh_parse)

.PHONY: user
user: $(USER_BINS)

$(USER_OBJS): $(BUILD)/user/%.o: user/%.c user/user.mk $(LIBC_OUTPUTS) | $(BUILD)/.gitignore $(USER_BUILD_DEPS)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(LOM_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_BINS): $(BUILD)/user/bin/%: $(BUILD)/user/%.o $(BUILD)/user/ulib.o $(LIBC_OUTPUTS)
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(LOM_CC) -o $@ $(filter %.o,$(filter-out $(LIBC_OUTPUTS),$^))

$(BUILD)/user/bin/sh: $(BUILD)/user/sh_parse.o

-include $(USER_OBJS:.o=.d)

.DEFAULT_GOAL := $(USER_SAVED_GOAL)
