"""Analysis arithmetic and tables for the notebooks: growth rates, change claims, comparisons worded from the
numbers, peer comparisons with outside figures, ranking among districts, energy and carbon, air quality.

Nothing here imports `helpers.charts`: how results are shown depends on the analysis, never the reverse.
"""
