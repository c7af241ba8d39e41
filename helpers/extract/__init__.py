"""From a new report's text to data: candidate claims proposed by the extractor, and `helpers new`, which
makes a report folder of them for review.
"""
