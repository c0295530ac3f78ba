"""How a unit's `path` is written: its ancestors' ids and its own, each in WIDTH digits,
"/0000000001/0000000004/0000000010/".

Fixed-width steps make the path's text order the tree's order on every database: depth first, and
siblings in the order they were made (unit 10 after unit 9; written "/1/10/" it sorted before "/1/9/").
A plain module: the migrations use it too.
"""

WIDTH = 10


def step(pk):
    return f"{int(pk):0{WIDTH}d}/"


def child(parent_path, pk):
    """The path of unit `pk` below the unit at `parent_path` ("" or None: a top unit)."""
    return (parent_path or "/") + step(pk)


def ids(path):
    """The ids from the top unit down to the unit at `path`."""
    return [int(part) for part in path.strip("/").split("/") if part]


def rewritten(path):
    """`path` in this module's form, whatever widths its steps were written in."""
    return "/" + "".join(step(pk) for pk in ids(path))
