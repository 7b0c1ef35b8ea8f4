import RegistrarCore
import Synchronization

/// Progress responses as rendered, kept per applicant (and qualification filter) and given again
/// while the store says nothing they show has changed: `Registrar.applicantProgressVersion` reads
/// the version with the session, instead of three queries and the rendering. Stale bodies are never
/// served: the version is read on every request, and the store's triggers change it whoever
/// writes, in any process.
///
/// Bounded by `capacity` entries in two generations: new entries go to the young one; a hit in the
/// old one moves there too; when the young one holds half the capacity it becomes the old one and
/// the former old one is dropped — whatever was not asked for during a whole generation.
final class ProgressCache: Sendable {
    struct Key: Hashable, Sendable {
        var applicantId: Int64
        var qualification: QualificationKind?
    }

    private struct Entry: Sendable {
        var version: ProgressVersion
        var body: [UInt8]
    }

    private struct Generations: Sendable {
        var young: [Key: Entry] = [:]
        var old: [Key: Entry] = [:]
    }

    /// Entries kept at most; 0 keeps none.
    let capacity: Int
    private let generations = Mutex(Generations())

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    var isEnabled: Bool { capacity > 0 }

    /// The body kept for `key` if it was rendered at `version`.
    func body(for key: Key, at version: ProgressVersion) -> [UInt8]? {
        guard isEnabled else { return nil }
        var dropped: [Key: Entry] = [:]
        let body: [UInt8]? = generations.withLock { g in
            if let entry = g.young[key] { return entry.version == version ? entry.body : nil }
            guard let entry = g.old.removeValue(forKey: key), entry.version == version else { return nil }
            dropped = insert(entry, for: key, into: &g)
            return entry.body
        }
        _ = dropped  // Released here, outside the lock.
        return body
    }

    /// Keeps `body`, rendered at `version`, for `key` (replacing what was kept for it).
    func store(_ body: [UInt8], for key: Key, at version: ProgressVersion) {
        guard isEnabled else { return }
        var dropped: [Key: Entry] = [:]
        generations.withLock { g in
            g.old[key] = nil
            dropped = insert(Entry(version: version, body: body), for: key, into: &g)
        }
        _ = dropped
    }

    /// Entries kept now, in both generations.
    var count: Int { generations.withLock { $0.young.count + $0.old.count } }

    /// Returns the generation that was dropped, for the caller to release outside the lock.
    private func insert(_ entry: Entry, for key: Key, into g: inout Generations) -> [Key: Entry] {
        var dropped: [Key: Entry] = [:]
        if g.young[key] == nil && g.young.count >= max(1, capacity / 2) {
            dropped = g.old
            g.old = g.young
            g.young = [:]
            g.old[key] = nil
        }
        g.young[key] = entry
        return dropped
    }
}
