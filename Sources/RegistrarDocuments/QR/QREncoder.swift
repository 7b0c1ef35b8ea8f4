import CQREncode
import RegistrarCore

/// The only door to libqrencode.
enum QREncoder {
    /// The symbol for `bytes`: the smallest version that holds them at `level`, as a square of
    /// dark/light modules. ASCII is split into numeric, alphanumeric and 8-bit segments; other
    /// bytes go in one 8-bit segment, declared UTF-8 when `utf8` says they are text.
    static func encode(_ bytes: [UInt8], level: QRMatrix.ErrorCorrection, utf8: Bool) throws(RegistrarError)
        -> QRMatrix
    {
        let eclevel: QRecLevel =
            switch level {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        guard !bytes.isEmpty, bytes.count <= 7089 else { throw .qrCodeTooLong }
        let symbol: UnsafeMutablePointer<QRcode>?
        if bytes.allSatisfy({ $0 != 0 && $0 < 0x80 }) {
            // Plain ASCII: libqrencode splits it into numeric, alphanumeric and 8-bit segments.
            let terminated = bytes.map { CChar(bitPattern: $0) } + [0]
            symbol = QRcode_encodeString(terminated, 0, eclevel, QR_MODE_8, 1)
        } else if utf8 {
            symbol = encodeDeclaringUTF8(bytes, level: eclevel)
        } else {
            symbol = bytes.withUnsafeBufferPointer { QRcode_encodeData(Int32(bytes.count), $0.baseAddress, 0, eclevel) }
        }
        guard let symbol else {
            let code = registrar_qrencode_errno()
            if code == ERANGE { throw .qrCodeTooLong }
            throw .renderFailed("QRcode_encode errno \(code)")
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        guard width > 0, let data = symbol.pointee.data else { throw .renderFailed("empty QR symbol") }
        // Bit 0 of each byte is the module's colour; the other bits say what the module is for.
        let modules = UnsafeBufferPointer(start: data, count: width * width).map { $0 & 1 == 1 }
        return QRMatrix(version: Int(symbol.pointee.version), size: width, modules: modules)
    }

    /// One 8-bit segment behind an ECI header naming UTF-8 (ECI 26). Without it a reader guesses
    /// the encoding, and zbar takes a lone 京 (E4 BA AC) for Shift JIS.
    private static func encodeDeclaringUTF8(_ bytes: [UInt8], level: QRecLevel) -> UnsafeMutablePointer<QRcode>? {
        guard let input = QRinput_new2(0, level) else { return nil }
        defer { QRinput_free(input) }
        guard QRinput_appendECIheader(input, utf8ECI) == 0 else { return nil }
        let appended = bytes.withUnsafeBufferPointer {
            QRinput_append(input, QR_MODE_8, Int32(bytes.count), $0.baseAddress)
        }
        guard appended == 0 else { return nil }
        return QRcode_encodeInput(input)
    }

    private static let utf8ECI: UInt32 = 26
}
