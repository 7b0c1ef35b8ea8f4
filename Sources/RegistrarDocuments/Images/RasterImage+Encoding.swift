/// Writing pixels out as a file, for images the system makes itself (demo data, tests): uploads
/// go through `ImageNormalizer` instead.
extension RasterImage {
    /// Baseline JPEG at a quality from 1 to 100; alpha is composited onto white first.
    public func jpegData(quality: Int = 90) -> [UInt8] {
        TurboJPEG.encode(self, quality: quality)
    }

    /// PNG, 8 bits per channel.
    public func pngData() -> [UInt8] {
        LibPNG.encode(self)
    }
}
