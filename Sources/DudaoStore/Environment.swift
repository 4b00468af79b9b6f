import Foundation

/// The store's window on the world: the wall clock and fresh ids, injected so tests and the demo fix them.
public struct StoreEnvironment: Sendable {
    /// Milliseconds since 1970.
    public var now: @Sendable () -> Int64
    /// A fresh record id.
    public var newID: @Sendable () -> String

    public init(now: @escaping @Sendable () -> Int64, newID: @escaping @Sendable () -> String) {
        self.now = now
        self.newID = newID
    }

    /// The real clock and random UUIDs.
    public static let live = StoreEnvironment(
        now: { Int64((Date().timeIntervalSince1970 * 1000).rounded()) },
        newID: { UUID().uuidString.lowercased() })
}
