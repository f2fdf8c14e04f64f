"""Runs WinnowClean in a datatrove pipeline and checks it against the CLI on the same records.

    python examples/datatrove/check_against_cli.py --winnow .build/release/winnow --input records.jsonl --work DIR

The pipeline reads the records (JsonlReader, two tasks), cleans them (WinnowClean, dropped and rejected
documents to an exclusion writer) and writes them (JsonlWriter). The CLI cleans the same file with
`winnow clean --input-format jsonl --format jsonl --dropped --rejects`. Every document must come out of both
the same way: the same cleaned text and sentences, or dropped by the same rule, or rejected. Exits 1 otherwise.
"""
import argparse
import collections
import glob
import gzip
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402
from winnow_step import WinnowClean  # noqa: E402


def read_jsonl_gz(pattern):
    records = []
    for path in sorted(glob.glob(pattern)):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            records += [json.loads(line) for line in lines]
    return records


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--winnow", required=True)
    parser.add_argument("--input", required=True, help="a JSONL file of records with id and text")
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    winnow = os.path.abspath(args.winnow)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(os.path.join(args.work, "in"))
    shutil.copy(args.input, os.path.join(args.work, "in", "records.jsonl"))

    start = time.perf_counter()
    LocalPipelineExecutor(pipeline=[
        JsonlReader(os.path.join(args.work, "in")),
        WinnowClean(winnow=winnow, batch_size=64, exclusion_writer=JsonlWriter(os.path.join(args.work, "excluded"))),
        JsonlWriter(os.path.join(args.work, "cleaned")),
    ], tasks=1, workers=1, logging_dir=os.path.join(args.work, "logs")).run()
    pipeline_seconds = time.perf_counter() - start

    start = time.perf_counter()
    dropped_path = os.path.join(args.work, "cli-dropped.jsonl")
    rejects_path = os.path.join(args.work, "cli-rejects.jsonl")
    with open(args.input, "rb") as records:
        result = subprocess.run([winnow, "clean", "--input-format", "jsonl", "--format", "jsonl", "-j", "1",
                                 "--dropped", dropped_path, "--rejects", rejects_path, "--quiet", "-"],
                                stdin=records, capture_output=True)
    cli_seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"winnow failed ({result.returncode}): {result.stderr.decode(errors='replace')}")
    cli = {}
    for line in result.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        cli[record["id"]] = ("written", record["text"], record["sentences"])
    for line in open(dropped_path, encoding="utf-8"):
        record = json.loads(line)
        cli[record["id"]] = ("dropped", record["dropped"]["rule"], None)
    if os.path.exists(rejects_path):
        for line in open(rejects_path, encoding="utf-8"):
            entry = json.loads(line)
            cli[entry.get("id")] = ("rejected", None, None)

    pipeline = {}
    for record in read_jsonl_gz(os.path.join(args.work, "cleaned", "*.jsonl.gz")):
        pipeline[record["id"]] = ("written", record["text"], record["metadata"].get("winnow_sentences"))
    for record in read_jsonl_gz(os.path.join(args.work, "excluded", "*.jsonl.gz")):
        metadata = record["metadata"]
        if "winnow_dropped" in metadata:
            pipeline[record["id"]] = ("dropped", metadata["winnow_dropped"]["rule"], None)
        else:
            pipeline[record["id"]] = ("rejected", None, None)

    ids = [json.loads(line).get("id") for line in open(args.input, encoding="utf-8", errors="replace") if line.strip()]
    differences = [identifier for identifier in ids if cli.get(identifier) != pipeline.get(identifier)]
    kinds = collections.Counter(pipeline.get(identifier, ("missing",))[0] for identifier in ids)
    size = os.path.getsize(args.input) / 1e6
    print(f"{len(ids)} records ({size:.1f} MB): " + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())))
    print(f"datatrove pipeline {pipeline_seconds:.1f} s ({size / pipeline_seconds:.1f} MB/s), "
          f"CLI {cli_seconds:.1f} s ({size / cli_seconds:.1f} MB/s)")
    if differences:
        for identifier in differences[:10]:
            print(f"  differs: {identifier}: cli {str(cli.get(identifier))[:120]} / datatrove {str(pipeline.get(identifier))[:120]}")
        print(f"{len(differences)} of {len(ids)} records differ")
        sys.exit(1)
    print("datatrove and the CLI agree on every record")


if __name__ == "__main__":
    main()
