"""Clean JSONL shards with Winnow on Apache Spark.

    spark-submit examples/spark/winnow_spark.py --input 'shards/*.jsonl.gz' --output cleaned/ \
        --winnow .build/release/winnow [--rules rules/my.yaml] [--text-field text] [--id-field id]

The winnow binary (and the rules file, when given) are shipped to the executors with SparkContext.addFile.
Each partition is piped through `winnow clean --input-format jsonl --format jsonl -j 1 -` in a subprocess.
This is rdd.pipe done by hand: rdd.pipe keeps only standard output, and Winnow reports rejected records on
a second stream (--rejects), which the job must keep. Output: OUTPUT/cleaned/ (JSONL parts, in input order),
OUTPUT/rejects/ (one JSON object per rejected record, with its id when the record had one) and
OUTPUT/report.json (documents in, written, dropped, rejected, summed over partitions).
"""
import argparse
import json
import os
import subprocess
import tempfile

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def clean_partition(lines, options):
    """Runs winnow over one partition; yields ("out", record) and ("reject", entry) and one ("count", ...)."""
    binary = SparkFiles.get(os.path.basename(options["winnow"]))
    os.chmod(binary, 0o755)
    with tempfile.TemporaryDirectory() as work:
        rejects = os.path.join(work, "rejects.jsonl")
        command = [binary, "clean", "--input-format", "jsonl", "--format", "jsonl", "-j", "1",
                   "--text-field", options["text_field"], "--id-field", options["id_field"],
                   "--rejects", rejects, "--verbose", "-"]
        if options["rules"]:
            command += ["--rules", SparkFiles.get(os.path.basename(options["rules"]))]
        payload = "".join(line + "\n" for line in lines).encode("utf-8")
        result = subprocess.run(command, input=payload, capture_output=True)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"winnow failed ({result.returncode}): {result.stderr.decode(errors='replace')}")
        written = 0
        for line in result.stdout.decode("utf-8").splitlines():
            written += 1
            yield ("out", line)
        rejected = 0
        if os.path.exists(rejects):
            for line in open(rejects, encoding="utf-8"):
                rejected += 1
                yield ("reject", line.rstrip("\n"))
        documents = sum(1 for line in payload.decode("utf-8").splitlines() if line.strip())
        yield ("count", json.dumps({"in": documents, "written": written, "rejected": rejected,
                                    "dropped": documents - written - rejected}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True, help="JSONL shards (glob; .gz read as gzip)")
    parser.add_argument("--output", required=True)
    parser.add_argument("--winnow", required=True, help="path to the winnow binary (built for the executors' OS)")
    parser.add_argument("--rules", default="")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    parser.add_argument("--master", default=None, help="e.g. local[2]; default: what spark-submit says")
    args = parser.parse_args()

    builder = SparkSession.builder.appName("winnow")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    context = spark.sparkContext
    context.addFile(os.path.abspath(args.winnow))
    if args.rules:
        context.addFile(os.path.abspath(args.rules))
    options = {"winnow": args.winnow, "rules": args.rules, "text_field": args.text_field, "id_field": args.id_field}

    tagged = context.textFile(args.input).mapPartitions(lambda lines: clean_partition(lines, options)).cache()
    tagged.filter(lambda item: item[0] == "out").map(lambda item: item[1]).saveAsTextFile(os.path.join(args.output, "cleaned"))
    tagged.filter(lambda item: item[0] == "reject").map(lambda item: item[1]).saveAsTextFile(os.path.join(args.output, "rejects"))
    totals = {"in": 0, "written": 0, "dropped": 0, "rejected": 0}
    for _, counts in tagged.filter(lambda item: item[0] == "count").collect():
        for key, value in json.loads(counts).items():
            totals[key] += value
    with open(os.path.join(args.output, "report.json"), "w") as report:
        json.dump({"documents": totals}, report)
    print(json.dumps({"documents": totals}))
    spark.stop()


if __name__ == "__main__":
    main()
