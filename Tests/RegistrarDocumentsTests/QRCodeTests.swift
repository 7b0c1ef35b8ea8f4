import RegistrarCore
import RegistrarTestSupport
import Testing

@testable import RegistrarDocuments

@Suite("QR codes")
struct QRCodeTests {
    static let payloads = [
        "https://registrar.example.cn/v/京111050700001",
        "RC1.京111050700001.3.00000042.20250601.Zm9vYmFyYmF6cXV4",
        "0123456789",
        String(repeating: "长文本二维码", count: 40),
    ]

    @Test("a QR PNG reads back with zbarimg to the same string", arguments: payloads)
    func roundTrip(payload: String) throws {
        let matrix = try QRMatrix(encoding: payload)
        let png = try matrix.pngData(moduleSize: 4)
        let image = try ImageNormalizer.decode(png, maxPixels: 10_000_000)
        #expect(image.width == (matrix.size + 8) * 4)
        #expect(try ExternalTools.scanQR(png: png) == payload)
    }

    @Test("the matrix has the size of its version and the finder patterns in three corners")
    func matrix() throws {
        let matrix = try QRMatrix(encoding: "hello")
        #expect(matrix.size == 17 + 4 * matrix.version)
        #expect(matrix.modules.count == matrix.size * matrix.size)
        let last = matrix.size - 1
        for (row, column) in [(0, 0), (0, last), (last, 0), (6, 6), (6, last - 6), (last - 6, 6)] {
            #expect(matrix[row, column])
        }
        #expect(!matrix[-1, 0] && !matrix[0, matrix.size])
        #expect(try QRMatrix(encoding: "hello", errorCorrection: .high).size >= matrix.size)
    }

    @Test("more than a QR code can hold is refused with qrcode.too_long")
    func tooLong() {
        #expect(throws: RegistrarError.qrCodeTooLong) { try QRMatrix(encoding: String(repeating: "码", count: 2000)) }
        #expect(throws: RegistrarError.qrCodeTooLong) { try QRMatrix(encoding: "") }
    }

    @Test("bytes with NUL in them encode too")
    func binary() throws {
        let matrix = try QRMatrix(encoding: [0x41, 0x00, 0x42])
        #expect(matrix.version >= 1)
    }
}
