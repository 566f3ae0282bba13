"""The VS Code extension folder holds what `vsce package` requires (checked here without Node):
the manifest fields vsce validates (name, publisher, version, engines.vscode, main), every file the
manifest names, a grammar whose scope matches the manifest, a LICENSE (else vsce asks), a lock file
for `npm ci`, and a client that starts `indicator-dsl lsp`.  `npm ci && npm run package` itself was
run by hand (it needs the npm registry; README shows the step)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

FOLDER = ROOT / "editors" / "vscode"
# vsce's own rules (src/validation.ts): names and publishers, semver versions, engine ranges
NAME = re.compile(r"^[a-z0-9][a-z0-9\-]*$", re.IGNORECASE)
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")
ENGINE = re.compile(r"^\*$|^(\^|>=)?((\d+)|x)\.((\d+)|x)\.((\d+)|x)(\-.*)?$")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads((FOLDER / "package.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def inside(path: str) -> Path:
    """A manifest path, which must stay inside the extension folder."""
    found = (FOLDER / path).resolve()
    assert found.is_relative_to(FOLDER.resolve()), path
    return found


def test_manifest_fields_vsce_validates(manifest: dict[str, Any]) -> None:
    assert NAME.match(manifest["name"]) and manifest["name"] == manifest["name"].lower()
    assert NAME.match(manifest["publisher"])
    assert SEMVER.match(manifest["version"])
    assert ENGINE.match(manifest["engines"]["vscode"])
    assert manifest["license"] and (FOLDER / "LICENSE").is_file()  # without one vsce stops to ask
    assert inside(manifest["main"]).is_file()
    assert "vsce package" in manifest["scripts"]["package"] and "@vscode/vsce" in manifest["devDependencies"]


def test_languages_and_grammars_point_at_real_files(manifest: dict[str, Any]) -> None:
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "ind" and ".ind" in language["extensions"]
    configuration = json.loads(inside(language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"]["lineComment"] == "#"
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar["language"] == language["id"]
    tm = json.loads(inside(grammar["path"]).read_text(encoding="utf-8"))
    assert tm["scopeName"] == grammar["scopeName"] and tm["patterns"]
    assert f"onLanguage:{language['id']}" in manifest["activationEvents"]


def test_lock_file_matches_the_manifest(manifest: dict[str, Any]) -> None:
    lock = json.loads((FOLDER / "package-lock.json").read_text(encoding="utf-8"))
    root = lock["packages"][""]
    assert lock["name"] == manifest["name"] and lock["version"] == manifest["version"]
    assert root["dependencies"] == manifest["dependencies"] and root["devDependencies"] == manifest["devDependencies"]
    assert "node_modules/vscode-languageclient" in lock["packages"]
    ignored = (FOLDER / ".vscodeignore").read_text(encoding="utf-8").split()
    assert "*.vsix" in ignored  # an earlier package is not packed into the next


def test_client_starts_the_language_server(manifest: dict[str, Any]) -> None:
    setting = manifest["contributes"]["configuration"]["properties"]["indicatorDsl.command"]
    assert setting["default"] == ["indicator-dsl", "lsp"]
    client = inside(manifest["main"]).read_text(encoding="utf-8")
    assert 'require("vscode-languageclient/node")' in client and "TransportKind.stdio" in client
    assert '"--lang", lang' in client and 'language: "ind"' in client
    langs = manifest["contributes"]["configuration"]["properties"]["indicatorDsl.lang"]["enum"]
    assert langs == ["zh", "en"]


def test_readme_editor_setups_start_the_server(manifest: dict[str, Any]) -> None:
    """README's VS Code settings, Neovim and Helix snippets name the real command and settings,
    and the JSON and TOML ones parse."""
    import tomllib

    from tests.test_core_readme import section

    text = section("editor")
    blocks = dict.fromkeys(["json", "lua", "toml", "sh"], "")
    for lang, body in re.findall(r"```(\w+)\n(.*?)```", text, flags=re.S):
        if lang in blocks:
            blocks[lang] += body
    settings = json.loads(blocks["json"])
    assert set(settings) <= set(manifest["contributes"]["configuration"]["properties"])
    assert settings["indicatorDsl.command"][-1] == "lsp"
    assert blocks["lua"].count('cmd = { "indicator-dsl", "lsp" }') == 2 and 'filetypes = { "ind" }' in blocks["lua"]
    helix = tomllib.loads(blocks["toml"])
    assert helix["language-server"]["indicator-dsl"] == {"command": "indicator-dsl", "args": ["lsp"]}
    assert helix["language"][0]["file-types"] == ["ind"]
    assert f"{manifest['name']}-{manifest['version']}.vsix" in blocks["sh"] and "npm run package" in blocks["sh"]
