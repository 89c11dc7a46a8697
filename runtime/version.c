#include <attrc/attrc.h>

#ifndef ATTRC_VERSION
#error "ATTRC_VERSION must be defined by the build"
#endif

const char *attrc_version(void) { return ATTRC_VERSION; }
