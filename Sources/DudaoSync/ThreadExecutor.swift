import Foundation
import Synchronization
#if os(Linux)
import CMalloc
#endif

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
        _ = Self.paddedHeaps
        let thread = Thread { [self] in
            Thread.current.name = name  // named from the thread itself, where Linux takes it (`ps -L`, `perf`)
            run()
        }
        thread.start()
    }

    /// glibc gives a thread other than the main one a heap of its own, which grows by exactly
    /// what is asked, one `mprotect` (and a TLB shoot-down on the other core) each time: as a
    /// merge fills SQLite's 64 MiB page cache page by page, that was 15,415 `mprotect` calls in a
    /// 100 × 1000 import (`strace -c -f`), where 344be11's merge on the main thread grew its heap
    /// by `brk` 577 times. Only a new heap's first size takes `M_TOP_PAD` into account; at 64 MiB
    /// (a whole heap) the calls fell to 371, and in 20 alternated rounds the merge went from 1 %
    /// slower than 344be11 to 2 % faster (README, Benchmarks). The padding is address space:
    /// pages are touched only when used.
    /// Set once, for the process: glibc has no setting per thread. Only `dudao bundle import` and
    /// the benchmark make this thread; the servers import one bundle at a time on their request
    /// threads and keep glibc's defaults.
    private static let paddedHeaps: Void = {
        #if os(Linux)
        _ = mallopt(M_TOP_PAD, 64 << 20)
        #endif
    }()

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
