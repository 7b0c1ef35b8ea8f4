/// The certificate's palette and type: a few fixed sizes only, since pango and fontconfig keep
/// every distinct size for the life of the process.
enum CertificateStyle {
    static let frameRed = Color(rgb: 0x9E2A2B)
    static let ornament = Color(rgb: 0xC9A063)
    static let rosette = Color(rgb: 0xE4CFA0, alpha: 0.45)
    static let ink = Color(rgb: 0x1F1F1F)
    static let muted = Color(rgb: 0x6B6B6B)
    static let labelFill = Color(rgb: 0xF6EEDC)
    static let rule = Color(rgb: 0x8C6D46)
    static let seal = Color(rgb: 0xD2161E, alpha: 0.88)

    static let title = TextStyle(
        family: TextStyle.serifCJK, size: 24, weight: .bold, color: .sealRed, alignment: .center)
    static let heading = TextStyle(family: TextStyle.serifCJK, size: 14, weight: .bold, color: ink)
    static let emphasis = TextStyle(
        family: TextStyle.serifCJK, size: 14, weight: .bold, color: .sealRed, alignment: .center)
    static let label = TextStyle(family: TextStyle.sansCJK, size: 12, color: ink, alignment: .center)
    static let value = TextStyle(family: TextStyle.serifCJK, size: 12, color: ink)
    static let valueCentered = TextStyle(family: TextStyle.serifCJK, size: 12, color: ink, alignment: .center)
    static let small = TextStyle(family: TextStyle.sansCJK, size: 10, color: muted)
    static let smallCentered = TextStyle(family: TextStyle.sansCJK, size: 10, color: muted, alignment: .center)
    static let sealText = TextStyle(
        family: TextStyle.serifCJK, size: 10, weight: .bold, color: seal, alignment: .center)
    static let note = TextStyle(family: TextStyle.sansCJK, size: 8, color: muted, lineSpacing: 0.3)
    static let noteCentered = TextStyle(family: TextStyle.sansCJK, size: 8, color: seal, alignment: .center)
}
