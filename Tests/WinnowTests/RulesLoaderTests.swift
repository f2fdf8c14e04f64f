import Testing
@testable import Winnow

@Suite struct RulesLoaderTests {
    func errors(_ yaml: String, others: [String: String] = [:]) -> String {
        do {
            _ = try loadRules(others.merging(["main.yaml": yaml]) { $1 })
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func unknownKeyNamesTheNearestValidOne() {
        #expect(errors("version: 1\nrules:\n  - id: a.b\n    action: drop\n    mach: {exact: [x]}\n") == """
        main.yaml:5:5: error: unknown key 'mach' in a rule
            hint: did you mean 'match'?
        main.yaml:4:13: error: this action needs a 'match' condition
        """)
    }

    @Test func badRegexIsReportedWithICUsReasonAtItsColumn() {
        #expect(errors("rules:\n  - id: a.b\n    action: drop\n    match: {regex: 'ab[c'}\n") == """
        main.yaml:4:25: error: bad regular expression: missing close bracket at offset 4 in /ab[c/
            hint: ICU regex syntax: https://unicode-org.github.io/icu/userguide/strings/regexp.html
        """)
    }

    @Test func duplicateIDsAreRejected() {
        let yaml = "rules:\n  - {id: a.b, action: drop, match: {exact: [x]}}\n  - {id: a.b, action: drop, match: {exact: [y]}}\n"
        #expect(errors(yaml) == "main.yaml:3:5: error: duplicate rule id 'a.b' (first defined at main.yaml:2:5)")
    }

    @Test func wrongTypeSaysWhatWasExpected() {
        #expect(errors("rules:\n  - {id: a.b, action: drop, match: {words: {max: many}}}\n")
            == "main.yaml:2:50: error: 'words.max' must be a whole number")
    }

    /// Booleans are the plain words YAML reads as true or false; a quoted one is a string, and a wrong type.
    @Test func booleansArePlainYAMLWords() throws {
        for (word, value) in [("true", true), ("Yes", true), ("on", true), ("false", false), ("NO", false), ("off", false)] {
            let rules = try loadRules(["main.yaml": "normalize: {trim: \(word)}\n"])
            #expect(rules.normalize.trim == value, "\(word)")
        }
        #expect(errors("normalize: {trim: 'true'}\n") == "main.yaml:1:19: error: 'normalize.trim' must be true or false")
        #expect(errors("normalize: {trim: 1}\n") == "main.yaml:1:19: error: 'normalize.trim' must be true or false")
    }

    @Test func includeCyclesAreRejected() {
        #expect(errors("include: [b.yaml]\n", others: ["b.yaml": "include: [main.yaml]\n"])
            == "b.yaml:1:11: error: include cycle: main.yaml -> b.yaml -> main.yaml")
    }

    @Test func anExampleItsRuleFailsIsAnError() {
        let yaml = "rules:\n  - id: a.b\n    action: drop\n    match: {exact: [Print]}\n    examples: {match: [Share]}\n"
        #expect(errors(yaml) == """
        main.yaml:2:5: error: rule 'a.b' fails its own example: should match "Share" but does not
            hint: fix the rule, or move the example to the other list if the example is wrong
        """)
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() {
        #expect(errors("rules: [\n").hasPrefix("main.yaml:2:1: error: not valid YAML:"))
    }

    @Test func includedSettingsAreOverriddenByTheIncludingFile() throws {
        let rules = try loadRules([
            "main.yaml": "include: [base.yaml]\nsegment: {locale: en, abbreviations: [Mr.]}\n",
            "base.yaml": "segment: {locale: vi, abbreviations: [TP.]}\nrules:\n  - {id: base.x, action: drop, match: {exact: [x]}}\n",
        ])
        #expect(rules.segment.locale == "en")
        #expect(rules.segment.abbreviations == ["TP.", "Mr."])
        #expect(rules.rules.map(\.id) == ["base.x"])
    }

    /// The segmenter's word lists merge like the abbreviations, and a rules file of another language brings its
    /// own: after "Dr." a German sentence opener starts a new sentence; "Nr." holds only before a number; "Serie
    /// A." ends no initial.
    @Test func theSegmentersWordListsMergeAcrossIncludedFiles() throws {
        let rules = try loadRules([
            "main.yaml": "include: [base.yaml]\nsegment: {locale: de, abbreviations: [Dr.], number_abbreviations: [Nr.], sentence_openers: [Die], reporting_verbs: [sagte]}\n",
            "base.yaml": "segment: {sentence_openers: [Der], time_words: [MEZ], not_initials: [Serie A]}\nrules:\n  - {id: base.x, action: drop, match: {exact: [x]}}\n",
        ])
        #expect(rules.segment.sentenceOpeners == ["Der", "Die"])
        #expect(rules.segment.timeWords == ["MEZ"])
        #expect(rules.segment.reportingVerbs == ["sagte"])
        #expect(rules.segment.numberAbbreviations == ["Nr."])
        #expect(rules.segment.notInitials == ["Serie A"])
        let stage = try SegmentStage(options: rules.segment)
        #expect(try stage.sentences(in: "Er wohnt bei Dr. Die Praxis ist klein.").count == 2)
        #expect(try stage.sentences(in: "Er wohnt bei Dr. Müller in Berlin.").count == 1)
        #expect(try stage.sentences(in: "Das Haus hat die Nr. 5 und ist alt.").count == 1)
        #expect(try stage.sentences(in: "Das Haus hat keine Nr. Wir suchen es.").count == 2)
        #expect(try stage.sentences(in: "Er spielt in der Serie A. Wir sehen zu.").count == 2)
        #expect(try stage.sentences(in: "Das sagte Klaus M. Weber gestern.").count == 1)
    }

    @Test func builtinRulesAreTheTextOfTheRulesFolder() throws {
        for (name, text) in BuiltinRules.files {
            let file = try String(contentsOfFile: path("rules/\(name)"), encoding: .utf8)
            #expect(text + "\n" == file, "rules/\(name) differs from the embedded copy: run scripts/embed-rules")
        }
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: path("rules")).filter { $0.hasSuffix(".yaml") }
        let models = ["models/judge.yaml", "models/documents.yaml", "models/spam.yaml"]
        #expect(Set(onDisk + models) == Set(BuiltinRules.files.keys))
    }

    /// The binary loads its built-in rules without compiling their regexes or running their examples; the same
    /// text passes every check a user's rules file gets.
    @Test func builtInRulesPassTheFullChecks() throws {
        let checked = try RulesLoader.builtin.load(BuiltinRules.defaultFile, checks: .full)
        #expect(checked.rules.map(\.id) == defaultRules.rules.map(\.id))
        var files = BuiltinRules.files
        files["spam.yaml"] = files["spam.yaml"]!.replacingOccurrences(of: "(?i)(?:link vào", with: "(?i)(?:link vào[")
        let broken = files
        #expect(throws: RulesErrors.self) { try RulesLoader { broken[$0] }.load(BuiltinRules.defaultFile, checks: .full) }
    }

    @Test func everyDefaultRuleHasExamplesThatPass() throws {
        #expect(defaultRules.rules.allSatisfy { !$0.examples.isEmpty })
        let (checked, failures) = try ExampleRunner.failures(in: defaultRules)
        #expect(checked > 100)
        #expect(failures.isEmpty)
    }
}

import Foundation

extension RulesLoaderTests {
    @Test func aRuleWithoutAnActionListsTheActions() throws {
        let text = "version: 1\nrules:\n  - id: c.d\n    match: {exact: [x]}\n"
        let loader = RulesLoader { _ in text }
        let errors = #expect(throws: RulesErrors.self) { try loader.load("r.yaml") }
        #expect(errors?.description.contains("r.yaml:3:5: error: rule 'c.d' has no 'action'\n    hint: valid actions: drop,") == true, "\(String(describing: errors))")
    }
}
