import CPNG

/// The only door to libpng: every libpng call of this module goes through here.
///
/// Uses the simplified `png_image` API, which catches libpng's `longjmp` errors inside libpng and
/// reports them in the struct, so that no `setjmp` has to cross into Swift. Each call has its own
/// `png_image`: nothing is shared between threads.
enum LibPNG {
    /// Decodes a PNG to 8-bit sRGB, keeping grey and alpha when the file has them. The header is
    /// read first, so that an image over `maxPixels` is refused before its pixels are inflated.
    static func decode(_ png: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> RasterImage {
        // png_image_begin_read_from_memory keeps a pointer to the bytes until the read ends, so
        // the whole read happens inside one borrow of the array.
        let result = png.withUnsafeBytes { source -> Result<RasterImage, ImageDecodeError> in
            guard let base = source.baseAddress else { return .failure(.unreadable("empty file")) }
            var image = png_image()
            image.version = registrar_png_image_version()
            defer { png_image_free(&image) }

            guard png_image_begin_read_from_memory(&image, base, source.count) != 0 else {
                return .failure(.unreadable(message(of: &image)))
            }
            do throws(ImageDecodeError) {
                try ImageDecodeError.check(width: Int(image.width), height: Int(image.height), maxPixels: maxPixels)
            } catch {
                return .failure(error)
            }
            // Colour-mapped, 16-bit and linear files all come out as 8-bit sRGB with the file's
            // own grey-or-colour and alpha.
            let layout = Layout(format: image.format)
            image.format = layout.pngFormat
            var pixels = [UInt8](repeating: 0, count: Int(image.width) * Int(image.height) * layout.raster.channels)
            let finished = pixels.withUnsafeMutableBytes { destination -> Int32 in
                guard let destinationBase = destination.baseAddress else { return 0 }
                return png_image_finish_read(&image, nil, destinationBase, 0, nil)
            }
            guard finished != 0, registrar_png_image_failed(&image) == 0 else {
                return .failure(.unreadable(message(of: &image)))
            }
            return .success(RasterImage(unchecked: Int(image.width), Int(image.height), layout.raster, pixels))
        }
        return try result.get()
    }

    /// Encodes pixels as a PNG with only the chunks libpng needs for them (IHDR, IDAT, IEND and
    /// an sRGB chunk): text chunks, eXIf, ICC profiles and times of the original are not carried.
    static func encode(_ image: RasterImage) -> [UInt8] {
        var info = png_image()
        info.version = registrar_png_image_version()
        info.width = UInt32(image.width)
        info.height = UInt32(image.height)
        info.format = Layout(image.layout).pngFormat
        defer { png_image_free(&info) }

        return image.pixels.withUnsafeBytes { source -> [UInt8] in
            guard let base = source.baseAddress else { preconditionFailure("a raster image has pixels") }
            // First pass measures, second writes: libpng compresses twice, which for the sizes
            // we handle costs less than guessing a bound.
            var size = 0
            guard png_image_write_to_memory(&info, nil, &size, 0, base, 0, nil) != 0, size > 0 else {
                preconditionFailure("png_image_write_to_memory failed: \(message(of: &info))")
            }
            var output = [UInt8](repeating: 0, count: size)
            let written = output.withUnsafeMutableBytes { destination -> Int32 in
                guard let destinationBase = destination.baseAddress else { return 0 }
                return png_image_write_to_memory(&info, destinationBase, &size, 0, base, 0, nil)
            }
            guard written != 0, size <= output.count else {
                preconditionFailure("png_image_write_to_memory failed: \(message(of: &info))")
            }
            return Array(output.prefix(size))
        }
    }

    /// The pixel layouts both sides agree on; libpng's format bits are colour (2) and alpha (1).
    private struct Layout {
        let raster: RasterImage.Layout

        init(_ raster: RasterImage.Layout) { self.raster = raster }

        init(format: UInt32) {
            let color = format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0
            let alpha = format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
            switch (color, alpha) {
            case (true, true): raster = .rgba
            case (true, false): raster = .rgb
            case (false, true): raster = .grayAlpha
            case (false, false): raster = .gray
            }
        }

        var pngFormat: UInt32 {
            (raster.isColor ? UInt32(PNG_FORMAT_FLAG_COLOR) : 0) | (raster.hasAlpha ? UInt32(PNG_FORMAT_FLAG_ALPHA) : 0)
        }
    }

    private static func message(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return bytes.isEmpty ? "unknown libpng error" : String(decoding: bytes, as: UTF8.self)
        }
    }
}
