/*
 * mm/mm_init.c - from the boot loader's memory map to a running page
 * allocator, and the boot report about it.
 *
 *   boot_info E820 map --> memblock (usable RAM, minus what is reserved)
 *                      --> direct map of RAM at page_offset_base
 *                      --> frame array, zones, buddy, per-CPU lists (frames.c)
 *                      --> the kernel image remapped W^X (pgtable.c)
 *
 * Boot options: mem=SIZE (use only the lowest SIZE bytes of RAM, as Linux),
 * pcp=off (no per-CPU lists: every order-0 call takes the zone lock).
 * Boot CPU only; no locking.
 */
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/memlayout.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "mm/mm.h"
#include "mm/mm_internal.h"
#include "mm/pgtable.h"

extern char __kernel_start[], __kernel_end[];

static uint64_t mem_limit;

static int parse_mem(const char *val)
{
	uint64_t v;

	if (cmdline_parse_size(val, &v) < 0 || v < MiB(4))
		return -1;
	mem_limit = v;
	return 0;
}
KERNEL_PARAM("mem", parse_mem, "use at most this much RAM, e.g. mem=64M (at least 4M)");

static int parse_pcp(const char *val)
{
	if (!val)
		return -1;
	if (strcmp(val, "off") == 0)
		pcp_disabled = true;
	else if (strcmp(val, "on") == 0)
		pcp_disabled = false;
	else
		return -1;
	return 0;
}
KERNEL_PARAM("pcp", parse_pcp, "per-CPU page lists: on (default) or off");

static void detect_paging_features(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000001)
		return;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	cpu_has_nx = (d & BIT(20)) && (rdmsr(MSR_EFER) & EFER_NXE); /* boot.S turned NXE on */
	cpu_has_gbpages = d & BIT(26);
}

static void reserve(paddr_t start, paddr_t end, const char *what)
{
	if (end > start && memblock_reserve(ALIGN_DOWN(start, (paddr_t)PAGE_SIZE),
					    ALIGN_UP(end, (paddr_t)PAGE_SIZE) - ALIGN_DOWN(start, (paddr_t)PAGE_SIZE)) < 0)
		pr_warn("mm: too many reserved ranges; cannot reserve %s\n", what);
}

static int memblock_from_boot_info(const struct boot_info *bi)
{
	memblock_reset();
	if (memblock_add_e820(bi->mmap, bi->nr_mmap))
		pr_warn("mm: firmware map has more ranges than memblock holds; some are ignored\n");
	if (memblock.memory.cnt == 0)
		return -ENOMEM;
	reserve(0, MiB(1), "the first MiB");
	reserve(kernel_virt_to_phys(__kernel_start), kernel_virt_to_phys(__kernel_end), "the kernel");
	reserve(bi->info_pa, bi->info_pa + bi->info_size, "the boot information");
	for (unsigned i = 0; i < bi->nr_modules; i++)
		reserve(bi->modules[i].start, bi->modules[i].end, "a boot module");
	if (mem_limit && mem_limit < memblock_total_ram()) {
		memblock_enforce_memory_limit(mem_limit);
		pr_info("mm: mem=%luM: using %lu MiB of RAM\n", (unsigned long)(mem_limit >> 20),
			(unsigned long)(memblock_total_ram() >> 20));
	}
	return 0;
}

/*
 * RAM, and the firmware's ACPI tables (the SMP issue reads them), at
 * page_offset_base.  One merged list of ranges, so entries that overlap or
 * share a page are mapped once.
 */
static int direct_map_init_from(const struct boot_info *bi)
{
	static struct memblock_type ranges; /* 2 KiB: not on the boot stack */
	pte_t flags = PTE_W | PTE_G | (cpu_has_nx ? PTE_NX : 0);
	struct map_stats st = { 0 };
	int err = 0;

	ranges.cnt = 0;
	for (unsigned i = 0; i < memblock.memory.cnt; i++)
		err |= memblock_type_add(&ranges, memblock.memory.regions[i].base, memblock.memory.regions[i].size);
	for (unsigned i = 0; i < bi->nr_mmap; i++) {
		const struct boot_mmap_entry *e = &bi->mmap[i];
		if (e->type != E820_ACPI && e->type != E820_NVS)
			continue;
		paddr_t start = ALIGN_DOWN(e->addr, (paddr_t)PAGE_SIZE), end = ALIGN_UP(e->addr + e->len, (paddr_t)PAGE_SIZE);
		err |= memblock_type_add(&ranges, start, end - start);
	}
	if (err)
		pr_warn("mm: firmware map too fragmented; some ranges are not in the direct map\n");
	err = 0;
	for (unsigned i = 0; i < ranges.cnt && !err; i++)
		err = kernel_map_range_early(PAGE_OFFSET_DEFAULT + ranges.regions[i].base, ranges.regions[i].base,
					     ranges.regions[i].size, flags, &st);
	if (err)
		return err;
	write_cr3(read_cr3());
	page_offset_base = PAGE_OFFSET_DEFAULT;
	pr_info("mm: direct map at 0x%lx: %lu x 1G, %lu x 2M, %lu x 4K pages, %lu page tables%s\n",
		(unsigned long)page_offset_base, st.pages_1g, st.pages_2m, st.pages_4k, st.tables,
		cpu_has_nx ? ", NX" : "");
	return 0;
}

static void report(void)
{
	unsigned long managed = nr_managed_pages(), ram = memblock_total_ram() >> PAGE_SHIFT;
	char buf[1024];

	pr_info("mm: struct page is %zu bytes; frame array for %lu frames: %lu KiB (%lu.%02lu%% of RAM)\n",
		sizeof(struct page), (unsigned long)max_pfn, frame_array_bytes >> 10,
		frame_array_bytes * 100 / (ram << PAGE_SHIFT),
		frame_array_bytes * 10000 / (ram << PAGE_SHIFT) % 100);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];
		if (!zone->present_pages)
			continue;
		pr_info("mm: zone %-6s [mem 0x%010lx-0x%010lx] present %lu managed %lu pages, watermarks min %lu low %lu high %lu, pcp high %d batch %d\n",
			zone->name, (unsigned long)zone->start_pfn << PAGE_SHIFT,
			((unsigned long)zone->end_pfn << PAGE_SHIFT) - 1, zone->present_pages, zone->managed_pages,
			zone->watermark[WMARK_MIN], zone->watermark[WMARK_LOW], zone->watermark[WMARK_HIGH],
			zone->pcp[0].high, zone->pcp[0].batch);
	}
	pr_info("Memory: %luK/%luK available (%luK kernel, %luK reserved)\n", managed << 2, ram << 2,
		(unsigned long)(__kernel_end - __kernel_start) >> 10, (ram - managed) << 2);
	buddyinfo_format(buf, sizeof(buf));
	printk(KERN_INFO "%s", buf);
	meminfo_format(buf, sizeof(buf));
	printk(KERN_INFO "%s", buf);
}

int mm_init(const struct boot_info *bi)
{
	int err;

	detect_paging_features();
	err = memblock_from_boot_info(bi);
	if (err) {
		pr_err("mm: the boot loader reported no usable RAM\n");
		return err;
	}
	err = direct_map_init_from(bi);
	if (err) {
		pr_err("mm: out of memory while building the direct map\n");
		return err;
	}
	err = mm_init_frames();
	if (err) {
		pr_err("mm: no room for the frame array (%lu frames)\n", (unsigned long)max_pfn);
		return err;
	}
	kernel_direct_map_ready(); /* page tables now come from the buddy */
	err = kernel_protect_image();
	if (err) {
		pr_err("mm: out of memory while mapping the kernel image\n");
		return err;
	}
	report();
	return 0;
}
