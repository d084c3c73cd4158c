"""Generated stand-ins for the real datasets, used by the demo and the
tests (numpy and Pillow only), one module per kind; ``python
tools/generate_demo_data.py --kind KIND`` writes one of them."""
