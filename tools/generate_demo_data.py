"""Write a generated stand-in dataset for the demos and the tests.

    python tools/generate_demo_data.py --out data/demo   # pre-training
    python tools/generate_demo_data.py --kind dior --out data/demo_dior
    python tools/generate_demo_data.py --kind loveda --out data/demo_loveda
    python tools/generate_demo_data.py --kind classification \\
        --out data/demo_cls

The generators are the modules of mmselfsup.demo; ``--kind KIND --help``
lists a kind's arguments.
"""
from mmselfsup.demo.cli import main

if __name__ == '__main__':
    main()
