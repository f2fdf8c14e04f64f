import Foundation

extension CleanJob {
    /// Opens the shard folder (made when missing): takes its lock, removes the temporary files a killed run
    /// left, and with `--force` the shards of an earlier run (the refusal stops a run without it). False, told and
    /// counted in the report, when the run cannot start.
    func openShards(_ directory: String) -> Bool {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            diagnostics("\(directory): cannot create the shard folder: \((error as NSError).localizedDescription)")
            report.ioFailure = true
            return false
        }
        do throws(FolderLock.Failure) { shardLock = try FolderLock(folder: directory) } catch {
            switch error {
            case .held(let pid):
                diagnostics(ShardMessage.held(directory, pid: pid))
                report.outputBusy = true
            case .failed(let message):
                diagnostics(message)
                report.ioFailure = true
            }
            return false
        }
        if let pid = shardLock?.stalePID { diagnostics(ShardMessage.takenOver(directory, pid: pid)) }
        let removed = OutputFolder.removeTemporaryFiles(in: directory)
        if removed > 0 { diagnostics(FolderLock.Message.temporaryFilesRemoved(directory, count: removed)) }
        // Only with --force are shards there (refused otherwise): an earlier run's shards past this run's last
        // would pass for part of this batch.
        // An earlier run's report and card go too: until this run writes its own at the end, a folder without a
        // report is an unfinished run.
        for name in [Self.reportName, HTMLReport.fileName, DatasetCard.fileName] { unlink((directory as NSString).appendingPathComponent(name)) }
        for name in Self.existingShards(in: directory) {
            let path = (directory as NSString).appendingPathComponent(name)
            if unlink(path) != 0 {
                diagnostics("\(path): cannot remove a shard of an earlier run: \(String(cString: strerror(errno)))")
                report.ioFailure = true
                return false
            }
        }
        shards = ShardWriter(folder: directory, limit: options.shardBytes, compressed: options.shardCompression, level: options.shardGzipLevel)
        card = DatasetCard(textField: options.textField, idField: options.idField, compressed: options.shardCompression)
        return true
    }

    /// Closes the last shard, lists the shards in the report and writes the dataset card.
    func finishShards() {
        guard let shards, let directory = options.shardDirectory else { return }
        if let failure = shards.finish() {
            diagnostics(failure)
            report.ioFailure = true
        }
        report.shards = shards.shards
        if let card {
            save(Array(card.render(shards: shards.shards.count).utf8),
                 to: (directory as NSString).appendingPathComponent(DatasetCard.fileName), what: "dataset card")
        }
    }

    /// Names of shard files (`00000.jsonl.gz`, `00001.jsonl`, ...) in `directory`, sorted.
    static func existingShards(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter(ShardWriter.isShardName).sorted()
    }

    enum ShardMessage {
        static func held(_ folder: String, pid: String) -> String {
            "\(folder): another winnow run (pid \(pid.isEmpty ? "unknown" : pid)) is writing into this shard folder; "
                + "wait for it to end, or choose another --shards folder"
        }
        static func takenOver(_ folder: String, pid: String) -> String {
            "note: \(folder): taking over the lock of an earlier run (pid \(pid)) that ended without releasing it"
        }
        static func shardsInInput(_ input: String) -> String {
            "refusing to write shards into the input '\(input)': choose a --shards folder outside it"
        }
        static func holdsInput(_ folder: String, input: String) -> String {
            "refusing to use '\(folder)' for shards: it holds the input '\(input)'"
        }
        static func holdsShards(_ path: String) -> String {
            "refusing to write shards into a folder that holds shards already ('\(path)'): add --force to replace "
                + "them (all of the folder's shards are removed first), or choose another --shards folder"
        }
    }
}
