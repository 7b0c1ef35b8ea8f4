import CCairo
import RegistrarCore

/// A cairo surface with its drawing context: a page of a PDF or an image in memory.
///
/// The only door to cairo and pango: every call of theirs in this module goes through here, so the
/// rest (captchas, QR codes, certificates) draws in plain Swift. Coordinates are device units —
/// points on a PDF page, pixels on an image — with the origin at the top left.
///
/// Not `Sendable`: a cairo context belongs to one thread at a time. Make one per document; they
/// are cheap, and pango keeps one font map per thread.
public final class CairoCanvas {
    /// `cairo_surface_t *`
    private let surface: OpaquePointer
    /// `cairo_t *`
    private let context: OpaquePointer
    /// Where a stream surface writes; kept alive as long as the surface may call back.
    private let sink: ByteSink?
    public let width: Double
    public let height: Double

    /// A white image of `width`×`height` pixels without alpha.
    public convenience init(imageWidth width: Int, height: Int) throws(RegistrarError) {
        guard width > 0, height > 0, width <= 32767, height <= 32767 else {
            throw .renderFailed("canvas size \(width)×\(height) out of cairo's range")
        }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        try self.init(surface: surface, width: Double(width), height: Double(height), sink: nil)
        fillRectangle(x: 0, y: 0, width: self.width, height: self.height, color: .white)
    }

    /// A PDF of pages `width`×`height` points, written into `sink` as cairo produces it.
    convenience init(pdfWidth width: Double, height: Double, sink: ByteSink) throws(RegistrarError) {
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let surface = cairo_pdf_surface_create_for_stream(appendToSink, closure, width, height)
        try self.init(surface: surface, width: width, height: height, sink: sink)
    }

    private init(surface: OpaquePointer?, width: Double, height: Double, sink: ByteSink?) throws(RegistrarError) {
        guard let surface else { throw .renderFailed("cairo surface") }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            let reason = Self.describe(cairo_surface_status(surface))
            cairo_surface_destroy(surface)
            throw .renderFailed(reason)
        }
        self.surface = surface
        self.context = context
        self.width = width
        self.height = height
        self.sink = sink
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    // MARK: State

    /// Runs `body` with the current transformation, colour and line settings saved, then restores them.
    public func withSavedState<T>(_ body: () throws -> T) rethrows -> T {
        cairo_save(context)
        defer { cairo_restore(context) }
        return try body()
    }

    public func translate(x: Double, y: Double) { cairo_translate(context, x, y) }

    /// Rotates what is drawn next by `radians`, clockwise on the page, about the current origin.
    public func rotate(radians: Double) { cairo_rotate(context, radians) }

    public func setColor(_ color: Color) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }

    public func setLineWidth(_ width: Double) { cairo_set_line_width(context, width) }

    // MARK: Paths

    public func move(toX x: Double, y: Double) { cairo_move_to(context, x, y) }
    public func line(toX x: Double, y: Double) { cairo_line_to(context, x, y) }
    public func curve(
        toX x: Double, y: Double, control1X: Double, control1Y: Double, control2X: Double, control2Y: Double
    ) {
        cairo_curve_to(context, control1X, control1Y, control2X, control2Y, x, y)
    }
    public func addRectangle(x: Double, y: Double, width: Double, height: Double) {
        cairo_rectangle(context, x, y, width, height)
    }
    public func addCircle(centerX: Double, centerY: Double, radius: Double) {
        cairo_new_sub_path(context)
        cairo_arc(context, centerX, centerY, radius, 0, 2 * Double.pi)
    }
    public func closePath() { cairo_close_path(context) }

    /// Fills the current path with the current colour and clears it.
    public func fill() { cairo_fill(context) }
    /// Strokes the current path with the current colour and line width and clears it.
    public func stroke() { cairo_stroke(context) }

    // MARK: Shapes

    public func fillRectangle(x: Double, y: Double, width: Double, height: Double, color: Color) {
        setColor(color)
        addRectangle(x: x, y: y, width: width, height: height)
        fill()
    }

    public func strokeRectangle(x: Double, y: Double, width: Double, height: Double, color: Color, lineWidth: Double) {
        setColor(color)
        setLineWidth(lineWidth)
        addRectangle(x: x, y: y, width: width, height: height)
        stroke()
    }

    public func strokeLine(
        fromX x0: Double, y y0: Double, toX x1: Double, y y1: Double, color: Color, lineWidth: Double
    ) {
        setColor(color)
        setLineWidth(lineWidth)
        move(toX: x0, y: y0)
        line(toX: x1, y: y1)
        stroke()
    }

    // MARK: Text

    /// Lays out `text` with pango and draws it with its top left at (x, y); with a `width`, lines
    /// wrap (between words, or between characters in Chinese) and align inside that width.
    ///
    /// The text is taken literally, never as markup. Returns the laid-out size.
    @discardableResult
    public func drawText(_ text: String, x: Double, y: Double, width: Double? = nil, style: TextStyle) -> TextSize {
        withLayout(text, width: width, style: style) { layout, size in
            setColor(style.color)
            cairo_move_to(context, x, y)
            pango_cairo_show_layout(context, layout)
            return size
        }
    }

    /// The size `drawText` would take, without drawing.
    public func measureText(_ text: String, width: Double? = nil, style: TextStyle) -> TextSize {
        withLayout(text, width: width, style: style) { _, size in size }
    }

    private func withLayout<T>(_ text: String, width: Double?, style: TextStyle, _ body: (OpaquePointer, TextSize) -> T)
        -> T
    {
        guard let layout = pango_cairo_create_layout(context) else {
            preconditionFailure("pango_cairo_create_layout failed: out of memory")
        }
        defer { registrar_pango_layout_release(layout) }
        let scale = Double(registrar_pango_scale())

        guard let font = pango_font_description_new() else { preconditionFailure("pango_font_description_new failed") }
        defer { pango_font_description_free(font) }
        pango_font_description_set_family(font, style.family)
        pango_font_description_set_weight(font, style.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        // Absolute: device units, not points at pango's assumed 96 dpi.
        pango_font_description_set_absolute_size(font, style.size * scale)
        pango_layout_set_font_description(layout, font)

        if let width, width > 0 {
            pango_layout_set_width(layout, Int32(clamping: Int((width * scale).rounded())))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        let alignment: PangoAlignment =
            switch style.alignment {
            case .left: PANGO_ALIGN_LEFT
            case .center: PANGO_ALIGN_CENTER
            case .right: PANGO_ALIGN_RIGHT
            }
        pango_layout_set_alignment(layout, alignment)
        if style.lineSpacing > 0 {
            pango_layout_set_spacing(layout, Int32(clamping: Int((style.lineSpacing * style.size * scale).rounded())))
        }

        let printable = Self.printable(text)
        pango_layout_set_text(layout, printable, Int32(clamping: printable.utf8.count))
        var layoutWidth: Int32 = 0
        var layoutHeight: Int32 = 0
        pango_layout_get_size(layout, &layoutWidth, &layoutHeight)
        return body(layout, TextSize(width: Double(layoutWidth) / scale, height: Double(layoutHeight) / scale))
    }

    /// The text without control characters (NUL would cut it short in C) other than line breaks and tabs.
    private static func printable(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars
        where scalar == "\n" || scalar == "\t" || scalar.properties.generalCategory != .control {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    // MARK: Images

    /// Draws decoded pixels scaled into the rectangle (x, y, width, height).
    public func drawImage(_ image: RasterImage, x: Double, y: Double, width: Double, height: Double)
        throws(RegistrarError)
    {
        let source = try Self.surface(for: image)
        defer { cairo_surface_destroy(source) }
        paint(source, imageWidth: image.width, imageHeight: image.height, x: x, y: y, width: width, height: height)
    }

    /// Draws JPEG or PNG bytes scaled into the rectangle. A JPEG goes into a PDF as it is (its
    /// DCT data embedded, not re-compressed), so pass images already normalised: whatever the
    /// bytes carry is carried into the document.
    public func drawImage(
        bytes: [UInt8], maxPixels: Int, x: Double, y: Double, width: Double, height: Double
    ) throws(RegistrarError) {
        let image = try ImageNormalizer.decode(bytes, maxPixels: maxPixels)
        let source = try Self.surface(for: image)
        defer { cairo_surface_destroy(source) }
        // A JPEG turned by EXIF is stored otherwise than it is shown: those go in as pixels.
        if ImageFormat(sniffing: bytes) == .jpeg, ExifOrientation(jpeg: bytes) == .up, let copy = malloc(bytes.count) {
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { copy.copyMemory(from: base, byteCount: raw.count) }
            }
            let status = cairo_surface_set_mime_data(
                source, "image/jpeg", copy.assumingMemoryBound(to: UInt8.self),
                UInt(bytes.count), { free($0) }, copy)
            if status != CAIRO_STATUS_SUCCESS { free(copy) }
        }
        paint(source, imageWidth: image.width, imageHeight: image.height, x: x, y: y, width: width, height: height)
    }

    private func paint(
        _ source: OpaquePointer, imageWidth: Int, imageHeight: Int, x: Double, y: Double, width: Double, height: Double
    ) {
        guard width > 0, height > 0 else { return }
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_translate(context, x, y)
        cairo_scale(context, width / Double(imageWidth), height / Double(imageHeight))
        cairo_set_source_surface(context, source, 0, 0)
        cairo_paint(context)
    }

    /// A cairo image surface holding the pixels, premultiplied where there is alpha. cairo owns
    /// the memory, so a PDF may keep the surface for as long as it needs.
    private static func surface(for image: RasterImage) throws(RegistrarError) -> OpaquePointer {
        guard image.width <= 32767, image.height <= 32767 else { throw .renderFailed("image too large for cairo") }
        let format = image.layout.hasAlpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24
        guard let surface = cairo_image_surface_create(format, Int32(image.width), Int32(image.height)) else {
            throw .renderFailed("cairo image surface")
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface)
        else {
            let reason = describe(cairo_surface_status(surface))
            cairo_surface_destroy(surface)
            throw .renderFailed(reason)
        }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let channels = image.layout.channels
        image.pixels.withUnsafeBufferPointer { pixels in
            for row in 0..<image.height {
                let destination = UnsafeMutableRawPointer(data + row * stride)
                var index = row * image.width * channels
                for column in 0..<image.width {
                    let red: UInt32
                    let green: UInt32
                    let blue: UInt32
                    var alpha: UInt32 = 255
                    switch image.layout {
                    case .gray, .grayAlpha:
                        (red, green, blue) = (UInt32(pixels[index]), UInt32(pixels[index]), UInt32(pixels[index]))
                        if image.layout == .grayAlpha { alpha = UInt32(pixels[index + 1]) }
                    case .rgb, .rgba:
                        (red, green, blue) = (
                            UInt32(pixels[index]), UInt32(pixels[index + 1]), UInt32(pixels[index + 2])
                        )
                        if image.layout == .rgba { alpha = UInt32(pixels[index + 3]) }
                    }
                    // ARGB32 is premultiplied; RGB24 ignores the top byte.
                    let word =
                        alpha << 24 | (red * alpha / 255) << 16 | (green * alpha / 255) << 8 | (blue * alpha / 255)
                    destination.storeBytes(of: word, toByteOffset: column * 4, as: UInt32.self)
                    index += channels
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    // MARK: Output

    /// The image as PNG bytes. cairo writes no time or text chunk, so equal drawings give equal bytes.
    public func pngData() throws(RegistrarError) -> [UInt8] {
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, appendToSink, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw .renderFailed(Self.describe(status)) }
        return sink.bytes
    }

    /// Ends the current PDF page and starts a new one of the same size.
    func showPage() { cairo_show_page(context) }

    /// Sets a PDF's document information; `created` as `YYYY-MM-DDThh:mm:ss` with an offset.
    func setPDFMetadata(title: String?, author: String?, subject: String?, creator: String?, created: String?) {
        let entries: [(cairo_pdf_metadata_t, String?)] = [
            (CAIRO_PDF_METADATA_TITLE, title), (CAIRO_PDF_METADATA_AUTHOR, author),
            (CAIRO_PDF_METADATA_SUBJECT, subject), (CAIRO_PDF_METADATA_CREATOR, creator),
            (CAIRO_PDF_METADATA_CREATE_DATE, created), (CAIRO_PDF_METADATA_MOD_DATE, created),
        ]
        for case (let key, let value?) in entries {
            cairo_pdf_surface_set_metadata(surface, key, Self.printable(value))
        }
    }

    /// Finishes the surface: a stream surface writes its last bytes, and nothing can be drawn after.
    /// Throws when cairo met an error while drawing or writing.
    func finish() throws(RegistrarError) {
        let drawing = cairo_status(context)
        cairo_surface_finish(surface)
        guard drawing == CAIRO_STATUS_SUCCESS else { throw .renderFailed(Self.describe(drawing)) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw .renderFailed(Self.describe(status)) }
    }

    private static func describe(_ status: cairo_status_t) -> String {
        guard let text = cairo_status_to_string(status) else { return "cairo status \(status.rawValue)" }
        return String(cString: text)
    }
}

@available(*, unavailable)
extension CairoCanvas: Sendable {}

/// The size text takes when laid out, in device units.
public struct TextSize: Sendable, Equatable {
    public var width: Double
    public var height: Double
}

/// Collects what a cairo stream surface writes.
final class ByteSink {
    var bytes: [UInt8] = []
}

/// cairo's write callback for a `ByteSink` passed (unretained) as the closure.
private let appendToSink: cairo_write_func_t = { closure, data, length in
    guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    if let data, length > 0 { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length))) }
    return CAIRO_STATUS_SUCCESS
}
