import Foundation
import Testing

/// `winnow clean --addresses FILE` gives text files the addresses a JSONL record would carry, so a listing known by
/// its address is dropped in a folder batch too; a bad line stops the run before anything is read.
@Suite struct AddressesCLITests {
    static let teasers = """
        KUALA LUMPUR: The High Court has fixed Sept 18 to hear an appeal by a former minister against his conviction on graft charges.

        Businessman nabbed for allegedly selling Pahang datuk titles to buyers across three states

        KOTA KINABALU: A businessman has been arrested for cheating a retired teacher of her savings in a land deal that never existed.
        """

    @Test func aTextFileWhoseAddressNamesATagPageIsDropped() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pages = folder.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        for name in ["listing.txt", "same-text.txt"] {
            try Data(Self.teasers.utf8).write(to: pages.appendingPathComponent(name))
        }
        let addresses = folder.appendingPathComponent("addresses.tsv")
        try Data("# page\taddress\nlisting.txt\thttps://news.example.my/tag/macc/page/4\n".utf8).write(to: addresses)
        let run = try winnow(["clean", pages.path, "--addresses", addresses.path, "--format", "jsonl", "--verbose"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 in, 1 written (0 unchanged), 1 dropped, 0 rejected"), "\(run.stderr)")
        #expect(run.stdout.contains("\"id\":\"same-text\""))
        #expect(!run.stdout.contains("\"id\":\"listing\""))
        // Without the file, both stay: nothing in the text gives the listing away.
        let bare = try winnow(["clean", pages.path, "--format", "jsonl", "--verbose"])
        #expect(bare.stderr.contains("2 in, 2 written (0 unchanged), 0 dropped, 0 rejected"), "\(bare.stderr)")
    }

    @Test func aLineWithoutAnAddressIsAUsageErrorNamingFileAndLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let addresses = folder.appendingPathComponent("addresses.tsv")
        try Data("a.txt\thttps://example.vn/a.html\n\nb.txt news.example.vn/tag/x\n".utf8).write(to: addresses)
        let run = try winnow(["clean", "seeds", "--addresses", addresses.path])
        #expect(run.status == 2)
        #expect(run.stderr == "winnow: \(addresses.path):3: expected a file's path, a tab and its address\n")
        #expect(run.stdout.isEmpty)
    }
}
