import Foundation
import RegistrarCore
import RegistrarCrypto
import Testing

@Suite("Audit chain over keyed digests")
struct AuditChainTests {
    static func events() -> [AuditEvent] {
        let start = Date(timeIntervalSince1970: 1_717_200_000)
        return (1...5).map { n in
            AuditEvent(
                sequence: Int64(n), at: start.addingTimeInterval(Double(n) * 60), actorKind: "official", actorId: "u\(n)",
                action: "filing.review", objectType: "filing", objectId: "F\(n)", detail: "第\(n)次审核", provinceCode: "37")
        }
    }

    /// Links each event to the one before it, from the genesis hash.
    static func chain(_ events: [AuditEvent], _ digests: some Digests) -> [AuditEvent] {
        var previous = AuditEvent.genesisHash
        return events.map { event in
            var linked = event
            linked.previousHash = previous
            linked.hash = digests.chainHash(previous: previous, event: event.canonicalBytes)
            previous = linked.hash
            return linked
        }
    }

    @Test("five chained events verify, and editing one detail changes its hash and every later one")
    func chained() throws {
        var key = SodiumRandom().bytes(32)
        let digests = try KeyedDigests(masterKey: &key)
        let chained = Self.chain(Self.events(), digests)

        #expect(chained[0].previousHash == AuditEvent.genesisHash)
        for (earlier, later) in zip(chained, chained.dropFirst()) { #expect(later.previousHash == earlier.hash) }
        #expect(Set(chained.map(\.hash)).count == 5)

        var edited = Self.events()
        edited[2].detail = "第3次审核（已改）"
        let rechained = Self.chain(edited, digests)
        #expect(rechained[0].hash == chained[0].hash)
        #expect(rechained[1].hash == chained[1].hash)
        for index in 2..<5 { #expect(rechained[index].hash != chained[index].hash) }

        // Someone editing the row in place, without the key, leaves a link that no longer holds.
        let tampered = edited[2]
        #expect(digests.chainHash(previous: chained[1].hash, event: tampered.canonicalBytes) != chained[2].hash)
    }
}
