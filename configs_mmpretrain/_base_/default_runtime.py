default_scope = 'mmpretrain'
# GeRSP's additions to mmpretrain: the strict backbone initializer, the safe
# checkpoint loader and the atomic checkpoint backend.
custom_imports = dict(imports=['mmselfsup.cls'], allow_failed_imports=False)

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # every 10 epochs and after the last one, the last two kept, written
    # atomically (temp file, then rename)
    checkpoint=dict(
        type='CheckpointHook',
        interval=10,
        max_keep_ckpts=2,
        backend_args=dict(backend='atomic_local')),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='VisualizationHook', enable=False))
# every validation and test kept as an evaluation record
# (<work_dir>/<timestamp>/evaluations/*/record.json), the same format for
# detection, segmentation and classification
custom_hooks = [dict(type='EvaluationRecordHook')]

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

# Text log + JSON scalars (vis_data/scalars.json, which tools/repeat_runs.py
# can read). TensorBoard instead of the JSON scalars:
# --cfg-options visualizer.vis_backends.0.type=TensorboardVisBackend
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(type='UniversalVisualizer', vis_backends=vis_backends)

log_level = 'INFO'
load_from = None
resume = False
# seed 0 unless --seed N (tools/repeat_runs.py runs one seed per run)
randomness = dict(seed=0, deterministic=False)
