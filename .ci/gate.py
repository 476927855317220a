#!/usr/bin/env python3
"""Runs the eval scorer and fails below the given recall or clean rate.

Usage: gate.py --min-recall R --min-clean C [-- SCORE_ARGS...]
Reads the scorer's summary line: 'problems found a/b (recall R); clean c/d (clean rate C); ...'
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCORE = os.path.join(ROOT, "..", "shared", "eval", "score.py")


def main():
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        i = argv.index("--")
        argv, rest = argv[:i], argv[i + 1 :]
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-recall", type=float, required=True)
    ap.add_argument("--min-clean", type=float, required=True)
    a = ap.parse_args(argv)
    out = subprocess.run([sys.executable, SCORE, *rest], cwd=ROOT, capture_output=True, text=True)
    sys.stdout.write(out.stdout)
    sys.stderr.write(out.stderr)
    if out.returncode != 0:
        sys.exit(f"gate: score.py exited {out.returncode}")
    m = re.search(r"recall ([0-9.]+)\); clean \d+/\d+ \(clean rate ([0-9.]+)\)", out.stdout)
    if not m:
        sys.exit("gate: no summary line in the scorer's output")
    recall, clean = float(m.group(1)), float(m.group(2))
    if recall < a.min_recall or clean < a.min_clean:
        sys.exit(f"gate: recall {recall:.2f} (min {a.min_recall}) clean rate {clean:.2f} (min {a.min_clean}): FAILED")
    print(f"gate: recall {recall:.2f} >= {a.min_recall}, clean rate {clean:.2f} >= {a.min_clean}: ok")


if __name__ == "__main__":
    main()
