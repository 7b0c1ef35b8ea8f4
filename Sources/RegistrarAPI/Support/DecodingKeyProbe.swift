/// Finds the keys a `Decodable` type reads from a JSON object by running its `init(from:)` against
/// a decoder that hands out empty values (`""`, `0`, `false`, `[]`, absent optionals) and records
/// each key asked for at the top level. Strict request bodies derive their allowed fields from it,
/// so a property is never listed twice.
///
/// It works for the synthesized conformances of bodies made of strings, numbers, booleans, arrays
/// and optionals; a type whose decoding refuses empty values makes `keys(of:)` throw.
enum DecodingKeyProbe {
    static func keys<T: Decodable>(of type: T.Type) throws -> Set<String> {
        let recorder = KeyRecorder()
        _ = try T(from: ProbeDecoder(recorder: recorder, codingPath: []))
        return recorder.keys
    }
}

private final class KeyRecorder {
    var keys: Set<String> = []
}

private struct ProbeDecoder: Decoder {
    /// Records keys only for the outermost object; nested values are decoded without recording.
    let recorder: KeyRecorder?
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(ProbeKeyedContainer<Key>(recorder: recorder, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        ProbeUnkeyedContainer(codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ProbeSingleValue(codingPath: codingPath)
    }
}

private struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: KeyRecorder?
    let codingPath: [any CodingKey]
    var allKeys: [Key] { [] }

    private func record(_ key: Key) {
        recorder?.keys.insert(key.stringValue)
    }

    /// Absent, so that `decodeIfPresent` records the key and yields `nil`.
    func contains(_ key: Key) -> Bool {
        record(key)
        return false
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        record(key)
        return true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        record(key)
        return try T(from: ProbeDecoder(recorder: nil, codingPath: codingPath + [key]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        record(key)
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(recorder: nil, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        record(key)
        return ProbeUnkeyedContainer(codingPath: codingPath + [key])
    }

    func superDecoder() throws -> any Decoder {
        ProbeDecoder(recorder: nil, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        record(key)
        return ProbeDecoder(recorder: nil, codingPath: codingPath + [key])
    }
}

/// An empty array.
private struct ProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let codingPath: [any CodingKey]
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }

    private func end() -> DecodingError {
        .valueNotFound(Any.self, DecodingError.Context(codingPath: codingPath, debugDescription: "the probe's arrays are empty"))
    }

    mutating func decodeNil() throws -> Bool { throw end() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { throw end() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw end()
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw end() }
    mutating func superDecoder() throws -> any Decoder { throw end() }
}

/// The empty value of each primitive type.
private struct ProbeSingleValue: SingleValueDecodingContainer {
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { "" }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: ProbeDecoder(recorder: nil, codingPath: codingPath))
    }
}
