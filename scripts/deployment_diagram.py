"""Draw docs/img/deployment.png: what the Helm chart deploys and how a job reaches a GPU.

Run ``.venv/bin/python scripts/deployment_diagram.py``; the figure is committed, so
the README shows it without running anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

OUT = Path(__file__).resolve().parents[1] / "docs" / "img" / "deployment.png"

# name -> (x, y, w, h, fill, text)
BOXES: dict[str, tuple[float, float, float, float, str, str]] = {
    "client": (
        0.3,
        6.2,
        2.6,
        1.2,
        "#eef3fb",
        ("clients\nPython SDK · Node · grpcurl\n(bearer token, TLS)"),
    ),
    "tuner": (4.0, 7.3, 3.0, 1.0, "#e8f5e9", "tuner  ×N (HPA)\nstudies · SOR · OT · schedules"),
    "trainer": (
        4.0,
        5.6,
        3.0,
        1.2,
        "#fff3e0",
        ("trainer  ×1 (Recreate)\nTrainerService · WorkerService\nreconciler (list/watch)"),
    ),
    "tracker": (8.0, 4.2, 2.4, 0.9, "#f3e5f5", "tracker\nTrackerService"),
    "mlflow": (
        8.0,
        2.4,
        2.4,
        1.1,
        "#f3e5f5",
        "mlflow server\nbackend: PostgreSQL\nartifacts volume",
    ),
    "pg": (8.0, 6.0, 2.4, 1.4, "#e3f2fd", "PostgreSQL\nstate DB · optuna\nmlflow DB"),
    "migrate": (8.0, 7.8, 2.4, 0.8, "#eceff1", "migrate Job (Helm hook)"),
    "api": (4.0, 2.3, 3.0, 0.9, "#eceff1", "Kubernetes API\nJobs · Pods · pods/log"),
    "pool": (0.3, 0.3, 6.7, 1.4, "#ffebee", ""),
    "pvc": (8.0, 0.5, 2.4, 1.0, "#e3f2fd", "checkpoint PVC\n(RWX, subPath = job id)"),
}
ARROWS = [
    ("client", "tuner", "gRPC, every service"),
    ("client", "trainer", "SubmitJob · WatchJob"),
    ("tuner", "pg", ""),
    ("trainer", "pg", ""),
    ("tracker", "mlflow", ""),
    ("trainer", "tracker", "runs"),
    ("migrate", "pg", ""),
    ("trainer", "api", "create Job + token Secret\nwatch · Foreground delete"),
    ("api", "pool", "schedule on the GPU pool"),
    ("pool", "pvc", "checkpoints"),
]


def _center(name: str) -> tuple[float, float]:
    x, y, w, h, *_ = BOXES[name]
    return x + w / 2, y + h / 2


def main() -> int:
    fig, ax = plt.subplots(figsize=(11, 8.6), dpi=110)
    ax.set_xlim(0, 10.8)
    ax.set_ylim(0, 9.0)
    ax.axis("off")
    ns = FancyBboxPatch(
        (3.7, 2.0), 7.0, 6.9, boxstyle="round,pad=0.05", fill=False, ls="--", ec="#90a4ae"
    )
    ax.add_patch(ns)
    ax.text(3.8, 8.72, "namespace (helm install tuneforge helm/tuneforge)", color="#607d8b")
    for x, y, w, h, fill, text in BOXES.values():
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.05", fc=fill, ec="#37474f"))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=9)
    ax.text(
        0.45,
        1.45,
        "GPU node pool  (nvidia.com/gpu.present=true, taint nvidia.com/gpu)",
        fontsize=9,
        weight="bold",
    )
    for i, label in enumerate(("pod rank 0", "pod rank 1", "…")):
        ax.add_patch(
            FancyBboxPatch(
                (0.6 + i * 2.1, 0.45), 1.8, 0.7, boxstyle="round,pad=0.03", fc="white", ec="#c62828"
            )
        )
        ax.text(
            1.5 + i * 2.1, 0.8, f"{label}\ntuneforge worker", ha="center", va="center", fontsize=8
        )
    for a, b, label in ARROWS:
        (x0, y0), (x1, y1) = _center(a), _center(b)
        ax.add_patch(
            FancyArrowPatch(
                (x0, y0),
                (x1, y1),
                arrowstyle="-|>",
                mutation_scale=12,
                color="#455a64",
                shrinkA=38,
                shrinkB=38,
            )
        )
        if label:
            lx, ly = x0 + 0.4 * (x1 - x0), y0 + 0.4 * (y1 - y0)
            ax.text(lx + 0.08, ly + 0.08, label, fontsize=8, color="#37474f")
    # The pods call back: GetAssignment / ReportEvents with the job's own token.
    ax.add_patch(
        FancyArrowPatch(
            (2.5, 1.75),
            (4.6, 5.55),
            arrowstyle="-|>",
            mutation_scale=12,
            color="#c62828",
            connectionstyle="arc3,rad=-0.25",
        )
    )
    ax.text(
        1.0,
        3.4,
        "GetAssignment · ReportEvents\n(job token from its Secret)",
        fontsize=8,
        color="#c62828",
    )
    ax.set_title("tuneforge on Kubernetes", fontsize=13)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT, bbox_inches="tight")
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
