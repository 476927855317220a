"""End-to-end tests of `vouch lsp` with pytest-lsp, a real external client.

The server is the built release binary (VOUCH_BIN, else target/release/vouch
or $CARGO_TARGET_DIR/release/vouch), run on a temporary workspace holding a
copy of the seed corpus and one example draft.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = Path(__file__).resolve().parents[2]


def vouch_binary() -> str:
    if os.environ.get("VOUCH_BIN"):
        return str(Path(os.environ["VOUCH_BIN"]).resolve())
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    binary = target / "release" / "vouch"
    if not binary.exists():
        sys.exit(f"{binary} not found: run `cargo build --release` first")
    return str(binary)


# A private cache folder: the index the server persists goes there, not to ~/.cache.
# Removed when the run ends, with every per-test cache made inside it.
CACHE = tempfile.mkdtemp(prefix="vouch-e2e-cache-")
atexit.register(shutil.rmtree, CACHE, True)
SERVER_ENV = {**os.environ, "XDG_CACHE_HOME": CACHE, "VOUCH_LSP_DEBOUNCE_MS": "50"}

CAPABILITIES = types.ClientCapabilities(
    general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
    window=types.WindowClientCapabilities(work_done_progress=True),
    # No dynamic registration of file watchers: the server watches the corpus itself.
    workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=False)
    ),
)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[vouch_binary(), "lsp", "--stdio"], server_env=SERVER_ENV))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    workspace = tmp_path / "story"
    shutil.copytree(REPO / "corpus", workspace / "corpus")
    shutil.copy(REPO / "examples" / "aid-and-territory.md", workspace / "draft.md")
    shutil.copy(REPO / "examples" / "quotes-and-names.md", workspace / "quotes.md")
    lsp_client.workspace = workspace
    lsp_client.statuses = []
    lsp_client.feature("vouch/status")(lambda ls, params: ls.statuses.append(params))
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=CAPABILITIES,
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="story")],
        )
    )
    yield
    await lsp_client.shutdown_session()
