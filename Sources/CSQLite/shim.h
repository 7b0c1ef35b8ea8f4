#ifndef REGISTRAR_CSQLITE_SHIM_H
#define REGISTRAR_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import.
static inline sqlite3_destructor_type registrar_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic, which Swift cannot call. Turns off SQLite's memory statistics: with
// them on, every allocation and free takes one process-wide mutex, which readers on several threads
// then fight over. Must run before SQLite initialises; later it returns SQLITE_MISUSE and changes nothing.
static inline int registrar_sqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
#endif
