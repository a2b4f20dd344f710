"""The training service: optimizer jobs and sweeps.

Layout (the job model is shared by every backend):

- :mod:`.spec` validates a :class:`~tuneforge.v1.trainer_service_pb2.JobSpec` and fills
  in its defaults; :mod:`.catalog`, :mod:`.models`, :mod:`.data` are the registries it
  checks against.
- :mod:`.runner` is the training loop a worker runs (:mod:`.worker` is its process
  entry); :mod:`.schedule` and :mod:`.checkpoint` are its parts.
- :mod:`.events` and :mod:`.jobdir` are the worker <-> supervisor protocol.
- :mod:`.store` keeps jobs, their events and sweeps in the state database.
- :mod:`.backend` is the interface a backend implements; :mod:`.local` runs jobs in
  worker processes on this machine (forked from a server preloaded by :mod:`.preload`);
  :mod:`.k8s_manifest` builds the Kubernetes Job of a job (the Kubernetes backend's
  first piece). :mod:`.exit_codes` is what a worker's exit code means, for both.
- :mod:`.sweeps` drives a study's trials as jobs; :mod:`.tracking` records jobs in MLflow.
- :mod:`.service` is the thin gRPC servicer.

The JobSpec proto is the one schema of a job: the core reads the generated message
(protobuf only, never grpc) instead of a copy of it in dataclasses.
"""
