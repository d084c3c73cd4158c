"""Run one of the analysis tools that mmpretrain, mmdet and mmseg ship
inside their packages (``<package>/.mim/tools/...``) on our configs.

Examples:
    python tools/analysis_tools/stock_tool.py mmpretrain \\
        analysis_tools/get_flops.py configs/selfsup/GeRSP/GeRSP.py
    python tools/analysis_tools/stock_tool.py mmdet \\
        analysis_tools/confusion_matrix.py CONFIG preds.pkl out_dir
"""
import importlib
import os.path as osp
import runpy
import sys

PACKAGES = ('mmpretrain', 'mmdet', 'mmseg')
USAGE = 'usage: stock_tool.py {mmpretrain,mmdet,mmseg} TOOL [TOOL ARGS...]'


def tool_path(package: str, tool: str) -> str:
    """``<package>/.mim/tools/<tool>``, or SystemExit naming what exists."""
    if package not in PACKAGES:
        raise SystemExit(f'error: package must be one of {PACKAGES}')
    root = osp.join(
        osp.dirname(importlib.import_module(package).__file__), '.mim',
        'tools')
    path = osp.join(root, tool)
    if not osp.isfile(path):
        raise SystemExit(f'error: {path} does not exist; the tools of '
                         f'{package} are under {root}')
    return path


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (['-h'], ['--help']):
        print(f'{USAGE}\n\n{__doc__}')
        return
    if len(argv) < 2:
        raise SystemExit(f'{USAGE}\n\n{__doc__}')
    path = tool_path(argv[0], argv[1])
    sys.argv = [path, *argv[2:]]
    runpy.run_path(path, run_name='__main__')
