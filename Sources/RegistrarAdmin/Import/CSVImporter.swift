import Foundation
import RegistrarCore

/// Imports one CSV file from outside (enterprises, the exam authority's qualifications, the holiday
/// calendar): streamed record by record, written in batched transactions through the core's
/// `importBatch`, every refused line reported with its number and reason.
///
/// Batches are written on a thread of their own (`BatchWriter`), one at a time and in order, while the
/// next batch is read and validated: on two cores the parsing and the store's work (sealing, the
/// database) overlap. A batch that fails stops the import; the batches before it stay committed and none
/// after it is written, as when every batch was written in turn.
///
/// Re-importing a file changes nothing (the store's upserts report unchanged rows); a later line
/// that repeats an earlier one's key is refused as a duplicate, so that a file never silently
/// overrides itself.
public struct CSVImporter {
    public let registrar: Registrar
    public let administrator: String
    public let batchSize: Int

    public init(registrar: Registrar, administrator: String, batchSize: Int = 5000) {
        self.registrar = registrar
        self.administrator = administrator
        self.batchSize = max(1, batchSize)
    }

    /// Called now and then with the bytes read so far and the file's size.
    public typealias Progress = (_ bytesRead: Int64, _ size: Int64, _ rows: Int) -> Void

    public func run(_ kind: ImportKind, path: String, progress: Progress? = nil) throws -> ImportReport {
        let started = Date()
        let file = try OpenFile(path: path)
        let reading = FileBytes.ReadProgress()
        var reader = CSVReader(chunks: FileBytes(descriptor: file.descriptor, progress: reading).chunks())
        var report = ImportReport(kind: kind, file: path)
        let source = (path as NSString).lastPathComponent

        let writer = BatchWriter(registrar: registrar, administrator: administrator, source: source)
        var pending = Batch(kind: kind)
        func flush() throws {
            guard !pending.isEmpty else { return }
            try writer.submit(pending.batch, rows: pending.count)
            pending = Batch(kind: kind)
            progress?(reading.bytesRead, file.size, report.rows)
        }

        var keys = DuplicateKeys(kind: kind, reference: registrar.reference)
        var sawHeader = false
        records: while true {
            let record: [String]
            do {
                guard let next = try reader.nextRecord() else { break records }
                record = next
            } catch let failure as CSVReader.Failure {
                try flush()
                switch failure {
                case .invalidUTF8(let line):
                    report.abortedAt = line
                    report.abortReason = "第\(line)行不是有效的UTF-8编码，导入中止"
                case .unterminatedQuote(let line):
                    report.abortedAt = line
                    report.abortReason = "第\(line)行的引号没有闭合，导入中止"
                }
                break records
            }
            if !sawHeader {
                sawHeader = true
                try checkHeader(record, kind: kind)
                continue
            }
            report.rows += 1
            let line = reader.line
            do throws(RegistrarError) {
                switch kind {
                case .enterprises:
                    let row = try registrar.administration.parseEnterprise(record)
                    try keys.claim(.text(row.creditCode.value), line: line)
                    pending.enterprises.append(row)
                case .qualifications:
                    let row = try registrar.administration.parseQualification(record)
                    try keys.claim(keys.qualificationKey(row), line: line)
                    pending.qualifications.append(row)
                case .holidays:
                    let row = try registrar.administration.parseHoliday(record)
                    try keys.claim(.number(Int64(row.date.dayNumber)), line: line)
                    pending.holidays.append(row)
                }
            } catch {
                let reason = error.field.map { "\(error.message)（\($0)）" } ?? error.message
                report.rejected.append(ImportRejection(line: line, code: error.code, field: error.field, reason: reason))
            }
            if pending.count >= batchSize { try flush() }
        }
        try flush()
        let written = try writer.finish()
        report.changed = written.changed
        report.accepted = written.accepted
        report.batches = written.batches
        if !sawHeader { throw AdminFailure("\(path) 是空文件：第1行应为表头 \(kind.header.joined(separator: ","))") }
        if let errorNumber = reading.failure {
            report.abortedAt = reader.line
            report.abortReason = "读取文件失败：\(String(cString: strerror(errorNumber)))"
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    private func checkHeader(_ record: [String], kind: ImportKind) throws {
        var fields = record.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let first = fields.first, first.hasPrefix("\u{FEFF}") { fields[0] = String(first.dropFirst()) }
        guard fields == kind.header else {
            throw AdminFailure("第1行应为表头 \(kind.header.joined(separator: ","))，实际为 \(record.joined(separator: ","))；未导入任何数据")
        }
    }

    /// The rows waiting for their transaction.
    private struct Batch {
        let kind: ImportKind
        var enterprises: [Enterprise] = []
        var qualifications: [Qualification] = []
        var holidays: [HolidayEntry] = []

        var count: Int { enterprises.count + qualifications.count + holidays.count }
        var isEmpty: Bool { count == 0 }
        var batch: AdministrationService.ImportBatch {
            switch kind {
            case .enterprises: return .enterprises(enterprises)
            case .qualifications: return .qualifications(qualifications)
            case .holidays: return .holidays(holidays)
            }
        }
    }
}

/// Writes an import's batches through `importBatch` on a queue of its own, in the order submitted, one at
/// a time: `submit` waits while a batch is being written, so at most one batch waits in memory besides
/// the one being filled. After a failure nothing more is written, and the failure is thrown by the next
/// `submit` or by `finish`.
final class BatchWriter: @unchecked Sendable {
    struct Totals {
        var changed = 0
        var accepted = 0
        var batches = 0
    }

    private let registrar: Registrar
    private let administrator: String
    private let source: String
    private let queue = DispatchQueue(label: "registrar.import.writer")
    private let free = DispatchSemaphore(value: 1)
    private let lock = NSLock()
    // Guarded by `lock`.
    private var totals = Totals()
    private var failure: (any Error)?

    init(registrar: Registrar, administrator: String, source: String) {
        self.registrar = registrar
        self.administrator = administrator
        self.source = source
    }

    /// Queues a batch, once the one before it is written; throws the failure of an earlier batch.
    func submit(_ batch: AdministrationService.ImportBatch, rows: Int) throws {
        free.wait()
        if let failure = lock.withLock({ failure }) {
            free.signal()
            throw failure
        }
        queue.async { [self] in
            defer { free.signal() }
            do {
                let changed = try registrar.administration.importBatch(administrator: administrator, batch, source: source)
                lock.withLock {
                    totals.changed += changed
                    totals.accepted += rows
                    totals.batches += 1
                }
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits for every queued batch; the totals, or the first failure.
    func finish() throws -> Totals {
        queue.sync {}
        return try lock.withLock {
            if let failure { throw failure }
            return totals
        }
    }
}

/// The keys seen so far in a file, with the line each was first seen on. Qualification keys are
/// packed into two integers so that a file of millions of rows costs tens of megabytes, not hundreds.
struct DuplicateKeys {
    enum Key: Hashable {
        case text(String)
        case number(Int64)
        case pair(UInt64, UInt32)
    }

    let kind: ImportKind
    private var firstLine: [Key: Int] = [:]
    private let specialtyIndex: [String: UInt32]

    init(kind: ImportKind, reference: ReferenceData) {
        self.kind = kind
        var index: [String: UInt32] = [:]
        for (position, specialty) in reference.specialties.enumerated() { index[specialty.key] = UInt32(position) }
        specialtyIndex = index
    }

    /// The first 17 digits determine the check character, so they identify the ID number.
    func qualificationKey(_ row: Qualification) -> Key {
        let digits = UInt64(row.idNumber.value.prefix(17)) ?? 0
        let specialty = specialtyIndex[row.specialtyKey] ?? UInt32.max >> 1
        return .pair(digits, specialty << 1 | (row.kind == .temporary ? 1 : 0))
    }

    mutating func claim(_ key: Key, line: Int) throws(RegistrarError) {
        if let first = firstLine[key] {
            throw .conflict(.csvDuplicate, "与第\(first)行重复（\(kind.keyDescription)）")
        }
        firstLine[key] = line
    }
}
