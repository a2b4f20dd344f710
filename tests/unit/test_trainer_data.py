"""Job datasets: shapes, determinism, the held-out split, path datasets (good and bad),
and inspection from headers alone."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from google.protobuf import json_format

from tuneforge.errors import ValidationError
from tuneforge.trainer import data
from tuneforge.v1 import trainer_service_pb2 as pb


def dataset(d: dict[str, Any]) -> pb.DatasetSpec:
    return json_format.ParseDict(d, pb.DatasetSpec())


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {v.field for v in exc.value.violations}


def test_digits_are_1x8x8_images_in_unit_range() -> None:
    a = data.load(dataset({"digits": {}}), seed=0)
    assert a.x_train.shape == (1438, 1, 8, 8) and a.x_val.shape == (359, 1, 8, 8)
    assert a.x_train.dtype == np.float32 and a.y_train.dtype == np.int64
    assert a.x_train.min() >= 0.0 and a.x_train.max() == 1.0
    assert set(np.unique(a.y_train)) == set(range(10))
    assert a.info == data.DataInfo(data.CLASSIFICATION, (1, 8, 8), 10, n_train=1438, n_val=359)
    assert data.inspect(dataset({"digits": {}})) == a.info


SYNTHETIC = {
    "synthetic_classification": ((20,), np.float32, (), np.int64),
    "synthetic_regression": ((20,), np.float32, (1,), np.float32),
    "synthetic_tokens": ((64,), np.int64, (64,), np.int64),
    "synthetic_images": ((3, 32, 32), np.float32, (), np.int64),
}


@pytest.mark.parametrize("kind", list(SYNTHETIC))
def test_synthetic_defaults_shapes_and_determinism(kind: str) -> None:
    x_shape, x_dtype, y_shape, y_dtype = SYNTHETIC[kind]
    info = data.inspect(dataset({kind: {}}))  # the proto's defaults, without generating
    n = 5000 if kind == "synthetic_images" else 2000
    assert info.n_train + info.n_val == n and info.n_val == n // 5
    assert info.input_shape == x_shape
    size = "sequences" if kind == "synthetic_tokens" else "samples"
    spec = dataset({kind: {size: 200}})
    a = data.load(spec, seed=3)
    assert a.x_train.shape == (160, *x_shape) and a.x_train.dtype == x_dtype
    assert a.y_val.shape == (40, *y_shape) and a.y_val.dtype == y_dtype
    assert data.inspect(spec) == a.info == replace(info, n_train=160, n_val=40)
    again = data.load(spec, seed=3)
    assert np.array_equal(a.x_train, again.x_train) and np.array_equal(a.y_val, again.y_val)
    other = data.load(spec, seed=4)
    assert not np.array_equal(a.x_train, other.x_train)


def test_a_datasets_own_seed_wins_over_the_jobs() -> None:
    spec = dataset({"synthetic_classification": {"seed": 11, "samples": 100}})
    a, b = data.load(spec, seed=1), data.load(spec, seed=2)
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_train, b.y_train)


def test_classification_sizes_and_labels() -> None:
    spec = dataset({"synthetic_classification": {"samples": 300, "features": 6, "classes": 7}})
    a = data.load(spec, seed=0)
    assert a.x_train.shape == (240, 6) and a.info.num_classes == 7
    assert set(np.unique(np.concatenate([a.y_train, a.y_val]))) == set(range(7))


def test_regression_targets_are_standardised() -> None:
    a = data.load(dataset({"synthetic_regression": {"noise": 5.0}}), seed=0)
    y = np.concatenate([a.y_train, a.y_val])
    assert abs(float(y.mean())) < 1e-5 and abs(float(y.std()) - 1) < 1e-5
    assert a.info.task == data.REGRESSION and a.info.num_targets == 1


def test_tokens_are_a_learnable_markov_chain() -> None:
    a = data.load(dataset({"synthetic_tokens": {"vocab_size": 50, "sequence_length": 16}}), 0)
    assert np.array_equal(a.x_train[:, 1:], a.y_train[:, :-1])  # y is x shifted by one
    assert a.x_train.min() >= 0 and a.x_train.max() < 50 and a.info.vocab_size == 50
    successors = {(int(p), int(q)) for p, q in zip(a.x_train.flat, a.y_train.flat, strict=True)}
    # at most 4 successors per token: next-token entropy <= log 4 < log 50
    assert all(sum(1 for p, _ in successors if p == t) <= 4 for t in range(50))


def test_images_carry_their_class() -> None:
    spec = dataset({"synthetic_images": {"samples": 600, "classes": 3, "channels": 2, "size": 8}})
    a = data.load(spec, seed=0)
    assert a.x_train.shape == (480, 2, 8, 8)
    # nearest class mean beats chance by far: the templates are there under the noise
    means = np.stack([a.x_train[a.y_train == c].mean(0).ravel() for c in range(3)])
    scores = a.x_val.reshape(len(a.x_val), -1) @ means.T
    assert (scores.argmax(1) == a.y_val).mean() > 0.6


def test_the_split_is_a_seeded_permutation(tmp_path: Path) -> None:
    np.savez(tmp_path / "d.npz", x=np.arange(100.0)[:, None], y=np.arange(100) % 3)
    spec = path_spec(tmp_path / "d.npz")
    a, again, other = (data.load(spec, seed) for seed in (0, 0, 1))
    held = a.x_val[:, 0].tolist()
    assert len(held) == 20 and sorted(a.x_train[:, 0].tolist() + held) == list(range(100))
    assert held != list(range(80, 100)) and sorted(held) != list(range(80, 100))  # shuffled
    assert again.x_val[:, 0].tolist() == held and other.x_val[:, 0].tolist() != held
    assert np.array_equal(a.y_val, a.x_val[:, 0].astype(np.int64) % 3)  # pairs stay pairs
    spec.validation_fraction = 0.5
    half = data.load(spec, 0)
    assert len(half.x_train) == len(half.x_val) == 50
    spec.validation_fraction = 0.0
    full = data.load(spec, 0)
    assert full.info.n_val == 0 and len(full.x_train) == 100 and len(full.x_val) == 0


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"digits": {}, "validation_fraction": 1.0}, "dataset.validation_fraction"),
        ({"digits": {}, "validation_fraction": -0.1}, "dataset.validation_fraction"),
        ({"synthetic_classification": {"samples": -1}}, "dataset.synthetic_classification.samples"),
        ({"synthetic_classification": {"classes": 1}}, "dataset.synthetic_classification.classes"),
        ({"synthetic_classification": {"features": 2, "classes": 9}},
         "dataset.synthetic_classification.features"),
        ({"synthetic_classification": {"class_sep": -1}},
         "dataset.synthetic_classification.class_sep"),
        ({"synthetic_regression": {"noise": -1}}, "dataset.synthetic_regression.noise"),
        ({"synthetic_tokens": {"vocab_size": 1}}, "dataset.synthetic_tokens.vocab_size"),
        ({"synthetic_tokens": {"sequences": 1_000_000, "sequence_length": 1000}},
         "dataset.synthetic_tokens.sequences"),
        ({"synthetic_images": {"size": 2}}, "dataset.synthetic_images.size"),
        ({"synthetic_images": {"channels": 17}}, "dataset.synthetic_images.channels"),
        ({}, "dataset"),
    ],
)  # fmt: skip
def test_bad_synthetic_fields(spec: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        data.inspect(dataset(spec))
    assert fields(exc) == {field}


def test_every_bad_field_at_once_under_a_prefix() -> None:
    spec = dataset({"synthetic_images": {"samples": 1, "classes": 1}, "validation_fraction": 2})
    with pytest.raises(ValidationError) as exc:
        data.inspect(spec, prefix="spec.dataset")
    assert fields(exc) == {
        "spec.dataset.validation_fraction",
        "spec.dataset.synthetic_images.samples",
        "spec.dataset.synthetic_images.classes",
    }


# ------------------------------------------------------------------------- path datasets


def path_spec(path: Path | str, task: int = pb.TASK_UNSPECIFIED) -> pb.DatasetSpec:
    return pb.DatasetSpec(path=pb.PathDataset(path=str(path), task=task))  # type: ignore[arg-type]


def test_npz_with_a_held_out_fraction(tmp_path: Path) -> None:
    x = np.arange(50 * 3, dtype=np.float64).reshape(50, 3)
    y = np.arange(50) % 4
    np.savez(tmp_path / "d.npz", x=x, y=y)
    info = data.inspect(path_spec(tmp_path / "d.npz"))
    assert info == data.DataInfo(data.CLASSIFICATION, (3,), n_train=40, n_val=10)
    a = data.load(path_spec(tmp_path / "d.npz"), seed=0)
    assert a.x_train.dtype == np.float32 and a.y_train.dtype == np.int64
    assert a.info.num_classes == 4 and a.info.n_train == 40  # classes known once loaded
    together = np.concatenate([a.x_train, a.x_val])
    assert sorted(together[:, 0].tolist()) == x[:, 0].tolist()


def test_npz_with_its_own_validation_set_and_float_targets(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    np.savez_compressed(
        tmp_path / "r.npz",
        x=rng.random((30, 2)),
        y=rng.random((30, 2)),
        x_val=rng.random((7, 2)),
        y_val=rng.random((7, 2)),
    )
    spec = path_spec(tmp_path / "r.npz")
    assert data.inspect(spec) == data.DataInfo(data.REGRESSION, (2,), 0, 0, 2, 30, 7)
    a = data.load(spec, seed=0)
    assert a.y_val.shape == (7, 2) and a.x_train.shape == (30, 2)


def test_a_directory_of_npy_for_language_modelling(tmp_path: Path) -> None:
    seq = np.random.default_rng(0).integers(0, 9, size=(20, 6))
    np.save(tmp_path / "x.npy", seq[:, :-1])
    np.save(tmp_path / "y.npy", seq[:, 1:])
    spec = path_spec(tmp_path, pb.TASK_LANGUAGE_MODELING)
    assert data.inspect(spec).input_shape == (5,)
    a = data.load(spec, seed=1)
    assert a.info.vocab_size == int(seq.max()) + 1 and a.x_train.dtype == np.int64
    assert len(a.x_train) == 16 and len(a.x_val) == 4


def _npy_header(shape: tuple[int, ...], dtype: str = "<f4") -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": dtype, "fortran_order": False, "shape": shape}
    )
    return buf.getvalue()


def test_inspect_reads_headers_only(tmp_path: Path) -> None:
    # 4 GB of x declared, only the headers written: inspect never touches the data.
    (tmp_path / "x.npy").write_bytes(_npy_header((1_000_000, 1000)))
    (tmp_path / "y.npy").write_bytes(_npy_header((1_000_000,), "<i8"))
    info = data.inspect(path_spec(tmp_path))
    assert info.n_train == 800_000 and info.input_shape == (1000,)
    with zipfile.ZipFile(tmp_path / "big.npz", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("x.npy", _npy_header((500, 4, 8, 8)))
        z.writestr("y.npy", _npy_header((500,), "<i8"))
    info = data.inspect(path_spec(tmp_path / "big.npz"))
    assert info.images and info.n_val == 100
    with pytest.raises(ValueError):  # loading does read: the data is not there
        data.load(path_spec(tmp_path / "big.npz"), seed=0)


def _bad(tmp_path: Path, case: str) -> Path:
    x, y = np.zeros((10, 2)), np.zeros(10, dtype=np.int64)
    p = tmp_path / "d.npz"
    if case == "missing":
        return tmp_path / "nowhere.npz"
    if case == "not_npz":
        p.write_text("x,y\n1,2\n")
    elif case == "no_y":
        np.savez(p, x=x)
    elif case == "count_mismatch":
        np.savez(p, x=x, y=y[:9])
    elif case == "val_without_y_val":
        np.savez(p, x=x, y=y, x_val=x)
    elif case == "val_shape":
        np.savez(p, x=x, y=y, x_val=np.zeros((3, 5)), y_val=y[:3])
    elif case == "objects":
        np.savez(p, x=np.array([{"a": 1}] * 10, dtype=object), y=y)
    elif case == "one_dim_x":
        np.savez(p, x=np.zeros(10), y=y)
    elif case == "corrupt_npy":
        p = tmp_path / "dir"
        p.mkdir()
        (p / "x.npy").write_bytes(b"not an npy file at all")
        np.save(p / "y.npy", y)
    elif case == "float_labels":
        np.savez(p, x=x, y=np.zeros(10))
    return p


@pytest.mark.parametrize(
    "case",
    ["missing", "not_npz", "no_y", "count_mismatch", "val_without_y_val", "val_shape",
     "objects", "one_dim_x", "corrupt_npy", "float_labels"],
)  # fmt: skip
def test_bad_path_datasets_name_the_path(tmp_path: Path, case: str) -> None:
    path = _bad(tmp_path, case)
    task = pb.TASK_CLASSIFICATION if case == "float_labels" else pb.TASK_UNSPECIFIED
    with pytest.raises(ValidationError) as exc:
        data.inspect(path_spec(path, task))
    assert fields(exc) == {"dataset.path.path"}, exc.value


def test_an_empty_path_is_required() -> None:
    with pytest.raises(ValidationError) as exc:
        data.inspect(path_spec(""))
    assert exc.value.violations[0].reason == "REQUIRED" and fields(exc) == {"dataset.path.path"}


def test_negative_labels_fail_at_load(tmp_path: Path) -> None:
    np.savez(tmp_path / "d.npz", x=np.zeros((10, 2)), y=np.arange(10) - 1)
    with pytest.raises(ValidationError) as exc:
        data.load(path_spec(tmp_path / "d.npz"), seed=0)
    assert fields(exc) == {"dataset.path.path"}
