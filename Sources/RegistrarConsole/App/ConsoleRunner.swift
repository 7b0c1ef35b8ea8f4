import Foundation
import RegistrarCore

/// The model, its state and the services, wired: an event goes in, the effects it asks for run
/// one after another, and their results go back in until nothing is left to do. The terminal
/// loop and the tests drive the console through this one type.
public final class ConsoleRunner {
    public private(set) var state: ConsoleState
    public let services: ConsoleServices
    private let now: () -> Date

    public init(services: ConsoleServices, size: ScreenSize, palette: TerminalPalette = .direct, now: @escaping () -> Date = Date.init) {
        self.services = services
        self.now = now
        state = ConsoleState(
            size: size, now: now(), idleSeconds: TimeInterval(services.settings.consoleIdleMinutes * 60), reference: services.reference)
        state.palette = palette
        state.exportDirectory = services.settings.exportDirectory
    }

    /// Handles an event to the end; returns whether the screen must be drawn again.
    @discardableResult
    public func send(_ event: Event) -> Bool {
        var pending = [event]
        var redraw = false
        while !pending.isEmpty {
            let next = pending.removeFirst()
            let update = ConsoleModel.update(&state, next, now: now())
            redraw = redraw || update.redraw
            for effect in update.effects {
                pending.append(.result(services.run(effect, token: state.session?.token)))
            }
        }
        return redraw
    }

    /// Types text and keys, in order.
    public func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    public func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    /// What the screen shows now.
    public var screen: TextGrid { Renderer.render(state) }
}
