"""Saving concrete functions as portable graphs (graph.json + .npy arrays), and loading them
with no Python source and no code from the file.

    ac.save(f.get_concrete_function(ac.TensorSpec([None, 3], np.float32)), "saved/f")
    g = ac.load("saved/f")
    g(x)                       # what f(x) returned
    g.variables                # the saved variables, as ac.Variable objects

The format is documented in docs/format.md.
"""

from autoconv.saved.loaded import Loaded, LoadedFunction
from autoconv.saved.reader import load
from autoconv.saved.writer import save

__all__ = ["Loaded", "LoadedFunction", "load", "save"]
