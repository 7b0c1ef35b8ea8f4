import Foundation

@testable import RegistrarDocuments

/// Images made in the test, through the module's own encoders, and hand-made malicious files.
enum TestImages {
    /// A colour gradient, so that every row and column differs.
    static func gradient(width: Int, height: Int, layout: RasterImage.Layout = .rgb) -> RasterImage {
        var pixels = [UInt8]()
        pixels.reserveCapacity(width * height * layout.channels)
        for y in 0..<height {
            for x in 0..<width {
                let red = UInt8(x * 255 / max(width - 1, 1))
                let green = UInt8(y * 255 / max(height - 1, 1))
                switch layout {
                case .gray: pixels.append(red)
                case .grayAlpha: pixels += [red, green]
                case .rgb: pixels += [red, green, 128]
                case .rgba: pixels += [red, green, 128, 200]
                }
            }
        }
        return RasterImage(unchecked: width, height, layout, pixels)
    }

    static func jpeg(width: Int = 64, height: Int = 48) -> [UInt8] {
        TurboJPEG.encode(gradient(width: width, height: height), quality: 85)
    }

    static func png(width: Int = 64, height: Int = 48, layout: RasterImage.Layout = .rgb) -> [UInt8] {
        LibPNG.encode(gradient(width: width, height: height, layout: layout))
    }

    /// The JPEG with an EXIF APP1 segment, as a phone writes one (with a GPS tag), right after SOI.
    static func jpegWithExif(width: Int = 64, height: Int = 48) -> [UInt8] {
        let plain = jpeg(width: width, height: height)
        // "Exif\0\0", then a little-endian TIFF header with one IFD entry: GPSInfo (0x8825).
        var payload: [UInt8] = Array("Exif".utf8) + [0, 0]
        payload += [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]
        payload += [0x01, 0x00, 0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1A, 0x00, 0x00, 0x00]
        payload += [0x00, 0x00, 0x00, 0x00]
        payload += Array("GPS 39.9042N 116.4074E secret place".utf8)
        let length = payload.count + 2
        let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
        return Array(plain[0..<2]) + segment + Array(plain[2...])
    }

    /// A PNG carrying a tEXt chunk after IHDR.
    static func pngWithText(_ text: String) -> [UInt8] {
        let plain = png()
        // Signature (8) + IHDR (4 length + 4 type + 13 data + 4 CRC) = 33.
        let chunk = self.chunk("tEXt", Array("Comment".utf8) + [0] + Array(text.utf8))
        return Array(plain[0..<33]) + chunk + Array(plain[33...])
    }

    /// A PNG whose header claims `width`×`height` with an empty IDAT after it: no pixels at all.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        var ihdr = [UInt8]()
        ihdr += bigEndian(width)
        ihdr += bigEndian(height)
        ihdr += [8, 2, 0, 0, 0]  // 8-bit RGB, deflate, no filter method, no interlace.
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", [])
            + chunk("IEND", [])
    }

    /// A JPEG whose frame header claims `width`×`height`, with a scan header and no image data.
    static func jpegHeader(width: UInt16, height: UInt16) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += [0xFF, 0xC0, 0x00, 0x11, 0x08]
        bytes += [UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF)]
        bytes += [0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
        bytes += [0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00]
        bytes += [0xFF, 0xD9]
        return bytes
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// CRC-32 as PNG uses it (ISO 3309, reflected, polynomial 0xEDB88320).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}

extension TestImages {
    /// 64×32: the left half dark, the right half light, so that turns and mirrors can be told.
    static func halves() -> RasterImage {
        var pixels = [UInt8]()
        for _ in 0..<32 {
            for x in 0..<64 { pixels += x < 32 ? [20, 20, 20] : [235, 235, 235] }
        }
        return RasterImage(unchecked: 64, 32, .rgb, pixels)
    }

    /// `halves()` as a JPEG whose EXIF says `orientation`, in big- or little-endian TIFF.
    static func jpegWithOrientation(_ orientation: UInt16, bigEndian: Bool) -> [UInt8] {
        let plain = TurboJPEG.encode(halves(), quality: 90)
        func u16(_ value: UInt16) -> [UInt8] {
            bigEndian ? [UInt8(value >> 8), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8)]
        }
        func u32(_ value: UInt32) -> [UInt8] {
            bigEndian
                ? u16(UInt16(value >> 16)) + u16(UInt16(value & 0xFFFF))
                : u16(UInt16(value & 0xFFFF)) + u16(UInt16(value >> 16))
        }
        var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        tiff += u16(42) + u32(8)
        tiff += u16(2)  // two entries: ImageDescription (ignored), Orientation
        tiff += u16(0x010E) + u16(2) + u32(4) + Array("abc\0".utf8)
        tiff += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0]
        tiff += u32(0)
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        // An APP0 before it, as cameras write, so the scan has to skip a segment.
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x07] + Array("JFIF\0".utf8)
        return [0xFF, 0xD8] + app0 + [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
            + Array(plain[2...])
    }
}
