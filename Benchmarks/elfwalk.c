/* The floor for `link-check symbols`: walk every symbol table of a file or archive with libelf and nothing
 * else (no formatting, no sorting), summing name lengths so the work is not optimised away. */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long walk(Elf *elf) {
  unsigned long total = 0;
  Elf_Scn *scn = NULL;
  size_t shstrndx;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return 0;
  while ((scn = elf_nextscn(elf, scn)) != NULL) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == NULL || shdr.sh_type != SHT_SYMTAB) continue;
    Elf_Data *data = elf_getdata(scn, NULL);
    if (data == NULL || shdr.sh_entsize == 0) continue;
    size_t count = shdr.sh_size / shdr.sh_entsize;
    for (size_t i = 1; i < count; i++) {
      GElf_Sym sym;
      if (gelf_getsym(data, (int)i, &sym) == NULL) continue;
      const char *name = elf_strptr(elf, shdr.sh_link, sym.st_name);
      if (name) total += strlen(name) + sym.st_value;
    }
  }
  return total;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: elfwalk FILE\n"); return 2; }
  elf_version(EV_CURRENT);
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) { perror(argv[1]); return 2; }
  Elf *outer = elf_begin(fd, ELF_C_READ_MMAP, NULL);
  if (outer == NULL) { fprintf(stderr, "%s: %s\n", argv[1], elf_errmsg(-1)); return 2; }
  unsigned long total = 0;
  if (elf_kind(outer) == ELF_K_AR) {
    Elf *member;
    Elf_Cmd cmd = ELF_C_READ_MMAP;
    while ((member = elf_begin(fd, cmd, outer)) != NULL) {
      if (elf_kind(member) == ELF_K_ELF) total += walk(member);
      cmd = elf_next(member);
      elf_end(member);
    }
  } else {
    total = walk(outer);
  }
  elf_end(outer);
  close(fd);
  printf("%lu\n", total);
  return 0;
}
