"""Checks editors/helix/languages.toml (Helix 25.07.1) and languages-main.toml (Helix's
main branch): vouch is configured, and each keeps its Helix's default markdown servers
beside vouch.

The defaults are Helix's own: with the real builds in ../shared/tools/helix (or
HELIX_DIR), they are read from `hx --health markdown` under an empty config, so the
check follows Helix when its defaults change; without the builds, from the lists below,
as those builds report them.

Run: python3 editors/helix/test_languages.py (exits non-zero on failure).
"""

import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).parent
HELIX_DIR = Path(os.environ.get("HELIX_DIR", HERE.parents[2] / "shared" / "tools" / "helix"))

# The file for each Helix, the build that stands for it, and that build's defaults.
FILES = {
    "languages.toml": ("hx-25.07.1", ["marksman", "markdown-oxide"]),
    "languages-main.toml": ("hx-master-*", ["marksman", "markdown-oxide", "rumdl"]),
}

# Keys the server reads (see `vouch lsp` in the README); anything else is a typo.
SERVER_SETTINGS = {"corpus", "severity", "inlayHints", "debounceMs", "clientShowsCommandResults"}


def helix_defaults(pattern: str) -> list[str] | None:
    """The markdown servers a real Helix starts with an empty config, or None without it."""
    builds = sorted(HELIX_DIR.glob(pattern)) if HELIX_DIR.is_dir() else []
    if not builds:
        return None
    with tempfile.TemporaryDirectory() as home:
        env = {"HOME": home, "XDG_CONFIG_HOME": f"{home}/.config", "XDG_DATA_HOME": f"{home}/.local/share",
               "XDG_CACHE_HOME": f"{home}/.cache", "HELIX_RUNTIME": str(HELIX_DIR / "runtime"),
               "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
        out = subprocess.run([str(builds[-1]), "--health", "markdown"], capture_output=True, text=True,
                             env=env, cwd=home, timeout=60).stdout
    text = re.sub(r"\x1b\[[0-9;]*m", "", out)
    # "Configured language servers:" then one "  ✘ name: ..." / "  ✓ name: ..." line each.
    block = text.split("Configured language servers:", 1)[-1].split("Configured debug adapter", 1)[0]
    return re.findall(r"^\s*\S+\s+([A-Za-z0-9_.-]+):", block, re.M)


def check(config: dict, defaults: list[str]) -> list[str]:
    problems = []
    server = config.get("language-server", {}).get("vouch")
    if server is None:
        return ["no [language-server.vouch] table"]
    if server.get("command") != "vouch":
        problems.append(f"command is {server.get('command')!r}, not 'vouch'")
    if server.get("args") != ["lsp"]:
        problems.append(f"args are {server.get('args')!r}, not ['lsp']")
    settings = server.get("config", {})
    if unknown := set(settings) - SERVER_SETTINGS:
        problems.append(f"config has keys the server does not read: {sorted(unknown)}")

    markdown = [lang for lang in config.get("language", []) if lang.get("name") == "markdown"]
    if len(markdown) != 1:
        return problems + [f"{len(markdown)} [[language]] tables named markdown, not 1"]
    servers = markdown[0].get("language-servers")
    # Helix replaces the default list, so every default must be named again.
    if servers != defaults + ["vouch"]:
        problems.append(f"markdown's language-servers are {servers!r}, not {defaults + ['vouch']!r}")
    return problems


def main() -> int:
    problems = []
    for name, (build, listed) in FILES.items():
        path = HERE / name
        with path.open("rb") as f:
            config = tomllib.load(f)
        real = helix_defaults(build)
        if real is not None and real != listed:
            problems.append(f"{build} defaults are {real}, this check lists {listed}")
        defaults = real if real is not None else listed
        found = check(config, defaults)
        problems += [f"{path}: {p}" for p in found]
        source = "from `hx --health markdown`" if real is not None else "as listed (no Helix build)"
        print(f"helix: {name}: defaults {defaults} {source}: {'ok' if not found else 'FAILED'}")
        # Self-test: the check must reject a list without a default and a wrong command.
        broken = {**config, "language": [{"name": "markdown", "language-servers": ["marksman", "vouch"]}]}
        broken["language-server"] = {"vouch": {**config["language-server"]["vouch"], "command": "vouc"}}
        if len(check(broken, defaults)) < 2:
            problems.append(f"{name}: the check failed to reject a broken file")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"helix: {0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
