"""The main job: running notebooks in fresh kernels, checking how they are stored, exporting HTML pages,
and the site (index and annotated report, from Jinja2 templates).
"""
