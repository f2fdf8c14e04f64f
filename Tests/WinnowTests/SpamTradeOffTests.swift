import Foundation
import Testing
@testable import Winnow

/// The cross-validated spam evaluation's held-out scores, and the trade-off they give whatever threshold each fold
/// set: the measure a small change to the spam model is compared by.
@Suite struct SpamTradeOffTests {
    /// Spam caught is the share of spam lines scoring above the score under which the given share of the lines to
    /// keep stays.
    @Test func theTradeOffCountsSpamAboveTheLinesToKeep() {
        var evaluation = SpamEvaluation()
        #expect(evaluation.heldOut.tradeOff(keeping: 0.99) == nil)
        #expect(!evaluation.text.contains("held out"))
        // Ten lines to keep from 0.0 to 0.9, and one that scores like spam.
        evaluation.heldOut = HeldOutSpamScores(spam: [3, 2, 1, 0.5], keep: (0..<10).map { Double($0) / 10 } + [2.5])
        // 90% of eleven lines to keep stay at 0.9 or under (the tenth score): three spam lines score above it.
        #expect(evaluation.heldOut.tradeOff(keeping: 0.9) == 0.75)
        // Keeping every line means scoring above the highest of them, 2.5.
        #expect(evaluation.heldOut.tradeOff(keeping: 1.0) == 0.25)
        #expect(evaluation.text.contains("(4 spam, 11 to keep): 98.0% kept -> 0.250, 99.0% kept -> 0.250, 99.5% kept -> 0.250"))
    }

    /// Cross-validated by group, every spam line and line to keep gets one held-out score from the model of its
    /// fold; the article lines always train and are never scored.
    @Test func crossValidationScoresEveryLineOnceWithTheModelOfItsFold() throws {
        let spam = ["Nhà cái uy tín, nạp đầu tặng 100%", "Tải app nổ hũ đổi thưởng uy tín nhất", "Link vào nhà cái mới nhất không bị chặn",
                    "Soi kèo nhà cái hôm nay, vào tiền ngay", "Đăng ký nhận ngay 100k, quay hũ miễn phí", "Game bài đổi thưởng nạp rút nhanh",
                    "Free spins and a casino bonus on your first deposit", "Bet now at the best betting sites with free bets"]
        let keep = ["Công an triệt phá đường dây cá độ bóng đá qua mạng", "Giá xăng tăng nhẹ từ chiều nay", "Đội tuyển tập trung tại Hà Nội",
                    "The council approved the casino licence after a long debate", "Police arrested five men running an illegal betting ring",
                    "Mưa lớn gây ngập nhiều tuyến phố", "The school held its annual sports day", "Người dân đổ xô đi mua vàng"]
        let lines = spam.enumerated().map { SpamLine(text: $1, spam: true, language: "vi", kind: "phrase", group: "g\($0 % 4)") }
            + keep.enumerated().map { SpamLine(text: $1, spam: false, language: "vi", kind: "news", group: "g\($0 % 4)") }
        let articles = ["Hà Nội tổ chức lễ hội mùa xuân tại công viên Thống Nhất.", "The city opened a new library on Monday."]
            .map { SpamLine(text: $0, spam: false, language: "vi", kind: "article", group: "article", page: $0) }
        let hosts = SpamEvaluation.hosts(folder: path("rules/labelled/hosts"))
        let evaluation = try Evaluator(ruleSet: defaultRules).evaluateSpam(lines, articles: articles, hosts: hosts,
                                                                         trainer: SpamTrainer(), folds: 4)
        #expect(evaluation.heldOut.spam.count == spam.count)
        #expect(evaluation.heldOut.keep.count == keep.count)
        let strict = try #require(evaluation.heldOut.tradeOff(keeping: 1.0)), loose = try #require(evaluation.heldOut.tradeOff(keeping: 0.5))
        #expect(strict <= loose)
        // Without a trainer the lines are cleaned with the rules' own model: nothing is held out.
        let inSample = try Evaluator(ruleSet: defaultRules).evaluateSpam(lines, articles: [], hosts: hosts, trainer: nil, folds: 4)
        #expect(inSample.heldOut.spam.isEmpty)
        #expect(inSample.heldOut.tradeOff(keeping: 0.99) == nil)
    }
}
