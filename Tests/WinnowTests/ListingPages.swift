import Foundation
@testable import Winnow

/// What the tests of the judge's listing checks share: a page cleaned by the built-in rules, and the stories of a
/// local section page, each a headline and its teaser.
enum ListingPages {
    static func clean(_ text: String) throws -> Document {
        try Pipeline(ruleSet: RulesLoader.defaultRules()).clean(id: "d", source: "d", bytes: Array(text.utf8))
    }

    /// Each headline over its paragraph, with blank lines between, as an extractor leaves a section page.
    static func page(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)\n\n\($0.1)" }.joined(separator: "\n\n")
    }

    static let teasers: [(headline: String, teaser: String)] = [
        ("Council approves new budget for road repairs", "The council voted on Tuesday to spend more on the district's roads after a winter of potholes."),
        ("School board names a new principal", "The board chose a teacher who has worked at the high school for twelve years and knows its families."),
        ("Library extends its weekend opening hours", "Readers asked for longer hours on Saturdays, and the library found the staff to open them."),
        ("Bus route to the hospital returns in spring", "The operator will run the route again from March, every twenty minutes on weekdays and hourly on Sundays."),
        ("Farmers market moves to the old station yard", "Stallholders will set up in the station yard from May while the square is paved."),
    ]
}
