/* attrc runtime library: the part of attrc that services link.
 *
 * Conventions: functions return 0 on success and -1 on failure unless documented
 * otherwise; strings returned as `const char *` are owned by the library and live for
 * the life of the process. */
#ifndef ATTRC_ATTRC_H
#define ATTRC_ATTRC_H

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH"; never NULL. */
const char *attrc_version(void);

#ifdef __cplusplus
}
#endif

#endif
