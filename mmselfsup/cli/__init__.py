"""The one command-line layer: ``tools/train.py CONFIG`` and ``tools/test.py
CONFIG CHECKPOINT`` for every config family, the toolbox picked from the
config's ``default_scope`` (:mod:`.families`); the release's commands and
the root scripts (``train_mmdet.py``, ...) call the same two mains."""
