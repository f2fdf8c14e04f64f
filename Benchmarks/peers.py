"""The same job done by the Python tools people use for it, for scripts/bench.

plain: unicodedata NFC, one compiled alternation of Winnow's drop-line regexes, PyICU sentence breaking, json.
datatrove: its JsonlReader, a formatter step with the same normalisation, line regexes and ICU sentences, its
JsonlWriter, on one task.
"""
import json
import re as stdre
import sys
import unicodedata

import regex  # the `re` alternation needs \p{..} classes, as in Winnow's ICU patterns
import yaml
from icu import BreakIterator, Locale


def line_patterns(rules_dir):
    """Winnow's regexes of its line-dropping rules (`drop` and `cut_to_end`; named groups made plain, case
    flags kept) for one alternation: what someone porting the rules to one regex would write."""
    patterns = []
    for name in ["vi-news.yaml", "en-news.yaml", "spam.yaml", "common.yaml"]:
        data = yaml.safe_load(open(f"{rules_dir}/{name}", encoding="utf-8"))
        for rule in data.get("rules", []):
            if rule.get("action") not in ("drop", "cut_to_end"):
                continue
            match = rule.get("match") or {}
            found = match.get("regex")
            for option in match.get("any", []) or []:
                found = found or option.get("regex")
            if not found:
                continue
            flags = "(?i)" if match.get("ignore_case") else ""
            for pattern in found if isinstance(found, list) else [found]:
                plain = stdre.sub(r"\(\?<[a-z]+>", "(?:", pattern).replace("(?i)", "")
                patterns.append(f"(?{'i' if flags else ''}:{plain})" if flags else plain)
    return regex.compile("|".join(f"(?:{p})" for p in patterns), regex.V1)


def sentences(breaker, text):
    breaker.setText(text)
    out, start = [], 0
    for end in breaker:
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    return out


def clean(text, junk, breaker):
    text = unicodedata.normalize("NFC", text)
    kept = [line.strip() for line in text.splitlines()]
    kept = [line for line in kept if line and not junk.search(line)]
    return "\n\n".join(kept), [s for line in kept for s in sentences(breaker, line)]


def plain(rules_dir, path, out_path):
    junk = line_patterns(rules_dir)
    breaker = BreakIterator.createSentenceInstance(Locale("vi"))
    with open(path, encoding="utf-8") as source, open(out_path, "w", encoding="utf-8") as sink:
        for line in source:
            record = json.loads(line)
            text, sents = clean(record["text"], junk, breaker)
            record["text"], record["sentences"] = text, sents
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


def datatrove(rules_dir, path, out_dir):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    class WinnowLikeFormatter(PipelineStep):
        name = "winnow-like formatter"

        def run(self, data, rank=0, world_size=1):
            junk = line_patterns(rules_dir)
            breaker = BreakIterator.createSentenceInstance(Locale("vi"))
            for document in data:
                document.text, document.metadata["sentences"] = clean(document.text, junk, breaker)
                yield document

    import os
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(os.path.dirname(path), glob_pattern=os.path.basename(path), compression=None),
            WinnowLikeFormatter(),
            JsonlWriter(out_dir, compression=None),
        ],
        tasks=1, workers=1, logging_dir=out_dir + "/logs",
    ).run()


if __name__ == "__main__":
    kind, rules_dir, path, out = sys.argv[1:5]
    {"plain": plain, "datatrove": datatrove}[kind](rules_dir, path, out)
