"""Loaded first in every test process (`-p tests.startup` in pyproject.toml), before nbval imports nbformat.

nbformat imports jsonschema, whose optional checker for the `iri` string format (the rfc3987_syntax
package, installed with Jupyter) builds some 35 Earley parsers at import: about a second in every
test process (python-jsonschema/jsonschema#1428). No schema used here (nbformat's notebook format)
has an `iri` format, so test processes mark that package as absent and jsonschema skips the checker,
as it does wherever the package is not installed. Nothing else changes.
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # None in sys.modules: `import rfc3987_syntax` raises ImportError
