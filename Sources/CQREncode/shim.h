#ifndef REGISTRAR_CQRENCODE_SHIM_H
#define REGISTRAR_CQRENCODE_SHIM_H
// libqrencode: a QR symbol as a square of bytes, bit 0 of each set for a dark module.
#include <errno.h>
#include <qrencode.h>

/// errno after a failed QRcode_encode* call (ERANGE: too long for any version; EINVAL; ENOMEM).
static inline int registrar_qrencode_errno(void) { return errno; }
#endif
