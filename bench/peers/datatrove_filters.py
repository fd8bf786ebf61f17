"""datatrove's Gopher quality, Gopher repetition, C4 quality and FineWeb quality filters,
with their default settings, in one pipeline behind a JSONL reader and with no writer.

usage: datatrove_filters.py INPUT.jsonl WORK_DIR RESULT.json

Runs on one core (LocalPipelineExecutor, 1 task, 1 worker: in this process). As in any
datatrove pipeline, a document dropped by one filter is not seen by the next ones.
The timing starts after the imports (spaCy's import is not counted) and covers reading,
JSON parsing and the four filters. English word and sentence splitting is spaCy's
`blank("en")` tokenizer with its rule-based sentencizer, as datatrove assigns for English:
no model or NLTK data is downloaded.
"""
import json
import os
import shutil
import sys
import time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.pipeline.readers import JsonlReader

src, work, result = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
os.symlink(os.path.abspath(src), os.path.join(work, "input.jsonl"))
logs = os.path.join(work, "logs")

# warm up spaCy's tokenizer so its one-time set-up is not counted either
from datatrove.utils.word_tokenizers import load_word_tokenizer  # noqa: E402

load_word_tokenizer("en").word_tokenize("Warm up.")

executor = LocalPipelineExecutor(
    pipeline=[
        JsonlReader(work, glob_pattern="input.jsonl", text_key="text", id_key="id"),
        GopherRepetitionFilter(),
        GopherQualityFilter(),
        C4QualityFilter(),
        FineWebQualityFilter(),
    ],
    tasks=1,
    workers=1,
    logging_dir=logs,
    skip_completed=False,
)
wall0, cpu0 = time.perf_counter(), time.process_time()
executor.run()
wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0

stats = {}
with open(os.path.join(logs, "stats", "00000.json")) as f:
    for step in json.load(f):
        stats[step["name"]] = {k: v for k, v in step.get("stats", {}).items() if not isinstance(v, dict)}
with open(result, "w") as f:
    json.dump({"wall_s": wall, "cpu_s": cpu, "steps": stats}, f, indent=1)
