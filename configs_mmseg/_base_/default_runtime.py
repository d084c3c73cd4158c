# mmseg 1.x's runtime (configs/_base_/default_runtime.py and the hooks of
# configs/_base_/schedules/schedule_80k.py), with GeRSP's additions.
default_scope = 'mmseg'
# GeRSP's plugin for mmseg: the stack check, the safe checkpoint loader, the
# atomic checkpoint backend and the strict backbone initializer.
custom_imports = dict(imports=['mmselfsup.seg'], allow_failed_imports=False)

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # every 8000 iterations, as mmseg's LoveDA configs; every checkpoint
    # kept; written atomically (temp file, then rename)
    checkpoint=dict(
        type='CheckpointHook',
        by_epoch=False,
        interval=8000,
        max_keep_ckpts=-1,
        backend_args=dict(backend='atomic_local')),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'))
# every validation and test kept as an evaluation record
# (<work_dir>/<timestamp>/evaluations/*/record.json), the same format for
# detection, segmentation and classification
custom_hooks = [dict(type='EvaluationRecordHook')]

env_cfg = dict(
    cudnn_benchmark=True,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

# Text log + JSON scalars. TensorBoard instead of the JSON scalars:
# --cfg-options visualizer.vis_backends.0.type=TensorboardVisBackend
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(
    type='SegLocalVisualizer', vis_backends=vis_backends, name='visualizer')
log_processor = dict(by_epoch=False)

log_level = 'INFO'
load_from = None
resume = False

# test_mmseg.py --tta
tta_model = dict(type='SegTTAModel')
