extension Router: HTTPResponder {
    public func resolve(method: HTTPMethod, path: String) -> RouteResolution {
        if let index = literal[Literal(method: method, path: path)] {
            let route = table[index]
            return .matched(RouteMatch(index: index, pattern: route.pattern.description, options: route.options, parameters: Parameters()))
        }
        let parts = path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
        if let found = bestRoute(for: method, parts) {
            return .matched(found)
        }
        // HEAD is answered by GET (microhttpd sends the head without the body).
        if method == .head, let found = bestRoute(for: .get, parts) {
            return .matched(found)
        }
        var allow: [HTTPMethod] = []
        for route in table where !allow.contains(route.method) && route.pattern.match(parts) != nil {
            allow.append(route.method)
        }
        if allow.isEmpty { return .notFound }
        if allow.contains(.get) && !allow.contains(.head) { allow.append(.head) }
        return .methodNotAllowed(allow: allow)
    }

    public func respond(to request: HTTPRequest, match: RouteMatch) throws -> HTTPResponse {
        let route = table[match.index]
        let context = RequestContext<Attributes>(
            requestId: request.requestId, remoteAddress: request.remoteAddress, route: match.pattern,
            parameters: match.parameters)
        return try run(0, request, context, route)
    }

    /// Middleware `index` (the router's, then the route's) and everything inside it, without
    /// allocating a closure per layer.
    private func run(
        _ index: Int, _ request: HTTPRequest, _ context: RequestContext<Attributes>, _ route: Route
    ) throws -> HTTPResponse {
        let layer: any Middleware<Attributes>
        if index < middleware.count {
            layer = middleware[index]
        } else if index - middleware.count < route.middleware.count {
            layer = route.middleware[index - middleware.count]
        } else {
            return try route.handler(request, context)
        }
        return try layer.handle(request, context: context) { request, context in
            try run(index + 1, request, context, route)
        }
    }

    private func bestRoute(for method: HTTPMethod, _ parts: [Substring]) -> RouteMatch? {
        guard let indices = candidates[Shape(method: method, segments: parts.count)] else { return nil }
        var best: (index: Int, parameters: Parameters)?
        for index in indices {
            guard let parameters = table[index].pattern.match(parts) else { continue }
            if let current = best, !table[index].pattern.isMoreSpecific(than: table[current.index].pattern) { continue }
            best = (index, parameters)
        }
        guard let best else { return nil }
        let route = table[best.index]
        return RouteMatch(index: best.index, pattern: route.pattern.description, options: route.options, parameters: best.parameters)
    }
}
