"""Reverse transliteration: the Russian headline in Cyrillic from a URL slug.

Sites transliterate with different schemes and the extraction damages the slugs
(glued words, lost, doubled or wrong letters, French leaking in). The package
reads a slug in layers, each a module:

- `rules`: the Latin spellings of each Russian letter, with costs; the plain letter map.
- `search`: the lexicon-guided search for the readings of one slug word.
- `repairs`: glued, cut and damaged words; other forms of a word's lexeme.
- `candidates`: every reading offered for one slug word (kept tokens, dictionary
  words, glued words, repairs, English words, names).
- `grammar`: the grammar of a Russian headline, scored with pymorphy3's tags.
- `headline`: the choice among the words' readings (Viterbi, then changes while
  the headline scores better; inflections offered where neighbours cannot fit).
- `titles`: URLs and slugs in, `TitleResult` out.

Every function takes the `Lexicon` (`workbench.lexicon`) it reads, which also
keeps the per-word and per-phrase results.
"""

from workbench.translit.rules import plain_reading
from workbench.translit.search import Reading, search_word
from workbench.translit.titles import (
           TitleResult,
           WordResult,
           transliterate,
           transliterate_words,
)

__all__ = ["Reading", "TitleResult", "WordResult", "plain_reading", "search_word", "transliterate",
           "transliterate_words"]
