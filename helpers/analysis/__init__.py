"""Analysis arithmetic and tables for the notebooks: growth rates, change claims, comparisons worded from the
numbers, peer comparisons with outside figures, ranking among districts, energy and carbon, air quality.

Nothing here depends on how results are shown (tables, findings, plots); those depend on the analysis.
"""
