"""Checks editors/helix/languages.toml: vouch is configured and added next to marksman.

Run: python3 editors/helix/test_languages.py (exits non-zero on failure).
"""

import sys
import tomllib
from pathlib import Path

PATH = Path(__file__).with_name("languages.toml")

# Keys the server reads (see `vouch lsp` in the README); anything else is a typo.
SERVER_SETTINGS = {"corpus", "severity", "inlayHints"}


def check(config: dict) -> list[str]:
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
    paths = settings.get("corpus", {}).get("paths")
    if not (isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths)):
        problems.append(f"config.corpus.paths is {paths!r}, not a list of folders")
    if not isinstance(settings.get("inlayHints", {}).get("enable"), bool):
        problems.append("config.inlayHints.enable is not a boolean")

    markdown = [lang for lang in config.get("language", []) if lang.get("name") == "markdown"]
    if len(markdown) != 1:
        return problems + [f"{len(markdown)} [[language]] tables named markdown, not 1"]
    servers = markdown[0].get("language-servers")
    # Helix replaces the default list, so marksman must be named again.
    if servers != ["marksman", "vouch"]:
        problems.append(f"markdown's language-servers are {servers!r}, not ['marksman', 'vouch']")
    return problems


def main() -> int:
    with PATH.open("rb") as f:
        config = tomllib.load(f)
    problems = check(config)
    for p in problems:
        print(f"{PATH}: {p}", file=sys.stderr)
    # Self-test: the check must reject a list without marksman and a wrong command.
    broken = {**config, "language": [{"name": "markdown", "language-servers": ["vouch"]}]}
    broken["language-server"] = {"vouch": {**config["language-server"]["vouch"], "command": "vouc"}}
    if len(check(broken)) < 2:
        print("the check failed to reject a broken file", file=sys.stderr)
        problems.append("self-test")
    print(f"helix: {0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
