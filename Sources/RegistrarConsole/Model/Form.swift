import RegistrarCore

/// A small form: labelled fields an official types into, moved through with Tab and the arrows,
/// submitted with Enter and cancelled with Esc. Text fields take any character, so a form gets
/// keys before the key table does.
public struct Form: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text
        /// Shown as stars.
        case secret
        /// One of the options, changed with ← → or the space bar. A field made with `index: -1`
        /// starts with none chosen: → or the space bar then picks the first option, ← the last.
        case choice([String])
        /// Any number of the options, the one under the cursor toggled with the space bar.
        case checklist([String])
    }

    public struct Field: Sendable, Equatable {
        public var label: String
        public var kind: Kind
        public var value: String = ""
        /// For a choice: the option chosen. For a checklist: the cursor.
        public var index: Int = 0
        /// For a checklist: the options ticked.
        public var ticked: Set<Int> = []
        public var maxLength: Int = 200

        public init(_ label: String, _ kind: Kind = .text, value: String = "", index: Int = 0, maxLength: Int = 200) {
            self.label = label
            self.kind = kind
            self.value = value
            self.index = index
            self.maxLength = maxLength
        }

        /// A choice that nobody has made yet (an attestation must be a deliberate key).
        public var isUnanswered: Bool {
            if case .choice = kind { return index < 0 }
            return false
        }

        var isChecklist: Bool {
            if case .checklist = kind { return true }
            return false
        }
        var optionCount: Int {
            switch kind {
            case .choice(let options), .checklist(let options): return options.count
            default: return 0
            }
        }

        /// What a text field holds, or a choice's option.
        public var text: String {
            if case .choice(let options) = kind, options.indices.contains(index) { return options[index] }
            return value
        }
    }

    /// What the form is for: the model acts on it when it is submitted.
    public enum Purpose: Sendable, Equatable {
        case login, unlock, changePassword
        /// The second factor's code after the password (an enrolment shows the secret's QR beside it).
        case secondFactor
        case decide(FilingAction)
        case reveal(applicantId: Int64)
        case export
        case exportCertificate(registrationId: Int64)
        case printDecision(filingId: Int64)
        case filter
        /// The audit log's filter: who, what, when, result.
        case auditFilter
        case findById
        case verifyIdentity(approved: Bool)
        case searchCertificates
        /// Which act to propose on a registration (then `propose`).
        case proposeKind(registrationId: Int64)
        case propose(registrationId: Int64, kind: ExOfficioKind)
        case decideExOfficio(proposalId: Int64, approve: Bool)
    }

    public var title: String
    public var purpose: Purpose
    public var fields: [Field]
    public var focus: Int = 0
    /// A line above the fields (what is about to happen).
    public var prompt: String = ""
    /// The whole text of the checklist option under the cursor, shown over the form after `v` (查看全文), until the next key.
    public var fullText: String?

    public init(title: String, purpose: Purpose, fields: [Field], prompt: String = "") {
        self.title = title
        self.purpose = purpose
        self.fields = fields
        self.prompt = prompt
    }

    public enum Outcome: Sendable, Equatable { case editing, submitted, cancelled }

    /// Applies a key: editing, moving between fields, submitting or cancelling.
    public mutating func handle(_ key: Key) -> Outcome {
        if fullText != nil {
            fullText = nil
            return .editing
        }
        guard fields.indices.contains(focus) else {
            // A confirmation without fields: Enter confirms, Esc cancels, nothing else counts.
            return key == .escape ? .cancelled : key == .enter ? .submitted : .editing
        }
        switch key {
        case .escape: return .cancelled
        case .enter:
            // Enter moves to the next field, and submits from the last one.
            if focus < fields.count - 1 {
                focus += 1
                return .editing
            }
            return .submitted
        case .up where fields[focus].isChecklist:
            fields[focus].index = max(0, fields[focus].index - 1)
        case .down where fields[focus].isChecklist:
            fields[focus].index = min(fields[focus].optionCount - 1, fields[focus].index + 1)
        case .tab, .down: focus = (focus + 1) % fields.count
        case .backTab, .up: focus = (focus + fields.count - 1) % fields.count
        default: edit(key)
        }
        return .editing
    }

    private mutating func edit(_ key: Key) {
        var field = fields[focus]
        switch (field.kind, key) {
        case (.choice(let options), .left):
            field.index = field.index < 0 ? options.count - 1 : (field.index + options.count - 1) % max(1, options.count)
        case (.choice(let options), .right), (.choice(let options), .character(" ")):
            field.index = field.index < 0 ? 0 : (field.index + 1) % max(1, options.count)
        case (.checklist, .left):
            field.index = max(0, field.index - 1)
        case (.checklist(let options), .right):
            field.index = min(options.count - 1, field.index + 1)
        case (.checklist(let options), .character("v")):
            if options.indices.contains(field.index) { fullText = options[field.index] }
        case (.checklist(let options), .character(" ")):
            if options.indices.contains(field.index) {
                if field.ticked.contains(field.index) { field.ticked.remove(field.index) } else { field.ticked.insert(field.index) }
            }
        case (.text, .backspace), (.secret, .backspace), (.text, .delete), (.secret, .delete):
            if !field.value.isEmpty { field.value.removeLast() }
        case (.text, .control("u")), (.secret, .control("u")):
            field.value = ""
        case (.text, .character(let c)), (.secret, .character(let c)):
            if field.value.count < field.maxLength { field.value.append(c) }
        default:
            break
        }
        fields[focus] = field
    }

    /// A field's value by label.
    public func value(_ label: String) -> String {
        fields.first { $0.label == label }?.text.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// A secret or text field exactly as typed.
    public func raw(_ label: String) -> String { fields.first { $0.label == label }?.value ?? "" }
}
