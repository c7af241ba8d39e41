"""The data layer: the descriptor (datapackage.json), typed loading, every validation check, units, the reports
in report_data/reports/ with their metadata and text, and text normalisation.
"""
