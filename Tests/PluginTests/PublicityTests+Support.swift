import DudaoKernel
import Publicity

extension PublicityTests: ClauseSuite {
    static var plugin: any Plugin { PublicityPlugin() }
    typealias Case = ClauseCase<PublicityTests>
    typealias BodyCase = BodyEditCase<PublicityTests>
}
