"""A project's own files, shared by every stage: where the project is (`paths`), the story declaration
(`story`, `story.yaml`), the record of the raw inputs (`sources`, `data/raw/sources.yaml`), YAML read with
line-exact errors (`yamlfile`), atomic writes (`atomic`), checksums and the fixed timestamp of a build
(`source_date`).
"""
