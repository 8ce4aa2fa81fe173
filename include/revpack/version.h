/* version.h - the version revpack reports (--version, About sheet). */
#ifndef REVPACK_VERSION_H
#define REVPACK_VERSION_H

#define RP_VERSION "0.1.0"

#endif
