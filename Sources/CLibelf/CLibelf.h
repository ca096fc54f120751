#include <libelf.h>
#include <gelf.h>
#include <elfutils/version.h>
