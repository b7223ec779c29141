"""The README and deploy/README quote the last quiet, steady run of bench/http:
the run they name is the one bench/RESULTS.md holds, and every figure of
the README's benchmark results is in RESULTS.md as written there."""
import os
import re
import unittest

RUN = re.compile(r"\*\*(\d{8}-\d{4}Z-[0-9a-f]+(?:-dirty)?)\*\*")
# 114,371 or 1.05 or 81,785; not the digits inside a run's name.
FIGURE = re.compile(r"(?<![\w.,-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|"
                    r"(?<![\w.,-])\d+\.\d+(?![\w.])")
START = "Figures come from the last quiet run"


def read(path):
    with open(path, encoding="utf-8") as text:
        return text.read()


def results_section(readme):
    """From START to the next heading."""
    start = readme.index(START)
    end = readme.find("\n## ", start)
    return readme[start:] if end < 0 else readme[start:end]


def figures(text):
    return [figure for figure in FIGURE.findall(RUN.sub("", text))]


def holds(text, figure):
    """Whether `figure` is in `text` whole: not a piece of 81,785 or 1.055, but
    followed by a comma where a list goes on ("rounds: 0.84, 1.25, 1.14")."""
    return re.search(rf"(?<![\d,.]){re.escape(figure)}(?!\d|[,.]\d)", text) is not None


class PublishedFiguresTest(unittest.TestCase):
    def setUp(self):
        self.results = read("bench/RESULTS.md")
        self.run = RUN.search(self.results).group(1)

    def test_the_last_run_was_quiet_and_steady(self):
        self.assertNotIn("Noisy run", self.results)
        self.assertNotIn("Unsteady run", self.results, "its ratios to nginx were not assessed")
        self.assertNotIn("-dirty", self.run, "measured with uncommitted changes")

    def test_the_readme_names_that_run(self):
        self.assertEqual(RUN.findall(results_section(read("README.md"))), [self.run])

    def test_deploy_sizing_names_that_run(self):
        self.assertEqual(RUN.findall(read("deploy/README.md")), [self.run])

    def test_every_figure_of_the_readme_is_in_results(self):
        quoted = figures(results_section(read("README.md")))
        self.assertGreater(len(quoted), 20)
        missing = [f for f in quoted if not holds(self.results, f)]
        self.assertEqual(missing, [], "README figures that RESULTS.md does not hold")

    def test_figures_are_found_as_written(self):
        self.assertEqual(figures("ours 114,371 and 1.05 ms, run **20261201-1458Z-691f17f**, "
                                 "0.8 ÷ 81,785 at 5 MB/s"), ["114,371", "1.05", "0.8", "81,785"])

    def test_a_figure_is_held_whole(self):
        rounds = "1.20× (rounds: 0.84, 1.25, 1.14) and 81,785 requests/s"
        for figure in ["0.84", "1.25", "1.14", "81,785"]:
            self.assertTrue(holds(rounds, figure), figure)
        for piece in ["1.2", "81", "785", "1.1", "0.8"]:
            self.assertFalse(holds(rounds, piece), piece)


if __name__ == "__main__":
    unittest.main()
