import RegistrarCore

extension QRMatrix {
    /// Draws the symbol with its quiet zone as a square of side `size` whose top left is (x, y).
    ///
    /// The light background covers the quiet zone; the dark modules are one path filled once, so
    /// that no reader shows hairline seams between neighbouring modules.
    public func draw(
        on canvas: CairoCanvas, x: Double, y: Double, size side: Double, quietZone: Int = QRMatrix.standardQuietZone,
        dark: Color = .black, light: Color = .white
    ) {
        let quiet = max(quietZone, 0)
        let module = side / Double(size + 2 * quiet)
        canvas.fillRectangle(x: x, y: y, width: side, height: side, color: light)
        canvas.setColor(dark)
        let originX = x + Double(quiet) * module
        let originY = y + Double(quiet) * module
        for row in 0..<size {
            // One rectangle per run of dark modules in the row.
            var column = 0
            while column < size {
                guard self[row, column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < size, self[row, column] { column += 1 }
                canvas.addRectangle(
                    x: originX + Double(start) * module, y: originY + Double(row) * module,
                    width: Double(column - start) * module, height: module)
            }
        }
        canvas.fill()
    }

    /// The symbol as a PNG of `moduleSize` pixels per module, quiet zone included.
    public func pngData(moduleSize: Int = 8, quietZone: Int = QRMatrix.standardQuietZone) throws(RegistrarError)
        -> [UInt8]
    {
        let side = (size + 2 * max(quietZone, 0)) * max(moduleSize, 1)
        let canvas = try CairoCanvas(imageWidth: side, height: side)
        draw(on: canvas, x: 0, y: 0, size: Double(side), quietZone: quietZone)
        return try canvas.pngData()
    }
}
