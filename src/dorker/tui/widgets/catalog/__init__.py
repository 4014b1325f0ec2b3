"""Widgets of the catalog screen: the virtual source table and its filter."""
