import Logging
import Synchronization

/// A log that anyone on the network can make us write to, kept small: at most `perMinute` lines
/// a minute, each cut to `maxLength` characters; the lines dropped are counted in the next one.
final class RateLimitedLog: Sendable {
    private struct Window {
        var start: Double = 0
        var lines = 0
        var dropped = 0
    }

    private let window = Mutex(Window())
    private let logger: Logger
    private let perMinute: Int
    private let maxLength: Int
    private let now: @Sendable () -> Double

    init(logger: Logger, perMinute: Int = 10, maxLength: Int = 200, now: @escaping @Sendable () -> Double) {
        self.logger = logger
        self.perMinute = perMinute
        self.maxLength = maxLength
        self.now = now
    }

    /// Logs `message` unless this minute's lines are spent; returns whether it was logged.
    @discardableResult
    func warning(_ message: String) -> Bool {
        let time = now()
        let dropped: Int? = window.withLock { window in
            if time - window.start >= 60 { window = Window(start: time, lines: 0, dropped: window.dropped) }
            guard window.lines < perMinute else {
                window.dropped += 1
                return nil
            }
            window.lines += 1
            defer { window.dropped = 0 }
            return window.dropped
        }
        guard let dropped else { return false }
        let line = message.count > maxLength ? String(message.prefix(maxLength)) + "…" : message
        logger.warning("\(line)", metadata: dropped > 0 ? ["dropped_before": "\(dropped)"] : [:])
        return true
    }
}
