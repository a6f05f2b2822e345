"""Reading the catalogue's files: YAML that remembers where each value stands (yamlfile), JSON Schema
findings worded for editors (schema) and the registry of problem codes every check reports with (issues).

Nothing here knows what an entry means; handbook.catalog builds the catalogue on top of it.
"""
