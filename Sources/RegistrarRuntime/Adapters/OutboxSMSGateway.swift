import Foundation
import RegistrarCore

/// The outbox SMS driver: one JSON file per message in a spool directory, for development and for
/// on-premises gateways that pick messages up from a directory.
///
/// Files are written to a temporary name and renamed, so that a reader never sees half a message.
/// Names sort by time: `<microseconds>-<random>.json`.
public struct OutboxSMSGateway: SMSGateway {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// One message as stored.
    public struct Message: Codable, Equatable, Sendable {
        public var phone: String
        public var text: String
        public var queuedAt: String
    }

    public func send(to phone: String, text: String) throws(RegistrarError) {
        let now = Date()
        let stamp = String(Int64(now.timeIntervalSince1970 * 1_000_000))
        let name = "\(stamp)-\(UInt32.random(in: 0...UInt32.max)).json"
        let message = Message(phone: phone, text: text, queuedAt: ISO8601DateFormatter().string(from: now))
        do {
            if !FileManager.default.fileExists(atPath: directory) { try DataDirectory.makePrivateDirectory(directory) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(message)
            let temporary = directory + "/." + name + ".tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw RegistrarError.unavailable("sms.outbox_unwritable", "短信发送失败，请稍后重试")
            }
            guard rename(temporary, directory + "/" + name) == 0 else {
                throw RegistrarError.unavailable("sms.outbox_unwritable", "短信发送失败，请稍后重试")
            }
        } catch let error as RegistrarError {
            throw error
        } catch {
            throw RegistrarError.unavailable("sms.outbox_unwritable", "短信发送失败，请稍后重试")
        }
    }

    /// The queued messages, oldest first.
    public func messages() -> [(file: String, message: Message)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory + "/" + name),
                let message = try? JSONDecoder().decode(Message.self, from: data)
            else { return nil }
            return (name, message)
        }
    }
}
