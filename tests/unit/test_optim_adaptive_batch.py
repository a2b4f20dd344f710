"""AdAdaGrad batch-size tests (Lau, Liu & Kolar) against formulas written out here."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from tuneforge.errors import ValidationError
from tuneforge.optim.adagradnorm import AdaGradNorm
from tuneforge.optim.adaptive_batch import (
    AdaptiveBatchSize,
    inner_product_statistic,
    norm_statistic,
    orthogonality_statistic,
    per_sample_gradients,
)

N, P, K = 400, 8, 3


def _data() -> tuple[Tensor, Tensor]:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(N, P, generator=g, dtype=torch.float64)
    w = torch.randn(P, K, generator=g, dtype=torch.float64)
    y = (x @ w + 0.8 * torch.randn(N, K, generator=g, dtype=torch.float64)).argmax(1)
    return x, y


def _analytic_per_sample(w: Tensor, x: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy gradient of one sample w.r.t. a Linear(P, K) weight: (softmax - e_y) x^T."""
    s = torch.softmax(x @ w.T, dim=1) - F.one_hot(y, K).to(x.dtype)
    return s[:, :, None] * x[:, None, :]  # (b, K, P)


def _stats(g: Tensor) -> tuple[float, float, float]:
    """The three test statistics, written out coordinate by coordinate."""
    b = g.shape[0]
    g = g.reshape(b, -1)
    mean = g.sum(0) / b
    var = ((g - mean) ** 2).sum(0) / (b - 1)
    sq = float((mean * mean).sum())
    norm = float(var.sum()) / sq
    inner = g @ mean
    ip = float(((inner - inner.mean()) ** 2).sum() / (b - 1)) / sq**2
    ortho = g - inner[:, None] * mean[None, :] / sq
    ovar = ((ortho - ortho.mean(0)) ** 2).sum(0) / (b - 1)
    return norm, ip, float(ovar.sum()) / sq


def test_per_sample_gradients_match_a_loop() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(P, 5), nn.Tanh(), nn.Linear(5, K)).double()
    x, y = _data()
    grads = per_sample_gradients(model, F.cross_entropy, x[:7], y[:7])
    for i in range(7):
        model.zero_grad()
        F.cross_entropy(model(x[i : i + 1]), y[i : i + 1]).backward()
        for name, p in model.named_parameters():
            assert p.grad is not None
            torch.testing.assert_close(grads[name][i], p.grad, rtol=1e-12, atol=1e-14)


def test_statistics_match_the_formulas() -> None:
    g = torch.randn(9, 4, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    g = g + 0.5  # a nonzero mean
    norm, ip, orth = _stats(g)
    assert math.isclose(norm_statistic([g]), norm, rel_tol=1e-12)
    assert math.isclose(inner_product_statistic([g]), ip, rel_tol=1e-12)
    assert math.isclose(orthogonality_statistic([g]), orth, rel_tol=1e-12)
    # Splitting the coordinates over several tensors changes nothing.
    parts = [g[:, :1], g[:, 1:]]
    assert math.isclose(norm_statistic(parts), norm, rel_tol=1e-12)
    assert math.isclose(orthogonality_statistic(parts), orth, rel_tol=1e-12)


@pytest.mark.parametrize(
    ("test", "eta", "theta", "nu"),
    [("norm", 1.0, 0.5, 1.0), ("augmented", 0.1, 0.5, 1.0), ("inner_product", 0.1, 0.3, 1.0)],
)
def test_adadagrad_norm_trajectory_matches_transcription(
    test: str, eta: float, theta: float, nu: float
) -> None:
    """300 steps of AdAdaGrad-Norm (logistic regression) against a written-out loop."""
    x, y = _data()
    lr, b0sq = 0.5, 1e-2
    torch.manual_seed(0)
    model = nn.Linear(P, K, bias=False).double()
    w_ref = model.weight.detach().clone()
    sizer = AdaptiveBatchSize(
        model, F.cross_entropy, test=test, eta=eta, theta=theta, nu=nu,
        max_batch_size=N,
    )  # fmt: skip
    opt = AdaGradNorm(model.parameters(), lr=lr, initial_accumulator_value=b0sq)
    sizes, ref_sizes = [], []
    pos, b_ref, acc = 0, 2, b0sq
    for _ in range(300):
        b = sizer.batch_size
        idx = (pos + torch.arange(b)) % N
        opt.zero_grad()
        F.cross_entropy(model(x[idx]), y[idx]).backward()
        opt.step()
        sizes.append(sizer.update(x[idx], y[idx]))
        # transcription: AdaGrad-Norm step, then the test at the new point on the same batch
        ridx = (pos + torch.arange(b_ref)) % N
        g = _analytic_per_sample(w_ref, x[ridx], y[ridx]).mean(0)
        acc += float((g * g).sum())
        w_ref = w_ref - lr * g / (math.sqrt(acc) + 1e-10)
        norm, ip, orth = _stats(_analytic_per_sample(w_ref, x[ridx], y[ridx]))
        prop = {
            "norm": norm / eta**2,
            "inner_product": ip / theta**2,
            "augmented": max(ip / theta**2, orth / nu**2),
        }[test]
        b_ref = min(N, max(b_ref, math.ceil(prop)))
        ref_sizes.append(b_ref)
        pos += b
    assert sizes == ref_sizes
    assert sizes[-1] > 20 and len(set(sizes)) > 10  # the batch grew, step by step
    w = model.weight.detach()
    assert float((w - w_ref).norm() / w_ref.norm()) <= 1e-10


def test_batch_never_shrinks_and_is_capped() -> None:
    torch.manual_seed(0)
    model = nn.Linear(P, K).double()
    sizer = AdaptiveBatchSize(model, F.cross_entropy, eta=0.05, initial_batch_size=4,
                              max_batch_size=50)  # fmt: skip
    x, y = _data()
    seen = [sizer.update(x[:16], y[:16]) for _ in range(3)]
    assert seen == sorted(seen)
    assert seen[-1] <= 50
    g = torch.ones(5, 3, dtype=torch.float64)
    g[0] = -4.0  # zero mean gradient: no batch size passes
    assert sizer.next_batch_size([g]) == 50


def test_augmented_is_the_max_of_its_two_tests() -> None:
    model = nn.Linear(2, 2)
    gen = torch.Generator().manual_seed(3)
    g = torch.randn(8, 6, dtype=torch.float64, generator=gen) + 0.3
    aug = AdaptiveBatchSize(model, F.mse_loss, test="augmented", theta=0.7, nu=1.3)
    ip = AdaptiveBatchSize(model, F.mse_loss, test="inner_product", theta=0.7)
    expected = max(inner_product_statistic([g]) / 0.7**2, orthogonality_statistic([g]) / 1.3**2)
    assert aug.proposal([g]) == pytest.approx(expected, rel=1e-12)
    assert ip.proposal([g]) == pytest.approx(inner_product_statistic([g]) / 0.49, rel=1e-12)


def test_test_interval_and_state_dict() -> None:
    torch.manual_seed(0)
    model = nn.Linear(P, K).double()
    x, y = _data()
    sizer = AdaptiveBatchSize(model, F.cross_entropy, eta=0.01, test_interval=2,
                              max_batch_size=10**6)  # fmt: skip
    first = sizer.update(x[:32], y[:32])
    assert first > 2
    sizer.batch_size = 3  # the second call is skipped: nothing changes
    assert sizer.update(x[:32], y[:32]) == 3
    twin = AdaptiveBatchSize(model, F.cross_entropy)
    twin.load_state_dict(sizer.state_dict())
    assert (twin.batch_size, twin.calls) == (3, 2)


def test_validation_names_fields() -> None:
    with pytest.raises(ValidationError) as err:
        AdaptiveBatchSize(nn.Linear(1, 1), F.mse_loss, test="variance", eta=0.0,
                          initial_batch_size=1)  # fmt: skip
    assert {v.field for v in err.value.violations} == {"test", "eta", "initial_batch_size"}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_statistics_match_cpu() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(P, 5), nn.Tanh(), nn.Linear(5, K)).double()
    x, y = _data()
    cpu = AdaptiveBatchSize(model, F.cross_entropy, test="augmented", max_batch_size=10**6)
    gpu_model = nn.Sequential(nn.Linear(P, 5), nn.Tanh(), nn.Linear(5, K)).double().cuda()
    gpu_model.load_state_dict(model.state_dict())
    gpu = AdaptiveBatchSize(gpu_model, F.cross_entropy, test="augmented", max_batch_size=10**6)
    assert gpu.update(x[:64].cuda(), y[:64].cuda()) == cpu.update(x[:64], y[:64])
    assert gpu.last_statistic == pytest.approx(cpu.last_statistic, rel=1e-9)


def test_hyperparams_match_constructor_defaults() -> None:
    import inspect

    from tuneforge.optim.adaptive_batch import HYPERPARAMS

    sig = inspect.signature(AdaptiveBatchSize)
    assert HYPERPARAMS
    for hp in HYPERPARAMS:
        assert sig.parameters[hp.name].default == hp.default, hp.name
