#ifndef REGISTRAR_CSYSTEMD_SHIM_H
#define REGISTRAR_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#endif
