import Foundation
import RegistrarConsole
import RegistrarDocuments
import Testing

@testable import RegistrarCore

/// The identity check and a filing show the applicant's pictures beside the data attested, and
/// the identity-check form takes no attestation for granted.
@Suite("Identity check: the applicant's pictures, and attestations by key")
struct IdentityPictureTests {
    /// Beijing's staff and an applicant waiting for an on-site check, with a four-colour photo.
    func waiting() throws -> (Harness, Applicant) {
        let h = try Harness()
        try h.staff()
        let applicant = try h.seed.applicant(5, name: "赵六", verified: false)
        try h.seed.upload(applicant.id, .photo, try #require(FourColours.image(width: 295, height: 413)))
        return (h, applicant)
    }

    /// The dominant colour of the grid's picture cells, quadrant by quadrant of their bounding box.
    static func quadrants(_ grid: TextGrid) -> [RGB?] {
        var painted: [(row: Int, column: Int, colour: RGB)] = []
        for row in 0..<grid.height {
            for column in 0..<grid.width {
                guard let paint = grid.paint(row: row, column: column) else { continue }
                let character = grid.rows[row][column].character ?? " "
                let cell = CellImage.Cell(character: character, foreground: paint.foreground, background: paint.background)
                painted.append((row, column, cell.dominant))
            }
        }
        return quadrantColours(painted)
    }

    @Test("at 80x24 the photo is drawn in colour beside the data, one picture at a time; i shows the next")
    func oneAtATime() throws {
        let (h, _) = try waiting()
        let console = h.signedIn("renzheng")
        console.press(.enter, .enter)
        #expect(console.shows("证件照 1/4"))
        #expect(console.shows("赵六"))
        // The data on the left stays readable: nothing of it runs under the pictures.
        #expect(console.screen.line(5).contains("赵六"))
        #expect(FourColours.matches(IdentityPictureTests.quadrants(console.screen)), "\(IdentityPictureTests.quadrants(console.screen))")
        console.press(.character("i"))
        #expect(console.shows("身份证人像面 2/4"))
        // The seeded ID card is not an image: said so, with the way to see it anyway.
        #expect(console.shows("无法显示"))
        #expect(console.shows("请按 o 导出附件后查看"))
        console.press(.character("i"), .character("i"))
        #expect(console.shows("手持身份证照片 4/4"))
        console.press(.character("i"))
        #expect(console.shows("证件照 1/4"))
        console.press(.character("?"))
        #expect(console.shows("切换图片"))
    }

    @Test("from 120 columns all four pictures are side by side; a picture never uploaded says so")
    func sideBySide() throws {
        let h = try Harness()
        try h.staff()
        let applicant = try h.seed.applicant(5, name: "赵六", verified: false, kinds: [.photo, .idFront, .holdingId, .signature])
        try h.seed.upload(applicant.id, .photo, try #require(FourColours.image(width: 295, height: 413)))
        let console = h.signedIn("renzheng", 120, 30)
        console.press(.enter, .enter)
        let rows = console.text.split(separator: "\n")
        #expect(rows.contains { $0.contains("证件照 1/4") && $0.contains("身份证人像面 2/4") })
        #expect(rows.contains { $0.contains("身份证国徽面 3/4") && $0.contains("手持身份证照片 4/4") })
        #expect(console.shows("未上传"))
        #expect(FourColours.matches(IdentityPictureTests.quadrants(console.screen)), "\(IdentityPictureTests.quadrants(console.screen))")
    }

    @Test("a filing shows its applicant's pictures after i, one after another, then hides them")
    func filing() throws {
        let h = try Harness()
        try h.staff()
        let applicant = try h.seed.applicant(1, name: "张三")
        try h.seed.upload(applicant.id, .photo, try #require(FourColours.image(width: 295, height: 413)))
        try h.seed.initialFiling(applicant, enterprise: try h.seed.enterprise())
        let console = h.signedIn("shouli")
        console.press(.enter, .enter)
        #expect(!console.shows("证件照 1/4"))
        console.press(.character("i"))
        #expect(console.shows("证件照 1/4"))
        #expect(FourColours.matches(IdentityPictureTests.quadrants(console.screen)), "\(IdentityPictureTests.quadrants(console.screen))")
        console.press(.character("i"), .character("i"), .character("i"))
        #expect(console.shows("手持身份证照片 4/4"))
        console.press(.character("i"))
        #expect(!console.shows("1/4") && !console.shows("4/4"))
    }

    @Test("pictures are read as an export is: within the official's province, and without an audit event of their own")
    func scope() throws {
        let (h, applicant) = try waiting()
        _ = try h.seed.official("hu.renzheng", name: "沪认证", roles: [.identityCheck], province: "31")
        let attachments = try h.registrar.store.read { try $0.attachments(ownerId: applicant.id, filingId: nil) }
        let load = Effect.loadPictures(ownerId: applicant.id, attachments: attachments)

        let other = h.signedIn("hu.renzheng")
        guard case .failed(let error, _) = other.services.run(load, token: other.state.session?.token) else {
            Issue.record("an official of another province read the pictures")
            return
        }
        #expect(error.code == "attachment.not_found")

        let own = h.signedIn("renzheng")
        let before = try h.registrar.store.read { try $0.auditHead()?.sequence }
        guard case .pictures(let ownerId, let pictures) = own.services.run(load, token: own.state.session?.token) else {
            Issue.record("the official of the province could not read the pictures")
            return
        }
        #expect(ownerId == applicant.id)
        #expect(pictures.map(\.kind) == PicturePanel.kinds)
        if case .image(let image) = pictures[0].content {
            #expect(image.width <= AccountPicture.maxSide && image.height <= AccountPicture.maxSide)
        } else {
            Issue.record("the photo was not decoded")
        }
        #expect(pictures.dropFirst().allSatisfy { $0.content == .unreadable })
        #expect(try h.registrar.store.read { try $0.auditHead()?.sequence } == before)
    }

    @Test("a picture that cannot be shown is exported from the identity check with o, as from a filing")
    func export() throws {
        let (h, _) = try waiting()
        let console = h.signedIn("renzheng")
        console.press(.enter, .enter)
        console.press(.character("o"))
        #expect(console.state.form?.title == "导出附件")
        console.press(.tab, .control("u"))
        console.type(h.directory)
        console.press(.enter)
        #expect(console.state.banner?.text.hasPrefix("已导出到 \(h.directory)/attachment-") == true)
        let files = try FileManager.default.contentsOfDirectory(atPath: h.directory).filter { $0.hasPrefix("attachment-") }
        #expect(files.count == 1)
    }

    @Test("the identity-check form starts with both attestations unanswered and is not sent until each is answered by a key")
    func attestationsByKey() throws {
        let (h, applicant) = try waiting()
        let console = h.signedIn("renzheng")
        console.press(.enter, .enter)
        console.press(.character("y"))
        #expect(console.state.form?.title == "现场认证通过")
        #expect(!console.shows("< 是 >") && !console.shows("< 否 >"))
        // Enter through every field without choosing: nothing is recorded, the first gap is named.
        console.press(.enter, .enter, .enter)
        #expect(console.state.form?.title == "现场认证通过")
        #expect(console.shows("尚未选择「身份证原件已核验」"))
        #expect(try h.registrar.store.read { try $0.applicant(id: applicant.id) }?.verification == .pendingOnSite)
        #expect(console.state.form?.focus == 0)
        console.press(.right)
        #expect(console.shows("< 是 >"))
        console.press(.enter, .enter, .enter)
        #expect(console.shows("尚未选择「复印件已收取」"))
        #expect(try h.registrar.store.read { try $0.applicant(id: applicant.id) }?.verification == .pendingOnSite)
        console.press(.character(" "), .enter, .enter)
        #expect(console.shows("已记录：现场认证通过"))
        #expect(try h.registrar.store.read { try $0.applicant(id: applicant.id) }?.verification == .verified)
    }
}
