"""The package's import picture: every import, at module level or inside a
function, points down the layers, so there is no arrow back up and no
circle between subpackages."""
import ast
import os
import os.path as osp

from tests.helpers import REPO

PACKAGE = osp.join(REPO, 'mmselfsup')
# lowest first; a unit may import its own layer's pure helpers and below
LAYERS = [
    {'version', 'errors', 'classes', 'mmcv_build_plan'},
    {'fileio'},
    {'utils', 'model_converters', 'dataset_converters', 'demo'},
    {'registry'},
    {'datasets', 'models', 'evaluation'},
    {'engine'},
    {'det', 'seg', 'cls'},
    {'registration', '__init__'},
    {'analysis', 'cli', 'apis'},
]
LAYER_OF = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}


def _unit(module):
    """The subpackage (or top-level module) a dotted name belongs to."""
    parts = module.split('.')
    return parts[1] if len(parts) > 1 else '__init__'


def _imports(path, package):
    """The ``mmselfsup`` modules ``path`` imports, relative ones resolved
    against ``package``."""
    for node in ast.walk(ast.parse(open(path).read())):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split('.')[:len(package.split('.')) -
                                          node.level + 1]
                yield '.'.join(base + [node.module] if node.module else base)
            else:
                yield node.module


def import_edges():
    """{(importing unit, imported unit)} over every file of the package."""
    edges = set()
    for root, _, files in os.walk(PACKAGE):
        for name in files:
            if not name.endswith('.py'):
                continue
            path = osp.join(root, name)
            module = osp.relpath(path[:-3], REPO).replace(os.sep, '.')
            package = module if name != '__init__.py' else module + '.x'
            package = package.rsplit('.', 1)[0]
            for target in _imports(path, package):
                if target.split('.')[0] == 'mmselfsup':
                    edge = (_unit(module), _unit(target))
                    if edge[0] != edge[1]:
                        edges.add(edge)
    return edges


def test_every_unit_has_a_layer():
    units = {
        osp.splitext(n)[0]
        for n in os.listdir(PACKAGE) if not n.startswith(('.', '_')) and
        (n.endswith('.py') or osp.isdir(osp.join(PACKAGE, n)))
    } - {'__pycache__'}
    assert units <= set(LAYER_OF), units - set(LAYER_OF)


def test_imports_point_down_the_layers():
    edges = import_edges()
    assert ('engine', 'utils') in edges  # the walk sees real imports
    assert ('registration', 'models') in edges  # function-level ones too
    upward = sorted((a, b) for a, b in edges if LAYER_OF[b] > LAYER_OF[a])
    assert upward == []


def test_no_circle_between_subpackages():
    """Peel off units that import nothing left; a circle would remain."""
    edges = import_edges()
    left = {unit for edge in edges for unit in edge}
    while left:
        leaves = {
            u
            for u in left if not any(a == u and b in left for a, b in edges)
        }
        assert leaves, f'import circle among {sorted(left)}'
        left -= leaves
