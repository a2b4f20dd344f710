"""The contract's language options: one Go and one Java package for every tuneforge
proto, the ones the buf.gen recipes generate into (running the Go and Java generators
needs toolchains this project's CI cannot install; the README says so)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PROTO = Path(__file__).resolve().parents[2] / "proto"
FILES = sorted(PROTO.glob("tuneforge/v1/*.proto"))


def option(text: str, name: str) -> str:
    m = re.search(rf'^option {name} = "([^"]*)";', text, re.M)
    assert m, name
    return m.group(1)


def test_every_proto_has_the_same_go_and_java_package() -> None:
    assert len(FILES) >= 8
    go = {option(f.read_text(), "go_package") for f in FILES}
    java = {option(f.read_text(), "java_package") for f in FILES}
    assert len(go) == 1 and len(java) == 1, (go, java)
    path, _, name = go.pop().partition(";")
    recipe = yaml.safe_load((PROTO / "buf.gen.go.yaml").read_text())
    modules = {p["opt"].removeprefix("module=") for p in recipe["plugins"]}
    [module] = modules
    # module=... strips the module from go_package: the files land in gen/go/tuneforge/v1.
    assert path == f"{module}/tuneforge/v1" and name == "tuneforgev1"
    assert java.pop() == "dev.tuneforge.v1"


def test_the_google_rpc_protos_are_vendored_for_other_languages() -> None:
    for name in ("status", "error_details", "code"):
        text = (PROTO / "google" / "rpc" / f"{name}.proto").read_text()
        assert "package google.rpc;" in text
    assert "message BadRequest" in (PROTO / "google/rpc/error_details.proto").read_text()
    assert "message RequestInfo" in (PROTO / "google/rpc/error_details.proto").read_text()
