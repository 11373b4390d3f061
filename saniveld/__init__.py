"""Saniveld steering dashboard: the software with which a municipality and its funders steer
a resilient care-and-welfare network with Simons' four levers of control."""

__version__ = "0.1.0"
