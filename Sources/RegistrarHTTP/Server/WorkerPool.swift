import Dispatch
import Foundation
import Synchronization

/// A fixed number of threads taking jobs from a bounded FIFO queue.
///
/// Plain threads rather than Swift tasks: slow handlers block (hashing, rendering), which must
/// not starve the cooperative pool, and a job is handed over without an actor hop.
final class WorkerPool: Sendable {
    typealias Job = @Sendable () -> Void

    private struct Queue {
        var jobs: [Job?] = []
        var head = 0
        var closed = false
        var pending: Int { jobs.count - head }

        mutating func pop() -> Job? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            jobs[head] = nil
            head += 1
            if head > 64 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    private let capacity: Int
    let threadCount: Int

    /// `name` plus "-N" names the threads; Linux keeps 15 characters of a thread's name.
    init(threads: Int, capacity: Int, name: String) {
        precondition(threads > 0 && capacity > 0, "a worker pool needs threads and room")
        self.capacity = capacity
        self.threadCount = threads
        for index in 0..<threads {
            let threadName = "\(name)-\(index)"
            Thread { [self] in
                // Named from inside: on Linux a name given before start() is not applied, and a new
                // thread starts with its creator's name (a Dispatch queue's, under a test runner).
                Thread.current.name = threadName
                // The kernel's name, which ps, top and a debugger show (15 bytes at most).
                try? String(threadName.prefix(15)).write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                run()
            }.start()
        }
    }

    /// Queues a job; false when the queue is full or the pool is shut down.
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = queue.withLock { queue in
            guard !queue.closed, queue.pending < capacity else { return false }
            queue.jobs.append(job)
            return true
        }
        if accepted { ready.signal() }
        return accepted
    }

    /// Jobs waiting for a thread.
    var queued: Int {
        queue.withLock { $0.pending }
    }

    /// Whether a job submitted now would be refused.
    var isSaturated: Bool {
        queue.withLock { $0.closed || $0.pending >= capacity }
    }

    /// Refuses new jobs; the threads finish the queued ones, then end.
    func shutdown() {
        let wasOpen = queue.withLock { queue in
            defer { queue.closed = true }
            return !queue.closed
        }
        guard wasOpen else { return }
        for _ in 0..<threadCount { ready.signal() }
    }

    private func run() {
        while true {
            ready.wait()
            let (job, closed) = queue.withLock { queue in (queue.pop(), queue.closed) }
            if let job {
                job()
            } else if closed {
                return
            }
        }
    }
}
