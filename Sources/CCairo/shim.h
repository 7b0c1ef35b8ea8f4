#ifndef REGISTRAR_CCAIRO_SHIM_H
#define REGISTRAR_CCAIRO_SHIM_H
// cairo (image and PDF surfaces, PNG output) with pango for shaping Chinese text.
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/// PANGO_SCALE as a plain function: Pango units per device unit.
static inline int registrar_pango_scale(void) { return PANGO_SCALE; }

/// g_object_unref for a PangoLayout, typed so Swift need not cast to gpointer.
static inline void registrar_pango_layout_release(PangoLayout *layout) { g_object_unref(layout); }
#endif
