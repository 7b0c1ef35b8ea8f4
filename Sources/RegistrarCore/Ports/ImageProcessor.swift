import Foundation

/// An uploaded image after decoding and re-encoding: proved to be an image, metadata stripped.
public struct NormalizedImage: Sendable, Equatable {
    /// `image/jpeg` or `image/png`.
    public var contentType: String
    public var bytes: [UInt8]
    public var width: Int
    public var height: Int
    public init(contentType: String, bytes: [UInt8], width: Int, height: Int) {
        self.contentType = contentType
        self.bytes = bytes
        self.width = width
        self.height = height
    }
}

/// Decodes an upload (libjpeg-turbo, libpng in production), rejects what is not an image of the
/// declared type or exceeds `maxPixels`, and re-encodes it without metadata.
public protocol ImageProcessor: Sendable {
    func normalize(_ bytes: [UInt8], declaredType: String, maxPixels: Int) throws(RegistrarError) -> NormalizedImage
}
