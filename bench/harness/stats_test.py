"""Medians skip what was not measured; ratios refuse a missing or zero
reference; figures print as RESULTS.md shows them."""
import math
import unittest

from harness import stats


class MedianTest(unittest.TestCase):
    def test_odd_count_takes_the_middle_value(self):
        self.assertEqual(stats.median([30.0, 10.0, 20.0]), 20.0)

    def test_even_count_averages_the_middle_two(self):
        self.assertEqual(stats.median([4.0, 1.0, 3.0, 2.0]), 2.5)

    def test_unmeasured_values_are_skipped(self):
        self.assertEqual(stats.median([None, 5.0, math.nan, 7.0, 9.0]), 7.0)

    def test_nothing_measured_is_none(self):
        self.assertIsNone(stats.median([None, math.nan]))
        self.assertIsNone(stats.median([]))


class PercentileTest(unittest.TestCase):
    def test_nearest_rank(self):
        values = list(range(1, 101))  # 1 .. 100
        self.assertEqual(stats.percentile(values, 50), 50)
        self.assertEqual(stats.percentile(values, 99), 99)
        self.assertEqual(stats.percentile(values, 100), 100)

    def test_few_values_p99_is_the_largest(self):
        self.assertEqual(stats.percentile([3.0, 9.0, 1.0], 99), 9.0)
        self.assertEqual(stats.percentile([3.0, 9.0, 1.0], 0), 1.0)

    def test_unmeasured_values_are_skipped(self):
        self.assertEqual(stats.percentile([None, 2.0, math.nan], 99), 2.0)
        self.assertIsNone(stats.percentile([], 99))


class RatioTest(unittest.TestCase):
    def test_divides(self):
        self.assertAlmostEqual(stats.ratio(63_500, 92_300), 0.688, places=3)

    def test_missing_or_zero_reference_is_none(self):
        self.assertIsNone(stats.ratio(1.0, 0.0))
        self.assertIsNone(stats.ratio(1.0, None))
        self.assertIsNone(stats.ratio(None, 2.0))


class FormatTest(unittest.TestCase):
    def test_counts_get_thousands_separators(self):
        self.assertEqual(stats.format_count(85_000.4), "85,000")
        self.assertEqual(stats.format_count(0), "0")
        self.assertEqual(stats.format_count(None), "n/a")

    def test_milliseconds_keep_two_decimals_below_ten(self):
        self.assertEqual(stats.format_ms(1.404), "1.40 ms")
        self.assertEqual(stats.format_ms(928.0), "928 ms")
        self.assertEqual(stats.format_ms(None), "n/a")

    def test_ratios_and_percents(self):
        self.assertEqual(stats.format_ratio(0.6879), "0.69")
        self.assertEqual(stats.format_ratio(None), "n/a")
        self.assertEqual(stats.format_percent(5.04), "5.0 %")

    def test_microseconds_keep_one_decimal(self):
        self.assertEqual(stats.format_us(28.23), "28.2 µs")
        self.assertEqual(stats.format_us(None), "n/a")


if __name__ == "__main__":
    unittest.main()
