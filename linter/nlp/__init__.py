"""Language detection, the zh/en spaCy pipelines, sentences and feature span groups."""
