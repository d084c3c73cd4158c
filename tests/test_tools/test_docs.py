"""The README is the front door and docs/ holds the rest: every page is
reachable from the README, every link and anchor resolves, and every
command the pages give names a script that exists and answers --help."""
import glob
import os.path as osp
import re
import subprocess
import sys

import pytest

from tests.helpers import REPO, subprocess_env

PAGES = sorted(glob.glob(osp.join(REPO, 'docs', '*.md')))
DOCUMENTS = [osp.join(REPO, 'README.md'), *PAGES]
LINK = re.compile(r'\[[^\]]+\]\(([^)\s]+)\)')
FENCE = re.compile(r'```(?:bash|shell|sh)\n(.*?)```', re.S)


def read(path):
    return open(path, encoding='utf-8').read()


def anchors(path):
    """GitHub's anchors of a markdown file's headings."""
    found = set()
    for line in read(path).splitlines():
        match = re.match(r'#{1,6} (.*)', line)
        if match:
            title = re.sub(r'[^\w\- ]', '', match.group(1).lower())
            found.add(title.replace(' ', '-'))
    return found


def is_assignment(word):
    return '=' in word and not word.startswith(('-', '.'))


def commands():
    """(document, script) for every python/bash command in a shell block."""
    found = set()
    for path in DOCUMENTS:
        for block in FENCE.findall(read(path)):
            block = block.replace('\\\n', ' ')
            for line in block.splitlines():
                words = line.split(' #')[0].split()
                while words and is_assignment(words[0]):
                    words = words[1:]  # VAR=value prefixes
                if len(words) > 1 and words[0] in ('python', 'bash'):
                    document = osp.relpath(path, REPO)
                    found.add((document, osp.normpath(words[1])))
    return sorted(found)


def test_the_readme_is_a_front_door_to_every_page():
    readme = read(osp.join(REPO, 'README.md'))
    assert len(readme.splitlines()) < 200
    assert 'make demo' in readme and 'make test' in readme
    linked = {osp.normpath(osp.join(REPO, t)) for t in LINK.findall(readme)}
    assert set(PAGES) <= linked, set(PAGES) - linked


@pytest.mark.parametrize('path', DOCUMENTS, ids=lambda p: osp.relpath(p, REPO))
def test_every_link_and_anchor_resolves(path):
    broken = []
    for target in LINK.findall(read(path)):
        if re.match(r'[a-z]+://', target) or target.startswith('mailto:'):
            continue
        file, _, anchor = target.partition('#')
        resolved = osp.normpath(osp.join(osp.dirname(path), file)) \
            if file else path
        if not osp.exists(resolved):
            broken.append(target)
        elif anchor and resolved.endswith('.md') and \
                anchor not in anchors(resolved):
            broken.append(target)
    assert broken == []


def test_the_pages_give_commands():
    scripts = {script for _, script in commands()}
    assert {
        'train_mmdet.py', 'M_Convert_Checkpoints/convert_gersp.py',
        'tools/generate_demo_data.py'
    } <= scripts
    assert len(scripts) > 15


@pytest.mark.slow  # a process per script
@pytest.mark.parametrize('document, script', commands())
def test_every_command_names_a_script_that_answers_help(document, script):
    path = osp.join(REPO, script)
    assert osp.isfile(path), f'{document}: {script} does not exist'
    if script.endswith('.sh'):
        return  # launchers need GPUs or a cluster; existence is checked
    proc = subprocess.run([sys.executable, path, '--help'],
                          cwd=REPO,
                          env=subprocess_env(),
                          capture_output=True,
                          text=True,
                          timeout=300)
    assert proc.returncode == 0, f'{document}: {script}: {proc.stderr[-500:]}'
    assert 'usage' in proc.stdout.lower()
