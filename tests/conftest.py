"""Settings for the whole suite.

On CI (`CI` set) Hypothesis runs derandomized: a landing is never failed by a draw that no one
can reproduce. Run locally, the property and fuzz tests keep drawing new examples, so they go on
finding new cases; a failure prints the seed to reproduce it.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
