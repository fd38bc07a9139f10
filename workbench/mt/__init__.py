"""Machine translation behind a small typed seam.

- `backend`: the `Translator` and `Backend` protocols, `Hypothesis`, `MTError`;
- `chain`: pair choice (direct, else through a pivot) and chained translators;
- `service`: `translate_units(store, translator, ...)`, batching, resuming,
  glossary masks and the `mt_term_lost` findings;
- `argos`: Argos Translate packages (archive checks, install, pairs, the
  CTranslate2 engine), the only module that touches argostranslate, ctranslate2
  or sentencepiece, and only inside the functions that need them;
- `fake`: a word-table translator for tests and demos, pure Python.

Nothing is imported here, so importing any of these modules never loads
another (the review TUI imports `backend` and `service`, never `argos`).
"""
