"""--cfg-options are checked against the config before the merge: a key
nothing reads, a top-level variable of the file and a word where a number
belongs are refused with the option, the file and what to set instead;
what the README, the Makefile and the tests pass is accepted."""
import os.path as osp

import pytest
from mmengine.config import Config

from mmselfsup.engine.cfg_options import ConfigOptionError, check_cfg_options
from mmselfsup.errors import ToolboxError
from tests.helpers import REPO

DET = osp.join(REPO, 'configs_mmdet/faster_rcnn_GeRSP_demo.py')
PRETRAIN = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP_demo.py')
CLS = osp.join(REPO, 'configs_mmpretrain/resnet50_GeRSP_demo-scenes.py')


def refusal(config, **options):
    with pytest.raises(ConfigOptionError) as info:
        check_cfg_options(Config.fromfile(config), options, config)
    return str(info.value)


def test_a_top_level_variable_names_the_keys_computed_from_it():
    message = refusal(DET, max_epochs=1)
    assert message.startswith(f'max_epochs=1: max_epochs is a variable of '
                              f'{DET}, read when the file was loaded')
    # the demo computes these four from max_epochs = 8
    assert ('Set them instead: train_cfg.max_epochs, train_cfg.val_interval, '
            'param_scheduler.1.end, default_hooks.checkpoint.interval (8 '
            'now), and any value derived from it') in message


def test_a_word_where_a_number_belongs():
    message = refusal(PRETRAIN, **{'optim_wrapper.optimizer.lr': 'abc'})
    assert message.startswith('optim_wrapper.optimizer.lr=abc: expected a '
                              f'number ({PRETRAIN} has 0.')
    assert 'expected an integer' in refusal(PRETRAIN,
                                            **{'train_cfg.max_epochs': 1.5})


def test_a_misspelt_key_gets_the_close_names():
    message = refusal(DET, **{'train_cfg.max_epoch': 1})
    assert message == (
        f'train_cfg.max_epoch=1: {DET} has no key train_cfg.max_epoch and '
        'EpochBasedTrainLoop takes no argument max_epoch; did you mean '
        'train_cfg.max_epochs?')
    assert 'did you mean work_dir?' in refusal(DET, work_dri='x')
    assert 'did you mean model.backbone?' in refusal(
        DET, **{'model.backbon.depth': 50})


def test_a_new_key_is_an_argument_of_the_class_its_dict_builds():
    message = refusal(PRETRAIN, **{'model.queue_lenght': 8})
    assert 'GeRSP takes no argument queue_lenght' in message
    assert 'did you mean model.queue_len?' in message


def test_a_list_index_out_of_range_gives_the_range():
    message = refusal(DET, **{'val_evaluator.5.metric': 'bbox'})
    assert message == (f'val_evaluator.5.metric=bbox: val_evaluator has 2 '
                       f'entries in {DET}: use an index from 0 to 1')


def test_the_error_is_one_the_entry_points_report():
    assert issubclass(ConfigOptionError, ToolboxError)
    assert issubclass(ConfigOptionError, ValueError)


@pytest.mark.parametrize('config, options', [
    (DET, {
        'train_cfg.max_epochs': 1,
        'data_root': '/mnt/DIOR/'
    }),
    (DET, {
        'model.backbone.init_cfg': None
    }),
    (DET, {
        'model.backbone.init_cfg.checkpoint': 'x.pth'
    }),
    (DET, {
        'model.roi_head.bbox_head.num_classes': 2
    }),
    (DET, {
        'val_evaluator.0.ann_file': 'a.json'
    }),
    (DET, {
        'visualizer.vis_backends.0.type': 'LocalVisBackend'
    }),
    (DET, {
        'optim_wrapper.optimizer.lr': 0.01,
        'randomness.seed': 3
    }),
    (PRETRAIN, {
        'model.queue_len': 4096,
        'train_cfg.max_epochs': 2
    }),
    (PRETRAIN, {
        'train_dataloader.dataset.on_bad_image': 'skip'
    }),
    (PRETRAIN, {
        'train_dataloader.dataset.labeled.ann_file': ''
    }),
    (PRETRAIN, {
        'train_dataloader.batch_size': 4,
        'train_dataloader.num_workers': 0
    }),
    (PRETRAIN, {
        'optim_wrapper.type': 'AmpOptimWrapper',
        'optim_wrapper.loss_scale': 'dynamic'
    }),
    (PRETRAIN, {
        'default_hooks.checkpoint.max_keep_ckpts': 1
    }),
    (CLS, {
        'custom_hooks.0.data_root': 'data/EuroSAT'
    }),
    (CLS, {
        'train_cfg.max_epochs': 5,
        'data_root': '/mnt/EuroSAT/'
    }),
])
def test_what_the_docs_and_tests_pass_is_accepted(config, options):
    check_cfg_options(Config.fromfile(config), options, config)


def test_a_part_of_an_argument_left_at_its_default_is_refused():
    """The pre-training sources build their pipeline from the view spec:
    the old pipeline paths now point into an argument the config does not
    set, and the message says so (not 'did you mean' the same key)."""
    message = refusal(
        PRETRAIN, **{'train_dataloader.dataset.labeled.pipeline.1.scale': 32})
    assert message == (
        'train_dataloader.dataset.labeled.pipeline.1.scale=32: '
        f'{PRETRAIN} does not set train_dataloader.dataset.labeled.pipeline '
        '(pipeline is an argument of LabeledImageSource left at its default), '
        'so no part of it can be set; set the whole of it: '
        'train_dataloader.dataset.labeled.pipeline=...')
    check_cfg_options(
        Config.fromfile(PRETRAIN),
        {'train_dataloader.dataset.unlabeled.view.crop_scale':
         (0.5, 1.0)}, PRETRAIN)
