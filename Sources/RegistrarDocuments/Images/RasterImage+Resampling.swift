import RegistrarCore

extension RasterImage {
    /// A region of the image scaled to `width`×`height` by area averaging (a box filter): each
    /// output pixel is the mean of the source area it covers, a source pixel only partly inside
    /// weighed by the part that is. Reducing keeps every source pixel's share, so fine detail
    /// turns into its average instead of into whichever pixel nearest-neighbour would pick.
    ///
    /// The region is in source pixels and may start and end inside a pixel; it must lie within
    /// the image. Separable: rows first, then columns, in `Float`.
    func resampled(_ region: StandardPhoto.CropRegion, width: Int, height: Int) -> RasterImage {
        precondition(width > 0 && height > 0, "a resampled image has pixels")
        precondition(
            region.x >= 0 && region.y >= 0 && region.width > 0 && region.height > 0
                && region.x + region.width <= Double(self.width) + 1e-9 && region.y + region.height <= Double(self.height) + 1e-9,
            "the region lies within the image")
        let channels = layout.channels
        let columns = Self.boxWeights(start: region.x, length: region.width, count: width, limit: self.width)
        let rows = Self.boxWeights(start: region.y, length: region.height, count: height, limit: self.height)
        let firstRow = rows.first?.first?.index ?? 0
        let lastRow = rows.last?.last?.index ?? 0
        let sourceStride = stride

        // Rows first: every source row the region touches, reduced to `width` pixels.
        var horizontal = [Float](repeating: 0, count: (lastRow - firstRow + 1) * width * channels)
        pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { out in
                for row in firstRow...lastRow {
                    let sourceBase = row * sourceStride
                    let outBase = (row - firstRow) * width * channels
                    for (x, weights) in columns.enumerated() {
                        for channel in 0..<channels {
                            var sum: Float = 0
                            for weight in weights { sum += weight.weight * Float(source[sourceBase + weight.index * channels + channel]) }
                            out[outBase + x * channels + channel] = sum
                        }
                    }
                }
            }
        }
        // Then columns.
        var result = [UInt8](repeating: 0, count: width * height * channels)
        horizontal.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                let rowLength = width * channels
                for (y, weights) in rows.enumerated() {
                    for offset in 0..<rowLength {
                        var sum: Float = 0
                        for weight in weights { sum += weight.weight * source[(weight.index - firstRow) * rowLength + offset] }
                        out[y * rowLength + offset] = UInt8(min(max(sum.rounded(), 0), 255))
                    }
                }
            }
        }
        return RasterImage(unchecked: width, height, layout, result)
    }

    /// For each of `count` output pixels along one axis, the source pixels its span of
    /// `[start + i·step, start + (i+1)·step)` covers and the share of each, summing to 1.
    private static func boxWeights(start: Double, length: Double, count: Int, limit: Int) -> [[(index: Int, weight: Float)]] {
        let step = length / Double(count)
        return (0..<count).map { i in
            let from = start + Double(i) * step
            let to = min(from + step, Double(limit))
            var weights: [(index: Int, weight: Float)] = []
            var index = min(Int(from.rounded(.down)), limit - 1)
            while Double(index) < to, index < limit {
                let covered = min(to, Double(index + 1)) - max(from, Double(index))
                if covered > 1e-9 { weights.append((index, Float(covered / step))) }
                index += 1
            }
            if weights.isEmpty { weights = [(min(Int(from), limit - 1), 1)] }
            let total = weights.reduce(0) { $0 + $1.weight }
            return weights.map { ($0.index, $0.weight / total) }
        }
    }
}
