"""Character-level CRF named-entity recogniser, trained by the project and hosted as a spaCy component.

Characters, not words, are the unit: jieba words often cross entity boundaries, so a word-level
tagger would lose spans; BIO tags over characters lose none. Word boundaries and part-of-speech
from the segmenter enter as features instead.
"""
