"""One module per construct, each exposing `transform(node, ctx) -> node`.

The order in which they run is the list in `autoconv.autograph.conversion`.
"""
