"""Dataset converters (standard library, numpy, Pillow and OpenCV only):
each module holds one converter and its ``main(argv)``, which the script of
the same name in ``tools/dataset_converters`` runs; :mod:`.coco_writer` is
the COCO writer the detection ones share."""
