"""Checks editors/helix/languages.toml without Helix (not packaged for Debian 12).

Parses the file with Python's TOML parser (tomllib, Python 3.11+) and checks
what Helix needs to start soaplint for notes: the server definition, the
soap-note language with its file types, and the settings under the
"soaplint" section that Helix answers workspace/configuration from.
Also checks the commented-out optional entries still parse once uncommented.

    python3 editors/helix/test_languages.py
"""

import pathlib
import re
import sys
import tomllib
import unittest

HERE = pathlib.Path(__file__).resolve().parent
TEXT = (HERE / "languages.toml").read_text(encoding="utf-8")


class LanguagesToml(unittest.TestCase):
    def setUp(self):
        self.doc = tomllib.loads(TEXT)

    def test_server(self):
        srv = self.doc["language-server"]["soaplint"]
        self.assertEqual(srv["command"], "soaplint")
        self.assertEqual(srv["args"], ["lsp"])
        section = srv["config"]["soaplint"]
        self.assertIn(section["profile"], ("medicare", "commercial"))
        # Only keys the server's configuration reader accepts.
        self.assertLessEqual(set(section), {"profile", "rules", "lexicon", "templates", "ncci", "mue"})

    def test_soap_note_language(self):
        langs = {l["name"]: l for l in self.doc["language"]}
        note = langs["soap-note"]
        self.assertEqual(sorted(note["file-types"]), ["note", "soap"])
        self.assertEqual(note["language-servers"], ["soaplint"])
        self.assertTrue(note["scope"].startswith("text."))
        # The language name is what Helix sends as languageId.
        self.assertEqual(note["name"], "soap-note")

    def test_commented_examples_parse(self):
        # Uncomment the optional blocks and the example config line.
        lines = []
        for line in TEXT.splitlines():
            m = re.match(r"^# (\[\[language\]\]|[a-z-]+ = .*)$", line)
            if m and not line.startswith("# config"):
                lines.append(m.group(1))
            elif line.startswith("# config = "):
                continue
            else:
                lines.append(line)
        doc = tomllib.loads("\n".join(lines))
        names = [l["name"] for l in doc["language"]]
        self.assertEqual(names, ["soap-note", "plaintext", "markdown"])
        for l in doc["language"]:
            self.assertIn("soaplint", l["language-servers"])
        example = next(l for l in TEXT.splitlines() if l.startswith("# config = "))
        cfg = tomllib.loads(example[2:])["config"]["soaplint"]
        self.assertEqual(cfg["rules"]["goal/no-timeframe"], "off")


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed or result.testsRun == 0 else 0)
