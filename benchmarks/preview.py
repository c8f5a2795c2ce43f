"""Time from saving an incident file to the preview serving the change.

    python benchmarks/preview.py 1000 --runs 3

Writes a corpus (see corpus.py), starts the preview on 127.0.0.1, then edits one
incident's title several times and reports each wait and the median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write
from statuspress.serve import Preview, make_server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("incidents", type=int)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write(corpus, args.incidents, None, 1)
        preview = Preview(corpus / "mkdocs.yml", log=lambda line: None)
        started = time.perf_counter()
        preview.rebuild()
        print(f"first build of {args.incidents} incidents: {time.perf_counter() - started:.1f} s")
        server = make_server(preview, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        preview.start()
        sources = sorted((corpus / "incidents").rglob("*incident-*[0-9].md"))
        source = sources[len(sources) // 2]
        url = f"http://127.0.0.1:{server.server_port}/incidents/{source.stem}/"
        waits = []
        for run in range(args.runs):
            marker = f"Edited title {run}"
            text = source.read_text()
            start = time.perf_counter()
            source.write_text(text.replace("title: ", f"title: {marker} ", 1))
            while marker not in urllib.request.urlopen(url, timeout=30).read().decode():
                time.sleep(0.05)
            waits.append(time.perf_counter() - start)
            print(f"run {run + 1}: saved change served after {waits[-1]:.2f} s")
        print(f"median over {args.runs} runs: {statistics.median(waits):.2f} s")
        server.shutdown()
        preview.stop()


if __name__ == "__main__":
    main()
