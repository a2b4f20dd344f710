#!/usr/bin/env bash
# make e2e-k8s: the whole platform on a real cluster, for users who have one.
#
# Builds both images, loads them into a kind cluster (created when missing), installs
# the chart, submits examples/job-digits-adabelief.yaml to the Kubernetes backend and
# watches it to SUCCEEDED: a Job, its pod running `tuneforge worker`, the reports over
# WorkerService, the logs from pods/log. Not run by `make test` or CI: there is no
# Docker engine or cluster there (the emulator tests cover the same path up to the
# kubelet). Needs docker, kind, kubectl and helm on PATH.
#
#   make e2e-k8s                      # kind cluster "tuneforge-e2e", namespace tuneforge
#   KIND_CLUSTER=dev NAMESPACE=ml make e2e-k8s
#   KEEP=1 make e2e-k8s               # leave the release installed afterwards
#   SKIP_BUILD=1 make e2e-k8s         # images tuneforge/{control-plane,worker}:e2e exist
set -euo pipefail

cluster=${KIND_CLUSTER:-tuneforge-e2e}
namespace=${NAMESPACE:-tuneforge}
release=${RELEASE:-tuneforge}
tag=${TAG:-e2e}
port=${PORT:-50071}
cli=${TUNEFORGE:-.venv/bin/tuneforge}
cd "$(dirname "$0")/.."

for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null || { echo "e2e-k8s: $tool is not on PATH" >&2; exit 2; }
done

if ! kind get clusters | grep -qx "$cluster"; then
  kind create cluster --name "$cluster" --wait 120s
fi
kubectl config use-context "kind-$cluster" >/dev/null

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  docker build -f deploy/docker/control-plane.Dockerfile -t "tuneforge/control-plane:$tag" .
  docker build -f deploy/docker/worker.Dockerfile -t "tuneforge/worker:$tag" .
fi
kind load docker-image --name "$cluster" "tuneforge/control-plane:$tag" "tuneforge/worker:$tag"

# kind's only StorageClass (local-path) provisions ReadWriteOnce volumes on its single
# node, where the trainer and the training pods share them; a real cluster keeps the
# chart's ReadWriteMany default.
# Without --wait: with the bundled PostgreSQL the migration is a post-install hook, and
# the servers' readiness waits for it (docs/helm.md).
helm upgrade --install "$release" helm/tuneforge \
  --namespace "$namespace" --create-namespace \
  --set image.tag="$tag" --set image.pullPolicy=Never \
  --set trainer.kubernetes.image.tag="$tag" --set trainer.kubernetes.image.pullPolicy=Never \
  --set "persistence.accessModes={ReadWriteOnce}" \
  --timeout 15m
fullname=$release
[[ $release == *tuneforge* ]] || fullname="$release-tuneforge"
for role in tuner trainer tracker; do
  kubectl -n "$namespace" rollout status "deploy/$fullname-$role" --timeout 10m
done

kubectl -n "$namespace" port-forward "svc/$fullname-trainer" "$port:50051" >/dev/null &
forward=$!
cleanup() {
  kill "$forward" 2>/dev/null || true
  if [ "${KEEP:-0}" != 1 ]; then helm uninstall "$release" --namespace "$namespace" || true; fi
}
trap cleanup EXIT
sleep 3

job=$("$cli" jobs submit examples/job-digits-adabelief.yaml --server "127.0.0.1:$port")
[ -n "$job" ] || { echo "e2e-k8s: the submit printed no job id" >&2; exit 1; }
echo "e2e-k8s: submitted $job"
kubectl -n "$namespace" get jobs -l app.kubernetes.io/managed-by=tuneforge-trainer
"$cli" jobs watch "$job" --server "127.0.0.1:$port"
"$cli" jobs logs "$job" --server "127.0.0.1:$port" --tail 20
echo "e2e-k8s: $job SUCCEEDED on the cluster"
