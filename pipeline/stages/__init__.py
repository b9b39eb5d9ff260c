"""The stages, in order: ingest → convert → clean → segment → extract (entities, figures, keywords) → emit."""
