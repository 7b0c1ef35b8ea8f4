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
        let columns = Taps(start: region.x, length: region.width, count: width, limit: self.width)
        let rows = Taps(start: region.y, length: region.height, count: height, limit: self.height)
        let firstRow = rows.first[0]
        let lastRow = rows.first[height - 1] + rows.offset[height] - rows.offset[height - 1] - 1
        let (sourceStride, rowLength) = (stride, width * channels)

        // Rows first: every source row the region touches, reduced to `width` pixels.
        var horizontal = [Float](repeating: 0, count: (lastRow - firstRow + 1) * rowLength)
        pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { out in
                columns.weight.withUnsafeBufferPointer { weight in
                    for row in firstRow...lastRow {
                        let (sourceRow, outRow) = (row * sourceStride, (row - firstRow) * rowLength)
                        for x in 0..<width {
                            let (from, to) = (columns.offset[x], columns.offset[x + 1])
                            let base = sourceRow + (columns.first[x] - from) * channels
                            for channel in 0..<channels {
                                var sum: Float = 0
                                for tap in from..<to { sum += weight[tap] * Float(source[base + tap * channels + channel]) }
                                out[outRow + x * channels + channel] = sum
                            }
                        }
                    }
                }
            }
        }
        // Then columns.
        var result = [UInt8](repeating: 0, count: height * rowLength)
        horizontal.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                rows.weight.withUnsafeBufferPointer { weight in
                    for y in 0..<height {
                        let (from, to) = (rows.offset[y], rows.offset[y + 1])
                        let base = (rows.first[y] - firstRow - from) * rowLength
                        for offset in 0..<rowLength {
                            var sum: Float = 0
                            for tap in from..<to { sum += weight[tap] * source[base + tap * rowLength + offset] }
                            out[y * rowLength + offset] = UInt8(min(max(sum.rounded(), 0), 255))
                        }
                    }
                }
            }
        }
        return RasterImage(unchecked: width, height, layout, result)
    }
}

/// The box filter along one axis: output pixel `i` covers `[start + i·step, start + (i+1)·step)`
/// of the source, which is the consecutive source pixels from `first[i]`, weighed by
/// `weight[offset[i]..<offset[i + 1]]` (the share of each that is covered, summing to 1).
private struct Taps {
    var first: [Int] = []
    var offset: [Int] = [0]
    var weight: [Float] = []

    init(start: Double, length: Double, count: Int, limit: Int) {
        let step = length / Double(count)
        for i in 0..<count {
            let from = start + Double(i) * step
            let to = min(from + step, Double(limit))
            var index = min(Int(from.rounded(.down)), limit - 1)
            // A sliver of the previous pixel, left by rounding, is not a tap.
            if Double(index + 1) - from < 1e-9, index + 1 < limit, Double(index + 1) < to { index += 1 }
            first.append(index)
            var shares: [Double] = []
            while Double(index) < to, index < limit {
                shares.append(max(0, min(to, Double(index + 1)) - max(from, Double(index))))
                index += 1
            }
            if shares.isEmpty { shares = [1] }
            let total = shares.reduce(0, +)
            weight += shares.map { Float(total > 0 ? $0 / total : 1 / Double(shares.count)) }
            offset.append(weight.count)
        }
    }
}
