# user/user.mk - the bundled user programs, included by the top Makefile
# (which provides BUILD, Q, quiet and $(BUILD)/.gitignore).
#
# Each program is user/NAME.c, linked statically with the helpers in
# user/ulib.c into $(BUILD)/user/bin/NAME.  A program made of several
# files is a directory, user/NAME/*.c (user/strace/).  sh also has
# user/sh_parse.c.  Adding a program is adding its file: the list is made
# from the tree.
# They are built with lom's own libc (libc/, through tools/lom-cc) and must
# run unmodified on Linux too: user/test-on-linux.sh tests them there.

# this fragment only adds rules: `make` alone still builds what it did
USER_SAVED_GOAL := $(.DEFAULT_GOAL)

# the libc is a prerequisite, so lom-cc need not check it again
LOM_CC = LOM_CC_SKIP_MAKE=1 BUILD=$(BUILD) tools/lom-cc
USER_CFLAGS := -Os -Wall -Wextra -Werror -std=gnu11 -MMD -MP

USER_HELPERS := ulib sh_parse
USER_SINGLE := $(filter-out $(USER_HELPERS),$(basename $(notdir $(wildcard user/*.c))))
USER_DIRS := $(patsubst user/%/,%,$(sort $(dir $(wildcard user/*/*.c))))
USER_PROGS := $(USER_SINGLE) $(USER_DIRS)
USER_BINS := $(patsubst %,$(BUILD)/user/bin/%,$(USER_PROGS))
USER_OBJS := $(patsubst %,$(BUILD)/user/%.o,$(USER_SINGLE) $(USER_HELPERS))
USER_DIR_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(wildcard user/*/*.c))

.PHONY: user
user: $(USER_BINS)

$(USER_OBJS): $(BUILD)/user/%.o: user/%.c user/user.mk $(LIBC_OUTPUTS) | $(BUILD)/.gitignore $(USER_BUILD_DEPS)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(LOM_CC) $(USER_CFLAGS) -c $< -o $@

$(USER_DIR_OBJS): $(BUILD)/user/%.o: user/%.c user/user.mk $(LIBC_OUTPUTS) | $(BUILD)/.gitignore $(USER_BUILD_DEPS)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(LOM_CC) $(USER_CFLAGS) -Iuser -c $< -o $@

USER_SINGLE_BINS := $(patsubst %,$(BUILD)/user/bin/%,$(USER_SINGLE))
$(USER_SINGLE_BINS): $(BUILD)/user/bin/%: $(BUILD)/user/%.o $(BUILD)/user/ulib.o $(LIBC_OUTPUTS)
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(LOM_CC) -o $@ $(filter %.o,$(filter-out $(LIBC_OUTPUTS),$^))

$(BUILD)/user/bin/sh: $(BUILD)/user/sh_parse.o

# user/NAME/*.c -> bin/NAME
define USER_DIR_PROG
$(BUILD)/user/bin/$(1): $(patsubst user/%.c,$(BUILD)/user/%.o,$(wildcard user/$(1)/*.c)) $(BUILD)/user/ulib.o $(LIBC_OUTPUTS)
	@mkdir -p $$(dir $$@)
	$$(quiet) LD $$@
	$$(Q)$$(LOM_CC) -o $$@ $$(filter %.o,$$(filter-out $$(LIBC_OUTPUTS),$$^))
endef
$(foreach d,$(USER_DIRS),$(eval $(call USER_DIR_PROG,$(d))))

-include $(USER_OBJS:.o=.d) $(USER_DIR_OBJS:.o=.d)

.DEFAULT_GOAL := $(USER_SAVED_GOAL)
