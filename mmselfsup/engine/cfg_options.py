"""Checks of ``--cfg-options`` against the config they change, before the
config is merged and anything runs.

mmengine's ``Config.merge_from_dict`` takes any dotted key: a misspelt one
adds a key nothing reads (or fails deep inside a constructor), a top-level
variable of the file (``max_epochs``) changes after the values computed
from it were fixed, and a word where a number belongs fails much later in
a format string. Each refusal names the option as written, the config file
and what to set instead.
"""
import copy
import difflib
import inspect
import logging
import re
import typing
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, NamedTuple, Optional

from mmengine.logging import MMLogger
from mmengine.registry import (DATA_SAMPLERS, DATASETS, EVALUATOR, FUNCTIONS,
                               HOOKS, LOG_PROCESSORS, LOOPS, METRICS, MODELS,
                               OPTIM_WRAPPERS, OPTIMIZERS, PARAM_SCHEDULERS,
                               TASK_UTILS, TRANSFORMS, VISBACKENDS,
                               VISUALIZERS, WEIGHT_INITIALIZERS)
from mmengine.runner import EpochBasedTrainLoop, IterBasedTrainLoop, Runner
from torch.utils.data import DataLoader

from mmselfsup.errors import ToolboxError

# The root registries a ``type`` is looked up in (a name may be in several:
# an argument is accepted when any of them takes it).
REGISTRIES = (MODELS, DATASETS, TRANSFORMS, HOOKS, PARAM_SCHEDULERS,
              OPTIMIZERS, OPTIM_WRAPPERS, DATA_SAMPLERS, METRICS, EVALUATOR,
              LOOPS, VISUALIZERS, VISBACKENDS, WEIGHT_INITIALIZERS, TASK_UTILS,
              FUNCTIONS, LOG_PROCESSORS)

# The top-level keys something reads after the file is loaded: the
# Runner's arguments, what the Runner reads from its config besides them,
# Config's custom_imports, and our scripts' (load_cfg rebases data_root,
# test_mmseg.py --tta reads tta_model and tta_pipeline). Any other
# top-level key is a variable of the file.
RUNNER_KEYS = frozenset(
    set(inspect.signature(Runner.__init__).parameters) - {'self', 'cfg'}
    | {
        'model_wrapper_cfg', 'sync_bn', 'find_unused_parameters',
        'activation_checkpointing', 'efficient_conv_bn_eval', 'compile',
        'custom_imports', 'data_root', 'tta_model', 'tta_pipeline'
    })

# What the Runner takes from its typeless top-level dicts besides the
# arguments of the class it builds.
DATALOADER_EXTRAS = ('num_batch_per_epoch', 'disable_subprocess_warning')
FIXED_KEYS = {
    'randomness': ('seed', 'deterministic', 'diff_rank_seed'),
    'env_cfg': ('cudnn_benchmark', 'mp_cfg', 'dist_cfg', 'resource_limit'),
}


class ConfigOptionError(ToolboxError, ValueError):
    """A --cfg-options entry that would be ignored, misread or fail late."""


class Builder(NamedTuple):
    """What a dict of the config builds: a name for messages and the
    keyword arguments it takes (None: unknowable, anything goes)."""
    name: str
    params: Optional[Dict[str, inspect.Parameter]]


def check_cfg_options(cfg, options: dict, config_path: str) -> None:
    """Refuse, before ``cfg.merge_from_dict(options)``, an option whose key
    nothing would read or whose value is not a number where one belongs.

    Raises:
        ConfigOptionError: naming the first such option, the config file
            and what to set instead.
    """
    staged = copy.deepcopy(cfg)
    for key, value in options.items():
        root = staged.to_dict()
        scope = root.get('default_scope') or 'mmengine'
        option = f'{key}={_written(value)}'
        parts = key.split('.')
        if parts[0] in root and parts[0] not in RUNNER_KEYS:
            raise ConfigOptionError(
                _variable_message(root, parts, option, config_path))
        if parts[0] not in root:
            _check_new_top_level(root, parts, option, config_path)
        else:
            _check_key_and_value(root, parts, value, option, config_path,
                                 scope)
        # the next option is checked against this one's result
        # (optim_wrapper.type=AmpOptimWrapper, then optim_wrapper.loss_scale)
        staged.merge_from_dict({key: value})


def _written(value: Any) -> str:
    """The value as it was typed on the command line."""
    return value if isinstance(value, str) else repr(value)


def _check_new_top_level(root: dict, parts: List[str], option: str,
                         config_path: str) -> None:
    """A key the config does not have at top level must be one the Runner
    (or our code) reads, else it changes nothing."""
    if parts[0] in RUNNER_KEYS:
        return
    close = difflib.get_close_matches(parts[0], sorted(RUNNER_KEYS))
    hint = f'; did you mean {" or ".join(close)}?' if close else ''
    raise ConfigOptionError(
        f'{option}: {config_path} has no key {parts[0]} and the runner reads '
        f'no top-level key {parts[0]}, so setting it changes nothing{hint}')


def _check_key_and_value(root: dict, parts: List[str], value: Any, option: str,
                         config_path: str, scope: str) -> None:
    """Walk the dotted key as mmengine's merge does (numeric parts index
    lists); a new key may only be the last part, and only an argument of
    the class its dict builds. Then check the type of a number."""
    node = root
    for depth, part in enumerate(parts):
        parent = node
        found, node = _child(parent, part)
        if found:
            continue
        path = '.'.join(parts[:depth + 1])
        if not isinstance(parent, dict):
            raise ConfigOptionError(
                _not_a_dict_message(parent, parts, depth, option, config_path))
        builder = _builder(parent, parts[:depth], scope)
        if depth < len(parts) - 1 and builder is not None and (part in (
                builder.params or {})):
            raise ConfigOptionError(
                f'{option}: {config_path} does not set {path} ({part} is an '
                f'argument of {builder.name} left at its default), so no part '
                f'of it can be set; set the whole of it: {path}=...')
        if depth < len(parts) - 1:
            raise ConfigOptionError(
                f'{option}: {config_path} has no key {path} (only the last '
                'part of an option can be a new key)'
                f'{_suggestion(part, list(parent), parts[:depth], builder)}')
        if builder is None or builder.params is None:
            return
        if part not in builder.params:
            raise ConfigOptionError(
                f'{option}: {config_path} has no key {path} and '
                f'{builder.name} takes no argument {part}'
                f'{_suggestion(part, list(parent), parts[:depth], builder)}')
        default = builder.params[part].default
        if default is not inspect.Parameter.empty:
            _check_number(default, value, builder.params[part], option,
                          f"{builder.name}'s default is {default!r}")
        return
    _check_number(node, value, _parameter(parent, parts, scope), option,
                  f'{config_path} has {node!r}')


def _child(node: Any, part: str) -> tuple:
    """(found, value) of ``node[part]``, a digit part indexing a list."""
    if isinstance(node, (list, tuple)) and part.isdigit():
        index = int(part)
        return (True, node[index]) if index < len(node) else (False, None)
    if isinstance(node, dict) and part in node:
        return True, node[part]
    return False, None


def _not_a_dict_message(parent: Any, parts: List[str], depth: int, option: str,
                        config_path: str) -> str:
    """Why ``parts[depth]`` cannot be looked up in a list or a value."""
    where = '.'.join(parts[:depth])
    part = parts[depth]
    if isinstance(parent, (list, tuple)):
        if part.isdigit():
            return (f'{option}: {where} has {len(parent)} entries in '
                    f'{config_path}: use an index from 0 to '
                    f'{len(parent) - 1}')
        return (f'{option}: {where} is a list in {config_path}: index it, '
                f'e.g. {where}.0.{".".join(parts[depth:])}')
    return (f'{option}: {where} is {parent!r} in {config_path}, not a dict, '
            f'so it has no key {part}; change {where} in the config file '
            'instead')


def _suggestion(name: str,
                siblings: List[str],
                prefix: List[str],
                builder: Optional[Builder] = None) -> str:
    """'; did you mean a.b?' over the sibling keys and the arguments of
    the class the dict builds, else the list of them."""
    candidates = [s for s in siblings if s != name]
    if builder is not None and builder.params is not None:
        candidates += [
            p for p in builder.params if p not in candidates and p != name
        ]
    close = difflib.get_close_matches(name, candidates)
    if close:
        return '; did you mean ' + ' or '.join('.'.join(prefix + [c])
                                               for c in close) + '?'
    where = '.'.join(prefix) or 'the top level'
    return f'; check the spelling against the keys of {where}: ' + ', '.join(
        candidates)


def _builder(node: dict, path: List[str], scope: str) -> Optional[Builder]:
    """What the dict at ``path`` builds: its ``type``, or the object the
    Runner makes of a typeless top-level dict; None for other typeless
    dicts (they take any key)."""
    if 'type' in node:
        return _type_builder(node['type'], scope)
    if len(path) != 1:
        return None
    name = path[0]
    if name.endswith('_dataloader'):
        params = _parameters(DataLoader)
        params.update(_keyword_parameters(DATALOADER_EXTRAS))
        return Builder('DataLoader', params)
    if name == 'train_cfg':
        by_epoch = node.get('by_epoch', 'max_iters' not in node)
        loop = EpochBasedTrainLoop if by_epoch else IterBasedTrainLoop
        params = _parameters(loop)
        params.update(_keyword_parameters(('by_epoch', )))
        return Builder(loop.__name__, params)
    if name in FIXED_KEYS:
        return Builder(f'the runner\'s {name}',
                       _keyword_parameters(FIXED_KEYS[name]))
    return None


def _keyword_parameters(names: tuple) -> Dict[str, inspect.Parameter]:
    return {
        n: inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY)
        for n in names
    }


def _type_builder(kind: Any, scope: str) -> Builder:
    """The classes (or functions) ``kind`` names in the registries of
    ``scope``, and the arguments any of them takes (None when one of them
    is unknowable, or none is found)."""
    if not isinstance(kind, str):
        return Builder(
            getattr(kind, '__name__', repr(kind)), _parameters(kind))
    found = _lookup(kind, scope)
    if not found:
        return Builder(kind, None)
    params: Dict[str, inspect.Parameter] = {}
    for obj in found:
        obj_params = _parameters(obj)
        if obj_params is None:
            return Builder(kind, None)
        for name, param in obj_params.items():
            params.setdefault(name, param)
    return Builder(' / '.join(obj.__name__ for obj in found), params)


def _lookup(kind: str, scope: str) -> list:
    """Every object registered as ``kind``, looked up the way mmengine's
    ``build_from_cfg`` does."""
    found = []
    with _quiet_registries():
        for registry in REGISTRIES:
            with registry.switch_scope_and_registry(scope) as scoped:
                try:
                    obj = scoped.get(kind)
                except Exception:  # not importable as a module path either
                    obj = None
            if obj is not None and obj not in found:
                found.append(obj)
    return found


@contextmanager
def _quiet_registries() -> Iterator[None]:
    """Drop mmengine's warnings that a scope has no node in one registry
    (it falls back to the root, which is what a lookup wants)."""
    logger = MMLogger.get_current_instance()

    def below_error(record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR

    logger.addFilter(below_error)
    try:
        yield
    finally:
        logger.removeFilter(below_error)


def _parameters(obj: Any) -> Optional[Dict[str, inspect.Parameter]]:
    """The keyword arguments ``obj(**cfg)`` takes. A class whose
    ``__init__`` takes ``**kwargs`` passes them on to its base, so the bases'
    arguments count too; None (unknowable) when ``**kwargs`` reaches
    ``object`` or a signature cannot be read."""
    inits = [
        klass.__dict__['__init__'] for klass in obj.__mro__
        if '__init__' in klass.__dict__
    ] if inspect.isclass(obj) else [obj]
    params: Dict[str, inspect.Parameter] = {}
    for init in inits:
        if init is object.__init__:
            return None
        try:
            signature = inspect.signature(init)
        except (TypeError, ValueError):
            return None
        kinds = {p.kind for p in signature.parameters.values()}
        for param in signature.parameters.values():
            if param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                params.setdefault(param.name, param)
        if inspect.Parameter.VAR_KEYWORD not in kinds:
            params.pop('self', None)
            return params
    return None


def _parameter(parent: Any, parts: List[str],
               scope: str) -> Optional[inspect.Parameter]:
    """The constructor argument an existing key sets, when its dict builds
    a known class (for its annotation)."""
    if not isinstance(parent, dict):
        return None
    builder = _builder(parent, parts[:-1], scope)
    if builder is None or builder.params is None:
        return None
    return builder.params.get(parts[-1])


def _check_number(current: Any, value: Any, param: Optional[inspect.Parameter],
                  option: str, has: str) -> None:
    """Where an int or a float is (or is the default), refuse a value that
    is not a number, and a float where an int is. None, lists and tuples
    pass (many arguments take a number or a sequence), and so does a
    value the argument's annotation admits (``loss_scale='dynamic'``)."""
    if not _is_number(current) or value is None:
        return
    if isinstance(value, (list, tuple)) or _is_number(value) and (isinstance(
            current, float) or isinstance(value, int)):
        return
    if param is not None and _annotation_admits(param.annotation, type(value)):
        return
    expected = 'an integer' if isinstance(current, int) else 'a number'
    raise ConfigOptionError(f'{option}: expected {expected} ({has})')


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _annotation_admits(annotation: Any, kind: type) -> bool:
    """Whether a type annotation (also a postponed one, a string) names
    ``kind`` or ``Any``."""
    if annotation is inspect.Parameter.empty:
        return False
    if isinstance(annotation, str):
        return re.search(rf'\b({kind.__name__}|Any)\b', annotation) is not None
    return annotation in (kind, Any) or kind in typing.get_args(annotation)


def _variable_message(root: dict, parts: List[str], option: str,
                      config_path: str) -> str:
    """The refusal of a top-level variable of the file: the Runner does not
    read it, the values computed from it are fixed already; name them.
    For a key inside a variable (``train_pipeline.2.scale``), the copies of
    the whole variable are named with the rest of the key."""
    name, suffix = parts[0], parts[1:]
    targets = [
        '.'.join([place] + suffix) for place in _places(root, root[name])
    ]
    found, current = True, root[name]
    for part in suffix:
        found, current = _child(current, part) if found else (False, None)
    if not targets and suffix and found:
        targets = _places(root, current)
    head = (f'{option}: {name} is a variable of {config_path}, read when the '
            'file was loaded')
    if not targets:
        return (head + ', and the runner does not read it, so setting it '
                'changes nothing; set the keys computed from it instead')
    now = f' ({current!r} now)' if found else ''
    return (head + ': the values computed from it keep their old value. Set '
            f'them instead: {", ".join(targets)}{now}, and any value derived '
            'from it')


def _places(root: dict, target: Any) -> List[str]:
    """Dotted keys, under the keys the runner reads, whose value equals
    ``target`` (or starts with it, for a string of 3+ characters)."""
    if target is None or isinstance(target, bool):
        return []
    places: List[str] = []
    for key in root:
        if key in RUNNER_KEYS and key != 'data_root':
            _collect(root[key], target, key, places)
    return places


def _collect(node: Any, target: Any, path: str, places: List[str]) -> None:
    """Append ``path`` if ``node`` matches, else search inside it: every
    value of a dict, the dicts and lists of a list (a number in a list of
    numbers, e.g. strides [4, 8, 16], is not a value computed from a
    variable)."""
    if _matches(node, target):
        places.append(path)
    elif isinstance(node, dict):
        for key, value in node.items():
            _collect(value, target, f'{path}.{key}', places)
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list, tuple)):
                _collect(value, target, f'{path}.{index}', places)


def _matches(value: Any, target: Any) -> bool:
    if _is_number(target):
        return _is_number(value) and value == target
    if isinstance(target, str):
        return isinstance(value, str) and (value == target or len(target) >= 3
                                           and value.startswith(target))
    if isinstance(target, (list, tuple)):
        return isinstance(value, (list, tuple)) and list(value) == list(target)
    return isinstance(target, dict) and value == target
