import RegistrarCore
import RegistrarDocuments

/// One of the pictures an applicant uploaded to their account, as the console holds it.
public struct AccountPicture: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// Never uploaded.
        case missing
        /// Uploaded, but its bytes are not an image the console can decode.
        case unreadable
        /// Decoded and made small (`RasterImage.thumbnail`), ready to be drawn.
        case image(RasterImage)
    }

    public var kind: AttachmentKind
    public var attachmentId: Int64?
    public var content: Content

    public init(kind: AttachmentKind, attachmentId: Int64?, content: Content) {
        self.kind = kind
        self.attachmentId = attachmentId
        self.content = content
    }

    /// The longest side kept of a picture: enough for the widest terminal's panel.
    public static let maxSide = 320
}

/// The pictures beside an applicant's data on the identity check (always) and a filing (after `i`):
/// the ID photo, both sides of the ID card and the photo holding it.
public struct PicturePanel: Sendable, Equatable {
    /// What is compared with the person, in the order `i` goes through them.
    public static let kinds: [AttachmentKind] = [.photo, .idFront, .idBack, .holdingId]

    /// Nil until loaded.
    public var pictures: [AccountPicture]?
    /// The one on show when there is room for one only.
    public var current = 0
    /// Whether the panel is on screen.
    public var shown: Bool

    public init(shown: Bool) { self.shown = shown }

    /// What the caption calls a picture.
    public static func caption(_ kind: AttachmentKind) -> String {
        switch kind {
        case .photo: return "证件照"
        case .idFront: return "身份证人像面"
        case .idBack: return "身份证国徽面"
        case .holdingId: return "手持身份证照片"
        default: return kind.chinese
        }
    }

    /// The newest account attachment of each kind the panel shows (nil where none was uploaded).
    public static func latest(_ attachments: [AttachmentMeta]) -> [(AttachmentKind, AttachmentMeta?)] {
        kinds.map { kind in
            (kind, attachments.filter { $0.kind == kind && $0.filingId == nil }.max { $0.id < $1.id })
        }
    }

    /// Pictures from an attachment's bytes: decoded with the documents' codecs and made small.
    public static func picture(kind: AttachmentKind, attachmentId: Int64, bytes: [UInt8], maxPixels: Int) -> AccountPicture {
        do {
            let image = try ImageNormalizer.decode(bytes, maxPixels: maxPixels)
            return AccountPicture(kind: kind, attachmentId: attachmentId, content: .image(image.thumbnail(maxSide: AccountPicture.maxSide)))
        } catch {
            return AccountPicture(kind: kind, attachmentId: attachmentId, content: .unreadable)
        }
    }
}
