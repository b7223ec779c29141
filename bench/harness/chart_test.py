"""The chart's data and gnuplot script: one bar per server in every
cluster, labels above their own bars, missing figures left out."""
import unittest

from harness import chart


class ChartTest(unittest.TestCase):
    def test_data_quotes_labels_and_leaves_missing_values_out(self):
        self.assertEqual(chart.data([("keep-alive 64", [63500.4, None, 0.0])]),
                         '"keep-alive 64" 63500 NaN 0\n')

    def test_bars_are_centred_on_their_cluster(self):
        self.assertEqual(chart.bar_offsets(3), [-0.25, 0.0, 0.25])
        offsets = chart.bar_offsets(5)
        self.assertAlmostEqual(sum(offsets), 0.0)
        self.assertAlmostEqual(offsets[1] - offsets[0], 1 / 6)

    def test_script_plots_every_server_with_a_label(self):
        names = ["ours (4 threads)", "nginx", "h2o", "cpp-httplib, set_tcp_nodelay"]
        text = chart.script(names, 4, "/d/chart.dat", "/o/results.png", "Title\\nNOISY")
        for i, name in enumerate(names):
            self.assertIn(f'using {i + 2}:xtic(1) title "{name}"', text)
        self.assertEqual(text.count("with labels"), len(names))
        self.assertIn('set output "/o/results.png"', text)
        self.assertIn("noenhanced", text)  # set_tcp_nodelay keeps its underscores.
        self.assertIn("set xrange [-0.6:3.6]", text)


if __name__ == "__main__":
    unittest.main()
