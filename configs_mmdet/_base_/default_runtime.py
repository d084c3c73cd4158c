default_scope = 'mmdet'
# GeRSP's additions to mmdet: the strict backbone initializer, the per-class
# AP50 table and the atomic checkpoint backend.
custom_imports = dict(imports=['mmselfsup.det'], allow_failed_imports=False)

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    # every 5 iterations, as released (`log_config.interval=5`)
    logger=dict(type='LoggerHook', interval=5),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # Every 6 epochs as released for DIOR (the *_dota.py configs: 12),
    # written atomically (temp file, then rename).
    checkpoint=dict(
        type='CheckpointHook',
        interval=6,
        max_keep_ckpts=-1,
        backend_args=dict(backend='atomic_local')),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='DetVisualizationHook'))

# Every validation and test is kept in <work_dir>/<timestamp>/evaluations/
# with its metrics, per-class AP50 tables, checkpoint, epoch, config and date.
custom_hooks = [dict(type='EvaluationRecordHook')]

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

# Text log + JSON scalars. TensorBoard instead of the JSON scalars:
# --cfg-options visualizer.vis_backends.0.type=TensorboardVisBackend
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(
    type='DetLocalVisualizer', vis_backends=vis_backends, name='visualizer')
log_processor = dict(type='LogProcessor', window_size=5, by_epoch=True)

log_level = 'INFO'
load_from = None
resume = False
