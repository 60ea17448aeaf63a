"""The build: takes `pipeline.yaml` (the steps, what each reads and writes), `params/default.yaml` and the
notebooks, gives every step's outputs, each executed notebook as HTML, and the run record
(`report/_output/run.json`). Steps run only when something they read changed, in parallel where they can,
one build at a time; a raw input changed without a record stops the build.

Public: ``Pipeline`` and ``Build`` (``newsfigures.build.pipeline``), used by the command line
(``newsfigures.cli``).
"""
