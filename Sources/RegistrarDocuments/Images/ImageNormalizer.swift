import RegistrarCore

/// The production `ImageProcessor`: proves an upload is the image it claims to be by decoding it,
/// and hands back a fresh encoding of its pixels, so that nothing else of the file survives.
///
/// Metadata (EXIF with GPS positions, comments, text chunks, ICC profiles, thumbnails) and any
/// bytes appended after the image are gone because the output is written from pixels alone. A
/// JPEG's EXIF orientation is applied to the pixels first, so phone photos stay upright.
/// Sendable and stateless: every call creates and releases its own codec handles.
public struct ImageNormalizer: ImageProcessor {
    /// JPEG quality of the re-encoding, 1 to 100.
    public var jpegQuality: Int

    public init(jpegQuality: Int = 90) {
        self.jpegQuality = jpegQuality
    }

    /// Checks the declared type, the file's signature, the header's pixel count and then the whole
    /// image, in that order, and re-encodes it in the declared format.
    public func normalize(_ bytes: [UInt8], declaredType: String, maxPixels: Int) throws(RegistrarError)
        -> NormalizedImage
    {
        guard let declared = ImageFormat(contentType: declaredType) else { throw .attachmentFormat }
        let image = try Self.decode(bytes, as: declared, maxPixels: maxPixels)
        let encoded: [UInt8] =
            switch declared {
            case .jpeg: TurboJPEG.encode(image, quality: jpegQuality)
            case .png: LibPNG.encode(image)
            }
        return NormalizedImage(
            contentType: declared.contentType, bytes: encoded, width: image.width, height: image.height)
    }

    /// The standard ID photo: the upload decoded upright, judged by `standard`, its centre cut to
    /// the standard proportion, scaled to the standard size by area averaging (after alpha is
    /// laid on white) and written as a JPEG of `jpegQuality`, whether the upload was JPEG or PNG.
    public func standardPhoto(_ bytes: [UInt8], declaredType: String, maxPixels: Int, standard: StandardPhoto)
        throws(RegistrarError) -> NormalizedImage
    {
        guard let declared = ImageFormat(contentType: declaredType) else { throw .attachmentFormat }
        let image = try Self.decode(bytes, as: declared, maxPixels: maxPixels)
        try standard.check(width: image.width, height: image.height)
        let photo = image.flattened().resampled(
            standard.crop(width: image.width, height: image.height), width: standard.width, height: standard.height)
        return NormalizedImage(
            contentType: ImageFormat.jpeg.contentType, bytes: TurboJPEG.encode(photo, quality: jpegQuality),
            width: photo.width, height: photo.height)
    }

    /// Decodes JPEG or PNG bytes (told apart by their signature) to upright pixels, for drawing them.
    public static func decode(_ bytes: [UInt8], maxPixels: Int) throws(RegistrarError) -> RasterImage {
        guard let format = ImageFormat(sniffing: bytes) else { throw .attachmentNotImage }
        return try decode(bytes, as: format, maxPixels: maxPixels)
    }

    /// Decodes bytes that must be of `format`: a file of the other format is a mismatch, anything
    /// else is not an image.
    static func decode(_ bytes: [UInt8], as format: ImageFormat, maxPixels: Int) throws(RegistrarError)
        -> RasterImage
    {
        guard let actual = ImageFormat(sniffing: bytes) else { throw .attachmentNotImage }
        guard actual == format else { throw .attachmentTypeMismatch }
        do throws(ImageDecodeError) {
            switch format {
            case .jpeg:
                let stored = try TurboJPEG.decode(bytes, maxPixels: maxPixels)
                return ExifOrientation(jpeg: bytes).apply(to: stored)
            case .png: return try LibPNG.decode(bytes, maxPixels: maxPixels)
            }
        } catch {
            throw RegistrarError(error)
        }
    }
}
