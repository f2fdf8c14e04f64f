import Foundation
import Testing
@testable import Winnow

/// Issue 17: HTML character references in the normalize stage, built-in rules named from a user's rules file,
/// and the built-in rules' fingerprint.
@Suite struct HTMLEntityTests {
    func normalize(_ text: String, options: NormalizeOptions = NormalizeOptions()) throws -> Document {
        var document = Document(id: "n", source: "n", text: text)
        try DecodeStage(options: DecodeOptions()).run(&document)
        try NormalizeStage(options: options).run(&document)
        return document
    }

    @Test func decodesNamedAndNumericReferencesAndLogsThem() throws {
        let document = try normalize("Tom &amp; Jerry&nbsp;said it&#8217;s &#x2019;fine&#X2019; &copy; 2024 &hellip;\nNo references here.")
        #expect(document.paragraphs == ["Tom & Jerry said it’s ’fine’ © 2024 …", "No references here."])
        let edits = document.edits.filter { $0.rule == "normalize.html-entity" }
        #expect(edits.count == 1)
        #expect(edits.first?.line == 1)
        #expect(edits.first?.text == "Tom &amp; Jerry&nbsp;said it&#8217;s &#x2019;fine&#X2019; &copy; 2024 &hellip;")
    }

    @Test func leavesAmpersandsThatAreNotReferencesAlone() throws {
        let lines = ["AT&T and P&G", "a&b", "a&b;c", "&copy 2020", "&unknownname;", "& amp;", "&#;", "&#x;", "&#xD800;",
                     "&#1114112;", "&#10;", "R&D;", "&", "x&"]
        let document = try normalize(lines.joined(separator: "\n"))
        #expect(document.paragraphs == lines)
        #expect(!document.edits.contains { $0.rule == "normalize.html-entity" })
    }

    /// HTML reads the numbers 128-159 as windows-1252; Vietnamese letters come through named or numbered.
    @Test func readsWindows1252NumbersAndVietnameseLetters() throws {
        let document = try normalize("&#150; &#146;Hà Nội&#148; &Dstrok;&agrave; N&#7861;ng &#273;&#432;&#7901;ng")
        #expect(document.paragraphs == ["– ’Hà Nội” Đà Nẵng đường"])
    }

    /// What a reference stands for is cleaned like any character: a no-break space collapses, a reference to
    /// a combining mark composes (NFC), a soft hyphen goes.
    @Test func decodedCharactersAreNormalisedLikeOthers() throws {
        let document = try normalize("&nbsp;&nbsp;a&nbsp;&nbsp;b&shy;c e&#769;")
        #expect(document.paragraphs == ["a bc é"])
    }

    @Test func canBeTurnedOffInTheRulesFile() throws {
        let ruleSet = try loadRules(["main.yaml": "version: 1\nnormalize: {html_entities: false}\n"])
        #expect(ruleSet.normalize.htmlEntities == false)
        let document = try normalize("Tom &amp; Jerry", options: ruleSet.normalize)
        #expect(document.paragraphs == ["Tom &amp; Jerry"])
        #expect(try loadRules(["main.yaml": "version: 1\n"]).normalize.htmlEntities == true)
        #expect(defaultRules.normalize.htmlEntities == true)
    }

    @Test func theWholePipelineWithTheBuiltInRulesDecodesThem() throws {
        let document = try clean("Ông Nam n&oacute;i: &ldquo;Ch&uacute;ng t&ocirc;i đ&atilde; l&agrave;m xong.&rdquo;\n")
        #expect(document.paragraphs == ["Ông Nam nói: “Chúng tôi đã làm xong.”"])
        #expect(document.edits.contains { $0.rule == "normalize.html-entity" && $0.line == 1 })
    }

    @Test func theTableHoldsAtLeastTheCommonNames() {
        #expect(HTMLEntities.named.count >= 100)
        for name in ["amp", "lt", "gt", "quot", "apos", "nbsp", "copy", "reg", "trade", "hellip", "mdash", "ndash",
                     "lsquo", "rsquo", "ldquo", "rdquo", "laquo", "raquo", "euro", "deg", "middot", "bull", "times"] {
            #expect(HTMLEntities.named[name] != nil, "\(name)")
        }
        #expect(HTMLEntities.decode("&eacute;&Eacute;&yuml;&Yuml;&sigma;&Sigma;") == "éÉÿŸσΣ")
    }
}

@Suite struct BuiltinIncludeTests {
    @Test func includeBuiltinDefaultLoadsTheEmbeddedRules() throws {
        let files = ["main.yaml": """
            version: 1
            include: [builtin:default]
            rules:
              - id: local.byline
                description: A local rule.
                action: drop
                match: {exact: [Local junk]}
                examples: {match: [Local junk], keep: [Local news.]}
            """]
        // The reader sees only main.yaml: the built-in files must not be looked for on disk.
        let ruleSet = try RulesLoader { files[$0] }.load("main.yaml", checks: .builtIn)
        #expect(ruleSet.rules.count == defaultRules.rules.count + 1)
        #expect(ruleSet.rules.last?.id == "local.byline")
        #expect(ruleSet.files.first == "main.yaml")
        #expect(ruleSet.files.contains("builtin:default.yaml") && ruleSet.files.contains("builtin:vi-news.yaml"))
        #expect(ruleSet.judge == defaultRules.judge)
        #expect(ruleSet.normalize == defaultRules.normalize)
    }

    @Test func includeOneBuiltinFileByName() throws {
        let ruleSet = try loadRules(["main.yaml": "version: 1\ninclude: [builtin:common.yaml]\n"])
        let common = try RulesLoader.builtin.load("common.yaml", checks: .builtIn)
        #expect(ruleSet.rules.map(\.id) == common.rules.map(\.id))
        #expect(ruleSet.rules.first?.location.file == "builtin:common.yaml")
    }

    @Test func anUnknownBuiltinNameIsARulesErrorListingTheFiles() {
        #expect(throws: RulesErrors.self) { try loadRules(["main.yaml": "version: 1\ninclude: [builtin:nonesuch]\n"]) }
        do {
            _ = try loadRules(["main.yaml": "version: 1\ninclude: [builtin:nonesuch]\n"])
        } catch {
            #expect(error.description == "main.yaml:2:11: error: no built-in rules file 'builtin:nonesuch'; built-in files: "
                + BuiltinRules.names.joined(separator: ", ") + " (winnow rules --list)")
        }
    }

    @Test func namesResolve() {
        #expect(BuiltinRules.file(named: "default") == "default.yaml")
        #expect(BuiltinRules.file(named: "builtin:vi-news.yaml") == "vi-news.yaml")
        #expect(BuiltinRules.file(named: "models/judge") == "models/judge.yaml")
        #expect(BuiltinRules.file(named: "nonesuch") == nil)
        #expect(RulesLoader.resolve("models/judge.yaml", from: "builtin:default.yaml") == "builtin:models/judge.yaml")
        #expect(RulesLoader.resolve("common.yaml", from: "rules/my.yaml") == "rules/common.yaml")
        #expect(RulesLoader.resolve("builtin:spam", from: "rules/my.yaml") == "builtin:spam.yaml")
    }
}
