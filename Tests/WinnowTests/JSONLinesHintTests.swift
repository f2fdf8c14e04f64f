import Foundation
import Testing
@testable import Winnow

/// Text inputs that are JSON lines get a warning; a folder's files are sampled, not all opened before the batch.
@Suite struct JSONLinesHintTests {
    func folder(of count: Int) throws -> (root: String, files: [InputFile]) {
        let root = try temporaryFolder("hint")
        var files: [InputFile] = []
        for index in 0..<count {
            let name = String(format: "%03d.txt", index)
            try Data("{\"text\": \"Câu \(index).\"}\n".utf8).write(to: URL(fileURLWithPath: root + "/" + name))
            files.append(InputFile(path: root + "/" + name, relativePath: name))
        }
        return (root, files)
    }

    @Test func aFolderIsSampledButAFileNamedOnTheCommandLineIsAlwaysRead() throws {
        let (_, files) = try folder(of: JSONLinesHint.folderSample + 4)
        let fromFolder = JSONLinesHint.warnings(for: files, named: [], textField: "text")
        #expect(fromFolder.count == JSONLinesHint.folderSample)
        let last = try #require(files.last)
        let named = JSONLinesHint.warnings(for: files, named: [last.path], textField: "text")
        #expect(named.count == JSONLinesHint.folderSample + 1)
        #expect(named.last?.contains(last.path) == true)
    }

    @Test func outputsCollideByTheirTidiedNamesWithoutAskingTheFileSystem() {
        let files = [InputFile(path: "a/x.txt", relativePath: "x.txt"), InputFile(path: "b/./x.txt", relativePath: "./x.txt")]
        #expect(OutputNames.collision(among: files, format: .text)?.contains("would both be written to OUT/") == true)
        #expect(OutputNames.collision(among: [files[0]], format: .text) == nil)
    }
}
