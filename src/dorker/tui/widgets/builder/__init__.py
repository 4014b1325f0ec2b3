"""Widgets of the builder: the playbook picker, the variable form, the live preview."""
