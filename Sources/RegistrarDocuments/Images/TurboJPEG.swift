import CTurboJPEG

/// The only door to libjpeg-turbo: every TurboJPEG call of this module goes through here.
///
/// A TurboJPEG handle is not safe to share between threads, so each call makes its own and
/// destroys it on the way out; the cost is an allocation, small beside decoding an image.
enum TurboJPEG {
    /// Refuse to finish on libjpeg's warnings (a truncated file is only a warning to libjpeg, which
    /// would hand back grey rows) and cap progressive scans (a known CPU-exhaustion trick).
    private static let decodeFlags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS

    /// Decodes a JPEG as stored, reading the header first so that an image over `maxPixels` is
    /// refused before any pixel buffer is allocated. EXIF orientation is not applied here.
    static func decode(_ jpeg: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> RasterImage {
        guard let handle = tjInitDecompress() else { throw .unreadable("tjInitDecompress failed") }
        defer { tjDestroy(handle) }

        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        let headerStatus = jpeg.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return tjDecompressHeader3(handle, base, UInt(buffer.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0 else { throw .unreadable(errorMessage(handle)) }
        try ImageDecodeError.check(width: Int(width), height: Int(height), maxPixels: maxPixels)

        let gray = colorspace == Int32(TJCS_GRAY.rawValue)
        let layout: RasterImage.Layout = gray ? .gray : .rgb
        let pixelFormat = gray ? TJPF_GRAY : TJPF_RGB
        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * layout.channels)
        let status = jpeg.withUnsafeBufferPointer { source -> Int32 in
            pixels.withUnsafeMutableBufferPointer { destination -> Int32 in
                guard let sourceBase = source.baseAddress, let destinationBase = destination.baseAddress else {
                    return -1
                }
                return tjDecompress2(
                    handle, sourceBase, UInt(source.count), destinationBase, width, 0, height,
                    Int32(pixelFormat.rawValue), decodeFlags)
            }
        }
        guard status == 0 else { throw .unreadable(errorMessage(handle)) }
        return RasterImage(unchecked: Int(width), Int(height), layout, pixels)
    }

    /// Encodes pixels as a baseline JFIF with no other markers: nothing of the original file's
    /// metadata can survive, because none of it is handed over.
    ///
    /// Alpha, which JPEG cannot hold, is composited onto white first.
    static func encode(_ image: RasterImage, quality: Int) -> [UInt8] {
        let opaque = image.flattened()
        guard let handle = tjInitCompress() else {
            // Only an allocation failure gets here; there is nothing to return instead.
            preconditionFailure("tjInitCompress failed: out of memory")
        }
        defer { tjDestroy(handle) }

        let gray = opaque.layout == .gray
        let pixelFormat = gray ? TJPF_GRAY : TJPF_RGB
        let subsampling = gray ? TJSAMP_GRAY : TJSAMP_420
        var output: UnsafeMutablePointer<UInt8>? = nil
        var outputSize: UInt = 0
        defer { if let output { tjFree(output) } }
        let status = opaque.pixels.withUnsafeBufferPointer { source -> Int32 in
            guard let base = source.baseAddress else { return -1 }
            return tjCompress2(
                handle, base, Int32(opaque.width), 0, Int32(opaque.height), Int32(pixelFormat.rawValue), &output,
                &outputSize, Int32(subsampling.rawValue), Int32(min(max(quality, 1), 100)), TJFLAG_ACCURATEDCT)
        }
        // Our own pixels, in a size a JPEG can hold (the decoder or the canvas made them):
        // a failure here is a bug or an exhausted heap, not something an upload can cause.
        guard status == 0, let output else { preconditionFailure("tjCompress2 failed: \(errorMessage(handle))") }
        return Array(UnsafeBufferPointer(start: output, count: Int(outputSize)))
    }

    private static func errorMessage(_ handle: tjhandle) -> String {
        guard let message = tjGetErrorStr2(handle) else { return "unknown TurboJPEG error" }
        return String(cString: message)
    }
}
