import CSodium

/// The only door to libsodium: every C call of this module goes through here.
///
/// Keeping the C edge in one file means the rest of the module reads as plain Swift and the
/// unsafe pointer work can be audited in one sitting. Functions here take and return Swift
/// values; a C result that can only mean a bug in our own code (a wrong buffer size) is a
/// precondition, a result the world can cause (out of memory, a forged tag) is a `nil` or `false`
/// that the caller turns into a `RegistrarError`.
enum Sodium {
    /// Runs `sodium_init` exactly once per process; a Swift `static let` initialiser is thread-safe.
    private static let initialized: Bool = sodium_init() >= 0

    /// Call before any other libsodium function. libsodium cannot work uninitialised, and it only
    /// fails to initialise when the system has no usable entropy source: nothing we can recover from.
    static func ensureInitialized() {
        precondition(initialized, "sodium_init failed: no usable source of randomness")
    }

    // MARK: Sizes, with Swift names

    static let aeadKeyBytes = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    static let aeadNonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let aeadTagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    static let kdfKeyBytes = Int(crypto_kdf_KEYBYTES)
    static let kdfContextBytes = Int(crypto_kdf_CONTEXTBYTES)
    static let signPublicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    static let signSecretKeyBytes = Int(crypto_sign_SECRETKEYBYTES)
    static let signSeedBytes = Int(crypto_sign_SEEDBYTES)
    static let signatureBytes = Int(crypto_sign_BYTES)
    static let sha256Bytes = Int(crypto_hash_sha256_BYTES)
    static let passwordMaxBytes = Int(crypto_pwhash_argon2id_PASSWD_MAX)
    static let passwordHashMaxBytes = Int(crypto_pwhash_STRBYTES)

    // MARK: Randomness

    static func randomFill(_ buffer: UnsafeMutableRawBufferPointer) {
        ensureInitialized()
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randomFill($0) }
        return out
    }

    static func randomUniform(_ upperBound: UInt32) -> UInt32 {
        ensureInitialized()
        return randombytes_uniform(upperBound)
    }

    // MARK: Argon2id password hashing

    /// The self-describing hash string (`$argon2id$v=19$m=…,t=…,p=1$salt$hash`), or nil when
    /// libsodium could not allocate the memory the parameters ask for.
    static func argon2idHash(_ password: String, opsLimit: UInt64, memLimit: Int) -> String? {
        ensureInitialized()
        var out = [CChar](repeating: 0, count: passwordHashMaxBytes)
        let length = UInt64(password.utf8.count)
        let rc = password.withCString { passwd in
            crypto_pwhash_str_alg(&out, passwd, length, opsLimit, memLimit, crypto_pwhash_ALG_ARGON2ID13)
        }
        guard rc == 0 else { return nil }
        return string(fromNulTerminated: out)
    }

    /// Whether `password` matches `hash`; false for anything that is not a well-formed hash string.
    static func passwordHashVerify(_ hash: String, password: String) -> Bool {
        ensureInitialized()
        guard isPlausibleHashString(hash) else { return false }
        let length = UInt64(password.utf8.count)
        return hash.withCString { str in
            password.withCString { passwd in crypto_pwhash_str_verify(str, passwd, length) == 0 }
        }
    }

    /// Whether `hash` differs from the given parameters; true also for a malformed string.
    static func passwordHashNeedsRehash(_ hash: String, opsLimit: UInt64, memLimit: Int) -> Bool {
        ensureInitialized()
        guard isPlausibleHashString(hash) else { return true }
        return hash.withCString { crypto_pwhash_str_needs_rehash($0, opsLimit, memLimit) } != 0
    }

    /// A hash string handed to C must fit its buffer and have no NUL that would cut it short.
    private static func isPlausibleHashString(_ hash: String) -> Bool {
        hash.utf8.count < passwordHashMaxBytes && !hash.utf8.contains(0)
    }

    // MARK: Argon2id key derivation and secretbox (key backups)

    static let pwhashSaltBytes = Int(crypto_pwhash_SALTBYTES)
    static let pwhashOpsLimitMin = UInt64(crypto_pwhash_OPSLIMIT_MIN)
    static let pwhashMemLimitMin = Int(crypto_pwhash_MEMLIMIT_MIN)
    static let secretboxKeyBytes = Int(crypto_secretbox_KEYBYTES)
    static let secretboxNonceBytes = Int(crypto_secretbox_NONCEBYTES)
    static let secretboxMacBytes = Int(crypto_secretbox_MACBYTES)

    /// `count` bytes derived from `passphrase` and `salt` with Argon2id, or nil when libsodium
    /// refuses the parameters or cannot allocate the memory they ask for.
    static func argon2idDerive(
        _ passphrase: [UInt8], salt: [UInt8], opsLimit: UInt64, memLimit: Int, count: Int
    ) -> SecretBytes? {
        ensureInitialized()
        guard salt.count == pwhashSaltBytes else { return nil }
        var failed = false
        let key = SecretBytes(count: count) { out in
            var passwd = passphrase.map { CChar(bitPattern: $0) } + [0]
            defer { passwd.withUnsafeMutableBytes { zero($0) } }
            let rc = crypto_pwhash(
                out, UInt64(count), passwd, UInt64(passphrase.count), salt, opsLimit, memLimit, crypto_pwhash_ALG_ARGON2ID13)
            failed = rc != 0
        }
        return failed ? nil : key
    }

    /// The MAC followed by the ciphertext (`crypto_secretbox_easy`).
    static func secretboxSeal(_ message: [UInt8], nonce: [UInt8], key: SecretBytes) -> [UInt8] {
        ensureInitialized()
        precondition(nonce.count == secretboxNonceBytes && key.count == secretboxKeyBytes, "secretbox nonce or key of the wrong size")
        var out = [UInt8](repeating: 0, count: message.count + secretboxMacBytes)
        let rc = key.withUnsafePointer { k in crypto_secretbox_easy(&out, message, UInt64(message.count), nonce, k) }
        precondition(rc == 0, "crypto_secretbox_easy failed")
        return out
    }

    /// The message, or nil when the MAC does not verify.
    static func secretboxOpen(_ box: [UInt8], nonce: [UInt8], key: SecretBytes) -> [UInt8]? {
        ensureInitialized()
        guard box.count >= secretboxMacBytes, nonce.count == secretboxNonceBytes, key.count == secretboxKeyBytes else { return nil }
        var out = [UInt8](repeating: 0, count: box.count - secretboxMacBytes)
        let rc = key.withUnsafePointer { k in crypto_secretbox_open_easy(&out, box, UInt64(box.count), nonce, k) }
        guard rc == 0 else {
            out.withUnsafeMutableBytes { zero($0) }
            return nil
        }
        return out
    }

    // MARK: Key derivation and hashing

    /// A 32-byte subkey of `master` for `id` under an 8-byte `context`.
    static func deriveSubkey(from master: SecretBytes, id: UInt64, context: String) -> SecretBytes {
        ensureInitialized()
        precondition(master.count == kdfKeyBytes, "KDF master key must be \(kdfKeyBytes) bytes")
        precondition(context.utf8.count == kdfContextBytes, "KDF context must be \(kdfContextBytes) bytes")
        return SecretBytes(count: 32) { subkey in
            let rc = master.withUnsafePointer { key in
                context.withCString { crypto_kdf_derive_from_key(subkey, 32, id, $0, key) }
            }
            precondition(rc == 0, "crypto_kdf_derive_from_key rejected valid sizes")
        }
    }

    /// Keyed BLAKE2b with a 32-byte output.
    static func blake2b256(_ message: [UInt8], key: SecretBytes) -> [UInt8] {
        ensureInitialized()
        var out = [UInt8](repeating: 0, count: 32)
        let rc = key.withUnsafePointer { k in
            crypto_generichash(&out, 32, message, UInt64(message.count), k, key.count)
        }
        precondition(rc == 0, "crypto_generichash rejected valid sizes")
        return out
    }

    static func sha256(_ message: [UInt8]) -> [UInt8] {
        ensureInitialized()
        var out = [UInt8](repeating: 0, count: sha256Bytes)
        let rc = crypto_hash_sha256(&out, message, UInt64(message.count))
        precondition(rc == 0, "crypto_hash_sha256 failed")
        return out
    }

    // MARK: XChaCha20-Poly1305 (IETF) authenticated encryption

    /// Ciphertext followed by the 16-byte tag; nil only for a message too long for the cipher.
    static func aeadEncrypt(_ plaintext: [UInt8], additionalData: [UInt8], nonce: [UInt8], key: SecretBytes) -> [UInt8]? {
        ensureInitialized()
        precondition(nonce.count == aeadNonceBytes && key.count == aeadKeyBytes, "AEAD nonce or key of the wrong size")
        var out = [UInt8](repeating: 0, count: plaintext.count + aeadTagBytes)
        var outLength: UInt64 = 0
        let rc = key.withUnsafePointer { k in
            crypto_aead_xchacha20poly1305_ietf_encrypt(
                &out, &outLength, plaintext, UInt64(plaintext.count), additionalData, UInt64(additionalData.count), nil,
                nonce, k)
        }
        guard rc == 0 else { return nil }
        return Array(out.prefix(Int(outLength)))
    }

    /// The plaintext, or nil when the tag does not verify (wrong key, nonce, data, or tampering).
    static func aeadDecrypt(_ ciphertext: [UInt8], additionalData: [UInt8], nonce: [UInt8], key: SecretBytes) -> [UInt8]? {
        ensureInitialized()
        guard nonce.count == aeadNonceBytes, key.count == aeadKeyBytes, ciphertext.count >= aeadTagBytes else { return nil }
        var out = [UInt8](repeating: 0, count: ciphertext.count - aeadTagBytes)
        var outLength: UInt64 = 0
        let rc = key.withUnsafePointer { k in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                &out, &outLength, nil, ciphertext, UInt64(ciphertext.count), additionalData,
                UInt64(additionalData.count), nonce, k)
        }
        guard rc == 0 else { return nil }
        return Array(out.prefix(Int(outLength)))
    }

    // MARK: Ed25519 signatures

    /// A fresh key pair: the 64-byte secret key (seed || public key) and the 32-byte public key.
    static func signKeyPair() -> (secretKey: SecretBytes, publicKey: [UInt8]) {
        ensureInitialized()
        var publicKey = [UInt8](repeating: 0, count: signPublicKeyBytes)
        let secretKey = SecretBytes(count: signSecretKeyBytes) { sk in
            let rc = crypto_sign_keypair(&publicKey, sk)
            precondition(rc == 0, "crypto_sign_keypair failed")
        }
        return (secretKey, publicKey)
    }

    /// Recomputes the key pair from the seed inside `secretKey`: the public key, or nil when the
    /// stored secret key is not what its own seed yields (a corrupted or foreign file).
    static func signPublicKey(validating secretKey: SecretBytes) -> [UInt8]? {
        ensureInitialized()
        guard secretKey.count == signSecretKeyBytes else { return nil }
        let seed = SecretBytes(count: signSeedBytes) { seed in
            let rc = secretKey.withUnsafePointer { crypto_sign_ed25519_sk_to_seed(seed, $0) }
            precondition(rc == 0, "crypto_sign_ed25519_sk_to_seed failed")
        }
        var publicKey = [UInt8](repeating: 0, count: signPublicKeyBytes)
        let rebuilt = SecretBytes(count: signSecretKeyBytes) { sk in
            let rc = seed.withUnsafePointer { crypto_sign_seed_keypair(&publicKey, sk, $0) }
            precondition(rc == 0, "crypto_sign_seed_keypair failed")
        }
        return rebuilt.constantTimeEquals(secretKey) ? publicKey : nil
    }

    static func signDetached(_ message: [UInt8], secretKey: SecretBytes) -> [UInt8] {
        ensureInitialized()
        precondition(secretKey.count == signSecretKeyBytes, "Ed25519 secret key of the wrong size")
        var signature = [UInt8](repeating: 0, count: signatureBytes)
        let rc = secretKey.withUnsafePointer { sk in
            crypto_sign_detached(&signature, nil, message, UInt64(message.count), sk)
        }
        precondition(rc == 0, "crypto_sign_detached failed")
        return signature
    }

    static func verifyDetached(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        ensureInitialized()
        guard signature.count == signatureBytes, publicKey.count == signPublicKeyBytes else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }

    // MARK: Encodings

    static func base64URLEncode(_ bytes: [UInt8]) -> String {
        ensureInitialized()
        let variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING
        let capacity = sodium_base64_encoded_len(bytes.count, variant)
        var out = [CChar](repeating: 0, count: capacity)
        _ = sodium_bin2base64(&out, capacity, bytes, bytes.count, variant)
        return string(fromNulTerminated: out)
    }

    /// The decoded bytes, or nil unless the whole text is unpadded base64url.
    static func base64URLDecode(_ text: String) -> [UInt8]? {
        ensureInitialized()
        let b64 = text.utf8.map { CChar(bitPattern: $0) }
        let capacity = b64.count * 3 / 4 + 1
        var out = [UInt8](repeating: 0, count: capacity)
        var length = 0
        let rc = sodium_base642bin(
            &out, capacity, b64, b64.count, nil, &length, nil, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
        guard rc == 0 else { return nil }
        return Array(out.prefix(length))
    }

    /// Lowercase hexadecimal.
    static func hexEncode(_ bytes: [UInt8]) -> String {
        ensureInitialized()
        let capacity = bytes.count * 2 + 1
        var out = [CChar](repeating: 0, count: capacity)
        _ = sodium_bin2hex(&out, capacity, bytes, bytes.count)
        return string(fromNulTerminated: out)
    }

    // MARK: Memory

    /// Overwrites memory in a way the optimiser may not remove.
    static func zero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        sodium_memzero(base, buffer.count)
    }

    /// Compares two equally long regions in time independent of where they differ.
    static func constantTimeEquals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        ensureInitialized()
        guard a.count == b.count else { return false }
        guard a.count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return sodium_memcmp(pa, pb, a.count) == 0
    }

    private static func string(fromNulTerminated chars: [CChar]) -> String {
        let bytes = chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
