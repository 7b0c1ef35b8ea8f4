import Foundation

@testable import RegistrarCore

extension FailingTransaction: SealedDataRecords {
    func resealPersonalData(with sealer: any PersonalDataSealer) throws -> Int {
        try write { try base.resealPersonalData(with: sealer) }
    }
}
