"""The launchers build the release's torchrun command lines."""
import os
import subprocess

from tests.helpers import REPO


def launch(script, *args, **env):
    """Run a launcher with PYTHON=echo, so it prints its command line (the
    last one it runs)."""
    full_env = {k: v for k, v in os.environ.items()
                if k not in ('GPUS', 'NNODES', 'NODE_RANK', 'PORT',
                             'MASTER_ADDR')}
    full_env.update(PYTHON='echo', **env)
    out = subprocess.run(['bash', script, *args], cwd=REPO, env=full_env,
                         capture_output=True, text=True, check=True).stdout
    return out.splitlines()[-1].split()


def test_plain_dist_train_gersp_is_the_release_command():
    cmd = launch('tools/dist_train_GeRSP.sh')
    assert cmd[:3] == ['-m', 'torch.distributed.run', '--nnodes=1']
    assert '--nproc_per_node=8' in cmd and '--master_port=29500' in cmd
    assert '--node_rank=0' in cmd and '--master_addr=127.0.0.1' in cmd
    tail = cmd[cmd.index(os.path.join(REPO, 'tools/train.py')):]
    assert tail[1:] == ['configs/selfsup/GeRSP/GeRSP.py', '--launcher',
                        'pytorch', '--work-dir', 'results/GeRSP']


def test_config_args_and_multi_node_environment():
    cmd = launch('tools/dist_train_GeRSP.sh',
                 'configs/selfsup/GeRSP/GeRSP200.py', '--resume',
                 GPUS='4', NNODES='2', NODE_RANK='1', MASTER_ADDR='10.1.2.3',
                 PORT='29999')
    for flag in ('--nnodes=2', '--node_rank=1', '--master_addr=10.1.2.3',
                 '--nproc_per_node=4', '--master_port=29999'):
        assert flag in cmd
    assert cmd[-3:] == ['--resume', '--work-dir', 'results/GeRSP200']


def test_explicit_work_dir_is_kept():
    cmd = launch('tools/dist_train_GeRSP.sh', '--work-dir', 'elsewhere')
    assert cmd.count('--work-dir') == 1
    assert cmd[-2:] == ['--work-dir', 'elsewhere']
    assert 'configs/selfsup/GeRSP/GeRSP.py' in cmd


def test_dist_train_needs_config_and_gpus():
    proc = subprocess.run(['bash', 'tools/dist_train.sh', 'cfg.py'], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and 'usage' in proc.stderr
    assert launch('tools/dist_train.sh', 'cfg.py', '3')[-3:] == [
        'cfg.py', '--launcher', 'pytorch']


def test_dist_train_mmdet_defaults_to_8_gpus_and_results_dir():
    cmd = launch('tools/dist_train_mmdet.sh',
                 'configs_mmdet/faster_rcnn_GeRSP.py')
    assert '--nproc_per_node=8' in cmd and '--nnodes=1' in cmd
    tail = cmd[cmd.index(os.path.join(REPO, 'train_mmdet.py')):]
    assert tail[1:] == ['configs_mmdet/faster_rcnn_GeRSP.py', '--launcher',
                        'pytorch', '--work-dir', 'results/faster_rcnn_GeRSP']


def test_dist_train_mmdet_gpus_nodes_and_args():
    cmd = launch('tools/dist_train_mmdet.sh',
                 'configs_mmdet/retinanet_GeRSP.py', '2', '--resume',
                 NNODES='2', NODE_RANK='1', MASTER_ADDR='10.0.0.1')
    for flag in ('--nproc_per_node=2', '--nnodes=2', '--node_rank=1',
                 '--master_addr=10.0.0.1'):
        assert flag in cmd
    assert cmd[-3:] == ['--resume', '--work-dir', 'results/retinanet_GeRSP']
    proc = subprocess.run(['bash', 'tools/dist_train_mmdet.sh'], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and 'usage' in proc.stderr


def test_dist_train_mmdet_states_the_batch_first():
    full_env = dict(os.environ, PYTHON='echo', NNODES='2')
    out = subprocess.run(
        ['bash', 'tools/dist_train_mmdet.sh', 'configs_mmdet/retinanet_GeRSP.py',
         '4', '--auto-scale-lr'], cwd=REPO, env=full_env, capture_output=True,
        text=True, check=True).stdout.splitlines()
    assert len(out) == 2
    assert out[0].split() == [
        os.path.join(REPO, 'train_mmdet.py'), 'configs_mmdet/retinanet_GeRSP.py',
        '--describe-batch', '8', '--auto-scale-lr', '--work-dir',
        'results/retinanet_GeRSP'
    ]
