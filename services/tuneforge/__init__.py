"""tuneforge: a service-oriented hyperparameter and solver-tuning platform.

Importing the package is cheap: the heavy server dependencies (numpy, torch,
optuna, mlflow) are only imported by the modules that need them, so a
client-only install (grpcio + protobuf) can import ``tuneforge.v1`` stubs.
"""

__version__ = "0.1.0"
