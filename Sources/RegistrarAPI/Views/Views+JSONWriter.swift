import Foundation
import RegistrarHTTP

// The progress views written straight to JSON (the progress query is the hottest authenticated
// route). Keys and shapes are exactly those of their `Encodable` forms; a test compares the two.

extension AttachmentView {
    func write(_ w: inout JSONWriter) {
        w.object { w in
            w.member("byteCount", byteCount)
            w.member("contentType", contentType)
            w.member("digest", digest)
            w.member("height", height)
            w.member("id", id)
            w.member("kind", kind)
            w.member("kindName", kindName)
            w.member("uploadedAt", uploadedAt)
            w.member("width", width)
        }
    }
}

extension EvidenceView {
    func write(_ w: inout JSONWriter) {
        w.object { w in
            w.key("attachment")
            attachment.write(&w)
            w.member("recordedDigest", recordedDigest)
            w.member("round", round)
        }
    }
}

extension PersonalItemView {
    func write(_ w: inout JSONWriter) {
        w.object { w in
            if let filingId { w.member("filingId", filingId) }
            w.member("item", item)
            w.member("itemName", itemName)
            w.member("status", status)
            w.member("statusLabel", statusLabel)
        }
    }
}

extension EventView {
    func write(_ w: inout JSONWriter) {
        w.object { w in
            w.member("action", action)
            w.member("actionName", actionName)
            w.member("at", at)
            w.member("from", from)
            w.member("itemLabels", strings: itemLabels)
            w.member("items", strings: items)
            w.member("official", official)
            w.member("opinion", opinion)
            w.member("round", round)
            w.member("stageName", stageName)
            w.member("to", to)
        }
    }
}

extension FilingView {
    func write(_ w: inout JSONWriter) {
        w.object { w in
            if let attachments {
                w.key("attachments")
                w.array(attachments) { $1.write(&$0) }
            }
            if let changedItems {
                w.key("changedItems")
                w.array(changedItems) { $1.write(&$0) }
            }
            w.member("commitmentVersion", commitmentVersion)
            w.member("contractEnd", contractEnd)
            w.member("contractStart", contractStart)
            w.member("correctionDue", correctionDue)
            if let deadline {
                w.key("deadline")
                w.object { w in
                    w.member("due", deadline.due)
                    w.member("overdue", deadline.overdue)
                    w.member("workingDaysLeft", deadline.workingDaysLeft)
                }
            }
            if let educationCommitment {
                w.key("educationCommitment")
                w.object { w in
                    w.member("at", educationCommitment.at)
                    w.member("label", educationCommitment.label)
                    w.member("version", educationCommitment.version)
                }
            }
            w.member("enterpriseCode", enterpriseCode)
            if let evidence {
                w.key("evidence")
                w.array(evidence) { $1.write(&$0) }
            }
            if let history {
                w.key("history")
                w.array(history) { $1.write(&$0) }
            }
            w.member("id", id)
            w.member("kind", kind)
            w.member("kindName", kindName)
            w.member("newIdNumberMasked", newIdNumberMasked)
            w.member("newName", newName)
            w.member("noticeVersion", noticeVersion)
            w.member("provinceCode", provinceCode)
            w.member("qualification", qualification)
            w.member("qualificationName", qualificationName)
            w.member("reasonCode", reasonCode)
            w.member("returnItems", strings: returnItems)
            w.member("round", round)
            w.member("specialties", strings: specialties)
            w.member("stage", stage)
            w.member("stageName", stageName)
            w.member("submittedAt", submittedAt)
            w.member("updatedAt", updatedAt)
            w.member("version", version)
        }
    }

    /// One filing as a response.
    func response(status: HTTPStatus = .ok) -> HTTPResponse {
        var response = HTTPResponse.json(status: status) { self.write(&$0) }
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    /// A list of filings as `{"items":[…]}`.
    static func list(_ views: [FilingView]) -> HTTPResponse {
        // About a kilobyte a filing with its history.
        var response = HTTPResponse.json(capacity: 256 + 1024 * views.count) { w in
            w.object { w in
                w.key("items")
                w.array(views) { $1.write(&$0) }
            }
        }
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    /// A list rendered before by `list(_:)`, as the same response.
    static func list(body: [UInt8]) -> HTTPResponse {
        HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"], body: body)
    }
}
