"""What a JobSpec can name: models, datasets and optimizers (``ListCatalog``). Torch-free.

The names are the proto's oneof field names (``ModelSpec.kind``, ``DatasetSpec.kind``),
so :mod:`.spec` validates against these entries and the servicer publishes them: one
source of truth. The optimizers are :func:`tuneforge.optim.registry.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from tuneforge.optim import registry
from tuneforge.v1 import trainer_service_pb2 as pb

Task: TypeAlias = int  # a proto Task value (pb.TASK_*)
ALL_TASKS: tuple[Task, ...] = (
    pb.TASK_CLASSIFICATION,
    pb.TASK_REGRESSION,
    pb.TASK_LANGUAGE_MODELING,
)


@dataclass(frozen=True, slots=True)
class Model:
    """A model kind; ``images`` ones need ``channels x height x width`` inputs."""

    name: str
    summary: str
    tasks: tuple[Task, ...]
    images: bool = False


@dataclass(frozen=True, slots=True)
class Dataset:
    """A dataset kind; ``task`` UNSPECIFIED means given by the data (path)."""

    name: str
    summary: str
    task: Task


MODELS: dict[str, Model] = {
    m.name: m
    for m in (
        Model("logistic_regression", "multinomial logistic regression on flattened inputs",
              (pb.TASK_CLASSIFICATION,)),
        Model("mlp", "multilayer perceptron on flattened inputs (hidden_sizes, dropout)",
              (pb.TASK_CLASSIFICATION, pb.TASK_REGRESSION)),
        Model("cnn", "conv-BN-ReLU-maxpool blocks and a linear head, for images",
              (pb.TASK_CLASSIFICATION, pb.TASK_REGRESSION), images=True),
        Model("resnet20", "ResNet-20 of He et al. (2016), CIFAR variant, for images",
              (pb.TASK_CLASSIFICATION,), images=True),
        Model("transformer_lm", "small pre-norm causal transformer language model",
              (pb.TASK_LANGUAGE_MODELING,)),
        Model("entry_point", "your function package.module:function, run in the worker",
              ALL_TASKS),
    )
}  # fmt: skip

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("digits", "scikit-learn's 8x8 handwritten digits: 1797 images, 10 classes",
                pb.TASK_CLASSIFICATION),
        Dataset("synthetic_classification", "Gaussian clusters (make_classification)",
                pb.TASK_CLASSIFICATION),
        Dataset("synthetic_regression", "noisy linear target, standardised (make_regression)",
                pb.TASK_REGRESSION),
        Dataset("synthetic_tokens", "token sequences of a random sparse Markov chain",
                pb.TASK_LANGUAGE_MODELING),
        Dataset("synthetic_images", "CIFAR-like images: shifted class templates plus noise",
                pb.TASK_CLASSIFICATION),
        Dataset("path", "your arrays: an .npz (x, y[, x_val, y_val]) or a directory of .npy",
                pb.TASK_UNSPECIFIED),
    )
}  # fmt: skip

# The metrics an evaluation reports per task; the first is the default (EvaluationSpec).
METRICS: dict[Task, tuple[str, ...]] = {
    pb.TASK_CLASSIFICATION: ("accuracy", "loss"),
    pb.TASK_REGRESSION: ("loss",),
    pb.TASK_LANGUAGE_MODELING: ("perplexity", "loss"),
}


def task_name(task: Task) -> str:
    """``TASK_CLASSIFICATION`` for ``pb.TASK_CLASSIFICATION``."""
    return pb.Task.Name(task)  # type: ignore[arg-type]


def catalogue() -> dict[str, list[dict[str, Any]]]:
    """The catalogue as plain dicts; task values are proto ``Task`` names."""
    return {
        "optimizers": registry.catalogue(),
        "models": [
            {"name": m.name, "summary": m.summary, "tasks": [task_name(t) for t in m.tasks]}
            for m in MODELS.values()
        ],
        "datasets": [
            {"name": d.name, "summary": d.summary, "task": task_name(d.task)}
            for d in DATASETS.values()
        ],
    }
