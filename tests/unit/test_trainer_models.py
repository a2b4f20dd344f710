"""The model registry: output shapes per task, ResNet-20's size, causal language model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch
from google.protobuf import json_format

from tuneforge.trainer import data, models
from tuneforge.v1 import trainer_service_pb2 as pb

DIGITS = data.DataInfo(data.CLASSIFICATION, (1, 8, 8), num_classes=10)
CIFAR = data.DataInfo(data.CLASSIFICATION, (3, 32, 32), num_classes=10)
TABULAR = data.DataInfo(data.CLASSIFICATION, (20,), num_classes=3)
REGRESS = data.DataInfo(data.REGRESSION, (5,), num_targets=2)
IMAGE_REGRESS = data.DataInfo(data.REGRESSION, (2, 12, 12), num_targets=3)
TOKENS = data.DataInfo(data.LANGUAGE_MODELING, (16,), vocab_size=37)


@pytest.fixture(autouse=True)
def _one_thread() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny models: a thread pool only adds waits on a busy host
    yield
    torch.set_num_threads(threads)


def model(d: dict[str, object]) -> pb.ModelSpec:
    return json_format.ParseDict(d, pb.ModelSpec())


CASES = [
    ({"logistic_regression": {}}, DIGITS, (4, 10)),
    ({"logistic_regression": {}}, TABULAR, (4, 3)),
    ({"mlp": {}}, TABULAR, (4, 3)),
    ({"mlp": {"hiddenSizes": [16, 8], "dropout": 0.1}}, REGRESS, (4, 2)),
    ({"mlp": {}}, DIGITS, (4, 10)),
    ({"cnn": {}}, DIGITS, (4, 10)),
    ({"cnn": {"channels": [4, 4, 4]}}, IMAGE_REGRESS, (4, 3)),
    ({"resnet20": {"width": 4}}, DIGITS, (4, 10)),
    ({"resnet20": {"width": 4}}, CIFAR, (4, 10)),
    ({"transformer_lm": {"dModel": 16, "heads": 2}}, TOKENS, (4, 16, 37)),
]


@pytest.mark.parametrize(("spec", "info", "shape"), CASES)
def test_output_shapes(
    spec: dict[str, object], info: data.DataInfo, shape: tuple[int, ...]
) -> None:
    m = models.build(model(spec), info)
    if info.task == data.LANGUAGE_MODELING:
        x = torch.randint(0, info.vocab_size, (4, *info.input_shape))
    else:
        x = torch.randn(4, *info.input_shape)
    out = m(x)
    assert out.shape == shape
    out.float().sum().backward()  # trainable end to end
    assert all(p.grad is not None for p in m.parameters())


def test_resnet20_has_the_papers_size() -> None:
    m = models.build(model({"resnet20": {}}), CIFAR)
    count = sum(p.numel() for p in m.parameters())
    assert 0.26e6 < count < 0.28e6  # "0.27M" (He et al. 2016, table 6)
    assert sum(isinstance(x, torch.nn.Conv2d) for x in m.modules()) == 19  # + 1 linear = 20


def test_initialisation_follows_the_global_rng() -> None:
    def params() -> list[torch.Tensor]:
        torch.manual_seed(5)
        return list(models.build(model({"cnn": {}}), DIGITS).parameters())

    assert all(torch.equal(a, b) for a, b in zip(params(), params(), strict=True))


def test_language_model_is_causal_and_tied() -> None:
    torch.manual_seed(0)
    m = models.build(model({"transformer_lm": {"dModel": 16, "heads": 4, "layers": 2}}), TOKENS)
    m.eval()
    x = torch.randint(0, 37, (2, 16))
    y = x.clone()
    y[:, 9:] = (y[:, 9:] + 1) % 37  # change every token after position 8
    a, b = m(x), m(y)
    torch.testing.assert_close(a[:, :9], b[:, :9])
    assert not torch.allclose(a[:, 9:], b[:, 9:])
    shapes = [p.shape for p in m.parameters()]
    assert shapes.count(torch.Size([37, 16])) == 1  # the output layer is the embedding


@pytest.mark.parametrize(
    ("spec", "info"),
    [
        ({"cnn": {}}, TABULAR),
        ({"cnn": {"channels": [4, 4, 4, 4]}}, DIGITS),
        ({"resnet20": {}}, data.DataInfo(data.CLASSIFICATION, (3, 4, 4), num_classes=2)),
        ({"transformer_lm": {}}, DIGITS),
        ({"transformer_lm": {"dModel": 10, "heads": 4}}, TOKENS),
        ({"mlp": {}}, data.DataInfo(data.CLASSIFICATION, (4,))),  # classes unknown
        ({"entryPoint": {"target": "json:dumps"}}, TABULAR),
    ],
)
def test_impossible_models_are_refused(spec: dict[str, object], info: data.DataInfo) -> None:
    with pytest.raises(ValueError):
        models.build(model(spec), info)
