// Refusing an object that has a key twice, for callers that need one reading of a document.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder._Impl {
    /// Throws `dataCorrupted`, with the path of the repeated key, at the first object that has a
    /// key twice: keys compare as the decoder's lookup compares them (Swift strings, so canonical
    /// equivalents are the same key). One pass over the tape, comparing the few keys of each object.
    func checkDistinctKeys() throws {
        var path: [any CodingKey] = []
        try checkDistinctKeys(at: 0, path: &path)
    }

    private func checkDistinctKeys(at index: Int, path: inout [any CodingKey]) throws {
        let entry = tape[index]
        let end = Int(entry.b)
        if entry.kind == _Entry.object {
            if entry.a > 1, let repeated = repeatedKey(in: index) {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: path + [_Key.string(repeated)],
                    debugDescription: "The given data was not valid JSON: the key \"\(repeated)\" appears twice in one object."))
            }
            var key = index + 1
            while key < end {
                let value = key + 1
                if tape[value].kind == _Entry.object || tape[value].kind == _Entry.array {
                    path.append(_Key.string((try? string(key)) ?? ""))
                    try checkDistinctKeys(at: value, path: &path)
                    path.removeLast()
                }
                key = Int(tape[key].c)
            }
        } else if entry.kind == _Entry.array {
            var element = index + 1
            var position = 0
            while element < end {
                let kind = tape[element].kind
                if kind == _Entry.object || kind == _Entry.array {
                    path.append(_Key.index(position))
                    try checkDistinctKeys(at: element, path: &path)
                    path.removeLast()
                    element = Int(tape[element].b)
                } else {
                    element += 1
                }
                position += 1
            }
        }
    }

    /// The first key of `object` that an earlier key equals, or nil.
    private func repeatedKey(in object: Int) -> String? {
        let entry = tape[object]
        let end = Int(entry.b)
        if entry.flags & _Entry.plainKeys != 0, entry.a <= 32 {
            // Printable ASCII without escapes: equal keys are equal bytes.
            var key = Int(tape[object + 1].c)
            while key < end {
                let length = Int(tape[key].b &- tape[key].a)
                var earlier = object + 1
                while earlier < key {
                    if Int(tape[earlier].b &- tape[earlier].a) == length {
                        let left = base + Int(tape[earlier].a), right = base + Int(tape[key].a)
                        var k = 0
                        while k < length && left[k] == right[k] { k &+= 1 }
                        if k == length { return (try? string(key)) ?? "" }
                    }
                    earlier = Int(tape[earlier].c)
                }
                key = Int(tape[key].c)
            }
            return nil
        }
        var seen = Set<String>()
        var key = object + 1
        while key < end {
            if let name = try? string(key), !seen.insert(name).inserted { return name }
            key = Int(tape[key].c)
        }
        return nil
    }
}
