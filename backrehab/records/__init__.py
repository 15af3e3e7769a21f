"""A patient's rights over their record: the data download, deletion, and the clinic's audit log."""
