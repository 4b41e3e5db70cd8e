/* bridge_dlopen.c: making RTLD_DEEPBIND safe for libc's global variables.
 *
 * The problem: node is a non-PIE executable that references libc variables
 * such as `environ`, so the linker gave it COPY relocations: the process's
 * one live `environ` is the copy in node's .bss, and libc's own code uses
 * that copy. An extension opened with RTLD_DEEPBIND looks symbols up in its
 * own scope first, where libc's original definition is found: a variable
 * nobody updates (NULL `environ`, a `timezone` tzset never set). CPython's
 * extensions see the live variables (setproctitle walks `environ`).
 *
 * Invariant: after _cpx_rebind_libc_variables(lib), every GOT slot of the
 * extension `lib` that refers to one of the libc variables below holds the
 * address the process's global scope gives that name (node's copy when it
 * has one); other slots are untouched. A slot inside the library's RELRO
 * segment is written through a briefly writable page that is made read-only
 * again, so RELRO's protection is kept. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "bridge.h"

/* libc's data objects an executable may copy-relocate. */
static const char *const libc_variables[] = {
    "environ", "__environ", "_environ", "stdin", "stdout", "stderr", "optarg", "optind", "opterr", "optopt",
    "timezone", "daylight", "tzname", "__timezone", "__daylight", "__tzname", "program_invocation_name",
    "program_invocation_short_name", "signgam", NULL,
};

static int is_libc_variable(const char *name) {
    for (const char *const *p = libc_variables; *p != NULL; p++)
        if (strcmp(*p, name) == 0) return 1;
    return 0;
}

/* glibc stores the dynamic section's addresses relocated; be safe either way. */
static uintptr_t dyn_address(const struct link_map *lm, ElfW(Addr) value) {
    return value < lm->l_addr ? lm->l_addr + value : value;
}

/* The RELRO segment [start, end) of the object loaded at `base`, if any. */
typedef struct { uintptr_t base, start, end; } relro_range;

static int find_relro(struct dl_phdr_info *info, size_t size, void *data) {
    relro_range *r = data;
    if (info->dlpi_addr != r->base) return 0;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_GNU_RELRO) {
            r->start = r->base + info->dlpi_phdr[i].p_vaddr;
            r->end = r->start + info->dlpi_phdr[i].p_memsz;
        }
    return 1;
}

static void write_slot(void **slot, void *value, const relro_range *relro) {
    if (*slot == value) return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    void *start = (void *)((uintptr_t)slot & ~(page - 1));
    int in_relro = (uintptr_t)slot >= relro->start && (uintptr_t)slot < relro->end;
    if (in_relro && mprotect(start, page, PROT_READ | PROT_WRITE) != 0) return;
    *slot = value;
    if (in_relro) mprotect(start, page, PROT_READ);
}

void _cpx_rebind_libc_variables(void *lib) {
    struct link_map *lm;
    if (dlinfo(lib, RTLD_DI_LINKMAP, &lm) != 0 || lm == NULL) return;
    const ElfW(Sym) *symtab = NULL;
    const char *strtab = NULL;
    const ElfW(Rela) *rela = NULL;
    size_t rela_size = 0, rela_entry = sizeof(ElfW(Rela));
    for (const ElfW(Dyn) *d = lm->l_ld; d->d_tag != DT_NULL; d++) {
        switch (d->d_tag) {
        case DT_SYMTAB: symtab = (const ElfW(Sym) *)dyn_address(lm, d->d_un.d_ptr); break;
        case DT_STRTAB: strtab = (const char *)dyn_address(lm, d->d_un.d_ptr); break;
        case DT_RELA: rela = (const ElfW(Rela) *)dyn_address(lm, d->d_un.d_ptr); break;
        case DT_RELASZ: rela_size = d->d_un.d_val; break;
        case DT_RELAENT: rela_entry = d->d_un.d_val; break;
        }
    }
    if (symtab == NULL || strtab == NULL || rela == NULL || rela_entry == 0) return;
    relro_range relro = {lm->l_addr, 0, 0};
    dl_iterate_phdr(find_relro, &relro);
    for (size_t off = 0; off + rela_entry <= rela_size; off += rela_entry) {
        const ElfW(Rela) *r = (const ElfW(Rela) *)((const char *)rela + off);
        unsigned long type = ELF64_R_TYPE(r->r_info);
        if (type != R_X86_64_GLOB_DAT && type != R_X86_64_64) continue;
        const ElfW(Sym) *sym = &symtab[ELF64_R_SYM(r->r_info)];
        if (sym->st_shndx != SHN_UNDEF) continue;
        const char *name = strtab + sym->st_name;
        if (!is_libc_variable(name)) continue;
        char *live = dlsym(RTLD_DEFAULT, name);
        if (live == NULL) continue;
        write_slot((void **)(lm->l_addr + r->r_offset), live + (type == R_X86_64_64 ? r->r_addend : 0), &relro);
    }
}
