"""The folder an eval builds its corpus, drafts and index in.

Without --out each run gets a private folder, removed when the run ends:
two runs at once (two engineers' lands, a land beside .ci/run) never share
or delete each other's folder. With --out the folder is the caller's and is
kept for reading afterwards.
"""
import atexit
import os
import shutil
import tempfile


def work_dir(out, prefix):
    if out:
        return os.path.abspath(out)
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, True)
    return path
