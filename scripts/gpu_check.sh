#!/usr/bin/env bash
# What CI cannot run, on a machine with a CUDA GPU: the CUDA tests that are skipped on
# CPU, a bf16 job through the trainer service, and the optimizer benchmark on the GPU.
# Prints one table (check, result, seconds); exits 1 when a check failed, 2 when this
# machine has no usable CUDA. Uses the project's venv (make venv, with a CUDA build of
# torch) and never the network.
#
#   scripts/gpu_check.sh            (from anywhere; runs in the repository root)
set -uo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "gpu_check: $PY not found; run 'make venv' first (with a CUDA build of torch)" >&2
  exit 2
fi
if ! "$PY" -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
  echo "gpu_check: torch.cuda.is_available() is False on this machine: run it on a" \
    "machine with a CUDA GPU, its driver, and a CUDA build of torch in $PY" >&2
  exit 2
fi

# Offline: nothing below may reach a package index or a model hub.
export PIP_NO_INDEX=1 HF_HUB_OFFLINE=1 TUNEFORGE_SKIP_POSTGRES=1 PYTHONUNBUFFERED=1
LOGS=$(mktemp -d -t tuneforge-gpu-check-XXXXXX)
ROWS=()
FAILED=0

# check NAME COMMAND...: run it with its output shown and kept; one row of the table.
check() {
  local name=$1 log
  shift
  log="$LOGS/${#ROWS[@]}.log"
  echo "== $name"
  local start end rc result
  start=$(date +%s.%N)
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  end=$(date +%s.%N)
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc; $log)"
    FAILED=1
  fi
  ROWS+=("$name|$result|$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')")
}

# The tests skipped here for want of CUDA: every test whose name says cuda/gpu/bf16.
# On this machine none of them may still be skipped for want of a GPU.
cuda_tests() {
  local out="$LOGS/pytest.out" rc
  "$PY" -m pytest -q -p no:cacheprovider -rs -k "cuda or gpu or bf16" \
    tests/unit tests/service 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 5 ]; then
    echo "gpu_check: no CUDA test was collected"
    return 5
  fi
  if grep -E "^SKIPPED" "$out" | grep -qiE "cuda|gpu"; then
    echo "gpu_check: tests were still skipped for want of CUDA (above)"
    return 3
  fi
  return "$rc"
}

# One bf16 job (synthetic CIFAR-like images, a small CNN) through TrainerService.
# (python -c, not a script on stdin: the workers' forkserver re-imports a main module.)
bf16_job() {
  "$PY" -c "$(cat <<'EOF'
import sys
import tempfile
from pathlib import Path

from bench.trainer import job_spec, service
from tuneforge.v1 import trainer_service_pb2 as pb

images = pb.SyntheticImagesDataset(samples=2000, classes=10, channels=3, size=32, seed=0)
spec = job_spec("cnn", 300, "adabelief", {"lr": 3e-3}, eval_every=100, device="cuda",
                dataset=pb.DatasetSpec(synthetic_images=images), name="gpu-check-bf16")
spec.precision = pb.PRECISION_BF16
spec.resources.gpus = 1
with tempfile.TemporaryDirectory() as home, service(Path(home)) as tf:
    job = tf.wait_job(tf.submit_job(spec).id)
state = pb.JobState.Name(job.state)
metrics = ", ".join(f"{k} {v:.4g}" for k, v in sorted(job.final_metrics.items()))
print(f"job {job.id}: {state} on {job.device or '?'}, precision bf16; {metrics}")
if job.state != pb.JOB_STATE_SUCCEEDED or not job.device.startswith("cuda"):
    print(job.state_reason)
    sys.exit(1)
EOF
)"
}

GPU=$("$PY" -c 'import torch; print(torch.cuda.get_device_name(0), "| torch", torch.__version__, "| CUDA", torch.version.cuda)')
echo "gpu_check on $GPU"
check "CUDA tests (pytest -k 'cuda or gpu or bf16')" cuda_tests
check "bf16 job through TrainerService (SUCCEEDED on cuda)" bf16_job
check "python -m bench.trainer_optimizers --device cuda" \
  "$PY" -m bench.trainer_optimizers --device cuda

echo
echo "gpu_check on $GPU (logs in $LOGS)"
echo
echo "| check | result | seconds |"
echo "|---|---|---|"
for row in "${ROWS[@]}"; do
  IFS='|' read -r name result secs <<<"$row"
  echo "| $name | $result | $secs |"
done
exit "$FAILED"
