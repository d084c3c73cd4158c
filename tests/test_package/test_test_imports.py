"""The tests import the package (and the support modules beside them), never
a script of tools/ or another test module: scripts run as subprocesses or
through a ``main(argv)`` that lives in the package."""
import ast
import glob
import os.path as osp

from tests.helpers import REPO

# the script folders and the root scripts
SCRIPTS = ('tools', 'M_Convert_Checkpoints', 'train_mmdet', 'test_mmdet',
           'train_mmseg', 'test_mmseg', 'train_mmpretrain', 'test_mmpretrain')


def imported_modules(path):
    for node in ast.walk(ast.parse(open(path).read())):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            yield node.module
            yield from (f'{node.module}.{a.name}' for a in node.names)


def test_no_test_imports_a_script_or_another_test():
    paths = glob.glob(osp.join(REPO, 'tests', '**', '*.py'), recursive=True)
    assert len(paths) > 50
    wrong = sorted(
        f'{osp.relpath(path, REPO)}: {module}' for path in paths
        for module in imported_modules(path)
        if module.split('.')[0] in SCRIPTS or (
            module.startswith('tests.')
            and osp.basename(module.split('.')[-1]).startswith('test_')))
    assert wrong == []
