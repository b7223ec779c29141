"""A markdown table: header, alignment row, one line per row."""
import unittest

from harness import markdown


class TableTest(unittest.TestCase):
    def test_figures_are_right_aligned(self):
        self.assertEqual(markdown.table(["server", "req/s"], "lr", [["ours", "1,000"]]),
                         "| server | req/s |\n| --- | ---: |\n| ours | 1,000 |\n")

    def test_no_rows(self):
        self.assertEqual(markdown.table(["a"], "l", []), "| a |\n| --- |\n")


if __name__ == "__main__":
    unittest.main()
