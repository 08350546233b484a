"""peerpact: mutual agreements, signed records and anonymous feedback for peer-support spaces."""

__version__ = "0.1.0"
