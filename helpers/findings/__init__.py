"""The sentences of each analysis's findings and its assumptions-and-caveats table: one module per analysis."""
