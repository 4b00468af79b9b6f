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

    /// The real clock and time-ordered UUIDs (version 7, RFC 9562): the one place Dudao reads the wall clock.
    public static let live = StoreEnvironment(
        now: { Int64((Date().timeIntervalSince1970 * 1000).rounded()) },
        newID: { timeOrderedUUID(milliseconds: UInt64(max(0, Date().timeIntervalSince1970 * 1000))) })

    /// A version 7 UUID: 48 bits of Unix milliseconds, then 74 random bits. Ids made later sort
    /// later, so a node's new records land at the end of the id index rather than all over it.
    public static func timeOrderedUUID(milliseconds: UInt64) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index)))) }
        for index in 6..<16 { bytes[index] = generator.next() }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = bytes.map { byte -> String in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
