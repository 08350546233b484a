"""What the tests share, one module per concern; conftest.py holds only fixtures.

A test module imports its helpers from here (``from support.pty import answer``),
never from another test module or from conftest.
"""
