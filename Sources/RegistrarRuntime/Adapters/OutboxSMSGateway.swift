import Foundation
import RegistrarCore

/// The outbox SMS driver: one JSON file per message in a spool directory, for development and for
/// on-premises gateways that pick messages up from a directory.
///
/// A file is named by the message's id, `<id>.json`, and written to a temporary name then renamed,
/// so that a reader never sees half a message and a message sent again (its sender stopped before
/// recording it sent) replaces its own file rather than adding a second. The spool is the delivery:
/// the file holds the full text, code included, until the pickup process takes it; the database's
/// copy is redacted once the file is written.
public struct OutboxSMSGateway: SMSGateway {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// One message as stored.
    public struct Message: Codable, Equatable, Sendable {
        public var id: Int64
        public var phone: String
        public var text: String
        public var queuedAt: String
    }

    public func send(messageId: Int64, to phone: String, text: String) throws(RegistrarError) {
        let name = "\(messageId).json"
        let message = Message(id: messageId, phone: phone, text: text, queuedAt: ISO8601DateFormatter().string(from: Date()))
        let unwritable = RegistrarError.unavailable(.smsOutboxUnwritable, "短信发送失败，请稍后重试")
        do {
            if !FileManager.default.fileExists(atPath: directory) { try DataDirectory.makePrivateDirectory(directory) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(message)
            let temporary = directory + "/." + name + ".\(UInt32.random(in: 0...UInt32.max)).tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw unwritable
            }
            guard rename(temporary, directory + "/" + name) == 0 else {
                unlink(temporary)
                throw unwritable
            }
        } catch {
            throw unwritable
        }
    }

    /// The messages in the spool, oldest (lowest id) first.
    public func messages() -> [(file: String, message: Message)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".json") && !$0.hasPrefix(".")
        }
        let read = names.compactMap { name -> (file: String, message: Message)? in
            guard let data = FileManager.default.contents(atPath: directory + "/" + name),
                let message = try? JSONDecoder().decode(Message.self, from: data)
            else { return nil }
            return (name, message)
        }
        return read.sorted { $0.message.id < $1.message.id }
    }
}
