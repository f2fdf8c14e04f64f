import Foundation
import Testing
@testable import Winnow

/// Files a run writes whole (the --rejects file): replaced by rename when they are files, written into when they
/// are devices or pipes, through when they are links.
@Suite struct AtomicFileTests {
    static func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    /// A rename over /dev/null, a named pipe or /dev/stdout would put a regular file in its place.
    @Test func aPipeIsWrittenIntoNotReplaced() async throws {
        let folder = try temporaryFolder("atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pipe = folder + "/rejects.jsonl"
        #expect(mkfifo(pipe, 0o600) == 0)
        let reader = Task.detached { () -> String in
            let handle = FileHandle(forReadingAtPath: pipe)
            return String(decoding: handle?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        }
        try AtomicFile.write(Array("{\"id\":\"a\"}\n".utf8), to: pipe)
        #expect(await reader.value == "{\"id\":\"a\"}\n")
        #expect(Self.kind(pipe) == S_IFIFO)
    }

    @Test func aLinkIsFollowedAndKept() throws {
        let folder = try temporaryFolder("atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/target.jsonl", link = folder + "/link.jsonl"
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try AtomicFile.write(Array("new\n".utf8), to: link)
        #expect(Self.kind(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
    }

    @Test func aFolderIsRefusedWithItsName() throws {
        let folder = try temporaryFolder("atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try AtomicFile.write([0x41], to: folder)
            Issue.record("a folder was written over")
        } catch {
            #expect(error.description == "\(folder): is a folder, not a file")
        }
    }
}
