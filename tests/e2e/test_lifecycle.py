"""The server process as an editor starts and stops it: a clean shutdown is
exit status 0 with nothing on stderr, whether or not a corpus is open, and
quickly even while a corpus is being indexed."""

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conftest import CACHE, REPO, SERVER_ENV, vouch_binary


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream) -> dict:
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


def response(server, id_: int) -> dict:
    """Reads until the response to request `id_`, answering the server's own requests."""
    while True:
        m = read_message(server.stdout)
        if "method" in m and "id" in m:
            server.stdin.write(frame({"jsonrpc": "2.0", "id": m["id"], "result": None}))
            server.stdin.flush()
        elif m.get("id") == id_:
            return m


@dataclass
class Ended:
    returncode: int
    stderr: bytes
    shutdown: dict | None


def run_session(workspace: Path, *, shutdown: bool = True, open_draft: bool = True) -> Ended:
    """Starts the server as an editor does, waits for each answer it needs, and ends it."""
    draft = workspace / "draft.md"
    env = {**SERVER_ENV, "XDG_CACHE_HOME": tempfile.mkdtemp(prefix="lifecycle-", dir=CACHE)}
    server = subprocess.Popen([vouch_binary(), "lsp", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, cwd=workspace)

    def send(m: dict):
        server.stdin.write(frame(m))
        server.stdin.flush()

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": workspace.as_uri(), "capabilities": {},
                     "workspaceFolders": [{"uri": workspace.as_uri(), "name": "story"}]}})
    response(server, 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    if open_draft:
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": draft.as_uri(), "languageId": "markdown", "version": 1, "text": draft.read_text()}}})
        # A request answers once the draft is checked: the corpus is open by then.
        send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
              "params": {"textDocument": {"uri": draft.as_uri()}, "position": {"line": 0, "character": 0}}})
        response(server, 3)
    said = None
    if shutdown:
        send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        said = response(server, 2)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    server.stdin.close()
    returncode = server.wait(timeout=60)
    return Ended(returncode, server.stderr.read(), said)


def story(tmp_path: Path, corpus: bool) -> Path:
    workspace = tmp_path / "story"
    workspace.mkdir(parents=True)
    if corpus:
        shutil.copytree(REPO / "corpus", workspace / "corpus")
    shutil.copy(REPO / "examples" / "aid-and-territory.md", workspace / "draft.md")
    return workspace


def test_a_clean_shutdown_is_not_an_error(tmp_path: Path):
    for corpus in (True, False):
        done = run_session(story(tmp_path / str(corpus), corpus))
        assert done.returncode == 0, (corpus, done.returncode, done.stderr)
        assert done.stderr == b"", (corpus, done.stderr)
        assert done.shutdown == {"jsonrpc": "2.0", "result": None, "id": 2}, done.shutdown


def test_exit_without_shutdown_is_status_1(tmp_path: Path):
    # The protocol's rule: an exit the client did not announce is an error.
    done = run_session(story(tmp_path, True), shutdown=False, open_draft=False)
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert done.stderr == b"", done.stderr
