"""English catalogues: msgstr = msgid, so Django never falls back to the Chinese default for English users.

Django adds the LANGUAGE_CODE catalogue (zh-hans) as a fallback for every other language; an English
msgid missing from the English catalogue would therefore render in Chinese."""

import sys

from babel.messages.pofile import read_po, write_po

for po in sys.argv[1:]:
    cat = read_po(open(po, "rb"), locale="en")
    for msg in cat:
        if msg.id:
            msg.string = msg.id if isinstance(msg.id, str) else tuple(msg.id)
            msg.flags.discard("fuzzy")
    write_po(open(po, "wb"), cat, width=100)
