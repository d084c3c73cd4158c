default_scope = 'mmselfsup'
# Our modules, so that stock mmpretrain / mmengine tools (browse_dataset.py,
# get_flops.py, ...) can build these configs too.
custom_imports = dict(
    imports=[
        'mmselfsup.datasets', 'mmselfsup.models', 'mmselfsup.engine.hooks'
    ],
    allow_failed_imports=False)

default_hooks = dict(
    runtime_info=dict(type='RuntimeInfoHook'),
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=5),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # Checkpoints are written atomically (temp file, then rename).
    checkpoint=dict(
        type='CheckpointHook',
        interval=1,
        max_keep_ckpts=-1,
        backend_args=dict(backend='atomic_local')),
    sampler_seed=dict(type='DistSamplerSeedHook'),
)

# cuDNN benchmark on, as released (`cudnn_benchmark = True` in the release's
# default_runtime.py; it only matters on GPU).
env_cfg = dict(
    cudnn_benchmark=True,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

log_processor = dict(window_size=5)

# Text log + JSON scalars (vis_data/scalars.json). TensorBoard instead of the
# JSON scalars:
#   --cfg-options visualizer.vis_backends.0.type=TensorboardVisBackend
# (or list both backends in a config that inherits this one).
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(
    type='Visualizer', vis_backends=vis_backends, name='visualizer')

log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0, deterministic=False)
