"""A datatrove pipeline step that cleans documents with Winnow.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from winnow_step import WinnowClean

    LocalPipelineExecutor(pipeline=[
        JsonlReader("shards/"),
        WinnowClean(winnow="winnow", exclusion_writer=JsonlWriter("dropped/")),
        JsonlWriter("cleaned/"),
    ], tasks=4).run()

Documents go to `winnow clean --input-format jsonl --format jsonl` in batches (one subprocess per batch of
`batch_size` documents, `-j 1`: datatrove's tasks are the parallelism). Each document comes back with Winnow's
cleaned text and, in its metadata, `winnow_sentences`, `winnow_removed` (every removal: line, rule, action,
text) and the title, date, author and source URL Winnow extracted (as `winnow_title`... when not null).
Documents Winnow drops (not an article, gambling page, no text left) and documents it rejects (invalid input)
do not go on; they are counted (stats `dropped`, `rejected`) and, with an `exclusion_writer`, written there
with `winnow_dropped` or `winnow_rejected` (rule and reason) in their metadata, as datatrove's filters do.

Within a batch each document is sent under its position as id, so ids datatrove repeats or leaves empty are
no trouble; the document keeps its own id.
"""
import contextlib
import json
import os
import subprocess
import tempfile

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep


class WinnowClean(PipelineStep):
    name = "🧹 Winnow"
    type = "✂️ - FORMAT"

    def __init__(self, winnow="winnow", rules=None, batch_size=256, exclusion_writer=None, extra_arguments=()):
        super().__init__()
        self.winnow = winnow
        self.rules = rules
        self.batch_size = batch_size
        self.exclusion_writer = exclusion_writer
        self.extra_arguments = list(extra_arguments)

    def command(self, dropped, rejects):
        command = [self.winnow, "clean", "--input-format", "jsonl", "--format", "jsonl", "-j", "1",
                   "--dropped", dropped, "--rejects", rejects, "--quiet", "-"]
        if self.rules:
            command += ["--rules", self.rules]
        return command + self.extra_arguments

    def clean(self, batch):
        """Runs winnow over a batch; returns (cleaned, dropped, rejected), each keyed by position in the batch."""
        with tempfile.TemporaryDirectory() as work:
            dropped_path = os.path.join(work, "dropped.jsonl")
            rejects_path = os.path.join(work, "rejects.jsonl")
            payload = "".join(json.dumps({"id": str(index), "text": document.text}, ensure_ascii=False) + "\n"
                              for index, document in enumerate(batch)).encode("utf-8")
            result = subprocess.run(self.command(dropped_path, rejects_path), input=payload, capture_output=True)
            # 0: all written or dropped; 1: some documents rejected (listed in the rejects file).
            if result.returncode not in (0, 1):
                raise RuntimeError(f"winnow failed ({result.returncode}): {result.stderr.decode(errors='replace')}")
            cleaned = {}
            for line in result.stdout.decode("utf-8").splitlines():
                record = json.loads(line)
                cleaned[int(record["id"])] = record
            dropped = {}
            if os.path.exists(dropped_path):
                for line in open(dropped_path, encoding="utf-8"):
                    record = json.loads(line)
                    dropped[int(record["id"])] = record["dropped"]
            rejected = {}
            if os.path.exists(rejects_path):
                for line in open(rejects_path, encoding="utf-8"):
                    entry = json.loads(line)
                    if entry.get("id") is not None:
                        rejected[int(entry["id"])] = {"reason": entry.get("reason"), "cause": entry.get("cause")}
            return cleaned, dropped, rejected

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as writer:
            batch = []
            for document in data:
                batch.append(document)
                if len(batch) == self.batch_size:
                    yield from self.process(batch, writer, rank)
                    batch = []
            if batch:
                yield from self.process(batch, writer, rank)

    def process(self, batch, writer, rank):
        with self.track_time(unit="batch"):
            cleaned, dropped, rejected = self.clean(batch)
        for index, document in enumerate(batch):
            self.stat_update("total")
            record = cleaned.get(index)
            if record is not None:
                document.text = record["text"]
                document.metadata["winnow_sentences"] = record.get("sentences", [])
                document.metadata["winnow_removed"] = record.get("removed", [])
                for key, value in (record.get("metadata") or {}).items():
                    if value is not None:
                        document.metadata["winnow_" + key] = value
                self.stat_update("forwarded")
                self.update_doc_stats(document)
                yield document
                continue
            if index in dropped:
                self.stat_update("dropped")
                document.metadata["winnow_dropped"] = dropped[index]
            else:
                # Rejected (invalid input), or missing from every output: never silently lost.
                self.stat_update("rejected")
                document.metadata["winnow_rejected"] = rejected.get(index, {"reason": "not in winnow's output"})
            if writer:
                writer.write(document, rank)
