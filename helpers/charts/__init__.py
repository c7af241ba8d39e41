"""What readers see: chart builders, the report style (CJK font, source line), number formatting, and
display tables and findings.
"""
