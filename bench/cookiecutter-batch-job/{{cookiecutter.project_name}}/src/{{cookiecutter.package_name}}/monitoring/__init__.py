"""Model monitoring: data drift per feature, prediction-quality windows and the retrain rule.

Pure functions over plain Python lists (standard library only, no numpy/scipy), so they run anywhere the
job runs and are tested on synthetic data with known drift. ``monitor.py`` reads the data and calls them.
"""
