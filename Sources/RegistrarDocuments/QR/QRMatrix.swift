import RegistrarCore

/// A QR code symbol as a square of modules, without quiet zone: what a scanner reads, before it
/// is drawn at any size.
public struct QRMatrix: Sendable, Equatable {
    /// How much of the symbol may be damaged and still read: about 7, 15, 25 and 30 per cent.
    public enum ErrorCorrection: Sendable, Equatable, CaseIterable {
        case low
        case medium
        case quartile
        case high
    }

    /// Modules a scanner expects on every side of the symbol (ISO/IEC 18004).
    public static let standardQuietZone = 4

    /// 1 to 40; the symbol is `17 + 4 × version` modules wide.
    public let version: Int
    /// Modules per side.
    public let size: Int
    /// Row-major, `true` for dark.
    public let modules: [Bool]

    init(version: Int, size: Int, modules: [Bool]) {
        precondition(modules.count == size * size, "QR module count does not match its size")
        self.version = version
        self.size = size
        self.modules = modules
    }

    /// Encodes `text` as UTF-8, at error correction M unless told otherwise. Text beyond ASCII is
    /// marked UTF-8 (ECI 26), so that readers do not have to guess its encoding.
    ///
    /// Throws `qrcode.too_long` when no version holds it (or it is empty).
    public init(encoding text: String, errorCorrection: ErrorCorrection = .medium) throws(RegistrarError) {
        self = try QREncoder.encode(Array(text.utf8), level: errorCorrection, utf8: true)
    }

    /// Encodes bytes as they are (8-bit mode, no encoding declared), at error correction M
    /// unless told otherwise.
    public init(encoding bytes: [UInt8], errorCorrection: ErrorCorrection = .medium) throws(RegistrarError) {
        self = try QREncoder.encode(bytes, level: errorCorrection, utf8: false)
    }

    /// Whether the module at (row, column) is dark; outside the symbol (the quiet zone) it is light.
    public subscript(row: Int, column: Int) -> Bool {
        guard (0..<size).contains(row), (0..<size).contains(column) else { return false }
        return modules[row * size + column]
    }
}
