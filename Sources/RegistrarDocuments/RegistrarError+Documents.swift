import RegistrarCore

/// What can be wrong with an uploaded image, in the words the applicant reads.
extension RegistrarError {
    static let attachmentFormat = invalid(.attachmentFormat, "仅支持JPEG或PNG格式的图片", field: "contentType")
    static let attachmentNotImage = invalid(.attachmentNotImage, "文件不是有效的JPEG/PNG图片", field: "body")
    static let attachmentTypeMismatch = invalid(.attachmentTypeMismatch, "文件内容与声明的图片格式不符", field: "body")
    static let attachmentTooManyPixels = invalid(.attachmentTooManyPixels, "图片像素过多", field: "body")

    init(_ failure: ImageDecodeError) {
        switch failure {
        case .unreadable: self = .attachmentNotImage
        case .tooManyPixels: self = .attachmentTooManyPixels
        }
    }
}

/// A document that could not be drawn or written. Never the user's fault: cairo ran out of memory
/// or was asked for something impossible, or the disk refused the file.
extension RegistrarError {
    static func renderFailed(_ reason: String) -> RegistrarError {
        unavailable(.documentRenderFailed, "文档生成失败（\(reason)）")
    }

    static func documentWriteFailed(_ path: String) -> RegistrarError {
        unavailable(.documentWriteFailed, "无法写入文件 \(path)")
    }

    /// A QR payload longer than version 40 holds (or empty): the caller built too much into it.
    static let qrCodeTooLong = invalid(.qrcodeTooLong, "二维码内容过长")
}
