/// The EXIF orientation of a JPEG (tag 0x0112), applied to the pixels before the EXIF is dropped.
///
/// Phones store photos as the sensor saw them and record the turn in EXIF; a normalised image
/// has no EXIF left to say so, so the turn must be made in the pixels or an ID card photographed
/// upright would come out lying on its side.
enum ExifOrientation: Int, Sendable, CaseIterable {
    case up = 1
    case upMirrored = 2
    case down = 3
    case downMirrored = 4
    case leftMirrored = 5
    case right = 6
    case rightMirrored = 7
    case left = 8

    /// The orientation recorded in a JPEG's first EXIF segment; `.up` when there is none or it
    /// cannot be read. Reads only up to the start of the scan, every offset checked.
    init(jpeg bytes: [UInt8]) {
        self = .up
        var index = 2  // past SOI
        while index + 4 <= bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            if marker == 0xFF {  // fill byte
                index += 1
                continue
            }
            if marker == 0xDA || marker == 0xD9 { return }  // start of scan, end of image
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { return }
            let segment = bytes[(index + 4)..<(index + 2 + length)]
            if marker == 0xE1, segment.starts(with: [0x45, 0x78, 0x69, 0x66, 0, 0]) {  // "Exif\0\0"
                if let value = Self.orientation(tiff: Array(segment.dropFirst(6))), let found = Self(rawValue: value) {
                    self = found
                }
                return
            }
            index += 2 + length
        }
    }

    /// Tag 0x0112 of IFD0 in a TIFF structure, or nil.
    private static func orientation(tiff: [UInt8]) -> Int? {
        guard tiff.count >= 8 else { return nil }
        let bigEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            let (a, b) = (Int(tiff[at]), Int(tiff[at + 1]))
            return bigEndian ? a << 8 | b : b << 8 | a
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(bigEndian ? at : at + 2), let low = u16(bigEndian ? at + 2 : at) else { return nil }
            return high << 16 | low
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<count {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            // SHORT (type 3), one value, held in the first two bytes of the value field.
            if tag == 0x0112 {
                guard u16(at + 2) == 3, u32(at + 4) == 1 else { return nil }
                return u16(at + 8)
            }
        }
        return nil
    }

    /// The image turned and mirrored so that it shows upright.
    func apply(to image: RasterImage) -> RasterImage {
        guard self != .up else { return image }
        let (width, height) = (image.width, image.height)
        let swapsSides = rawValue >= 5
        let (outWidth, outHeight) = swapsSides ? (height, width) : (width, height)
        let channels = image.layout.channels
        var out = [UInt8](repeating: 0, count: image.pixels.count)
        image.pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { destination in
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        // Where the pixel shown at (x, y) is stored.
                        let (sourceX, sourceY) =
                            switch self {
                            case .up: (x, y)
                            case .upMirrored: (width - 1 - x, y)
                            case .down: (width - 1 - x, height - 1 - y)
                            case .downMirrored: (x, height - 1 - y)
                            case .leftMirrored: (y, x)
                            case .right: (y, height - 1 - x)
                            case .rightMirrored: (width - 1 - y, height - 1 - x)
                            case .left: (width - 1 - y, x)
                            }
                        let from = (sourceY * width + sourceX) * channels
                        let to = (y * outWidth + x) * channels
                        for channel in 0..<channels { destination[to + channel] = source[from + channel] }
                    }
                }
            }
        }
        return RasterImage(unchecked: outWidth, outHeight, image.layout, out)
    }
}
