"""Analysis arithmetic and tables for the notebooks: growth rates, change claims, peer comparisons with outside
figures, ranking among districts, energy and carbon, air quality.
"""
