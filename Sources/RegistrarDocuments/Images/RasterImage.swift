/// Decoded pixels: 8 bits per channel, sRGB, rows packed top to bottom without padding.
///
/// The common ground between the codecs and the canvas: whatever came in as JPEG or PNG is one
/// of these before it is written out again or drawn.
public struct RasterImage: Sendable, Equatable {
    /// The channels of one pixel, in memory order.
    public enum Layout: Int, Sendable, CaseIterable {
        case gray = 1
        case grayAlpha = 2
        case rgb = 3
        case rgba = 4

        public var channels: Int { rawValue }
        public var hasAlpha: Bool { self == .grayAlpha || self == .rgba }
        public var isColor: Bool { self == .rgb || self == .rgba }
    }

    public let width: Int
    public let height: Int
    public let layout: Layout
    /// `width * height * layout.channels` bytes.
    public let pixels: [UInt8]

    /// Wraps pixels; nil when the count does not match the dimensions.
    public init?(width: Int, height: Int, layout: Layout, pixels: [UInt8]) {
        guard width > 0, height > 0 else { return nil }
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, area.multipliedReportingOverflow(by: layout.channels) == (pixels.count, false) else {
            return nil
        }
        self.width = width
        self.height = height
        self.layout = layout
        self.pixels = pixels
    }

    /// Bytes per row.
    public var stride: Int { width * layout.channels }

    /// The same image without its alpha channel, composited onto white (JPEG has no alpha).
    public func flattened() -> RasterImage {
        guard layout.hasAlpha else { return self }
        let colorChannels = layout.channels - 1
        var out = [UInt8]()
        out.reserveCapacity(width * height * colorChannels)
        var index = 0
        while index < pixels.count {
            let alpha = Int(pixels[index + colorChannels])
            for channel in 0..<colorChannels {
                let value = Int(pixels[index + channel])
                out.append(UInt8((value * alpha + 255 * (255 - alpha) + 127) / 255))
            }
            index += layout.channels
        }
        return RasterImage(unchecked: width, height, layout == .rgba ? .rgb : .gray, out)
    }

    /// For codecs that have just produced exactly the right number of bytes.
    init(unchecked width: Int, _ height: Int, _ layout: Layout, _ pixels: [UInt8]) {
        precondition(
            width > 0 && height > 0 && pixels.count == width * height * layout.channels, "raster size mismatch")
        self.width = width
        self.height = height
        self.layout = layout
        self.pixels = pixels
    }
}

/// Why a codec could not read bytes: they are not a whole image, or too big an image to try.
enum ImageDecodeError: Error, Equatable {
    /// Not an image of this format, truncated, or corrupt; the reason is the library's own words.
    case unreadable(String)
    /// The header asks for more pixels than allowed; nothing was decoded.
    case tooManyPixels(width: Int, height: Int)
}

extension ImageDecodeError {
    /// Applies the pixel limit to a header's dimensions, before any pixel is decoded.
    static func check(width: Int, height: Int, maxPixels: Int) throws(ImageDecodeError) {
        guard width > 0, height > 0 else { throw .unreadable("image has no pixels") }
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, area <= maxPixels else { throw .tooManyPixels(width: width, height: height) }
    }
}
