import Foundation

/// The web addresses of a batch's text files, for what the judge reads in an address (a tag, category or search
/// page is dropped by it: ``ListingAddress``). A JSONL record carries its address in a field; a folder of .txt files
/// has none unless it is given apart, in a file of one line per page: the file's path, a tab, its address. A path
/// is matched as it is written to the batch (`pages/001.txt`) or relative to the folder given (`001.txt`).
public struct AddressBook: Sendable, Equatable {
    public private(set) var addresses: [String: String] = [:]

    public init(_ addresses: [String: String] = [:]) {
        self.addresses = addresses
    }

    /// A line the file could not be read at, and why.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var cause: String

        public var description: String { line.map { "\(path):\($0): \(cause)" } ?? "\(path): \(cause)" }
    }

    /// Reads `path`: blank lines and lines starting with "#" are skipped; every other line is a path, a tab and
    /// an address starting with http:// or https://. A path named twice with two addresses is an error.
    public static func load(_ path: String) throws(ReadError) -> AddressBook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(path: path, line: nil, cause: "cannot read the file of addresses")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadError(path: path, line: nil, cause: "not UTF-8 text")
        }
        var book = AddressBook()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ReadError(path: path, line: index + 1, cause: "expected a file's path, a tab and its address")
            }
            let file = String(parts[0]), address = parts[1].trimmingCharacters(in: .whitespaces)
            guard address.hasPrefix("http://") || address.hasPrefix("https://") else {
                throw ReadError(path: path, line: index + 1, cause: "'\(address)' is not an http:// or https:// address")
            }
            if let earlier = book.addresses[file], earlier != address {
                throw ReadError(path: path, line: index + 1, cause: "'\(file)' was given another address before (\(earlier))")
            }
            book.addresses[file] = address
        }
        return book
    }

    /// The address of `file`, by the path it is read from or its path relative to the folder it was found in.
    public func address(of file: InputFile) -> String? {
        addresses[file.path] ?? addresses[file.relativePath]
    }
}
