"""vouch in a real Helix, driven key by key in tmux, as a reporter uses it.

For each Helix build in ../shared/tools/helix (or HELIX_DIR):
- hx-25.07.1 follows the README from zero: editors/helix/languages.toml copied to the
  user's config folder (no config.toml), `hx --health markdown` finds vouch, then
  `hx draft.md` in the story's folder.
- hx-master-* takes the project route: editors/helix/languages-main.toml as the story's
  .helix/languages.toml, Trust when Helix asks, then `:lsp-restart`.

Each run checks: the diagnostics picker lists vouch's codes; the hover on a flagged figure
names its source; `g d` opens the corpus file; the quick fix of a mismatch removes its
finding; a source written to the corpus from outside the editor changes the diagnostics.

Every run has private XDG folders, so the machine's own Helix config is never read or
written. Skips (exit 0) when the builds or tmux are missing.

Run: python3 editors/helix/test/e2e.py --vouch target/release/vouch [--keep]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
HELIX_DIR = Path(os.environ.get("HELIX_DIR", REPO.parent / "shared" / "tools" / "helix"))
WAIT = 60.0


class Failed(Exception):
    pass


class Helix:
    """One Helix in a private tmux server."""

    def __init__(self, hx: Path, workspace: Path, env: dict, name: str):
        self.socket = f"vouch-e2e-{os.getpid()}-{name}"
        self.workspace = workspace
        self.name = name
        launcher = workspace.parent / f"launch-{name}.sh"
        exports = "".join(f"export {k}='{v}'\n" for k, v in env.items())
        launcher.write_text(f"#!/bin/sh\n{exports}cd '{workspace}'\nexec '{hx}' draft.md\n")
        launcher.chmod(0o755)
        self.tmux("new-session", "-d", "-s", "hx", "-x", "220", "-y", "50", str(launcher))

    def tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                             capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            raise Failed(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "hx")

    def keys(self, *keys: str):
        self.tmux("send-keys", "-t", "hx", *keys)
        time.sleep(0.15)

    def type(self, text: str):
        self.tmux("send-keys", "-t", "hx", "-l", text)
        time.sleep(0.15)

    def escape(self):
        # Escape alone: sent together with the next key, Helix reads Alt-<key>.
        self.keys("Escape")
        time.sleep(0.35)

    def command(self, command: str):
        self.escape()
        self.type(":" + command)
        self.keys("Enter")

    def search(self, regex: str):
        """Selects the next match of `regex`; the cursor ends on it."""
        self.escape()
        self.keys("g", "g")  # from the top, so every search finds the first match
        self.type("/" + regex)
        self.keys("Enter")

    def wait(self, what: str, found, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if found(screen):
                return screen
            if time.monotonic() > deadline:
                raise Failed(f"{self.name}: no {what} in {timeout:.0f} s; the screen:\n{screen}")
            time.sleep(0.2)

    def picker(self, what: str, found, timeout: float = WAIT) -> str:
        """Opens the diagnostics picker until `found(screen)`: it lists what there was when opened."""
        deadline = time.monotonic() + timeout
        while True:
            self.escape()
            self.keys("Space", "d")
            try:
                screen = self.wait("the diagnostics picker", lambda s: "severity" in s and "message" in s, timeout=5)
            except Failed:
                screen = ""  # the keys came too early (a popup, a message): open it again
            if found(screen):
                self.escape()
                return screen
            if time.monotonic() > deadline:
                self.escape()
                raise Failed(f"{self.name}: the diagnostics picker never showed {what}; the last one:\n{screen}")
            time.sleep(0.5)

    def status_line(self) -> str:
        lines = [line for line in self.screen().splitlines() if line.strip()]
        return "\n".join(lines[-2:])

    def quit(self):
        try:
            self.escape()
            self.command("qa!")
            time.sleep(0.5)
        finally:
            subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def story(root: Path) -> Path:
    workspace = root / "story"
    shutil.copytree(REPO / "corpus", workspace / "corpus")
    shutil.copy(REPO / "examples" / "aid-and-territory.md", workspace / "draft.md")
    # The workspace root: Helix looks for .git, .helix, .jj or .svn above the working folder.
    (workspace / ".git").mkdir()
    return workspace


def run(hx: Path, vouch: Path, root: Path, project_config: bool) -> list[str]:
    name = hx.name
    root.mkdir(parents=True)
    workspace = story(root)
    home = root / "home"
    config_dir = home / ".config" / "helix"
    config_dir.mkdir(parents=True)
    bin_dir = root / "bin"
    bin_dir.mkdir()
    (bin_dir / "vouch").symlink_to(vouch)
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "HELIX_RUNTIME": str(HELIX_DIR / "runtime"),
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "TERM": "xterm-256color",
        "COLORTERM": "",
    }
    if project_config:
        # The project route: the folder's own config, which Helix's main branch asks to trust.
        (workspace / ".helix").mkdir()
        shutil.copy(REPO / "editors" / "helix" / "languages-main.toml", workspace / ".helix" / "languages.toml")
        # The README's step: without a config.toml the reload after Trust fails.
        (config_dir / "config.toml").write_text("")
    else:
        # The README from zero: the file in the user's config folder, nothing else.
        shutil.copy(REPO / "editors" / "helix" / "languages.toml", config_dir / "languages.toml")
        health = subprocess.run([str(hx), "--health", "markdown"], capture_output=True, text=True,
                                env={**env, "NO_COLOR": "1"}, cwd=workspace, timeout=60)
        found = re.search(r"vouch: (\S+)", re.sub(r"\x1b\[[0-9;]*m", "", health.stdout))
        if not found or not found.group(1).endswith("/vouch"):
            raise Failed(f"{name}: `hx --health markdown` does not find vouch:\n{health.stdout}")
    seen = []
    helix = Helix(hx, workspace, env, name)
    try:
        if project_config:
            helix.wait("trust prompt", lambda s: "Trust this workspace?" in s)
            helix.keys("Enter")  # "Trust" is the first choice
            helix.wait("the config reload", lambda s: "Config refreshed" in s or "Failed to load config" in s)
            if "Failed to load config" in helix.screen():
                raise Failed(f"{name}: the config did not reload after Trust:\n{helix.screen()}")
            helix.command("lsp-restart")
            seen.append("trust accepted, :lsp-restart")

        codes = ("figure-mismatch", "source-conflict", "unsupported-figure")
        picker = helix.picker("vouch's codes", lambda s: all(c in s for c in codes) and "vouch" in s)
        seen.append("diagnostics picker: " + ", ".join(c for c in codes if c in picker))

        helix.search(r"6\.35 billion")
        helix.keys("Space", "k")
        hover = helix.wait("hover naming a source", lambda s: "corpus/004_4e68ea6f26a5cbdb.txt:11" in s)
        if "different figure" not in hover:
            raise Failed(f"{name}: the hover does not give the status:\n{hover}")
        seen.append("hover names corpus/004_4e68ea6f26a5cbdb.txt:11")

        # Commands say what they did: Helix shows no command results itself.
        helix.command("lsp-workspace-command vouch.showSources")
        if project_config:
            # The main branch can open documents: the first source opens.
            helix.wait("the source opened by vouch.showSources",
                       lambda s: "corpus/004_4e68ea6f26a5cbdb.txt" in "\n".join(s.splitlines()[-2:]))
            helix.command("open draft.md")
            helix.wait("the draft again", lambda s: "draft.md" in "\n".join(s.splitlines()[-2:]))
            seen.append("vouch.showSources opens corpus/004_4e68ea6f26a5cbdb.txt")
        else:
            line = helix.wait("the sources in the status line", lambda s: "vouch: “$6.35 billion”" in s)
            said = next(x for x in line.splitlines() if "vouch: “$6.35 billion”" in x)
            if "004_4e68ea6f26a5cbdb.txt:11" not in said:
                raise Failed(f"{name}: vouch.showSources said {said!r}")
            seen.append("vouch.showSources: " + said.strip()[:90])
        helix.command("lsp-workspace-command vouch.reindex")
        helix.wait("the reindex message", lambda s: "vouch: the corpus is up to date (5 sources)" in s)
        seen.append("vouch.reindex: vouch: the corpus is up to date (5 sources)")

        helix.search(r"61\.4 billion")
        helix.keys("g", "d")
        screen = helix.wait("the source or a picker of sources",
                            lambda s: re.search(r"corpus/\d{3}_\w+\.txt", s.splitlines()[-2] if len(s.splitlines()) > 1 else "")
                            or "004_4e68ea6f26a5cbdb.txt" in s)
        if not re.search(r"corpus/\d{3}_\w+\.txt", helix.status_line()):
            helix.keys("Enter")  # several sources: the picker's first
        opened = helix.wait("the corpus file in the status line",
                            lambda s: re.search(r"corpus/\d{3}_\w+\.txt", "\n".join(s.splitlines()[-2:])))
        if "61.4 billion" not in opened:
            raise Failed(f"{name}: g d did not land on the figure's sentence:\n{opened}")
        seen.append("g d opens " + re.search(r"corpus/\d{3}_\w+\.txt", helix.status_line()).group(0))
        helix.keys("C-o")
        helix.wait("the draft again", lambda s: "draft.md" in "\n".join(s.splitlines()[-2:]))

        helix.search(r"up to 25%")
        helix.keys("Space", "a")
        menu = helix.wait("the code actions", lambda s: "Use the source" in s or "up to 20%" in s)
        rows = [i for i, line in enumerate(menu.splitlines()) if "up to 20%" in line or "Ignore figure-mismatch" in line]
        fix_row = next(i for i, line in enumerate(menu.splitlines()) if "up to 20%" in line)
        for _ in range(rows.index(fix_row)):
            helix.keys("Down")
        helix.keys("Enter")
        helix.wait("the fixed figure", lambda s: "up to 20% of it" in s)
        if "not up to 25%" not in picker:
            raise Failed(f"{name}: no up to 25% mismatch to begin with:\n{picker}")
        helix.picker("the mismatch gone", lambda s: "figure-mismatch" in s and "not up to 25%" not in s)
        seen.append("quick fix: up to 25% -> up to 20%, its finding gone")

        # The picker's preview shows the draft, which says 1999: look for the finding's message.
        unsupported = "No source states 1999"
        if unsupported not in picker:
            raise Failed(f"{name}: no unsupported 1999 to begin with:\n{picker}")
        (workspace / "corpus" / "putin.txt").write_text("Putin in power\n\nPutin has been in power since 1999.\n")
        helix.picker("the 1999 finding gone", lambda s: "figure-mismatch" in s and unsupported not in s)
        seen.append("a source written outside Helix: the 1999 finding gone")
    finally:
        helix.quit()
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vouch", required=True, type=Path, help="the vouch binary to test")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    builds = sorted(HELIX_DIR.glob("hx-*")) if HELIX_DIR.is_dir() else []
    if not builds:
        print(f"helix e2e: skipped: no Helix build in {HELIX_DIR}")
        return 0
    if not shutil.which("tmux"):
        print("helix e2e: skipped: tmux is not installed")
        return 0
    vouch = args.vouch.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="vouch-helix-e2e-"))
    failures = 0
    try:
        for hx in builds:
            project = not hx.name.startswith("hx-25.")
            started = time.monotonic()
            try:
                seen = run(hx, vouch, scratch / hx.name, project_config=project)
                print(f"helix e2e: {hx.name}: ok in {time.monotonic() - started:.0f} s")
                for s in seen:
                    print(f"  {s}")
            except Failed as e:
                failures += 1
                print(f"helix e2e: {hx.name}: FAILED: {e}", file=sys.stderr)
                log = scratch / hx.name / "home" / ".cache" / "helix" / "helix.log"
                if log.exists():
                    print("  the end of helix.log:\n" + "\n".join(log.read_text().splitlines()[-30:]), file=sys.stderr)
    finally:
        if args.keep:
            print(f"helix e2e: kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"helix e2e: {len(builds) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
