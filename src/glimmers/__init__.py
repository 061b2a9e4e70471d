"""glimmers: a local-first companion for people who feel emotionally numb."""

import os as _os

__version__ = "0.1.0"

# The insights fit many small models; numpy's maths library would otherwise
# start a thread per core for each, which on a busy two-core machine made a
# first run much slower than one thread (see bench/insights_threads.py). Set
# before numpy can be imported; a value the person set themselves is kept.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_variable, "1")
del _variable
