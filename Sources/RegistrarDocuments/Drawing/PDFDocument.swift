import Foundation
import RegistrarCore

/// A PDF being drawn: pages of one size, written into memory, handed back whole by `finish`.
///
/// Draw on `canvas` (coordinates in points from the top left of the page), call `newPage` between
/// pages, and `finish` once. Not `Sendable`, like the canvas it owns.
public final class PDFDocument {
    /// Document information shown by PDF readers. `created` fixes the creation date, so that the
    /// same drawing gives the same bytes; without it cairo stamps the current time.
    public struct Metadata: Sendable, Equatable {
        public var title: String?
        public var author: String?
        public var subject: String?
        public var creator: String?
        public var created: Date?

        public init(
            title: String? = nil, author: String? = nil, subject: String? = nil, creator: String? = "Registrar",
            created: Date? = nil
        ) {
            self.title = title
            self.author = author
            self.subject = subject
            self.creator = creator
            self.created = created
        }
    }

    /// ISO 216 A4 portrait, 210 mm × 297 mm, in points.
    public static let a4 = (width: points(millimetres: 210), height: points(millimetres: 297))

    /// Points (1/72 inch) in `millimetres`.
    public static func points(millimetres: Double) -> Double { millimetres / 25.4 * 72 }

    public let canvas: CairoCanvas
    private let sink: ByteSink
    private var finished = false

    /// A document whose first page is ready to draw on; A4 portrait unless told otherwise.
    public init(
        width: Double = PDFDocument.a4.width, height: Double = PDFDocument.a4.height, metadata: Metadata = Metadata()
    ) throws(RegistrarError) {
        let sink = ByteSink()
        self.sink = sink
        self.canvas = try CairoCanvas(pdfWidth: width, height: height, sink: sink)
        canvas.setPDFMetadata(
            title: metadata.title, author: metadata.author, subject: metadata.subject, creator: metadata.creator,
            created: metadata.created.map(Self.pdfDate))
    }

    /// Ends the current page; what is drawn next goes on a new one.
    public func newPage() {
        precondition(!finished, "PDFDocument used after finish()")
        canvas.showPage()
    }

    /// Ends the last page and returns the document's bytes. Call once.
    public func finish() throws(RegistrarError) -> [UInt8] {
        precondition(!finished, "PDFDocument finished twice")
        finished = true
        try canvas.finish()
        return sink.bytes
    }

    /// Ends the document and writes it to `path`, replacing the file atomically.
    public func finish(writingTo path: String) throws(RegistrarError) {
        let bytes = try finish()
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .documentWriteFailed(path)
        }
    }

    /// `YYYY-MM-DDThh:mm:ss+08:00`, the form cairo's PDF metadata takes, in China Standard Time.
    static func pdfDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return
            "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))+08:00"
    }
}

@available(*, unavailable)
extension PDFDocument: Sendable {}
