import Foundation

/// A page of an official document (the certificate, the written decisions): drawn with the same
/// framed guilloche border, faint rosette and red seal of the authority.
protocol OfficialPaper {
    var canvas: CairoCanvas { get }
}

/// The decoration of an official document: a framed guilloche border, a faint rosette behind the
/// fields, and the red seal of the issuing authority.
extension OfficialPaper {
    /// Two frames with interlaced waves between them, as security printing has.
    func drawFrame() {
        let (width, height) = (canvas.width, canvas.height)
        let outer = 22.0
        let inner = 38.0
        canvas.strokeRectangle(
            x: outer, y: outer, width: width - 2 * outer, height: height - 2 * outer, color: CertificateStyle.frameRed,
            lineWidth: 2.2)
        canvas.strokeRectangle(
            x: inner, y: inner, width: width - 2 * inner, height: height - 2 * inner, color: CertificateStyle.frameRed,
            lineWidth: 0.8)
        canvas.strokeRectangle(
            x: inner + 3, y: inner + 3, width: width - 2 * inner - 6, height: height - 2 * inner - 6,
            color: CertificateStyle.ornament,
            lineWidth: 0.4)

        // Waves along the band between the frames, two phases interlaced.
        let middle = (outer + inner) / 2
        let amplitude = (inner - outer) / 2 - 2.5
        let period = 14.0
        canvas.setColor(CertificateStyle.ornament)
        canvas.setLineWidth(0.5)
        for phase in [0.0, Double.pi] {
            wave(
                from: (outer + 4, middle), to: (width - outer - 4, middle), amplitude: amplitude, period: period,
                phase: phase)
            wave(
                from: (outer + 4, height - middle), to: (width - outer - 4, height - middle), amplitude: amplitude,
                period: period, phase: phase)
            wave(
                from: (middle, outer + 4), to: (middle, height - outer - 4), amplitude: amplitude, period: period,
                phase: phase)
            wave(
                from: (width - middle, outer + 4), to: (width - middle, height - outer - 4), amplitude: amplitude,
                period: period, phase: phase)
        }
        canvas.stroke()

        // Corner pieces: a small square set on its point in each corner of the band.
        for (x, y) in [
            (middle, middle), (width - middle, middle), (middle, height - middle), (width - middle, height - middle),
        ] {
            canvas.fillRectangle(x: x - 6, y: y - 6, width: 12, height: 12, color: .white)
            canvas.setColor(CertificateStyle.frameRed)
            canvas.move(toX: x, y: y - 5.5)
            canvas.line(toX: x + 5.5, y: y)
            canvas.line(toX: x, y: y + 5.5)
            canvas.line(toX: x - 5.5, y: y)
            canvas.closePath()
            canvas.fill()
        }
    }

    /// A sine wave along a horizontal or vertical line, added to the current path.
    private func wave(
        from start: (Double, Double), to end: (Double, Double), amplitude: Double, period: Double, phase: Double
    ) {
        let horizontal = start.1 == end.1
        let length = horizontal ? end.0 - start.0 : end.1 - start.1
        let steps = max(Int(length / 1.5), 1)
        for step in 0...steps {
            let t = Double(step) / Double(steps) * length
            let offset = amplitude * sin(2 * Double.pi * t / period + phase)
            let (x, y) = horizontal ? (start.0 + t, start.1 + offset) : (start.0 + offset, start.1 + t)
            if step == 0 { canvas.move(toX: x, y: y) } else { canvas.line(toX: x, y: y) }
        }
    }

    /// A spirograph rosette in a pale ink, behind the fields.
    func drawRosette(centerX: Double, centerY: Double, radius: Double) {
        canvas.setColor(CertificateStyle.rosette)
        canvas.setLineWidth(0.35)
        let loops = 48
        for index in 0..<loops {
            let angle = 2 * Double.pi * Double(index) / Double(loops)
            canvas.addCircle(
                centerX: centerX + radius * 0.45 * cos(angle), centerY: centerY + radius * 0.45 * sin(angle),
                radius: radius * 0.55)
        }
        canvas.stroke()
    }

    /// The authority's seal: a double ring, a five-pointed star, the authority's name along the top
    /// of the ring and the seal's use (电子证书专用章) under the star.
    func drawSeal(centerX: Double, centerY: Double, radius: Double, authority: String, caption: String = "电子证书专用章") {
        canvas.setColor(CertificateStyle.seal)
        canvas.setLineWidth(2.6)
        canvas.addCircle(centerX: centerX, centerY: centerY, radius: radius)
        canvas.stroke()
        canvas.setLineWidth(0.7)
        canvas.addCircle(centerX: centerX, centerY: centerY, radius: radius - 4)
        canvas.stroke()

        // The star.
        let outer = radius * 0.3
        let inner = outer * 0.382
        for point in 0..<10 {
            let r = point % 2 == 0 ? outer : inner
            let angle = -Double.pi / 2 + Double(point) * Double.pi / 5
            let (x, y) = (centerX + r * cos(angle), centerY - radius * 0.05 + r * sin(angle))
            if point == 0 { canvas.move(toX: x, y: y) } else { canvas.line(toX: x, y: y) }
        }
        canvas.closePath()
        canvas.fill()

        // The name along the ring, each character upright to the ring, centred on the top.
        let characters = Array(authority)
        guard !characters.isEmpty else { return }
        let spread = min(Double(characters.count - 1) * 0.34, 3.9)
        let step = characters.count > 1 ? spread / Double(characters.count - 1) : 0
        let style = CertificateStyle.sealText
        for (index, character) in characters.enumerated() {
            let angle = -spread / 2 + Double(index) * step
            canvas.withSavedState {
                canvas.translate(x: centerX, y: centerY)
                canvas.rotate(radians: angle)
                canvas.drawText(String(character), x: -style.size, y: -radius + 7, width: 2 * style.size, style: style)
            }
        }
        canvas.drawText(
            caption, x: centerX - radius, y: centerY + radius * 0.38, width: 2 * radius,
            style: CertificateStyle.noteCentered)
    }
}
