#ifndef REGISTRAR_CPNG_SHIM_H
#define REGISTRAR_CPNG_SHIM_H
// libpng 1.6's simplified png_image API: it catches libpng's longjmp errors itself and reports
// them in image->message, so no setjmp ever has to cross into Swift.
#include <png.h>

/// PNG_IMAGE_VERSION, which the struct's version field must carry.
static inline png_uint_32 registrar_png_image_version(void) { return PNG_IMAGE_VERSION; }

/// Whether the image's warning_or_error field reports a hard error (not a mere warning).
static inline int registrar_png_image_failed(const png_image *image) {
    return (image->warning_or_error & PNG_IMAGE_ERROR) != 0;
}
#endif
