#ifndef REGISTRAR_CSODIUM_SHIM_H
#define REGISTRAR_CSODIUM_SHIM_H
#include <sodium.h>
#endif
