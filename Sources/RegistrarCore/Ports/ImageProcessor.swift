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

    /// Makes the standard ID photo of an upload, the photo tool's job: decodes it as `normalize`
    /// does, lets `standard.check` judge its upright size (and throws what that throws), then
    /// cuts `standard.crop` out of it, scales that to exactly the standard size by averaging (not
    /// by picking pixels) and encodes it as a JPEG without metadata, whatever the upload's format.
    func standardPhoto(_ bytes: [UInt8], declaredType: String, maxPixels: Int, standard: StandardPhoto) throws(RegistrarError)
        -> NormalizedImage
}
