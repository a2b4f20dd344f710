"""Learning to Relax: choosing the SOR omega across a sequence of linear systems.

Pure core (no gRPC, no database): :mod:`.systems` (CSR validation, benchmark
families), :mod:`.solvers` (numba SOR and SSOR-preconditioned CG, Young's
omega), :mod:`.policy` (the policy interface), :mod:`.tsallis_inf` and
:mod:`.chebcb` (the paper's learners), :mod:`.smooth` (the default AUTO
policy), :mod:`.baselines` and :mod:`.policies` (the factory).
"""
