"""Resolve near-duplicate clusters on Apache Spark from the signatures Winnow writes.

    winnow dedup shards/ --input-format jsonl --signatures signatures.jsonl --with-shingles > /dev/null
    spark-submit examples/spark/winnow_dedup_spark.py --input 'signatures*.jsonl' --output clusters/ \
        [--bands 32] [--threshold 0.8] [--keep longest|first]

The signature pass runs where the documents are (one `winnow dedup --signatures` per shard or per machine; it
is the part that reads text); this job does the part that needs the whole corpus at once, the way the single
machine's `winnow dedup` does it:

1. exact copies: documents with the same `hash` (the cleaned text's 128-bit hash) are one cluster;
2. LSH: each document goes to one bucket per band (band number, its `rows` MinHash values); every pair of
   documents in a bucket is a candidate, and it is a duplicate pair when the Jaccard similarity of the two
   `shingles` sets reaches the threshold (without `shingles` in the input: the share of equal MinHash
   values, an estimate);
3. clusters: the connected components of the exact and verified pairs. The pairs are few next to the
   documents (one per copy, about), so they are collected and joined on the driver with union-find; a corpus
   with hundreds of millions of copies would run an iterative connected-components job (GraphFrames) here.
4. one document of each cluster stays: the one with the most words, then the first in input order (--keep
   first: the first), as `winnow dedup` chooses.

Output: OUTPUT/clusters.jsonl, one line per document of a cluster, in the format and order of `winnow dedup`
(clusters numbered by their first document in input order; the kept document first, then the others in input
order): {"cluster", "id", "source", "kept", "words", "jaccard", "exact"}. Input order is the order of the
input files' names, then of their lines.
"""
import argparse
import glob
import json
import os


def jaccard(left, right):
    if not left and not right:
        return 0.0
    shared = len(left & right)
    return shared / (len(left) + len(right) - shared)


def estimate(left, right):
    return sum(1 for a, b in zip(left, right) if a == b) / len(left)


def main():
    parser = argparse.ArgumentParser(description="Resolve near-duplicate clusters from Winnow's signatures.")
    parser.add_argument("--input", required=True, help="signature JSONL files (a glob)")
    parser.add_argument("--output", required=True)
    parser.add_argument("--bands", type=int, default=32)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--keep", choices=["longest", "first"], default="longest")
    parser.add_argument("--master", default=None)
    args = parser.parse_args()

    from pyspark.sql import SparkSession
    builder = SparkSession.builder.appName("winnow-dedup")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    context = spark.sparkContext
    context.setLogLevel("WARN")

    files = sorted(glob.glob(args.input)) if not args.input.startswith(("hdfs:", "s3")) else [args.input]
    lines = context.union([context.textFile(path) for path in files]) if len(files) > 1 else context.textFile(files[0])
    # Input order: the position of each line over the files in name order.
    documents = lines.zipWithIndex().map(lambda pair: (pair[1], json.loads(pair[0]))).cache()
    bands, threshold = args.bands, args.threshold

    def buckets(item):
        index, record = item
        signature = record["minhash"]
        rows = len(signature) // bands
        return [((band, tuple(signature[band * rows:(band + 1) * rows])), index) for band in range(bands)]

    def bucket_pairs(members):
        members = sorted(members)
        return [(a, b) for position, a in enumerate(members) for b in members[position + 1:]]

    exact = (documents.map(lambda item: (item[1]["hash"], item[0])).groupByKey()
             .flatMap(lambda group: [(min(group[1]), other) for other in group[1] if other != min(group[1])]))
    # A document without words has no shingles and no place in the bands (an exact copy still counts).
    candidates = (documents.filter(lambda item: item[1]["words"] > 0)
                  .flatMap(buckets).groupByKey().flatMap(lambda group: bucket_pairs(group[1])).distinct())
    sets = documents.map(lambda item: (item[0], (frozenset(item[1]["shingles"]) if "shingles" in item[1] else None,
                                                 item[1]["minhash"])))

    def similar(pair):
        (a, b), ((set_a, sig_a), (set_b, sig_b)) = pair
        value = jaccard(set_a, set_b) if set_a is not None and set_b is not None else estimate(sig_a, sig_b)
        return value >= threshold

    verified = (candidates.join(sets).map(lambda x: (x[1][0], (x[0], x[1][1])))
                .join(sets).map(lambda x: ((x[1][0][0], x[0]), (x[1][0][1], x[1][1])))
                .filter(similar).keys())
    edges = exact.union(verified).distinct().collect()

    # Connected components on the driver.
    parent = {}

    def find(item):
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for a, b in edges:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members = sorted(parent)
    broadcast = context.broadcast(set(members))
    info = dict(documents.filter(lambda item: item[0] in broadcast.value)
                .map(lambda item: (item[0], {"id": item[1]["id"], "source": item[1]["source"], "words": item[1]["words"],
                                             "hash": item[1]["hash"], "minhash": item[1]["minhash"],
                                             "shingles": frozenset(item[1]["shingles"]) if "shingles" in item[1] else None}))
                .collect())
    components = {}
    for item in members:
        components.setdefault(find(item), []).append(item)
    clusters = sorted((sorted(group) for group in components.values() if len(group) > 1), key=lambda group: group[0])

    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "clusters.jsonl"), "w", encoding="utf-8") as out:
        for number, group in enumerate(clusters, start=1):
            if args.keep == "first":
                kept = group[0]
            else:
                kept = max(group, key=lambda item: (info[item]["words"], -item))
            order = [kept] + [item for item in group if item != kept]
            for item in order:
                record = info[item]
                same = record["hash"] == info[kept]["hash"]
                if same:
                    value = 1.0
                elif record["shingles"] is not None and info[kept]["shingles"] is not None:
                    value = jaccard(record["shingles"], info[kept]["shingles"])
                else:
                    value = estimate(record["minhash"], info[kept]["minhash"])
                out.write(json.dumps({"cluster": number, "id": record["id"], "source": record["source"],
                                      "kept": item == kept, "words": record["words"], "jaccard": float(f"{value:.4f}"),
                                      "exact": same}, ensure_ascii=False) + "\n")
    print(f"{documents.count()} documents, {len(edges)} duplicate pairs, {len(clusters)} clusters -> "
          f"{os.path.join(args.output, 'clusters.jsonl')}")
    spark.stop()


if __name__ == "__main__":
    main()
