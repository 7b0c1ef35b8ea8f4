import Foundation
import RegistrarHTTP
import RegistrarTestSupport
import Synchronization
import Testing

@Suite("Slow clients")
struct SlowClientTests {
    /// ~200 connections each trickle a request head at one byte a second (slowloris); meanwhile an
    /// ordinary client opens a fresh connection per request. Its requests must still be quick.
    @Test("200 trickling connections do not hold up an ordinary client")
    func slowloris() throws {
        let app = try Harness(.live, router: Fixtures.router())
        let port = app.port
        let trickled = (0..<200).compactMap { _ in try? RawConnection(port: port) }
        #expect(trickled.count == 200)
        let partialHead = Array("GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8)
        let stop = Atomic<Bool>(false)
        let descriptors = trickled.map(\.descriptor)
        let trickler = Thread {
            var position = 0
            while !stop.load(ordering: .relaxed) {
                let byte = [partialHead[position % partialHead.count]]
                for descriptor in descriptors { _ = send(descriptor, byte, 1, Int32(MSG_NOSIGNAL)) }
                position += 1
                var slept = 0
                while slept < 1000 && !stop.load(ordering: .relaxed) {
                    usleep(10_000)
                    slept += 10
                }
            }
        }
        trickler.start()
        defer { stop.store(true, ordering: .relaxed) }
        usleep(300_000)

        var latencies: [Duration] = []
        let deadline = ContinuousClock.now + .seconds(20)
        for index in 0..<300 where ContinuousClock.now < deadline {
            let begun = ContinuousClock.now
            let reply = try app.send("GET", "/api/v1/filings/\(index)")
            latencies.append(ContinuousClock.now - begun)
            #expect(reply.status == 200)
            usleep(10_000)
        }
        stop.store(true, ordering: .relaxed)
        latencies.sort()
        #expect(latencies.count == 300)
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        let worst = latencies.last ?? .zero
        print("slowloris: 200 trickling connections; \(latencies.count) requests, p50 \(p50), p99 \(p99), max \(worst)")
        #expect(p99 < .seconds(1))
        // The trickling connections are still open: nothing was refused to make room.
        #expect(trickled.allSatisfy { !$0.isClosedByPeer(timeout: 0) })
    }
}
