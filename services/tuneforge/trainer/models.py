"""The model registry (``JobSpec.model``): torch modules sized by the dataset.

:func:`build` makes the module a :class:`~tuneforge.v1.trainer_service_pb2.ModelSpec`
names for a :class:`~tuneforge.trainer.data.DataInfo`. Outputs: ``(N, classes)``
logits (classification), ``(N, targets)`` (regression), ``(N, T, vocab)`` logits
(language modelling). Initialisation draws from torch's global RNG, which the
runner seeds. Defaults (0 or empty fields) are those of the proto comments.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from tuneforge.trainer.data import CLASSIFICATION, LANGUAGE_MODELING, REGRESSION, DataInfo
from tuneforge.v1 import trainer_service_pb2 as pb


def build(spec: pb.ModelSpec, info: DataInfo) -> nn.Module:
    """The registry model of ``spec`` for data described by ``info``."""
    kind = spec.WhichOneof("kind")
    if kind == "logistic_regression":
        return nn.Sequential(nn.Flatten(), nn.Linear(math.prod(info.input_shape), _outputs(info)))
    if kind == "mlp":
        return mlp(info, list(spec.mlp.hidden_sizes) or [128], spec.mlp.dropout)
    if kind == "cnn":
        return Cnn(info, list(spec.cnn.channels) or [32, 64])
    if kind == "resnet20":
        return ResNet20(info, spec.resnet20.width or 16)
    if kind == "transformer_lm":
        lm = spec.transformer_lm
        return TransformerLm(info, lm.d_model or 64, lm.layers or 2, lm.heads or 4, lm.dropout)
    raise ValueError(f"{kind!r} is not a model of the registry")


def _outputs(info: DataInfo) -> int:
    """Classes (classification) or targets (regression)."""
    if info.task == CLASSIFICATION and info.num_classes > 0:
        return info.num_classes
    if info.task == REGRESSION:
        return info.num_targets or 1
    raise ValueError(f"no output size for task {info.task} with {info.num_classes} classes")


def _image_shape(info: DataInfo) -> tuple[int, int, int]:
    if not info.images:
        raise ValueError(f"needs images (channels x height x width), got {info.input_shape}")
    c, h, w = info.input_shape
    return c, h, w


def mlp(info: DataInfo, hidden: list[int], dropout: float) -> nn.Sequential:
    layers: list[nn.Module] = [nn.Flatten()]
    width = math.prod(info.input_shape)
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width = h
    layers.append(nn.Linear(width, _outputs(info)))
    return nn.Sequential(*layers)


class Cnn(nn.Module):
    """Blocks of conv3x3-BN-ReLU-maxpool2, then a linear head on the flattened map."""

    def __init__(self, info: DataInfo, channels: list[int]) -> None:
        super().__init__()
        c, h, w = _image_shape(info)
        blocks: list[nn.Module] = []
        for out in channels:
            blocks += [
                nn.Conv2d(c, out, 3, padding=1, bias=False),
                nn.BatchNorm2d(out),
                nn.ReLU(),
                nn.MaxPool2d(2),
            ]
            c, h, w = out, h // 2, w // 2
        if h < 1 or w < 1:
            raise ValueError(f"{len(channels)} pooling blocks are too many for the images")
        self.features = nn.Sequential(*blocks)
        self.head = nn.Linear(c * h * w, _outputs(info))

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.features(x).flatten(1))


class BasicBlock(nn.Module):
    """Two conv3x3-BN with a ReLU between; option-A shortcut (parameter-free: stride-2
    subsampling and zero-padded channels), as He et al. used for CIFAR."""

    def __init__(self, c_in: int, c_out: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.stride, self.pad = stride, c_out - c_in

    def shortcut(self, x: Tensor) -> Tensor:
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        if self.pad:
            x = F.pad(x, (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        return x

    def forward(self, x: Tensor) -> Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


class ResNet20(nn.Module):
    """ResNet-20 for CIFAR (He et al. 2016, section 4.2): a conv3x3 stem, 3 stages of 3
    basic blocks with width, 2x width, 4x width channels (strides 1, 2, 2), option-A
    identity shortcuts (0.27M parameters at width 16 on 3x32x32, 10 classes), global
    average pooling (any image of at least 8x8) and a linear head; He initialisation."""

    def __init__(self, info: DataInfo, width: int = 16) -> None:
        super().__init__()
        c, h, w = _image_shape(info)
        if min(h, w) < 8:
            raise ValueError(f"resnet20 needs images of at least 8x8, got {h}x{w}")
        self.stem = nn.Sequential(
            nn.Conv2d(c, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU()
        )
        blocks: list[nn.Module] = []
        c_in = width
        for stage in range(3):
            c_out = width * 2**stage
            for i in range(3):
                blocks.append(BasicBlock(c_in, c_out, 2 if stage > 0 and i == 0 else 1))
                c_in = c_out
        self.stages = nn.Sequential(*blocks)
        self.head = nn.Linear(c_in, _outputs(info))
        for m in self.modules():
            if isinstance(m, nn.Conv2d | nn.Linear):
                nn.init.kaiming_normal_(m.weight)

    def forward(self, x: Tensor) -> Tensor:
        x = self.stages(self.stem(x))
        return self.head(F.adaptive_avg_pool2d(x, 1).flatten(1))


class _Block(nn.Module):
    """Pre-norm transformer block: x + attn(ln(x)), then x + mlp(ln(x))."""

    def __init__(self, d: int, heads: int, dropout: float) -> None:
        super().__init__()
        self.heads, self.dropout = heads, dropout
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        self.drop = nn.Dropout(dropout)

    def forward(self, x: Tensor) -> Tensor:
        n, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(n, t, 3, self.heads, d // self.heads).unbind(2)
        a = F.scaled_dot_product_attention(
            q.transpose(1, 2),
            k.transpose(1, 2),
            v.transpose(1, 2),
            dropout_p=self.dropout if self.training else 0.0,
            is_causal=True,
        )
        x = x + self.drop(self.proj(a.transpose(1, 2).reshape(n, t, d)))
        return x + self.drop(self.mlp(self.ln2(x)))


class TransformerLm(nn.Module):
    """Decoder-only language model: token + learned position embeddings, pre-norm causal
    blocks, a final LayerNorm, and the token embedding as output layer (tied)."""

    def __init__(self, info: DataInfo, d_model: int, layers: int, heads: int, dropout: float):
        super().__init__()
        if info.task != LANGUAGE_MODELING or info.vocab_size < 1 or len(info.input_shape) != 1:
            raise ValueError("transformer_lm needs token sequences with a known vocabulary")
        if d_model % heads:
            raise ValueError(f"heads ({heads}) must divide d_model ({d_model})")
        self.tokens = nn.Embedding(info.vocab_size, d_model)
        self.positions = nn.Embedding(info.input_shape[0], d_model)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.Sequential(*(_Block(d_model, heads, dropout) for _ in range(layers)))
        self.ln = nn.LayerNorm(d_model)
        for p in (self.tokens.weight, self.positions.weight):
            nn.init.normal_(p, std=0.02)

    def forward(self, x: Tensor) -> Tensor:
        positions = torch.arange(x.shape[1], device=x.device)
        h = self.drop(self.tokens(x) + self.positions(positions))
        return self.ln(self.blocks(h)) @ self.tokens.weight.T
