"""Playbooks: YAML query families per crime pattern — load, check, render safely, build, match.

Modules: `model` (values), `schema`/`validate` (the JSON Schema and its fast checker), `loader`
(one file), `library` (roots and precedence), `values` (typed values, selector forms), `sandbox`
(bounded jinja2), `bind` (values as literals), `expand` (matrix), `build` (compile per engine),
`matching`/`examples` (offline match, `playbooks test`), `lint`, `scaffold` (init-repo).
"""
