import RegistrarCore
import Testing

@testable import RegistrarDocuments

@Suite("Captcha images")
struct CaptchaRendererTests {
    let renderer = CaptchaRenderer()
    let seed: [UInt8] = Array(0..<16)

    @Test("a captcha is a 120×40 PNG")
    func png() throws {
        let bytes = try renderer.render(answer: "K7MWP", seed: seed)
        #expect(ImageFormat(sniffing: bytes) == .png)
        let image = try ImageNormalizer.decode(bytes, maxPixels: 10_000)
        #expect((image.width, image.height) == (120, 40))
    }

    @Test("the same answer and seed give the same bytes; another answer or seed does not")
    func deterministic() throws {
        let first = try renderer.render(answer: "K7MWP", seed: seed)
        #expect(try renderer.render(answer: "K7MWP", seed: seed) == first)
        #expect(try renderer.render(answer: "K7MWA", seed: seed) != first)
        #expect(try renderer.render(answer: "HX34", seed: seed) != first)
        #expect(try renderer.render(answer: "K7MWP", seed: Array(1...16)) != first)
    }

    @Test("the characters are drawn: a captcha differs from its noise alone")
    func textDrawn() throws {
        let blank = try ImageNormalizer.decode(try renderer.render(answer: "", seed: seed), maxPixels: 10_000)
        let text = try ImageNormalizer.decode(try renderer.render(answer: "K7MWP", seed: seed), maxPixels: 10_000)
        let changed = zip(blank.pixels, text.pixels).filter { $0 != $1 }.count
        #expect(changed > 600)
    }

    @Test("new answers use only the unambiguous alphabet")
    func answers() {
        let random = CountingRandom()
        let answer = CaptchaRenderer.newAnswer(length: 5, using: random)
        #expect(answer.count == 5)
        #expect(answer.allSatisfy { CaptchaRenderer.alphabet.contains($0) })
        for ambiguous in "0128BILOQSZ" { #expect(!CaptchaRenderer.alphabet.contains(ambiguous)) }
    }
}

/// Counts up through the range: enough to check what an answer is made of.
final class CountingRandom: RandomSource, @unchecked Sendable {
    private var next: UInt32 = 7
    func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0) } }
    func uniform(_ upperBound: UInt32) -> UInt32 {
        next = next &* 31 &+ 11
        return next % upperBound
    }
}

@Suite("Drawing from many threads")
struct ConcurrentDrawingTests {
    @Test("captchas and PDFs drawn on many threads at once match those drawn alone")
    func concurrent() async throws {
        let renderer = CaptchaRenderer()
        let seeds = (0..<12).map { [UInt8($0), 0xA5] }
        let alone = try seeds.map { try renderer.render(answer: "MNP47", seed: $0) }
        let pdfAlone = try PDFDocumentTests.render()
        try await withThrowingTaskGroup(of: (Int, [UInt8], [UInt8]).self) { group in
            for (index, seed) in seeds.enumerated() {
                group.addTask {
                    (index, try renderer.render(answer: "MNP47", seed: seed), try PDFDocumentTests.render())
                }
            }
            for try await (index, captcha, pdf) in group {
                #expect(captcha == alone[index])
                #expect(pdf == pdfAlone)
            }
        }
    }
}
