// Coding paths, errors, and moving about the tape (siblings, keys).

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder._Impl {
    var codingPath: [any CodingKey] { path(node, hasPending ? pendingKey : nil) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The coding path of `node`, plus `last`.
    func path(_ node: Int32, _ last: (any CodingKey)?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var index = Int(node)
        while index >= 0 {
            keys.append(nodes[index].key)
            index = Int(nodes[index].parent)
        }
        keys.reverse()
        if let last { keys.append(last) }
        return keys
    }

    /// The node of the current coding path, for a container created at the current value.
    @inline(__always)
    func currentNode() -> Int32 {
        if hasPending {
            nodes.append(_PathNode(parent: node, key: pendingKey))
            node = Int32(nodes.count &- 1)
            hasPending = false
        }
        return node
    }

    /// Runs `body` with the decoder pointed at the value at `index`, whose coding path is
    /// `parent` plus `key`.
    @inline(__always)
    func within<R>(_ index: Int, parent: Int32, key: some CodingKey, _ body: () throws -> R) rethrows -> R {
        let savedCurrent = current
        let savedNode = node
        guard !hasPending else { return try withinSavingKey(index, parent: parent, key: key, body) }
        current = index
        node = parent
        hasPending = true
        pendingKey = key
        defer {
            current = savedCurrent
            node = savedNode
            hasPending = false
        }
        return try body()
    }

    /// `within` when the current path has a pending key to restore afterwards.
    func withinSavingKey<R>(_ index: Int, parent: Int32, key: some CodingKey, _ body: () throws -> R) rethrows -> R {
        let savedCurrent = current
        let savedNode = node
        let savedKey = pendingKey
        current = index
        node = parent
        pendingKey = key
        defer {
            current = savedCurrent
            node = savedNode
            hasPending = true
            pendingKey = savedKey
        }
        return try body()
    }

    func describe(_ index: Int) -> String {
        switch tape[index].kind {
        case _Entry.string: "a string"
        case _Entry.number: "number"
        case _Entry.object: "a dictionary"
        case _Entry.array: "an array"
        case _Entry.null: "null"
        default: "bool"
        }
    }

    func error(_ fault: _Fault, _ type: Any.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) -> any Error {
        switch fault {
        case .mismatch:
            DecodingError.typeMismatch(type, DecodingError.Context(
                codingPath: path(), debugDescription: "Expected to decode \(type) but found \(describe(index)) instead."))
        case .null:
            DecodingError.valueNotFound(type, DecodingError.Context(
                codingPath: path(), debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        case .corrupt(let error):
            error
        }
    }

    func corrupt(_ message: String, at offset: Int) -> _Fault {
        .corrupt(_InvalidJSON(message: message, offset: offset))
    }

    // MARK: Tape navigation

    @inline(__always)
    func next(after index: Int) -> Int {
        let kind = tape[index].kind
        return kind == _Entry.object || kind == _Entry.array ? Int(tape[index].b) : index + 1
    }

    /// Foundation materialises every key when it creates a keyed container, so a key that
    /// is not valid UTF-8 or has a bad escape fails the container even if unused.
    func validateKeys(_ object: Int) throws {
        let end = Int(tape[object].b)
        var key = object + 1
        while key < end {
            if tape[key].flags != 0 {
                do { _ = try string(key) } catch { throw self.error(error, String.self, at: key, path: []) }
            }
            key = Int(tape[key].c)
        }
    }

    /// The tape index of the value for `name` in `object`, or -1. The first of duplicate
    /// keys wins, and keys compare as Swift strings (canonical equivalence) like
    /// Foundation's dictionary lookup.
    @inline(__always)
    func lookup(_ name: String, in object: Int) -> Int {
        let entry = tape[object]
        if entry.flags & _Entry.plainKeys != 0, entry.a <= 32 {
            var name = name
            let found = name.withUTF8 { key -> Int in
                let count = key.count
                guard count > 0 else { return -2 }
                let end = Int(entry.b)
                let keyBytes = key.baseAddress!
                // Compare the first (up to) eight bytes as a word, then the rest.
                let head = min(count, 8)
                var first: UInt64 = 0
                withUnsafeMutableBytes(of: &first) { $0.baseAddress!.copyMemory(from: keyBytes, byteCount: head) }
                let mask: UInt64 = head == 8 ? ~0 : (1 &<< UInt64(head &* 8)) &- 1
                var i = object + 1
                while i < end {
                    let candidate = tape[i]
                    if Int(candidate.b &- candidate.a) == count {
                        // The copy of the input is followed by eight bytes of padding.
                        let bytes = base + Int(candidate.a)
                        if UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self) & mask == first {
                            var k = head
                            while k < count && bytes[k] == keyBytes[k] { k &+= 1 }
                            if k == count { return i + 1 }
                        }
                    }
                    i = Int(candidate.c)
                }
                // The keys are ASCII: an ASCII name equal to one of them has the same bytes,
                // but a non-ASCII name may still be canonically equivalent (K and U+212A).
                var ascii: UInt8 = 0
                for byte in key { ascii |= byte }
                return ascii < 0x80 ? -1 : -2
            }
            if found != -2 { return found }
        }
        return keyMap(object)[name] ?? -1
    }

    @inline(never)
    func keyMap(_ object: Int) -> [String: Int] {
        if let map = keyMaps[object] { return map }
        var map: [String: Int] = [:]
        map.reserveCapacity(Int(tape[object].a))
        let end = Int(tape[object].b)
        var key = object + 1
        while key < end {
            // Keys were validated when the container was created.
            let name = (try? string(key)) ?? ""
            if map[name] == nil { map[name] = key + 1 }
            key = Int(tape[key].c)
        }
        keyMaps[object] = map
        return map
    }

    /// The distinct keys of `object` in document order.
    func allKeys(_ object: Int) -> [String] {
        let entry = tape[object]
        var keys: [String] = []
        keys.reserveCapacity(Int(entry.a))
        let end = Int(entry.b)
        var key = object + 1
        if entry.flags & _Entry.plainKeys != 0, entry.a <= 32 {
            while key < end {
                let name = (try? string(key)) ?? ""
                if !keys.contains(name) { keys.append(name) }
                key = Int(tape[key].c)
            }
        } else {
            let map = keyMap(object)
            while key < end {
                let name = (try? string(key)) ?? ""
                if map[name] == key + 1 { keys.append(name) }
                key = Int(tape[key].c)
            }
        }
        return keys
    }
}
