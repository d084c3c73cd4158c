# The from-scratch variant of every downstream toolbox (the paper's "From
# Scratch" row): the same ResNet-50 with no pre-trained weights
# (init_cfg=None: the toolbox's own random initialisation), everything else
# the recipe's. The paper states no separate schedule for this row, so the
# recipe's schedule is kept. Each toolbox's _base_/pretrained/scratch_r50.py
# inherits this and adds its own backbone settings.
pretrained_backbone = dict(init_cfg=None)
