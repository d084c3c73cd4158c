"""Install the GeRSP toolbox (package ``mmselfsup``)."""
import os.path as osp
import re
from setuptools import find_packages, setup


def read_version():
    with open(osp.join('mmselfsup', 'version.py'), encoding='utf-8') as f:
        return re.search(r"__version__ = '([^']+)'", f.read()).group(1)


def parse_requirements(fname):
    """Read a requirements file, following ``-r`` includes."""
    reqs = []
    with open(fname, encoding='utf-8') as f:
        for line in f:
            line = line.split('#')[0].strip()
            if not line:
                continue
            if line.startswith('-r '):
                reqs += parse_requirements(
                    osp.join(osp.dirname(fname), line[3:].strip()))
            else:
                reqs.append(line)
    return reqs


setup(
    name='gersp-mmselfsup',
    version=read_version(),
    description='GeRSP: Generic Knowledge Boosted Pre-training for Remote '
    'Sensing Images, on the OpenMMLab 2.x stack',
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    packages=find_packages(include=['mmselfsup', 'mmselfsup.*']),
    python_requires='>=3.9',
    install_requires=parse_requirements('requirements/runtime.txt') +
    parse_requirements('requirements/mminstall.txt'),
    extras_require={
        'tests': parse_requirements('requirements/tests.txt'),
        'optional': parse_requirements('requirements/optional.txt'),
        'dali': parse_requirements('requirements/dali.txt'),
    },
    license='Apache License 2.0',
    zip_safe=False,
)
