import Foundation

/// A loopback TCP port that is free now, chosen by the kernel (bind to port 0, read it back, close).
///
/// A random port from a fixed range collides, now and then, with the ephemeral port of some other
/// test's client connection (Linux hands those out from 32768 up), and the server under test then
/// exits with "address in use". The kernel's choice is free at the moment it is made; the window
/// until the server binds it is short.
public func freeLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return 20_000 + Int.random(in: 0..<10_000) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
        }
    }
    guard bound else { return 20_000 + Int.random(in: 0..<10_000) }
    return Int(UInt16(bigEndian: address.sin_port))
}
