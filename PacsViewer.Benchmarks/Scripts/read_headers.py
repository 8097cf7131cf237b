#!/usr/bin/python3
"""Reads the headers of DICOM files with pydicom, for PacsViewer.Benchmarks.

Run it with /usr/bin/python3 (Debian's python3-pydicom). Usage:

    read_headers.py --check [--out FAILURES.tsv] FILE...
        Writes "path<TAB>error" for every file that dcmread(stop_before_pixels=True, force=True) rejects.
    read_headers.py [--warmup W] [--repeat R] [--out RESULT.json] FILE...
        Imports pydicom, runs W untimed passes, then R passes over all files timed with time.perf_counter,
        and writes JSON: pydicom version, file count, seconds per pass and the median seconds per file.

Kept minimal (no argparse) so that the process start-up the harness measures is Python plus pydicom.
"""
import json
import sys
import time
import warnings

import pydicom


def read_all(files):
    for f in files:
        pydicom.dcmread(f, stop_before_pixels=True, force=True)


def main(argv):
    check = False
    warmup = 0
    repeat = 1
    out = None
    files = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--check":
            check = True
        elif a == "--warmup":
            i += 1
            warmup = int(argv[i])
        elif a == "--repeat":
            i += 1
            repeat = int(argv[i])
        elif a == "--out":
            i += 1
            out = argv[i]
        else:
            files.append(a)
        i += 1
    if not files:
        print("no files given", file=sys.stderr)
        return 2

    # dcmdump runs with -q and PacsViewer prints nothing either: do not spend time printing warnings.
    warnings.simplefilter("ignore")

    if check:
        failures = []
        for f in files:
            try:
                pydicom.dcmread(f, stop_before_pixels=True, force=True)
            except Exception as e:  # noqa: BLE001 - any failure excludes the file from the benchmark
                failures.append(f"{f}\t{type(e).__name__}: {e}".replace("\n", " "))
        write(out, "".join(line + "\n" for line in failures))
        return 0

    for _ in range(warmup):
        read_all(files)
    passes = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        read_all(files)
        passes.append(time.perf_counter() - t0)

    ordered = sorted(passes)
    median = ordered[len(ordered) // 2] if len(ordered) % 2 else (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
    result = {
        "pydicom": pydicom.__version__,
        "python": sys.version.split()[0],
        "files": len(files),
        "pass_seconds": passes,
        "median_seconds_per_file": median / len(files),
    }
    write(out, json.dumps(result) + "\n")
    return 0


def write(path, text):
    """To the --out file when given (the benchmark sends stdout to /dev/null), else to stdout."""
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
