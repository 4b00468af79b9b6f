import Logging

/// Slows password guessing: after a few failed sign-ins for an account, or from a client
/// address, further attempts wait, and the wait doubles with every failure (up to a ceiling).
///
/// Both keys count separately, so one address cannot lock many accounts without being slowed
/// itself, and a distributed guesser still meets the account's own backoff. A success clears
/// the account's and the address's counts. Memory is bounded: at most `capacity` keys are
/// remembered, the stalest forgotten first, and entries older than `forgetAfter` go.
public actor LoginThrottle {
    public struct Settings: Sendable {
        /// Failures allowed before the first wait.
        public var freeFailures = 5
        /// The first wait, in seconds; each later failure doubles it.
        public var firstWait: Double = 1
        /// The longest wait, in seconds.
        public var longestWait: Double = 900
        /// A key with no failure for this long is forgotten, in seconds.
        public var forgetAfter: Double = 3600
        public var capacity = 10_000
        public init() {}
    }

    struct Entry {
        var failures: Int
        var lastFailure: Double
        var blockedUntil: Double
    }

    private var entries: [String: Entry] = [:]
    private let settings: Settings
    private let now: @Sendable () -> Double
    private let logger: Logger

    /// - Parameter now: seconds on a monotonic or wall clock; injected so tests fix time.
    public init(settings: Settings = Settings(), logger: Logger = Logger(label: "dudao.login"),
                now: @escaping @Sendable () -> Double) {
        self.settings = settings
        self.logger = logger
        self.now = now
    }

    /// Seconds the caller must wait before this attempt may be checked, or nil to go ahead.
    public func wait(account: String, address: String?) -> Double? {
        let time = now()
        let waits = keys(account: account, address: address).compactMap { key -> Double? in
            guard let entry = entries[key], entry.blockedUntil > time else { return nil }
            return entry.blockedUntil - time
        }
        return waits.max()
    }

    /// Counts a failed attempt for the account and the address.
    public func failed(account: String, address: String?) {
        let time = now()
        forgetStale(at: time)
        for key in keys(account: account, address: address) {
            var entry = entries[key] ?? Entry(failures: 0, lastFailure: time, blockedUntil: 0)
            entry.failures += 1
            entry.lastFailure = time
            let over = entry.failures - settings.freeFailures
            if over >= 0 {
                let wait = min(settings.longestWait, settings.firstWait * Double(1 << min(over, 30)))
                entry.blockedUntil = time + wait
                logger.warning("sign-in throttled", metadata: ["key": "\(key)", "failures": "\(entry.failures)", "wait_s": "\(wait)"])
            }
            entries[key] = entry
        }
    }

    /// Clears the counts after a successful sign-in.
    public func succeeded(account: String, address: String?) {
        for key in keys(account: account, address: address) { entries[key] = nil }
    }

    /// How many keys are remembered (for tests of the bound).
    public var count: Int { entries.count }

    private func keys(account: String, address: String?) -> [String] {
        ["account:" + account.lowercased()] + (address.map { ["address:" + $0] } ?? [])
    }

    private func forgetStale(at time: Double) {
        if entries.count >= settings.capacity {
            entries = entries.filter { time - $0.value.lastFailure < settings.forgetAfter || $0.value.blockedUntil > time }
        }
        while entries.count >= settings.capacity, let stalest = entries.min(by: { $0.value.lastFailure < $1.value.lastFailure }) {
            entries[stalest.key] = nil
        }
    }
}
