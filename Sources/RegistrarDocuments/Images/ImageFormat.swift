import Foundation

/// The two image formats attachments may have, known by content type and by magic bytes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"

    /// The canonical content type.
    public var contentType: String { rawValue }

    /// The format a declared content type names: case and parameters (`; charset=…`) ignored,
    /// `image/jpg` and `image/pjpeg` taken for what browsers mean by them. Nil for anything else.
    public init?(contentType: String) {
        let essence = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch essence.trimmingCharacters(in: .whitespaces).lowercased() {
        case "image/jpeg", "image/jpg", "image/pjpeg": self = .jpeg
        case "image/png": self = .png
        default: return nil
        }
    }

    /// The format the bytes begin like, from their signature alone; nil when neither.
    ///
    /// A JPEG starts with SOI (`FF D8`) and a marker (`FF`); a PNG with its eight-byte signature.
    public init?(sniffing bytes: [UInt8]) {
        if bytes.starts(with: ImageFormat.pngSignature) {
            self = .png
        } else if bytes.starts(with: ImageFormat.jpegSignature) {
            self = .jpeg
        } else {
            return nil
        }
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF]
}
