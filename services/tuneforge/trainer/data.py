"""The datasets a job trains on (``JobSpec.dataset``), as numpy arrays: torch-free.

:func:`inspect` is what validation needs, cheaply: the task, the shapes and the
split sizes (for a path dataset it reads only the ``.npy`` headers, never the data)
and every problem of the spec as a field violation. :func:`load` makes the arrays
(the worker turns them into tensors). Both are deterministic given the seed: a
synthetic dataset's own ``seed`` when set, else the job's.

Array conventions: inputs float32 (tokens int64), shape ``(N, *input_shape)``;
classification labels int64 in ``[0, num_classes)``; regression targets float32
``(N, num_targets)``; language modelling ``x, y`` int64 ``(N, T)``, ``y`` the next tokens.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, TypeAlias

import numpy as np

from tuneforge.errors import ValidationError, Violations
from tuneforge.v1 import trainer_service_pb2 as pb

Task: TypeAlias = int  # a proto Task value (pb.TASK_*)
CLASSIFICATION: Task = pb.TASK_CLASSIFICATION
REGRESSION: Task = pb.TASK_REGRESSION
LANGUAGE_MODELING: Task = pb.TASK_LANGUAGE_MODELING

VALIDATION_FRACTION = 0.2
MAX_SAMPLES = 1_000_000
MAX_ELEMENTS = 100_000_000  # of a synthetic dataset's inputs (400 MB as float32)
MEMBERS = ("x", "y", "x_val", "y_val")


@dataclass(frozen=True, slots=True)
class DataInfo:
    """What a model and the validation need to know of a dataset.

    ``num_classes`` and ``vocab_size`` of a path dataset are 0 (unknown) until
    :func:`load` has seen the labels; ``num_targets`` is set for regression.
    """

    task: Task
    input_shape: tuple[int, ...]
    num_classes: int = 0
    vocab_size: int = 0
    num_targets: int = 0
    n_train: int = 0
    n_val: int = 0

    @property
    def images(self) -> bool:
        """Inputs are ``channels x height x width``."""
        return len(self.input_shape) == 3


@dataclass(frozen=True, slots=True)
class Arrays:
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    info: DataInfo


def inspect(spec: pb.DatasetSpec, prefix: str = "dataset") -> DataInfo:
    """The dataset's :class:`DataInfo`; ValidationError listing every bad field."""
    v = Violations()
    info = _inspect(spec, v, prefix)
    v.raise_if_any()
    assert info is not None
    return info


def check(spec: pb.DatasetSpec, v: Violations, prefix: str = "dataset") -> DataInfo | None:
    """:func:`inspect` adding its violations to ``v``; None when there are any."""
    try:
        return inspect(spec, prefix)
    except ValidationError as exc:
        for x in exc.violations:
            v.add(x.field, x.description, x.reason)
        return None


def load(spec: pb.DatasetSpec, seed: int) -> Arrays:
    """The train and held-out arrays (``validation_fraction`` held out by a seeded
    permutation when the data has no ``x_val``)."""
    info = inspect(spec)
    kind = spec.WhichOneof("kind")
    sub = getattr(spec, str(kind))
    data_seed = int(getattr(sub, "seed", 0)) or seed
    if kind == "path":
        x, y, val = _load_path(Path(sub.path), info)
    else:
        x, y = _GENERATORS[str(kind)](sub, np.random.default_rng((data_seed, 0)))
        val = None
    if val is None:
        order = np.random.default_rng((data_seed, 1)).permutation(len(x))
        train, held = order[: info.n_train], order[info.n_train :]
        x, y, val = x[train], y[train], (x[held], y[held])
    arrays = Arrays(x, y, val[0], val[1], info)
    return _with_label_counts(arrays, spec)


# --------------------------------------------------------------------------- inspection


def _inspect(spec: pb.DatasetSpec, v: Violations, prefix: str) -> DataInfo | None:
    kind = spec.WhichOneof("kind")
    fraction = spec.validation_fraction if spec.HasField("validation_fraction") else None
    if fraction is not None:
        v.check(
            math.isfinite(fraction) and 0.0 <= fraction < 1.0,
            f"{prefix}.validation_fraction",
            f"must be in [0, 1), got {fraction}",
            "OUT_OF_RANGE",
        )
    if kind is None:
        v.add(prefix, "a dataset is required: digits, synthetic_*, or path", "REQUIRED")
        return None
    f = VALIDATION_FRACTION if fraction is None else fraction
    sub = getattr(spec, kind)
    field = f"{prefix}.{kind}"
    if kind == "path":
        return _inspect_path(sub, f, v, field)
    info, n = _INSPECTORS[kind](sub, v, field)
    n_val = _held_out(n, f)
    return replace(info, n_train=n - n_val, n_val=n_val)


def _held_out(n: int, fraction: float) -> int:
    """Samples held out of ``n``: at least one of each side when a fraction is asked for."""
    if not 0.0 < fraction < 1.0 or n < 2:
        return 0
    return min(max(round(n * fraction), 1), n - 1)


def _count(v: Violations, field: str, value: int, default: int, low: int, high: int) -> int:
    """``value`` (0 meaning ``default``) checked to lie in [low, high]."""
    x = value or default
    v.check(
        low <= x <= high,
        field,
        f"must be in [{low}, {high}] (0 means {default}), got {value}",
        "OUT_OF_RANGE",
    )
    return x


def _size_check(v: Violations, field: str, samples: int, per_sample: int) -> None:
    v.check(
        samples * per_sample <= MAX_ELEMENTS,
        field,
        f"{samples} samples of {per_sample} values exceed {MAX_ELEMENTS} values",
        "OUT_OF_RANGE",
    )


def _informative(features: int, classes: int) -> int:
    """make_classification's informative features: enough for one cluster per class."""
    return min(features, max(2, math.ceil(math.log2(classes)) + 1))


def _inspect_digits(sub: pb.DigitsDataset, v: Violations, field: str) -> tuple[DataInfo, int]:
    return DataInfo(CLASSIFICATION, (1, 8, 8), num_classes=10), 1797


def _inspect_classification(
    sub: pb.SyntheticClassificationDataset, v: Violations, field: str
) -> tuple[DataInfo, int]:
    n = _count(v, f"{field}.samples", sub.samples, 2000, 2, MAX_SAMPLES)
    features = _count(v, f"{field}.features", sub.features, 20, 1, 100_000)
    classes = _count(v, f"{field}.classes", sub.classes, 2, 2, 1000)
    sep = sub.class_sep or 1.0
    v.check(
        math.isfinite(sep) and sep > 0,
        f"{field}.class_sep",
        f"must be > 0, got {sub.class_sep}",
        "OUT_OF_RANGE",
    )
    if features >= 1 and classes > 2 ** _informative(features, classes):
        v.add(f"{field}.features", f"{features} features cannot separate {classes} classes")
    _size_check(v, f"{field}.samples", n, features)
    return DataInfo(CLASSIFICATION, (features,), num_classes=classes), n


def _inspect_regression(
    sub: pb.SyntheticRegressionDataset, v: Violations, field: str
) -> tuple[DataInfo, int]:
    n = _count(v, f"{field}.samples", sub.samples, 2000, 2, MAX_SAMPLES)
    features = _count(v, f"{field}.features", sub.features, 20, 1, 100_000)
    v.check(
        math.isfinite(sub.noise) and sub.noise >= 0,
        f"{field}.noise",
        f"must be >= 0, got {sub.noise}",
        "OUT_OF_RANGE",
    )
    _size_check(v, f"{field}.samples", n, features)
    return DataInfo(REGRESSION, (features,), num_targets=1), n


def _inspect_tokens(
    sub: pb.SyntheticTokensDataset, v: Violations, field: str
) -> tuple[DataInfo, int]:
    n = _count(v, f"{field}.sequences", sub.sequences, 2000, 2, MAX_SAMPLES)
    length = _count(v, f"{field}.sequence_length", sub.sequence_length, 64, 1, 8192)
    vocab = _count(v, f"{field}.vocab_size", sub.vocab_size, 64, 2, 1 << 20)
    _size_check(v, f"{field}.sequences", n, length + 1)
    return DataInfo(LANGUAGE_MODELING, (length,), vocab_size=vocab), n


def _inspect_images(
    sub: pb.SyntheticImagesDataset, v: Violations, field: str
) -> tuple[DataInfo, int]:
    n = _count(v, f"{field}.samples", sub.samples, 5000, 2, MAX_SAMPLES)
    classes = _count(v, f"{field}.classes", sub.classes, 10, 2, 1000)
    channels = _count(v, f"{field}.channels", sub.channels, 3, 1, 16)
    size = _count(v, f"{field}.size", sub.size, 32, 4, 256)
    _size_check(v, f"{field}.samples", n, channels * size * size)
    return DataInfo(CLASSIFICATION, (channels, size, size), num_classes=classes), n


_INSPECTORS: dict[str, Callable[[Any, Violations, str], tuple[DataInfo, int]]] = {
    "digits": _inspect_digits,
    "synthetic_classification": _inspect_classification,
    "synthetic_regression": _inspect_regression,
    "synthetic_tokens": _inspect_tokens,
    "synthetic_images": _inspect_images,
}


# --------------------------------------------------------------------------- path datasets

Header = tuple[tuple[int, ...], np.dtype[Any]]


def _read_header(f: IO[bytes]) -> Header:
    """An ``.npy`` stream's shape and dtype, from its header alone."""
    version = np.lib.format.read_magic(f)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(f)
    elif version == (2, 0):
        shape, _, dtype = np.lib.format.read_array_header_2_0(f)
    else:
        raise ValueError(f"unsupported .npy format version {version}")
    return tuple(int(d) for d in shape), np.dtype(dtype)


def _headers(path: Path) -> dict[str, Header]:
    """The shapes and dtypes of the members of a path dataset that exist."""
    out: dict[str, Header] = {}
    if path.is_dir():
        for name in MEMBERS:
            file = path / f"{name}.npy"
            if file.exists():
                with file.open("rb") as f:
                    out[name] = _read_header(f)
        return out
    if not zipfile.is_zipfile(path):
        raise ValueError("is neither an .npz file nor a directory of .npy files")
    with zipfile.ZipFile(path) as z:
        present = set(z.namelist())
        for name in MEMBERS:
            if f"{name}.npy" in present:
                with z.open(f"{name}.npy") as f:  # decompresses only the header's bytes
                    out[name] = _read_header(f)
    return out


def _integer(dtype: np.dtype[Any]) -> bool:
    return dtype.kind in "iub"


def _inspect_path(sub: pb.PathDataset, fraction: float, v: Violations, field: str) -> DataInfo:
    where = f"{field}.path"
    unknown = DataInfo(sub.task, ())
    if not v.check(
        sub.task in pb.Task.values(), f"{field}.task", f"unknown task {sub.task}", "UNKNOWN"
    ):
        return unknown
    if not sub.path:
        v.add(where, "a path is required", "REQUIRED")
        return unknown
    path = Path(sub.path)
    if not path.exists():
        v.add(where, f"{sub.path} does not exist", "NOT_FOUND")
        return unknown
    try:
        headers = _headers(path)
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        v.add(where, f"{sub.path} cannot be read: {exc}", "UNREADABLE")
        return unknown
    problems = _path_problems(headers, sub.task)
    for problem in problems:
        v.add(where, f"{sub.path}: {problem}")
    if problems:
        return unknown
    (x_shape, _), (y_shape, y_dtype) = headers["x"], headers["y"]
    task = sub.task or (CLASSIFICATION if _integer(y_dtype) else REGRESSION)
    targets = (y_shape[1] if len(y_shape) == 2 else 1) if task == REGRESSION else 0
    if "x_val" in headers:
        n_train, n_val = x_shape[0], headers["x_val"][0][0]
    else:
        n_val = _held_out(x_shape[0], fraction)
        n_train = x_shape[0] - n_val
    if n_train < 1:
        v.add(where, f"{sub.path}: no training samples")
    return DataInfo(task, x_shape[1:], num_targets=targets, n_train=n_train, n_val=n_val)


def _path_problems(headers: dict[str, Header], task: Task) -> list[str]:
    """What makes these members unusable as a dataset of ``task`` (0: from the labels)."""
    problems = [f"has no {name}" for name in ("x", "y") if name not in headers]
    if ("x_val" in headers) != ("y_val" in headers):
        problems.append("has only one of x_val, y_val")
    problems += [
        f"{name} has dtype {dtype}: arrays must be numeric"
        for name, (_, dtype) in headers.items()
        if dtype.kind not in "iubf"
    ]
    if problems:
        return problems
    pairs = [("x", "y")] + ([("x_val", "y_val")] if "x_val" in headers else [])
    for xn, yn in pairs:
        (xs, xd), (ys, yd) = headers[xn], headers[yn]
        if len(xs) < 2:
            problems.append(f"{xn} has shape {xs}: it must be (samples, features...)")
        if not ys or xs[:1] != ys[:1]:
            problems.append(f"{xn} has shape {xs} but {yn} {ys}: the sample counts differ")
        given = task or (CLASSIFICATION if _integer(yd) else REGRESSION)
        if given == CLASSIFICATION and not (_integer(yd) and len(ys) == 1):
            problems.append(f"{yn} ({yd}, {ys}) must be integer class labels of shape (samples,)")
        if given == REGRESSION and len(ys) > 2:
            problems.append(f"{yn} has shape {ys}: targets must be (samples,) or (samples, k)")
        if given == LANGUAGE_MODELING and not (
            _integer(xd) and _integer(yd) and len(xs) == 2 and xs == ys
        ):
            problems.append(f"{xn}, {yn} must be integer token arrays of one shape (samples, T)")
    if "x_val" in headers and headers["x_val"][0][1:] != headers["x"][0][1:]:
        problems.append(f"x_val has shape {headers['x_val'][0]}, x {headers['x'][0]}")
    if "y_val" in headers and headers["y_val"][0][1:] != headers["y"][0][1:]:
        problems.append(f"y_val has shape {headers['y_val'][0]}, y {headers['y'][0]}")
    return problems


def _load_path(
    path: Path, info: DataInfo
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    if path.is_dir():
        arrays = {
            n: np.load(path / f"{n}.npy", allow_pickle=False)
            for n in MEMBERS
            if (path / f"{n}.npy").exists()
        }
    else:
        with np.load(path, allow_pickle=False) as z:
            arrays = {n: z[n] for n in MEMBERS if n in z.files}
    x, y = _convert(arrays["x"], arrays["y"], info)
    if "x_val" not in arrays:
        return x, y, None
    return x, y, _convert(arrays["x_val"], arrays["y_val"], info)


def _convert(x: np.ndarray, y: np.ndarray, info: DataInfo) -> tuple[np.ndarray, np.ndarray]:
    if info.task == LANGUAGE_MODELING:
        return x.astype(np.int64), y.astype(np.int64)
    if info.task == CLASSIFICATION:
        return x.astype(np.float32), y.astype(np.int64)
    return x.astype(np.float32), y.astype(np.float32).reshape(len(y), -1)


def _with_label_counts(arrays: Arrays, spec: pb.DatasetSpec) -> Arrays:
    """``arrays`` with the class count / vocabulary size of a path dataset, checked."""
    info, where = arrays.info, "dataset.path.path"
    if info.task == CLASSIFICATION:
        labels = [a for a in (arrays.y_train, arrays.y_val) if a.size]
        low = min(int(a.min()) for a in labels)
        high = max(int(a.max()) for a in labels)
        if low < 0 or (info.num_classes and high >= info.num_classes):
            raise ValidationError.single(where, f"labels must be >= 0, got [{low}, {high}]")
        info = replace(info, num_classes=info.num_classes or high + 1)
    elif info.task == LANGUAGE_MODELING and spec.WhichOneof("kind") == "path":
        tokens = [a for a in (arrays.x_train, arrays.y_train, arrays.x_val, arrays.y_val) if a.size]
        if min(int(a.min()) for a in tokens) < 0:
            raise ValidationError.single(where, "tokens must be >= 0")
        info = replace(info, vocab_size=max(int(a.max()) for a in tokens) + 1)
    return replace(arrays, info=info)


# --------------------------------------------------------------------------- generators


def _sklearn_seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**32 - 1))


def _digits(sub: pb.DigitsDataset, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits  # sklearn's import costs ~0.5 s: on use

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    return x, digits.target.astype(np.int64)


def _classification(
    sub: pb.SyntheticClassificationDataset, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_classification

    features, classes = sub.features or 20, sub.classes or 2
    informative = _informative(features, classes)
    x, y = make_classification(
        n_samples=sub.samples or 2000,
        n_features=features,
        n_informative=informative,
        n_redundant=min(2, features - informative),
        n_classes=classes,
        n_clusters_per_class=1,
        class_sep=sub.class_sep or 1.0,
        random_state=_sklearn_seed(rng),
    )
    return x.astype(np.float32), y.astype(np.int64)


def _regression(
    sub: pb.SyntheticRegressionDataset, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_regression

    x, y = make_regression(
        n_samples=sub.samples or 2000,
        n_features=sub.features or 20,
        noise=sub.noise,
        random_state=_sklearn_seed(rng),
    )
    y = (y - y.mean()) / (y.std() or 1.0)  # standardised: one lr suits every seed
    return x.astype(np.float32), y.astype(np.float32).reshape(-1, 1)


def _tokens(
    sub: pb.SyntheticTokensDataset, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A random sparse Markov chain: each token is followed by one of 4 tokens with
    Dirichlet probabilities, so a language model can learn far below log(vocab)."""
    n, length, vocab = sub.sequences or 2000, sub.sequence_length or 64, sub.vocab_size or 64
    k = min(vocab, 4)
    successors = rng.integers(vocab, size=(vocab, k))
    cumulative = rng.dirichlet(np.ones(k), size=vocab).cumsum(axis=1)
    seq = np.empty((n, length + 1), dtype=np.int64)
    seq[:, 0] = rng.integers(vocab, size=n)
    for t in range(length):
        cur = seq[:, t]
        pick = (rng.random(n)[:, None] > cumulative[cur]).sum(axis=1).clip(max=k - 1)
        seq[:, t + 1] = successors[cur, pick]
    return seq[:, :-1].copy(), seq[:, 1:].copy()


def _images(
    sub: pb.SyntheticImagesDataset, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """CIFAR-like: one smooth random template per class (low-pass noise), each sample a
    randomly shifted, scaled template plus pixel noise, so convolutions pay off."""
    n, classes = sub.samples or 5000, sub.classes or 10
    c, s = sub.channels or 3, sub.size or 32
    ky = np.fft.fftfreq(s) * s
    kx = np.fft.rfftfreq(s) * s
    low_pass = np.hypot(ky[:, None], kx[None, :]) <= max(2.0, s / 8)
    white = rng.standard_normal((classes, c, s, s))
    templates = np.fft.irfft2(np.fft.rfft2(white) * low_pass, s=(s, s))
    templates -= templates.mean(axis=(1, 2, 3), keepdims=True)
    templates /= templates.std(axis=(1, 2, 3), keepdims=True)
    templates = templates.astype(np.float32)
    y = rng.integers(classes, size=n)
    shift = max(1, s // 8)
    dy, dx = rng.integers(-shift, shift + 1, size=(2, n))
    rows = (np.arange(s)[None, :] - dy[:, None]) % s
    cols = (np.arange(s)[None, :] - dx[:, None]) % s
    x = templates[
        y[:, None, None, None],
        np.arange(c)[None, :, None, None],
        rows[:, None, :, None],
        cols[:, None, None, :],
    ]
    x *= rng.uniform(0.5, 1.5, size=(n, 1, 1, 1)).astype(np.float32)
    x += rng.standard_normal(x.shape, dtype=np.float32)
    return x, y.astype(np.int64)


_GENERATORS: dict[str, Callable[[Any, np.random.Generator], tuple[np.ndarray, np.ndarray]]] = {
    "digits": _digits,
    "synthetic_classification": _classification,
    "synthetic_regression": _regression,
    "synthetic_tokens": _tokens,
    "synthetic_images": _images,
}
