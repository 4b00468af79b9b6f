import Foundation
import Synchronization

/// A thread of its own that runs the jobs of the tasks preferring it (`withTaskExecutorPreference`).
/// `importBundles` merges there: on Linux the global executor has one thread per core, and a merge
/// that shared them with the preparation of the next bundle moved between them (and their malloc
/// arenas) from bundle to bundle (README, Benchmarks: "The merge after issue 9").
/// `stop()` once no task prefers it any more: the thread ends when its queue is empty.
final class ThreadExecutor: TaskExecutor {
    private let state = Mutex<(jobs: [UnownedJob], stopped: Bool)>(([], false))
    /// Wakes the thread; `state` is read under its lock too, so no wake-up is lost.
    private let wake = NSCondition()

    init(name: String) {
        let thread = Thread { [self] in
            Thread.current.name = name  // named from the thread itself, where Linux takes it (`ps -L`, `perf`)
            run()
        }
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let accepted = state.withLock { state in
            guard !state.stopped else { return false }
            state.jobs.append(job)
            return true
        }
        // A job after `stop()` cannot come from a task that prefers this executor; should one come, it still runs.
        guard accepted else { return globalConcurrentExecutor.enqueue(job) }
        wake.lock()
        wake.signal()
        wake.unlock()
    }

    /// Lets the thread end once the jobs it holds have run.
    func stop() {
        state.withLock { $0.stopped = true }
        wake.lock()
        wake.signal()
        wake.unlock()
    }

    private func run() {
        while let job = next() {
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// The next job, waiting for one; nil once stopped and empty.
    private func next() -> UnownedJob? {
        wake.lock()
        defer { wake.unlock() }
        while true {
            let (job, stopped) = state.withLock { state in
                (state.jobs.isEmpty ? nil : state.jobs.removeFirst(), state.stopped)
            }
            if let job { return job }
            if stopped { return nil }
            wake.wait()
        }
    }
}
