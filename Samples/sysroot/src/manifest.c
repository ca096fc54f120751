/* A sample Solo5 application manifest, the MFT1 note that `solo5-elftool gen-manifest` makes from
 *   {"type": "solo5.manifest", "version": 1,
 *    "devices": [{"name": "service", "type": "NET_BASIC"}, {"name": "storage", "type": "BLOCK_BASIC"}]}
 * with the layout of Solo5's mft_abi.h (REFERENCE §5): an 8-byte header, then entries of 104 bytes on 64-bit
 * targets, the first one reserved. Compile it with the target's C compiler and link it after the unikernel.
 * -DMANIFEST_VERSION=N makes a manifest of another version, which a tender rejects. */
#ifndef MANIFEST_VERSION
#define MANIFEST_VERSION 1
#endif

enum { DEVICE_BLOCK_BASIC = 1, DEVICE_NET_BASIC = 2, RESERVED_FIRST = 1u << 30 };

struct manifest_entry {
  char name[68];
  unsigned int type;
  union {
    struct { unsigned long long capacity; unsigned short block_size; } block;
    struct { unsigned char mac[6]; unsigned short mtu; } net;
  } properties;
  union { int host_fd; void *data; } backing;
  _Bool attached;
};

struct manifest {
  unsigned int version;
  unsigned int entries;
  struct manifest_entry entry[3];
};

struct manifest_note {
  struct { unsigned int name_size, descriptor_size, type; char name[8]; } header;
  struct manifest manifest;
};

const struct manifest_note __solo5_mft1_note __attribute__((section(".note.solo5.manifest"), aligned(4))) = {
  .header = { 6, sizeof(struct manifest_note) - sizeof(((struct manifest_note *)0)->header), 0x3154464d, "Solo5" },
  .manifest = { MANIFEST_VERSION, 3, { { "", RESERVED_FIRST }, { "service", DEVICE_NET_BASIC }, { "storage", DEVICE_BLOCK_BASIC } } },
};
