import Foundation
import Hummingbird

/// The files every page needs, shipped with the binary as resources (no CDN: the units'
/// workstations run offline) and served at paths that name their content.
public enum Assets {
    /// The stylesheet's text, read once from the module's resources.
    public static let stylesheet: String = {
        guard let url = Bundle.module.url(forResource: "dudao", withExtension: "css"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("DudaoWeb's resource dudao.css is missing from the bundle")
        }
        return text
    }()

    /// A short hash of the stylesheet: a new stylesheet gets a new path, so it can be cached for good.
    static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in stylesheet.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }()

    /// Where pages link the stylesheet.
    public static let stylesheetPath = "/assets/dudao-\(version).css"

    /// Serves the stylesheet (any version asked for gets the current one).
    public static func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let body = ByteBuffer(string: stylesheet)
        router.get("/assets/{file}") { _, context -> Response in
            let file = context.pathParameter("file")
            guard file.hasPrefix("dudao-"), file.hasSuffix(".css") else { throw HTTPError(.notFound) }
            return Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=31536000, immutable"],
                            body: .init(byteBuffer: body))
        }
    }
}
