"""The checkpoint converter (standard library, numpy and torch only;
safetensors, imported when used, for the safetensors and hf formats):
checkpoint -> backbone weights (:mod:`.checkpoint`), its presets, one per
compared method (:mod:`.presets`), and its command line (:mod:`.cli`), run by
``tools/model_converters/convert_*.py`` and the release's
``M_Convert_Checkpoints/convert_*.py``."""
