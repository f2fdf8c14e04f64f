import Foundation
import Winnow

/// The progress line of a batch on standard error: redrawn in place on a terminal at most five times a second,
/// written as plain lines once a second when standard error is a file or a pipe (`--progress`), and once more
/// when the batch ends.
final class ProgressDisplay {
    let enabled: Bool
    private let terminal = isatty(STDERR_FILENO) != 0
    private var last: BatchProgress?
    private var shownAt = -Double.infinity

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ progress: BatchProgress) {
        last = progress
        guard progress.seconds - shownAt >= (terminal ? 0.2 : 1.0) else { return }
        shownAt = progress.seconds
        write(progress, final: false)
    }

    /// The last figures, on a line of their own.
    func finish() {
        guard enabled, let last else { return }
        write(last, final: true)
    }

    private func write(_ progress: BatchProgress, final: Bool) {
        let text: String
        if terminal {
            // Back to the start of the line and clear it: the figures are redrawn in place.
            text = "\r\u{1B}[2K" + progress.line + (final ? "\n" : "")
        } else {
            text = progress.line + (final ? " (done)" : "") + "\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
