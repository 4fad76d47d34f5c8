"""What exists of each layer in a repository, read as it is (for `check`).

One module per layer, none importing another: :mod:`.service` (routes registered in Go, models
packages, specs with ``frontend: false``), :mod:`.gateway` (routes.yaml entries), :mod:`.types`
(tygo.yaml packages and the names their output files export), :mod:`.client` (request-helper calls in
the TS client package). Each reader collects the files it cannot parse as :class:`~.common.FileProblem`
instead of raising, so `check` can report all of them at once.
"""
