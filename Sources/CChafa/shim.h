#ifndef REGISTRAR_CCHAFA_SHIM_H
#define REGISTRAR_CCHAFA_SHIM_H
// libchafa (1.12 in Debian 12) for the console's pictures: its canvas turns pixels into one
// character, a foreground and a background colour per terminal cell. Only the canvas API is used;
// chafa never writes to the terminal itself (ncurses does).
#include <chafa.h>
#endif
