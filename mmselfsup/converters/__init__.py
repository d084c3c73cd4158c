"""Pure converters (standard library, numpy and torch only): checkpoint ->
backbone weights (:mod:`.checkpoint`, :mod:`.cli`) and the COCO writer of
the dataset converters (:mod:`.coco_writer`)."""
