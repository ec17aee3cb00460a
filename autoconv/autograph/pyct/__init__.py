"""A small toolkit for source-to-source transformation: parsing, templates, annotations,
qualified names, fresh names, origin tracking and static analysis over gast trees.

Nothing here knows about `ag__` or about what the converters emit.
"""
