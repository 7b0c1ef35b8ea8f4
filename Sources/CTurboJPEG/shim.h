#ifndef REGISTRAR_CTURBOJPEG_SHIM_H
#define REGISTRAR_CTURBOJPEG_SHIM_H
// libjpeg-turbo's TurboJPEG API (2.x): one handle per call, errors read back from the handle.
#include <stddef.h>
#include <turbojpeg.h>
#endif
