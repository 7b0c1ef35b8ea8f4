#ifndef REGISTRAR_COATH_SHIM_H
#define REGISTRAR_COATH_SHIM_H
// liboath: HOTP and TOTP (RFC 4226, RFC 6238) and base32 (RFC 4648) for the officials' second factor.
#include <liboath/oath.h>
#endif
