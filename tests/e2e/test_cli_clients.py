"""``tuneforge studies|sequences|transport``: the command line as a client of a live server.

One ``serve tuner`` per module; the commands run in-process (``tuneforge.cli.main``)
with their output captured, as ``jobs``/``sweeps`` are tested.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import ServerThread
from tuneforge.cli import main
from tuneforge.client_cli import Spinner

Capsys = pytest.CaptureFixture[str]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    from tuneforge.runtime.config import Settings

    home = tmp_path_factory.mktemp("cli-clients")
    st = ServerThread(Settings.load({}, port=0, home=home, study_tracking=False), None, "tuner")
    yield st
    st.stop(grace=0.5)


@pytest.fixture
def flags(server: ServerThread) -> list[str]:
    return ["--server", server.target]


def run(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: Capsys, *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


STUDY_YAML = """\
name: cli-mlp
objectives: [{name: val_loss, direction: DIRECTION_MINIMIZE}]
search_space:
  - {name: lr, float_range: {low: 1.0e-5, high: 0.1, log: true}}
  - name: optimizer
    categorical: {choices: [{string_value: sgd}, {string_value: adam}]}
sampler: {random: {}, seed: 0}
pruner: {none: {}}
"""


def test_study_create_ask_tell_best_list(capsys: Capsys, flags: list[str], tmp_path: Path) -> None:
    spec = tmp_path / "study.yaml"
    spec.write_text(STUDY_YAML)
    study = run_json(capsys, "studies", "create", str(spec), *flags)
    assert study["name"] == "cli-mlp"
    assert [p["name"] for p in study["search_space"]] == ["lr", "optimizer"]
    assert study["objectives"] == [{"name": "val_loss", "direction": "DIRECTION_MINIMIZE"}]

    trials = run_json(
        capsys, "studies", "ask", "cli-mlp", "--count", "3", "--client-id", "w1", *flags
    )
    assert [t["number"] for t in trials] == [0, 1, 2]
    assert all(set(t["params"]) == {"lr", "optimizer"} for t in trials)
    assert all(t["client_id"] == "w1" and t["state"] == "TRIAL_STATE_RUNNING" for t in trials)

    code, out, _ = run(capsys, "studies", "tell", "cli-mlp", "0", "0.5", *flags)
    assert code == 0 and out.strip() == "trial 0 COMPLETE  values 0.5"
    told = run_json(capsys, "studies", "tell", "cli-mlp", "1", "0.25", *flags)
    assert told["state"] == "TRIAL_STATE_COMPLETE" and told["values"] == [0.25]
    code, out, _ = run(capsys, "studies", "tell", "cli-mlp", "2", "--state", "failed", *flags)
    assert code == 0 and out.strip() == "trial 2 FAIL"

    best = run_json(capsys, "studies", "best", "cli-mlp", *flags)
    assert [t["number"] for t in best] == [1]
    code, out, _ = run(capsys, "studies", "best", "cli-mlp", *flags)
    lines = out.splitlines()
    assert lines[0].split() == ["TRIAL", "VALUES", "PARAMS"]
    assert lines[1].split()[:2] == ["1", "0.25"] and "optimizer=" in lines[1]

    # The same from flags alone, then a table.
    code, out, err = run(
        capsys, "studies", "create", "--name", "cli-flags", "--float", "x=-1:1",
        "--int", "n=1:8:log", "--categorical", "c=a,2,true", "--objective", "score=maximize",
        "--sampler", "random", "--seed", "1", "--pruner", "none", *flags,
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0].split() == [
        "NAME",
        "ID",
        "OBJECTIVES",
        "PARAMS",
        "TRIALS",
        "CREATED",
    ]
    assert out.splitlines()[1].split()[2:5] == ["score:max", "3", "0"]
    code, out, _ = run(capsys, "studies", "ask", "cli-flags", *flags)
    assert out.splitlines()[0].split() == ["TRIAL", "PARAMS"] and "c=" in out

    listed = run_json(capsys, "studies", "list", *flags)
    counts = {s["name"]: s["trial_counts"] for s in listed}
    assert counts["cli-mlp"] == {"running": 0, "waiting": 0, "complete": 2, "pruned": 0, "fail": 1}
    assert counts["cli-flags"]["running"] == 1
    code, out, _ = run(capsys, "studies", "list", *flags)
    assert any(
        line.startswith("cli-mlp ") and "2 complete, 1 fail" in line for line in out.splitlines()
    )


def test_sequence_create_suggest_report_best(capsys: Capsys, flags: list[str]) -> None:
    seq = run_json(
        capsys, "sequences", "create", "cli-heat", "--context-lower", "0",
        "--context-upper", "1", "--grid-size", "5", "--seed", "3", *flags,
    )  # fmt: skip
    assert seq["name"] == "cli-heat" and seq["grid_size"] == 5 and seq["context_upper"] == [1.0]

    suggestion = run_json(capsys, "sequences", "suggest", "cli-heat", "--context", "0.3", *flags)
    assert suggestion["suggestion_id"] and 1.0 <= suggestion["omega"] <= 1.95
    reported = run_json(
        capsys, "sequences", "report", "cli-heat", suggestion["suggestion_id"], "118", *flags
    )
    assert reported["instances"] == 1 and reported["total_iterations"] == 118
    assert reported["pending_suggestions"] == 0

    best = run_json(capsys, "sequences", "best", "cli-heat", "--context", "0.3", *flags)
    assert best["instances_seen"] == 1 and len(best["arms"]) == 5
    code, out, _ = run(capsys, "sequences", "best", "cli-heat", "--context", "0.3", *flags)
    assert code == 0 and out.startswith("best omega ")
    assert out.splitlines()[1].split() == ["ARM", "OMEGA", "MEAN_ITERATIONS", "COUNT"]

    code, out, _ = run(capsys, "sequences", "suggest", "cli-heat", "--context", "0.5", *flags)
    assert code == 0 and out.splitlines()[0].split() == [
        "SUGGESTION",
        "OMEGA",
        "ARM",
        "PROBABILITY",
    ]
    assert out.splitlines()[1].startswith("sug")
    code, out, _ = run(capsys, "sequences", "list", *flags)
    row = next(line.split() for line in out.splitlines() if line.startswith("cli-heat "))
    assert row[2:4] == ["sor", "auto"] and row[-4:-2] == ["1", "1"]  # instances, pending


A = np.array([0.2, 0.3, 0.5])
B = np.array([0.4, 0.4, 0.2])
COST = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0]])


def test_transport_solve_from_npz_and_npy(capsys: Capsys, flags: list[str], tmp_path: Path) -> None:
    np.savez(tmp_path / "problem.npz", a=A, b=B, cost=COST)
    plan_file = tmp_path / "plan.out"  # any name: no .npy is appended
    code, out, err = run(
        capsys, "transport", "solve", "--npz", str(tmp_path / "problem.npz"), "--epsilon", "0.1",
        "--method", "sinkhorn", "--tolerance", "1e-9", "--plan", str(plan_file), *flags,
    )  # fmt: skip
    assert code == 0, err
    assert err == ""  # not a terminal: no spinner
    fields = dict(line.split(None, 1) for line in out.splitlines() if not line.startswith("ent"))
    assert fields["converged"] == "yes" and float(fields["violation"]) <= 1e-9
    assert fields["method"].startswith("sinkhorn on ") and fields["plan"].endswith("(3 x 3)")
    plan = np.load(plan_file)
    assert plan.shape == (3, 3)
    np.testing.assert_allclose(plan.sum(axis=1), A, atol=1e-8)
    np.testing.assert_allclose(plan.sum(axis=0), B, atol=1e-8)
    assert float(fields["cost"]) == pytest.approx(float((plan * COST).sum()), rel=1e-6)

    for name, array in {"a": A, "b": B, "c": COST}.items():
        np.save(tmp_path / f"{name}.npy", array)
    result = run_json(
        capsys, "transport", "solve", "--a", str(tmp_path / "a.npy"), "--b",
        str(tmp_path / "b.npy"), "--cost", str(tmp_path / "c.npy"), "--epsilon", "0.05",
        "--method", "sns", *flags,
    )  # fmt: skip
    assert result["converged"] is True and result["method"] == "TRANSPORT_METHOD_SNS"
    assert len(result["f"]) == 3 and "plan" not in result


def test_refusals_exit_1_with_the_field_path(capsys: Capsys, flags: list[str]) -> None:
    code, out, err = run(
        capsys, "studies", "create", "--name", "cli-bad", "--float", "lr=1:0.1", *flags
    )
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("tuneforge: INVALID_ARGUMENT: ")
    assert any(line.startswith("  search_space[0].") for line in lines[1:]), err

    code, _, err = run(capsys, "studies", "tell", "cli-nope", "0", "1.0", *flags)
    assert code == 1 and err.startswith("tuneforge: NOT_FOUND: ")
    code, _, err = run(capsys, "sequences", "report", "cli-nope", "sug-x", "-3", *flags)
    assert code == 1 and "tuneforge: " in err


def test_bad_files_and_flags_exit_2(capsys: Capsys, flags: list[str], tmp_path: Path) -> None:
    spec = tmp_path / "study.yaml"
    spec.write_text("name: x\nsearch_space: [{name: lr, range: {low: 0}}]\n")  # no field `range`
    code, _, err = run(capsys, "studies", "create", str(spec), *flags)
    assert code == 2 and err.startswith("tuneforge: ") and "range" in err
    code, _, err = run(capsys, "studies", "create", str(tmp_path / "missing.json"), *flags)
    assert code == 2 and "missing.json" in err

    np.savez(tmp_path / "nocost.npz", a=A, b=B)
    code, _, err = run(
        capsys,
        "transport",
        "solve",
        "--npz",
        str(tmp_path / "nocost.npz"),
        "--epsilon",
        "0.1",
        *flags,
    )
    assert code == 2 and "no ground cost" in err
    (tmp_path / "junk.npy").write_text("not numpy")
    code, _, err = run(
        capsys, "transport", "solve", "--a", str(tmp_path / "junk.npy"), "--b",
        str(tmp_path / "junk.npy"), "--cost", str(tmp_path / "junk.npy"), "--epsilon", "1", *flags,
    )  # fmt: skip
    assert code == 2 and "junk.npy" in err
    code, _, err = run(
        capsys,
        "transport",
        "solve",
        "--npz",
        str(tmp_path / "absent.npz"),
        "--epsilon",
        "1",
        *flags,
    )
    assert code == 2 and "absent.npz" in err

    code, _, err = run(capsys, "sequences", "create", "cli-ctx", "--context-lower", "0", *flags)
    assert code == 2 and "--context-upper" in err
    for argv in (
        ["studies", "create", "--name", "x", "--float", "lr=abc"],
        ["studies", "tell", "s", "0", "--state", "running"],
        ["transport", "solve", "--npz", "p.npz"],  # no --epsilon
    ):
        with pytest.raises(SystemExit) as exc:
            main([*argv, *flags])
        assert exc.value.code == 2
        assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["studies", "create"], ["--timeout TIMEOUT", "(default: 30.0)"]),
        (["studies", "ask"], ["(default: 1)"]),
        (["studies", "tell"], ["(default: complete)"]),
        (["studies", "best"], ["(default: 30.0)"]),
        (["studies", "list"], ["(default: 30.0)"]),
        (["sequences", "create"], ["(default: sor)", "(default: auto)", "(default: 0.0)"]),
        (["sequences", "suggest"], ["(default: 30.0)"]),
        (["sequences", "report"], ["(default: 30.0)"]),
        (["sequences", "best"], ["(default: 30.0)"]),
        (["sequences", "list"], ["(default: 30.0)"]),
        (["transport", "solve"], ["(default: auto)", "(default: sqeuclidean)", "(default: 0)"]),
        (["jobs", "logs"], ["(default: 0)"]),
    ],
)
def test_help_shows_defaults(capsys: Capsys, argv: list[str], shown: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--help"])
    assert exc.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert all(s in text for s in shown), text
    assert "[env TUNEFORGE_SERVER, default 127.0.0.1:50051]" in text
    assert "(default: None)" not in text and "(default: False)" not in text


def test_help_never_shows_the_token(capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUNEFORGE_TOKEN", "s3cret-token")
    with pytest.raises(SystemExit):
        main(["transport", "solve", "--help"])
    assert "s3cret-token" not in capsys.readouterr().out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_spinner_draws_on_a_terminal_only() -> None:
    tty = _Terminal()
    with Spinner(tty, "solving", interval=0.01):
        time.sleep(0.08)
    text = tty.getvalue()
    assert "solving" in text and " s" in text and text.endswith("\r")
    assert text.rsplit("\r", 2)[-2].strip() == ""  # the line is wiped at the end
    quiet = io.StringIO()
    with Spinner(quiet, "solving", interval=0.01):
        time.sleep(0.03)
    assert quiet.getvalue() == ""
