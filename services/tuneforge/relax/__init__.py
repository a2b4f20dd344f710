"""Learning to Relax: choosing the SOR omega across a sequence of linear systems.

Pure (numpy/scipy/numba; no gRPC, no database): :mod:`.systems` (validation
of client systems), :mod:`.families` (benchmark families), :mod:`.solvers`
(numba SOR and SSOR-preconditioned CG, Young's omega, the solver registry),
:mod:`.policy` (the policy interface), :mod:`.tsallis_inf` and :mod:`.chebcb`
(the paper's learners), :mod:`.smooth` (the default AUTO policy),
:mod:`.baselines`, :mod:`.policies` (the policy registry), :mod:`.sequence`
(a sequence's settings, checks and learning steps) and :mod:`.loop`
(suggest, solve, report; given a store).

State: :mod:`.store` (the :class:`~.store.SequenceStore` interface and its SQL
implementation). gRPC: :mod:`.service` (the thin servicer).
"""
