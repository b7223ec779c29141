"""The peers run as their documentation recommends: the configuration
bench/http writes holds every setting RESULTS.md claims for it."""
import unittest

from harness import peers

SITE = peers.Site(root="/r/static", folder="/t", bin_dir="/b", max_connections=12000,
                  threads=4)


def launch_of(key, port):
    return next(p for p in peers.all_peers(4) if p.key == key).launch(SITE, port)


def directives(conf):
    """nginx's directives, one per line, comments and braces aside."""
    lines = (line.split("#")[0].strip() for line in conf.splitlines())
    return {line.rstrip(";") for line in lines if line and line not in ("}", "{")}


class NginxTest(unittest.TestCase):
    def setUp(self):
        launch = launch_of("nginx", 4242)
        self.argv = launch.argv
        self.conf = directives(next(iter(launch.files.values())))

    def test_tuned_as_an_operator_serving_one_hot_file(self):
        for setting in ["access_log off", "sendfile on", "tcp_nopush on",
                        "keepalive_requests 1000000", "worker_processes 1",
                        "open_file_cache max=1000 inactive=20s", "location = / {",
                        "try_files /hello.html =404", "root /r/static",
                        "listen 127.0.0.1:4242"]:
            self.assertIn(setting, self.conf)

    def test_holds_the_idle_connections(self):
        self.assertIn("worker_connections 12000", self.conf)
        self.assertIn("worker_rlimit_nofile 12000", self.conf)

    def test_stays_in_the_foreground_with_its_own_prefix(self):
        self.assertIn("daemon off", self.conf)
        self.assertEqual(self.argv[:3], ["/usr/sbin/nginx", "-p", "/t/nginx"])

    def test_no_index_lookup(self):
        self.assertFalse(any(d.startswith("index ") for d in self.conf))


class NginxDeferredTest(unittest.TestCase):
    def test_differs_from_nginx_only_by_its_listen_line_and_folder(self):
        plain = launch_of("nginx", 4242)
        deferred = launch_of("nginx-deferred", 4242)
        plain_text = next(iter(plain.files.values()))
        expected = (plain_text.replace("/t/nginx/", "/t/nginx-deferred/")
                    .replace("listen 127.0.0.1:4242;",
                             "listen 127.0.0.1:4242 deferred backlog=4096;"))
        self.assertNotEqual(expected, plain_text)
        self.assertEqual(next(iter(deferred.files.values())), expected)
        self.assertEqual(deferred.argv[:3], ["/usr/sbin/nginx", "-p", "/t/nginx-deferred"])


class H2oTest(unittest.TestCase):
    def setUp(self):
        launch = launch_of("h2o", 4343)
        self.argv = launch.argv
        self.conf = next(iter(launch.files.values()))

    def test_one_thread_one_file_no_access_log(self):
        self.assertIn("num-threads: 1\n", self.conf)
        self.assertIn("file.file: /r/static/hello.html\n", self.conf)
        self.assertNotIn("access-log", self.conf)

    def test_keeps_connections_open_through_the_idle_workload(self):
        self.assertIn("max-connections: 12000\n", self.conf)
        self.assertIn("http1-request-timeout: 75\n", self.conf)

    def test_listens_on_loopback_in_the_foreground(self):
        self.assertIn("  host: 127.0.0.1\n  port: 4343\n", self.conf)
        self.assertIn("worker", self.argv)


class HttplibTest(unittest.TestCase):
    def test_two_rows_differ_only_by_tcp_nodelay(self):
        by_key = {p.key: p for p in peers.all_peers(4)}
        defaults = by_key["httplib"].launch(SITE, 0).argv
        nodelay = by_key["httplib-nodelay"].launch(SITE, 0).argv
        self.assertNotIn("--tcp-nodelay", defaults)
        self.assertEqual(nodelay, defaults + ["--tcp-nodelay"])
        self.assertIn("--port", defaults)


class SetupTest(unittest.TestCase):
    def test_every_peer_configuration_is_printed_with_its_sources(self):
        self.assertIn("keepalive_requests 1000000;", peers.NGINX_SETUP)
        self.assertIn("nginx.org/en/docs/http/ngx_http_core_module.html", peers.NGINX_SETUP)
        self.assertIn("file.file: REPO/server/static/hello.html", peers.H2O_SETUP)
        self.assertIn("h2o.examp1e.net/configure", peers.H2O_SETUP)
        self.assertIn("set_tcp_nodelay(true)", peers.HTTPLIB_SETUP)
        self.assertIn("listen 127.0.0.1:PORT\ndeferred backlog=4096;",
                      peers.NGINX_DEFERRED_SETUP)

    def test_printed_configuration_names_no_folder_of_this_machine(self):
        for text in (peers.NGINX_SETUP, peers.NGINX_DEFERRED_SETUP, peers.H2O_SETUP):
            self.assertNotIn("/tmp", text)
            self.assertNotIn("/r/static", text)

    def test_ours_is_first_and_keys_are_unique(self):
        keys = [p.key for p in peers.all_peers(4)]
        self.assertEqual(keys[0], "ours")
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(peers.all_peers(6)[0].name, "ours (6 threads)")


class TurnOrderTest(unittest.TestCase):
    def test_every_other_round_is_reversed(self):
        servers = ["ours", "nginx", "h2o"]
        self.assertEqual(peers.turn_order(servers, 1), ["ours", "nginx", "h2o"])
        self.assertEqual(peers.turn_order(servers, 2), ["h2o", "nginx", "ours"])
        self.assertEqual(peers.turn_order(servers, 3), servers)
        self.assertEqual(servers, ["ours", "nginx", "h2o"], "the list was changed")


if __name__ == "__main__":
    unittest.main()
