/*
 * kernel/ubsan.c - lom's runtime for -fsanitize=undefined (UBSAN=1 builds):
 * the __ubsan_handle_* functions that gcc and clang call when a check
 * fails, each printing a Linux-style report (see kernel/ubsan.h).
 *
 * The compilers pass a pointer to static data describing the check site
 * (layouts below, the ABI of gcc's libsanitizer and LLVM's compiler-rt,
 * which agree) and the operands as "value handles": an integer of at most
 * 64 bits is passed in the handle itself, zero-extended; a wider one by
 * address.
 *
 * Invariants: each source location is reported once - the first report
 * sets the top bit of its line number, in the compiler's data (which is
 * writable, .data, for this very purpose; Linux does the same).  Every
 * failed check is counted in ubsan_events, every printed report in
 * ubsan_reports.  A check that fails while this CPU is printing a report
 * (the report's own printk running instrumented code) is counted but not
 * printed: no recursion.  Only __builtin_unreachable() stops the kernel
 * (there is no code to return to); every other handler returns.
 *
 * This file is built without -fsanitize (see the Makefile): it must not
 * call itself.  Locking: none of its own; reports from two CPUs may
 * interleave line by line (printk keeps each line whole).
 */
#include "kernel/ubsan.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/vsprintf.h"
#include "kernel/x86.h"

unsigned long ubsan_reports;
unsigned long ubsan_events;

/* ---- the compilers' data ---- */

struct source_location {
	const char *file_name;
	uint32_t line;   /* bit 31: already reported (set by us) */
	uint32_t column;
};
#define LOCATION_REPORTED (1u << 31)

enum { TYPE_KIND_INT = 0, TYPE_KIND_FLOAT = 1, TYPE_KIND_UNKNOWN = 0xffff };

struct type_descriptor {
	uint16_t type_kind; /* TYPE_KIND_* */
	uint16_t type_info; /* integers: bit 0 signed, bits 15:1 log2(bit width) */
	char type_name[];   /* quoted, as in a C declaration: "'unsigned int'" */
};

struct overflow_data { /* + - * unary-minus / % */
	struct source_location location;
	const struct type_descriptor *type;
};

struct shift_out_of_bounds_data {
	struct source_location location;
	const struct type_descriptor *lhs_type, *rhs_type;
};

struct out_of_bounds_data {
	struct source_location location;
	const struct type_descriptor *array_type, *index_type;
};

struct invalid_value_data { /* a bool or enum loaded from memory */
	struct source_location location;
	const struct type_descriptor *type;
};

struct type_mismatch_data_v1 { /* NULL, misaligned, or too small an object */
	struct source_location location;
	const struct type_descriptor *type;
	uint8_t log_alignment;
	uint8_t type_check_kind; /* what the access was: type_check_kinds[] */
};

struct unreachable_data {
	struct source_location location;
};

struct pointer_overflow_data {
	struct source_location location;
};

struct nonnull_arg_data {
	struct source_location location;
	struct source_location attr_location; /* the nonnull attribute */
	int arg_index;                        /* from 1 */
};

struct nonnull_return_data { /* the returns_nonnull attribute; the site comes as an argument */
	struct source_location attr_location;
};

struct vla_bound_data {
	struct source_location location;
	const struct type_descriptor *type;
};

struct invalid_builtin_data {
	struct source_location location;
	uint8_t kind; /* 0: ctz(0), 1: clz(0) */
};

struct alignment_assumption_data {
	struct source_location location;
	struct source_location assumption_location;
	const struct type_descriptor *type;
};

/* type_mismatch_data_v1.type_check_kind, as the compilers number them */
static const char *const type_check_kinds[] = {
	"load of", "store to", "reference binding to", "member access within", "member call on",
	"constructor call on", "downcast of", "downcast of", "upcast of", "cast to virtual base of",
	"_Nonnull binding to", "dynamic operation on",
};

/* ---- reporting ---- */

/* One report at a time per CPU; before per-CPU data exists, one in all. */
static bool reporting[MAX_CPUS];
static bool reporting_early;

static bool *reporting_flag(void)
{
	if (!rdmsr(MSR_GS_BASE))
		return &reporting_early; /* percpu_init has not run: no this_cpu_id() yet */
	unsigned id = this_cpu_id();
	return id < MAX_CPUS ? &reporting[id] : &reporting_early;
}

/* Should this failure at loc be printed?  Counts it either way. */
static bool report_begin(struct source_location *loc, const char *kind)
{
	__atomic_fetch_add(&ubsan_events, 1, __ATOMIC_RELAXED);
	bool *flag = reporting_flag();
	if (*flag)
		return false; /* a check failed inside our own report */
	if (__atomic_fetch_or(&loc->line, LOCATION_REPORTED, __ATOMIC_RELAXED) & LOCATION_REPORTED)
		return false;
	*flag = true;
	__atomic_fetch_add(&ubsan_reports, 1, __ATOMIC_RELAXED);
	pr_err("================================================================================\n");
	pr_err("UBSAN: %s in %s:%u:%u\n", kind, loc->file_name ? loc->file_name : "(unknown)",
	       loc->line & ~LOCATION_REPORTED, loc->column);
	return true;
}

static void report_end(void)
{
	struct task *t = rdmsr(MSR_GS_BASE) ? current : NULL;

	if (t)
		pr_err("CPU: %u PID: %d Comm: %.16s\n", this_cpu_id(), t->pid, t->comm);
	else
		pr_err("CPU: %u (no task yet)\n", rdmsr(MSR_GS_BASE) ? this_cpu_id() : 0);
	pr_err("Call Trace:\n");
	dump_backtrace((uint64_t)__builtin_frame_address(0));
	pr_err("ubsan: %lu report%s so far\n", ubsan_reports, ubsan_reports == 1 ? "" : "s");
	pr_err("================================================================================\n");
	*reporting_flag() = false;
}

/* ---- values ---- */

static unsigned type_bits(const struct type_descriptor *type)
{
	return 1u << (type->type_info >> 1);
}

static bool type_is_signed(const struct type_descriptor *type)
{
	return type->type_kind == TYPE_KIND_INT && (type->type_info & 1);
}

/* An integer of at most 64 bits: the handle itself; else it points at the value. */
static bool value_is_inline(const struct type_descriptor *type)
{
	return type->type_kind == TYPE_KIND_INT && type_bits(type) <= 64;
}

static int64_t value_signed(const struct type_descriptor *type, uintptr_t val)
{
	unsigned extra = 64 - type_bits(type);

	return (int64_t)((uint64_t)val << extra) >> extra; /* sign-extend from the type's width */
}

static bool value_is_negative(const struct type_descriptor *type, uintptr_t val)
{
	return value_is_inline(type) && type_is_signed(type) && value_signed(type, val) < 0;
}

static void format_value(char *buf, size_t len, const struct type_descriptor *type, uintptr_t val)
{
	if (type->type_kind != TYPE_KIND_INT) {
		snprintf(buf, len, "(value of type %s)", type->type_name);
	} else if (!value_is_inline(type)) {
		const uint64_t *v = (const uint64_t *)val; /* 128 bits, little endian */
		snprintf(buf, len, "0x%016lx%016lx", (unsigned long)v[1], (unsigned long)v[0]);
	} else if (type_is_signed(type)) {
		snprintf(buf, len, "%lld", (long long)value_signed(type, val));
	} else {
		snprintf(buf, len, "%llu", (unsigned long long)val);
	}
}

#define VALUE_BUF 40

/* ---- the handlers ---- */

static void handle_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs, char op)
{
	char l[VALUE_BUF], r[VALUE_BUF];
	bool is_signed = type_is_signed(data->type);

	if (!report_begin(&data->location, is_signed ? "signed-integer-overflow" : "integer-overflow"))
		return;
	format_value(l, sizeof(l), data->type, lhs);
	format_value(r, sizeof(r), data->type, rhs);
	pr_err("%s integer overflow: %s %c %s cannot be represented in type %s\n", is_signed ? "signed" : "unsigned",
	       l, op, r, data->type->type_name);
	report_end();
}

void __ubsan_handle_add_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs);
void __ubsan_handle_add_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs)
{
	handle_overflow(data, lhs, rhs, '+');
}

void __ubsan_handle_sub_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs);
void __ubsan_handle_sub_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs)
{
	handle_overflow(data, lhs, rhs, '-');
}

void __ubsan_handle_mul_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs);
void __ubsan_handle_mul_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs)
{
	handle_overflow(data, lhs, rhs, '*');
}

void __ubsan_handle_negate_overflow(struct overflow_data *data, uintptr_t old);
void __ubsan_handle_negate_overflow(struct overflow_data *data, uintptr_t old)
{
	char v[VALUE_BUF];

	if (!report_begin(&data->location, "negation-overflow"))
		return;
	format_value(v, sizeof(v), data->type, old);
	pr_err("negation of %s cannot be represented in type %s\n", v, data->type->type_name);
	report_end();
}

void __ubsan_handle_divrem_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs);
void __ubsan_handle_divrem_overflow(struct overflow_data *data, uintptr_t lhs, uintptr_t rhs)
{
	char l[VALUE_BUF];
	bool by_zero = value_is_inline(data->type) && rhs == 0;

	if (!report_begin(&data->location, by_zero ? "division-by-zero" : "division-overflow"))
		return;
	format_value(l, sizeof(l), data->type, lhs);
	if (by_zero)
		pr_err("division by zero\n");
	else
		pr_err("division of %s by -1 cannot be represented in type %s\n", l, data->type->type_name);
	report_end();
}

void __ubsan_handle_shift_out_of_bounds(struct shift_out_of_bounds_data *data, uintptr_t lhs, uintptr_t rhs);
void __ubsan_handle_shift_out_of_bounds(struct shift_out_of_bounds_data *data, uintptr_t lhs, uintptr_t rhs)
{
	const struct type_descriptor *lt = data->lhs_type, *rt = data->rhs_type;
	char l[VALUE_BUF], r[VALUE_BUF];

	if (!report_begin(&data->location, "shift-out-of-bounds"))
		return;
	format_value(l, sizeof(l), lt, lhs);
	format_value(r, sizeof(r), rt, rhs);
	if (value_is_negative(rt, rhs))
		pr_err("shift exponent %s is negative\n", r);
	else if (!value_is_inline(rt) || rhs >= type_bits(lt))
		pr_err("shift exponent %s is too large for %u-bit type %s\n", r, type_bits(lt), lt->type_name);
	else if (value_is_negative(lt, lhs))
		pr_err("left shift of negative value %s\n", l);
	else
		pr_err("left shift of %s by %s places cannot be represented in type %s\n", l, r, lt->type_name);
	report_end();
}

void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *data, uintptr_t index);
void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *data, uintptr_t index)
{
	char i[VALUE_BUF];

	if (!report_begin(&data->location, "array-index-out-of-bounds"))
		return;
	format_value(i, sizeof(i), data->index_type, index);
	pr_err("index %s is out of range for type %s\n", i, data->array_type->type_name);
	report_end();
}

void __ubsan_handle_load_invalid_value(struct invalid_value_data *data, uintptr_t val);
void __ubsan_handle_load_invalid_value(struct invalid_value_data *data, uintptr_t val)
{
	char v[VALUE_BUF];

	if (!report_begin(&data->location, "invalid-load"))
		return;
	format_value(v, sizeof(v), data->type, val);
	pr_err("load of value %s is not a valid value for type %s\n", v, data->type->type_name);
	report_end();
}

void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data_v1 *data, uintptr_t ptr);
void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data_v1 *data, uintptr_t ptr)
{
	uint8_t k = data->type_check_kind;
	const char *what = k < ARRAY_SIZE(type_check_kinds) ? type_check_kinds[k] : "access to";
	unsigned long align = 1ul << data->log_alignment;

	if (!ptr) {
		if (!report_begin(&data->location, "null-ptr-deref"))
			return;
		pr_err("%s null pointer of type %s\n", what, data->type->type_name);
	} else if (data->log_alignment && (ptr & (align - 1))) {
		if (!report_begin(&data->location, "misaligned-access"))
			return;
		pr_err("%s misaligned address 0x%lx for type %s\n", what, (unsigned long)ptr, data->type->type_name);
		pr_err("which requires %lu byte alignment\n", align);
	} else {
		if (!report_begin(&data->location, "object-size-mismatch"))
			return;
		pr_err("%s address 0x%lx with insufficient space for an object of type %s\n", what, (unsigned long)ptr,
		       data->type->type_name);
	}
	report_end();
}

void __ubsan_handle_pointer_overflow(struct pointer_overflow_data *data, uintptr_t base, uintptr_t result);
void __ubsan_handle_pointer_overflow(struct pointer_overflow_data *data, uintptr_t base, uintptr_t result)
{
	if (!report_begin(&data->location, "pointer-overflow"))
		return;
	if (!base && !result)
		pr_err("applying zero offset to null pointer\n");
	else if (!base)
		pr_err("applying non-zero offset 0x%lx to null pointer\n", (unsigned long)result);
	else if (!result)
		pr_err("applying non-zero offset to non-null pointer 0x%lx produced null pointer\n", (unsigned long)base);
	else
		pr_err("pointer arithmetic on 0x%lx overflowed to 0x%lx\n", (unsigned long)base, (unsigned long)result);
	report_end();
}

void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *data);
void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *data)
{
	if (!report_begin(&data->location, "nonnull-argument"))
		return;
	pr_err("null pointer passed as argument %d, which is declared to never be null\n", data->arg_index);
	report_end();
}

void __ubsan_handle_nonnull_return_v1(struct nonnull_return_data *data, struct source_location *loc);
void __ubsan_handle_nonnull_return_v1(struct nonnull_return_data *data, struct source_location *loc)
{
	if (!report_begin(loc, "nonnull-return"))
		return;
	pr_err("null pointer returned from function declared to never return null (%s:%u)\n",
	       data->attr_location.file_name ? data->attr_location.file_name : "?",
	       data->attr_location.line & ~LOCATION_REPORTED);
	report_end();
}

void __ubsan_handle_vla_bound_not_positive(struct vla_bound_data *data, uintptr_t bound);
void __ubsan_handle_vla_bound_not_positive(struct vla_bound_data *data, uintptr_t bound)
{
	char b[VALUE_BUF];

	if (!report_begin(&data->location, "vla-bound-not-positive"))
		return;
	format_value(b, sizeof(b), data->type, bound);
	pr_err("variable length array bound evaluates to non-positive value %s\n", b);
	report_end();
}

void __ubsan_handle_invalid_builtin(struct invalid_builtin_data *data);
void __ubsan_handle_invalid_builtin(struct invalid_builtin_data *data)
{
	if (!report_begin(&data->location, "invalid-builtin-use"))
		return;
	pr_err("passing zero to %s(), which is not a valid argument\n", data->kind == 0 ? "ctz" : "clz");
	report_end();
}

void __ubsan_handle_alignment_assumption(struct alignment_assumption_data *data, uintptr_t ptr, uintptr_t align,
					 uintptr_t offset);
void __ubsan_handle_alignment_assumption(struct alignment_assumption_data *data, uintptr_t ptr, uintptr_t align,
					 uintptr_t offset)
{
	if (!report_begin(&data->location, "alignment-assumption"))
		return;
	if (offset)
		pr_err("assumption of %lu byte alignment (with offset of %lu byte) for pointer of type %s failed\n",
		       (unsigned long)align, (unsigned long)offset, data->type->type_name);
	else
		pr_err("assumption of %lu byte alignment for pointer of type %s failed\n", (unsigned long)align,
		       data->type->type_name);
	pr_err("address is 0x%lx, misalignment offset is %lu bytes\n", (unsigned long)(ptr - offset),
	       (unsigned long)((ptr - offset) & (align - 1)));
	report_end();
}

/* Control reached a __builtin_unreachable(): nothing follows it to return to. */
__noreturn void __ubsan_handle_builtin_unreachable(struct unreachable_data *data);
__noreturn void __ubsan_handle_builtin_unreachable(struct unreachable_data *data)
{
	if (report_begin(&data->location, "unreachable")) {
		pr_err("calling __builtin_unreachable()\n");
		report_end();
	}
	panic("UBSAN: reached __builtin_unreachable() at %s:%u", data->location.file_name,
	      data->location.line & ~LOCATION_REPORTED);
}
