/// The first passes of corpus work, run over a batch with the clean job's readers and workers (files, folders,
/// JSONL shards, gzip, every core) but without writing outputs.
public enum CorpusPasses {
    /// Counts the lines of every document per site (after decode and normalize: what the rules remove or keep
    /// does not change what a site repeats) and returns the profile with the pass's report.
    public static func profile(options: CleanOptions, ruleSet: RuleSet, diagnostics: @escaping (String) -> Void) throws(Rejection)
        -> (profile: SiteProfile, report: CleanReport) {
        var rules = ruleSet
        rules.pipeline = [.decode, .normalize]
        rules.corpusWork = CorpusWork()
        let job = try CleanJob(options: passOptions(options), ruleSet: rules, stdout: .discarding(), diagnostics: diagnostics)
        var profiler = SiteProfiler(settings: ruleSet.corpus.boilerplate, siteField: ruleSet.corpus.siteField)
        job.onDocument = { profiler.add($0) }
        let report = job.run()
        return (profiler.profile(), report)
    }

    /// Cleans every document (or, when `cleaned`, only decodes and normalises it: the input is Winnow's output
    /// already) and adds its sketch to `index`, in input order. Documents the rules drop are not sketched.
    public static func sketch(options: CleanOptions, ruleSet: RuleSet, cleaned: Bool, into index: DedupIndex,
                              diagnostics: @escaping (String) -> Void) throws(Rejection) -> CleanReport {
        var rules = ruleSet
        if cleaned { rules.pipeline = [.decode, .normalize] } else { rules.pipeline.removeAll { $0 == .write } }
        let sink = SketchSink()
        rules.corpusWork.sketches = sink
        rules.corpusWork.duplicates = nil
        rules.corpus.dedup = index.settings
        let job = try CleanJob(options: passOptions(options), ruleSet: rules, stdout: .discarding(), diagnostics: diagnostics)
        job.onDocument = { document in
            if let sketch = sink.take(document.source) { index.add(id: document.id, source: document.source, sketch: sketch) }
        }
        return job.run()
    }

    /// A first pass reads what the run reads and writes nothing.
    static func passOptions(_ options: CleanOptions) -> CleanOptions {
        var pass = options
        pass.outputDirectory = nil
        pass.rejectsPath = nil
        pass.resume = false
        pass.gzipOutput = false
        return pass
    }
}

extension SiteProfile {
    /// What `winnow explain` says about each line the site profile gave evidence for, by input line number:
    /// "seen on 412 of 430 pages of this site (example.com)".
    public func notes(for document: Document, site: String) -> [Int: String] {
        let lines = Set(document.evidence.filter { $0.rule == SiteBoilerplateStage.ruleID }.map(\.line))
        guard !lines.isEmpty, let entry = sites[site] else { return [:] }
        var texts: [Int: String] = [:]
        for line in document.lines where lines.contains(line.number) { texts[line.number] = document.text(of: line) }
        for edit in document.edits where lines.contains(edit.line) && texts[edit.line] == nil && edit.kind == .dropped {
            texts[edit.line] = edit.text
        }
        var notes: [Int: String] = [:]
        for (line, text) in texts {
            if let count = entry.counts[LineFingerprint.of(text)] {
                notes[line] = Self.note(count: count, documents: entry.documents, site: site)
            }
        }
        return notes
    }
}
