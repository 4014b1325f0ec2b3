"""The engine-neutral query model, the dork parser and offline helpers."""
